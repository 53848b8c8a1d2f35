/**
 * The count a percentile needs, decided as fio 3.33 decides it. Measured
 * against fio's json+ output (232 percentiles, including the boundary
 * cases p=60 of 25 samples -> 15th, p=80 of 25 -> 20th and p=99.95 of 2000
 * -> 2000th), the threshold behaves as `(long double) p * N / 100.0`:
 * the product and the quotient each rounded to a 64-bit mantissa. Neither
 * plain doubles nor `p / 100.0 * N` in long double match all of them.
 * This emulates the two roundings exactly with BigInt rationals; it runs
 * once per percentile per report, never per I/O.
 */

/** A non-negative rational as numerator / denominator. */
type Ratio = [bigint, bigint];

/** The exact value of a finite non-negative double. */
function exactDouble(x: number): Ratio {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) return [mant, 1n << 1074n];
  mant |= 1n << 52n;
  const shift = exp - 1075;
  return shift >= 0 ? [mant << BigInt(shift), 1n] : [mant, 1n << BigInt(-shift)];
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Rounds a rational to a 64-bit mantissa, nearest with ties to even. */
function roundLongDouble([num, den]: Ratio): Ratio {
  if (num === 0n) return [0n, 1n];
  const BITS = 64n;
  // Choose e so that the scaled quotient num / (den * 2^e) has 64 bits.
  let e = BigInt(bitLength(num) - bitLength(den)) - BITS;
  for (;;) {
    const [a, b] = e >= 0n ? [num, den << e] : [num << -e, den];
    const q = a / b;
    if (q >= 1n << BITS) e++;
    else if (q < 1n << (BITS - 1n)) e--;
    else {
      const r = a - q * b;
      const up = 2n * r > b || (2n * r === b && (q & 1n) === 1n);
      const m = up ? q + 1n : q;
      return e >= 0n ? [m << e, 1n] : [m, 1n << -e];
    }
  }
}

/**
 * Smallest running count that reaches percentile `p` of `n` samples in
 * fio: the least integer s with s >= round64(round64(p * n) / 100).
 */
export function percentileRank(p: number, n: number): number {
  if (p <= 0 || n <= 0) return 0;
  const [pn, pd] = exactDouble(p);
  const prod = roundLongDouble([pn * BigInt(n), pd]);
  const [tn, td] = roundLongDouble([prod[0], prod[1] * 100n]);
  return Number((tn + td - 1n) / td);
}
