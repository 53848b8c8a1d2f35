/**
 * The count a percentile needs, decided as fio decides it: fio compares the
 * running count with `p / 100.0 * N` computed in x87 long double (64-bit
 * mantissa), which differs from double maths at exact boundaries (measured:
 * p=60 with N=25 needs 16 samples in fio, 15 in doubles). This emulates the
 * two long double roundings exactly with BigInt rationals; it runs once per
 * percentile per report, never per I/O.
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
 * fio: the least integer s with s >= (long double) p / 100.0 * n.
 */
export function percentileRank(p: number, n: number): number {
  const [pn, pd] = exactDouble(p);
  const frac = roundLongDouble([pn, pd * 100n]);
  const [tn, td] = roundLongDouble([frac[0] * BigInt(n), frac[1]]);
  const ceil = (tn + td - 1n) / td;
  return Number(ceil);
}
