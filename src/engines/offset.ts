/**
 * Turning a per-I/O file offset (a JS number) into the BigInt an FFI `i64`
 * parameter wants, without allocating.
 *
 * Measured on Deno 2.9.6 / V8 15.0 with `--v8-flags=--trace-gc` (loops of
 * 10-20M calls into libc's llabs declared with pread's signature; ns per
 * call including ~6-8 ns of FFI overhead):
 *
 * | i64 argument expression                                  | ns    | allocates |
 * | -------------------------------------------------------- | ----- | --------- |
 * | `n` (plain number)                                       | 159   | deopts    |
 * | `BigInt(n)`, n a double (offsets above 2^31)             | 26-47 | yes       |
 * | `BigInt(a[i])` from a Float64Array                       | 50    | yes       |
 * | `big[0]` after writing halves into a BigInt64Array       | 16-22 | no        |
 * | `off64(n)` below                                         | 8-17  | no        |
 *
 * Turbofan lowers BigInt arithmetic wrapped in `BigInt.asIntN(64, ...)` to
 * plain 64-bit machine operations, and `BigInt(x)` of an int32/uint32 to a
 * sign/zero extension, so when the result flows straight into an FFI fast
 * call no BigInt object is made. The conversion from a double is not
 * lowered, hence the split into 32-bit halves first: `off >>> 0` (low word,
 * exact for integers below 2^53) and `(off / 2^32) | 0` (high word).
 *
 * Two conditions, both found by measuring:
 * - Keep the call small enough to inline (the engines call `off64` inside
 *   the FFI call's argument list); storing the BigInt in a field boxes it.
 * - Pass buffer and iovec addresses as `usize` BigInts cached on the io unit
 *   (`IoUnit.bufAddr`), not as `pointer` objects: with a pointer argument in
 *   the same call V8 materialises the i64 argument as a heap BigInt on every
 *   call (about 40 bytes per I/O: ~50 young-gen GCs/s at 600k IOPS).
 *
 * Related: per-I/O numbers that exceed 2^31 (offsets, ns timestamps) must be
 * stored in a Float64Array, not an object field, for the same reason
 * (every non-Smi field store allocates a HeapNumber); see `IoUnit`.
 *
 * Result (scripts/microbench/pread_loop.ts, 4k random pread on a cached
 * 256 MiB file, two clock reads per I/O, one pinned CPU, 8 runs): psync
 * engine median 857k IOPS (max 1073k) vs fio 3.33 psync 778k (max 1007k);
 * null engine 13.8M vs fio 8.2M. The box is noisy (runs vary 2x).
 */

/** `off` (a non-negative safe integer) as an FFI i64, allocation-free when inlined. */
export function off64(off: number): bigint {
  return BigInt.asIntN(64, (BigInt((off / 4294967296) | 0) << 32n) + BigInt(off >>> 0));
}

/** `n` (0 <= n < 2^32) as an FFI u64/usize, allocation-free when inlined. */
export function u64(n: number): bigint {
  return BigInt.asUintN(64, BigInt(n >>> 0));
}
