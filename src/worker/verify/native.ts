/**
 * Two verify kernels in x86-64 machine code, for what JS does slowly:
 * - `crc32c_hw(p, off, len, crc)`: crc32c with the SSE4.2 `crc32`
 *   instruction, 8 bytes per instruction (fio's crc32c-intel does the same);
 * - `fill_seed(p, len, lo, hi)`: fio's verify fill from a 64-bit seed (s,
 *   2s, 3s, 5s per 32 bytes, then s *= 0x61C8864680B583EB; whole words then
 *   bytes of s for the tail), one 64-bit multiply per 32 bytes.
 *
 * Deno's FFI takes its fast call path only for symbols of a dlopen'ed
 * library (calling a raw function pointer costs ~0.8 us), so dfio writes a
 * minimal ELF shared object of its own (header, two program headers, a
 * SysV-hashed dynamic symbol table, the code; about 600 bytes) to a
 * temporary file, dlopens it and deletes the file.
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
const FUNCTIONS: readonly [string, readonly number[]][] = [
  ["crc32c_hw", CRC32C_CODE],
  ["fill_seed", FILL_CODE],
];

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/**
 * The shared object: ELF64, little-endian, x86-64, ET_DYN, one PT_LOAD
 * (read + execute) at address 0 covering the file, and a PT_DYNAMIC with
 * DT_HASH, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SYMENT. No section headers.
 */
export function sharedObject(): Uint8Array {
  const n = FUNCTIONS.length;
  const hashAt = 64 + 2 * 56;
  const symAt = align(hashAt + 4 * (2 + 1 + n + 1), 8);
  const strAt = symAt + 24 * (n + 1);
  const names = FUNCTIONS.map(([name]) => name);
  const strSize = 1 + names.reduce((s, x) => s + x.length + 1, 0);
  const dynAt = align(strAt + strSize, 8);
  const dynEntries = 6;
  let textAt = align(dynAt + 16 * dynEntries, 16);
  const codeAt: number[] = [];
  for (const [, code] of FUNCTIONS) {
    codeAt.push(textAt);
    textAt = align(textAt + code.length, 16);
  }
  const size = textAt;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  const u16 = (at: number, x: number) => v.setUint16(at, x, true);
  const u32 = (at: number, x: number) => v.setUint32(at, x, true);
  const u64 = (at: number, x: number) => v.setBigUint64(at, BigInt(x), true);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  u16(16, 3); // ET_DYN
  u16(18, 62); // EM_X86_64
  u32(20, 1);
  u64(32, 64); // program headers
  u16(52, 64);
  u16(54, 56);
  u16(56, 2);
  u16(58, 64);
  // PT_LOAD, R+X.
  u32(64, 1);
  u32(68, 5);
  u64(64 + 32, size);
  u64(64 + 40, size);
  u64(64 + 48, 0x1000);
  // PT_DYNAMIC, R.
  const ph = 64 + 56;
  u32(ph, 2);
  u32(ph + 4, 4);
  u64(ph + 8, dynAt);
  u64(ph + 16, dynAt);
  u64(ph + 24, dynAt);
  u64(ph + 32, 16 * dynEntries);
  u64(ph + 40, 16 * dynEntries);
  u64(ph + 48, 8);
  // SysV hash: one bucket with every symbol on one chain (1 -> 2 -> ... -> 0).
  u32(hashAt, 1);
  u32(hashAt + 4, n + 1);
  u32(hashAt + 8, 1);
  for (let i = 1; i <= n; i++) u32(hashAt + 12 + 4 * i, i < n ? i + 1 : 0);
  // Symbols 1..n: global functions (section index 1: defined and relocated).
  let name = 1;
  FUNCTIONS.forEach(([fn, code], i) => {
    const s = symAt + 24 * (i + 1);
    u32(s, name);
    b[s + 4] = 0x12;
    u16(s + 6, 1);
    u64(s + 8, codeAt[i]);
    u64(s + 16, code.length);
    b.set(new TextEncoder().encode(fn), strAt + name);
    name += fn.length + 1;
    b.set(code, codeAt[i]);
  });
  const dyn = [[4, hashAt], [5, strAt], [6, symAt], [10, strSize], [11, 24], [0, 0]];
  dyn.forEach(([tag, val], i) => {
    u64(dynAt + 16 * i, tag);
    u64(dynAt + 16 * i + 8, val);
  });
  return b;
}

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

function enabled(): boolean {
  if (Deno.build.arch !== "x86_64" || Deno.build.os !== "linux") return false;
  try {
    return Deno.env.get("DFIO_NO_NATIVE") !== "1";
  } catch {
    return true;
  }
}

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
  if (!enabled()) return NONE;
  let path = "";
  try {
    path = Deno.makeTempFileSync({ prefix: "dfio-verify-", suffix: ".so" });
    Deno.writeFileSync(path, sharedObject());
    const lib = Deno.dlopen(
      path,
      {
        crc32c_hw: { parameters: ["pointer", "i32", "i32", "i32"], result: "i32" },
        fill_seed: { parameters: ["pointer", "i32", "i32", "i32"], result: "void" },
      } as const,
    );
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
  } catch {
    return NONE;
  } finally {
    if (path !== "") {
      try {
        Deno.removeSync(path);
      } catch {
        // Left in the temp directory; harmless.
      }
    }
  }
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
