/**
 * Machine code that dfio writes at run time, for the few things JS or a libc
 * call does slowly on the hot path (the verify kernels, the CPU clock).
 *
 * Deno's FFI takes its fast call path only for symbols of a dlopen'ed
 * library (calling a raw function pointer costs ~0.8 us), so the code goes
 * into a minimal ELF shared object of dfio's own (header, two program
 * headers, a SysV-hashed dynamic symbol table, the code; a few hundred
 * bytes) written to a temporary file, dlopen'ed and deleted.
 *
 * Linux x86-64 only; `DFIO_NO_NATIVE=1` turns every kernel off, and each
 * user falls back to its portable version (same results).
 */

/** One exported function: its symbol name and its x86-64 code. */
export type NativeFunction = readonly [name: string, code: readonly number[]];

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/**
 * The shared object holding `functions`: ELF64, little-endian, x86-64, ET_DYN, one PT_LOAD
 * (read + execute) at address 0 covering the file, and a PT_DYNAMIC with
 * DT_HASH, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SYMENT. No section headers.
 */
export function sharedObject(functions: readonly NativeFunction[]): Uint8Array {
  const n = functions.length;
  const hashAt = 64 + 2 * 56;
  const symAt = align(hashAt + 4 * (2 + 1 + n + 1), 8);
  const strAt = symAt + 24 * (n + 1);
  const names = functions.map(([name]) => name);
  const strSize = 1 + names.reduce((s, x) => s + x.length + 1, 0);
  const dynAt = align(strAt + strSize, 8);
  const dynEntries = 6;
  let textAt = align(dynAt + 16 * dynEntries, 16);
  const codeAt: number[] = [];
  for (const [, code] of functions) {
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
  functions.forEach(([fn, code], i) => {
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

/** Whether native code may be used here (Linux x86-64, DFIO_NO_NATIVE not 1). */
export function nativeEnabled(): boolean {
  if (Deno.build.arch !== "x86_64" || Deno.build.os !== "linux") return false;
  try {
    return Deno.env.get("DFIO_NO_NATIVE") !== "1";
  } catch {
    return true;
  }
}

/**
 * Writes `functions` as a shared object, dlopens it with `symbols` and
 * deletes the file; null where native code is off or the load fails (the
 * caller then uses its portable code).
 */
export function loadNative<S extends Deno.ForeignLibraryInterface>(
  functions: readonly NativeFunction[],
  symbols: S,
): Deno.DynamicLibrary<S> | null {
  if (!nativeEnabled()) return null;
  let path = "";
  try {
    path = Deno.makeTempFileSync({ prefix: "dfio-native-", suffix: ".so" });
    Deno.writeFileSync(path, sharedObject(functions));
    return Deno.dlopen(path, symbols);
  } catch {
    return null;
  } finally {
    if (path !== "") {
      try {
        Deno.removeSync(path);
      } catch {
        // Left in the temporary directory; harmless.
      }
    }
  }
}
