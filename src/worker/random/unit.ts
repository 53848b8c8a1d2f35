/** The shape every random offset / choice generator shares. */

/** A generator whose outputs can be scaled to [0, 1) the way fio does. */
export interface UnitRandom {
  /**
   * Next output as fio's `r / (rand_max + 1.0)` in double precision: in
   * [0, 1) except for a 64-bit output that rounds up to 2^64 (then 1.0),
   * which fio has too.
   */
  nextUnit(): number;
}

/**
 * A generator that can also scale a draw to a block index in one call.
 * The result is an integer, so it stays a Smi (no allocation) when V8 does
 * not inline the call, unlike a fraction from {@link UnitRandom.nextUnit}.
 */
export interface ScaledRandom extends UnitRandom {
  /** `Math.floor(n * nextUnit())`, computed exactly that way. */
  nextBelow(n: number): number;
}

/**
 * A uniform integer in [start, end] as fio draws one (`rand_between`):
 * `start + floor((end - start + 1) * unit)`.
 */
export function randBetween(gen: UnitRandom, start: number, end: number): number {
  return start + Math.floor((end - start + 1) * gen.nextUnit());
}
