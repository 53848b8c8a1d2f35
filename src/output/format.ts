/**
 * Number and date formatting the way fio's C code prints them (printf `%f`
 * on glibc, fio's num2str, ctime). JavaScript's own `toFixed` rounds exact
 * binary ties away from zero where glibc rounds them to even, so every float
 * fio prints goes through `fixed` here.
 */

const scratch = new DataView(new ArrayBuffer(8));

/**
 * Splits a finite, non-negative double into `m * 2^e` with integer `m`.
 * Exact: no rounding happens anywhere.
 */
function decompose(x: number): { m: bigint; e: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: biased - 1075 };
}

/** printf("%.<prec>f", x) as glibc prints it (exact value, ties to even). */
export function fixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return "-nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const { m, e } = decompose(Math.abs(x));
  let q: bigint;
  if (e >= 0) {
    q = (m << BigInt(e)) * 10n ** BigInt(prec);
  } else {
    const scaled = m * 10n ** BigInt(prec);
    const shift = BigInt(-e);
    q = scaled >> shift;
    const rest = scaled - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++;
  }
  let digits = q.toString();
  let out: string;
  if (prec === 0) {
    out = digits;
  } else {
    if (digits.length <= prec) digits = digits.padStart(prec + 1, "0");
    out = `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
  }
  return neg ? `-${out}` : out;
}

/** printf("%<width>.<prec>f", x): right-aligned in `width` columns. */
export function fixedW(x: number, width: number, prec: number): string {
  return fixed(x, prec).padStart(width, " ");
}

/** printf("%<width>llu"/"%<width>d"): an integer, right-aligned. */
export function intW(x: number, width = 0): string {
  return intStr(x).padStart(width, " ");
}

/** An integer value as C prints it (never in exponent notation). */
export function intStr(x: number): string {
  if (!Number.isFinite(x)) return "0";
  return BigInt(Math.trunc(x)).toString();
}

/** fio's unit selectors for num2str (the values match `unit_base`). */
export const N2S = {
  NONE: 0,
  BITPERSEC: 1,
  PERSEC: 2,
  BIT: 3,
  BYTE: 4,
  BYTEPERSEC: 8,
} as const;

const UNIT_STR: Record<number, string> = {
  0: "",
  1: "bit/s",
  2: "/s",
  3: "bit",
  4: "B",
  8: "B/s",
};
const SI = ["", "k", "M", "G", "T", "P", "E"];
const IEC = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/**
 * fio's num2str: scales `num` by 1000 (or 1024 when `pow2`) until it has at
 * most `maxlen` digits, keeping as many decimals as still fit, and appends
 * the unit prefix and unit. `base` says what `num` already counts (1 for
 * plain units).
 */
export function num2str(
  num: number,
  maxlen: number,
  base: number,
  pow2: boolean,
  units: number,
): string {
  const thousand = pow2 ? 1024 : 1000;
  const prefix = pow2 ? IEC : SI;
  let postIndex = 0;
  for (; base > 1; postIndex++) base = Math.trunc(base / thousand);
  let n = BigInt(Math.max(0, Math.trunc(num)));
  if (units === N2S.BIT || units === N2S.BITPERSEC) n *= 8n;
  const th = BigInt(thousand);
  let modulo = -1;
  let carry = false;
  while (postIndex < SI.length) {
    if (n.toString().length <= maxlen) break;
    modulo = Number(n % th);
    n /= th;
    carry = modulo >= thousand / 2;
    postIndex++;
  }
  if (postIndex >= SI.length) postIndex = 0;
  const unit = UNIT_STR[units] ?? "";
  if (modulo === -1) return `${n}${prefix[postIndex]}${unit}`;
  const len = n.toString().length;
  if (maxlen - len <= 1) {
    if (carry) n++;
    return `${n}${prefix[postIndex]}${unit}`;
  }
  const frac = fixed(modulo / thousand, maxlen - len - 1);
  if (frac[0] === "1") n++;
  return `${n}.${frac.slice(2)}${prefix[postIndex]}${unit}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime(3) in local time, without the trailing newline. */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const two = (v: number) => String(v).padStart(2, "0");
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}
