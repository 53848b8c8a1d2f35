/**
 * Two verify kernels in x86-64 machine code, for what JS does slowly:
 * - `crc32c_hw(p, off, len, crc)`: crc32c with the SSE4.2 `crc32`
 *   instruction, 8 bytes per instruction (fio's crc32c-intel does the same);
 * - `fill_seed(p, len, lo, hi)`: fio's verify fill from a 64-bit seed (s,
 *   2s, 3s, 5s per 32 bytes, then s *= 0x61C8864680B583EB; whole words then
 *   bytes of s for the tail), one 64-bit multiply per 32 bytes.
 *
 * Loaded through src/sys/native_so.ts (a shared object dfio writes itself).
 *
 * crc32c_hw, System V ABI (rdi = p, esi = off, edx = len, ecx = crc):
 *     mov eax, ecx ; mov esi, esi ; add rdi, rsi ; mov edx, edx
 *     cmp rdx, 8 ; jb tail
 *   q: crc32 rax, qword [rdi] ; add rdi, 8 ; sub rdx, 8 ; cmp rdx, 8 ; jae q
 *   tail: test rdx, rdx ; je done
 *   b: crc32 eax, byte [rdi] ; inc rdi ; dec rdx ; jne b
 *   done: ret
 *
 * fill_seed (rdi = p, esi = len, edx = lo, ecx = hi):
 *     mov eax, edx ; shl rcx, 32 ; or rax, rcx ; mov esi, esi
 *     mov r8, 0x61C8864680B583EB
 *   g: cmp rsi, 32 ; jb w
 *     mov [rdi], rax ; lea rdx, [rax+rax] ; mov [rdi+8], rdx
 *     lea rdx, [rax+rax*2] ; mov [rdi+16], rdx ; lea rdx, [rax+rax*4]
 *     mov [rdi+24], rdx ; imul rax, r8 ; add rdi, 32 ; sub rsi, 32 ; jmp g
 *   w: cmp rsi, 8 ; jb t
 *     mov [rdi], rax ; imul rax, r8 ; add rdi, 8 ; sub rsi, 8 ; jmp w
 *   t: test rsi, rsi ; je done
 *     mov [rdi], al ; shr rax, 8 ; inc rdi ; dec rsi ; jmp t
 *   done: ret
 *
 * Used on Linux x86-64 only, each kernel after a self-test against the JS
 * code (crc32c also needs `sse4_2` in /proc/cpuinfo); `DFIO_NO_NATIVE=1`
 * turns both off. Elsewhere callers use the JS versions (same results).
 */

import { loadNative, type NativeFunction } from "../../sys/native_so.ts";

const CRC32C_CODE = [
  0x89,
  0xc8,
  0x89,
  0xf6,
  0x48,
  0x01,
  0xf7,
  0x89,
  0xd2,
  0x48,
  0x83,
  0xfa,
  0x08,
  0x72,
  0x14,
  0xf2,
  0x48,
  0x0f,
  0x38,
  0xf1,
  0x07,
  0x48,
  0x83,
  0xc7,
  0x08,
  0x48,
  0x83,
  0xea,
  0x08,
  0x48,
  0x83,
  0xfa,
  0x08,
  0x73,
  0xec,
  0x48,
  0x85,
  0xd2,
  0x74,
  0x0d,
  0xf2,
  0x0f,
  0x38,
  0xf0,
  0x07,
  0x48,
  0xff,
  0xc7,
  0x48,
  0xff,
  0xca,
  0x75,
  0xf3,
  0xc3,
];

const FILL_CODE = [
  0x89,
  0xd0,
  0x48,
  0xc1,
  0xe1,
  0x20,
  0x48,
  0x09,
  0xc8,
  0x89,
  0xf6,
  0x49,
  0xb8,
  0xeb,
  0x83,
  0xb5,
  0x80,
  0x46,
  0x86,
  0xc8,
  0x61,
  0x48,
  0x83,
  0xfe,
  0x20,
  0x72,
  0x29,
  0x48,
  0x89,
  0x07,
  0x48,
  0x8d,
  0x14,
  0x00,
  0x48,
  0x89,
  0x57,
  0x08,
  0x48,
  0x8d,
  0x14,
  0x40,
  0x48,
  0x89,
  0x57,
  0x10,
  0x48,
  0x8d,
  0x14,
  0x80,
  0x48,
  0x89,
  0x57,
  0x18,
  0x49,
  0x0f,
  0xaf,
  0xc0,
  0x48,
  0x83,
  0xc7,
  0x20,
  0x48,
  0x83,
  0xee,
  0x20,
  0xeb,
  0xd1,
  0x48,
  0x83,
  0xfe,
  0x08,
  0x72,
  0x11,
  0x48,
  0x89,
  0x07,
  0x49,
  0x0f,
  0xaf,
  0xc0,
  0x48,
  0x83,
  0xc7,
  0x08,
  0x48,
  0x83,
  0xee,
  0x08,
  0xeb,
  0xe9,
  0x48,
  0x85,
  0xf6,
  0x74,
  0x0e,
  0x88,
  0x07,
  0x48,
  0xc1,
  0xe8,
  0x08,
  0x48,
  0xff,
  0xc7,
  0x48,
  0xff,
  0xce,
  0xeb,
  0xed,
  0xc3,
];

/** The exported functions: name and code. */
const FUNCTIONS: readonly NativeFunction[] = [
  ["crc32c_hw", CRC32C_CODE],
  ["fill_seed", FILL_CODE],
];

/** crc32c register update over `len` bytes at `ptr + off` (int32 in and out). */
export type NativeCrc32c = (
  ptr: Deno.PointerObject,
  off: number,
  len: number,
  crc: number,
) => number;
/** fio's verify fill of `len` bytes at `ptr` from seed hi:lo (int32 halves). */
export type NativeFill = (ptr: Deno.PointerObject, len: number, lo: number, hi: number) => void;

/** The JS crc32c the native one is checked against: crc of `b[s, e)`. */
export type JsCrc32c = (b: Uint8Array, s: number, e: number) => number;
/**
 * The JS seed fill the native one is checked against (buffer_rand.ts's
 * fillSeedWords: `len` bytes from byte `at`, `w` a Uint32Array over `b`).
 */
export type JsFill = (
  b: Uint8Array,
  w: Uint32Array,
  at: number,
  len: number,
  hi: number,
  lo: number,
) => void;

/** The kernels that passed their self-test (null: use JS). */
export interface NativeKernels {
  readonly crc32c: NativeCrc32c | null;
  readonly fill: NativeFill | null;
}

const NONE: NativeKernels = { crc32c: null, fill: null };

function hasSse42(): boolean {
  try {
    return /\bsse4_2\b/.test(Deno.readTextFileSync("/proc/cpuinfo"));
  } catch {
    return false;
  }
}

function load(
  jsCrc: JsCrc32c,
  jsFill: JsFill,
): NativeKernels {
  const lib = loadNative(
    FUNCTIONS,
    {
      crc32c_hw: { parameters: ["pointer", "i32", "i32", "i32"], result: "i32" },
      fill_seed: { parameters: ["pointer", "i32", "i32", "i32"], result: "void" },
    } as const,
  );
  if (lib === null) return NONE;
  const probe = new Uint8Array(200);
  const p = Deno.UnsafePointer.of(probe);
  if (p === null) return NONE;
  // Self-tests: the fill must give the JS fill's bytes (a tail included),
  // the crc the JS crc of them.
  const want = new Uint8Array(200);
  jsFill(want, new Uint32Array(want.buffer), 0, 189, 0x00a4cc01, 0xc509543c);
  lib.symbols.fill_seed(p, 189, 0xc509543c | 0, 0x00a4cc01);
  const fillOk = probe.every((x, i) => x === want[i]);
  const crc = lib.symbols.crc32c_hw;
  const crcOk = fillOk && hasSse42() && (crc(p, 3, 180, -1) >>> 0) === jsCrc(want, 3, 183);
  return { crc32c: crcOk ? crc : null, fill: fillOk ? lib.symbols.fill_seed : null };
}

let kernels: NativeKernels | null = null;

/**
 * The native kernels (loaded and self-tested on the first call, so a
 * Worker that never verifies pays nothing); pass the JS versions they are
 * checked against.
 */
export function nativeKernels(
  jsCrc: JsCrc32c,
  jsFill: JsFill,
): NativeKernels {
  if (kernels === null) kernels = load(jsCrc, jsFill);
  return kernels;
}
