/**
 * Growing the typed-array columns of per-I/O stores (verify history, replay
 * queue): a new array of the same kind, the old entries copied in. Done
 * only when a store is full, never per I/O.
 */

/** The typed arrays the stores use as columns. */
export type Column = Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A copy of `a` with room for `n` entries (n >= a.length). */
export function grown<T extends Column>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
