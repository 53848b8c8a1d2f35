/**
 * fio's integer reading, measured against fio 3.33: a C `strtoll` prefix
 * (leading blanks, a sign, decimal or hex) followed by an optional unit
 * suffix. fio is lax: whatever follows the number and is not a known suffix
 * is ignored (`bs=4q` is 4), while a string with no leading number fails.
 *
 * Values are unsigned 64-bit in fio; we compute in BigInt and hand out
 * numbers (`toNumber`), with values at or above 2^63 turned negative so that
 * `-1` stays `-1` instead of a rounded 1.8e19.
 */

const U64 = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

/** Result of reading a leading integer like C's `strtoll`. */
export interface ScannedInt {
  /** The value, wrapped to unsigned 64 bits as fio stores it. */
  readonly value: bigint;
  /** Index just past the last character used. */
  readonly end: number;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return 99;
}

/**
 * Reads a leading integer the way fio does: hexadecimal when "0x" or "0X"
 * appears anywhere in the text (so `10x` reads as 0x10), else decimal.
 * Returns undefined when no digit is found or the value overflows a signed
 * 64-bit integer (fio then fails the option).
 */
export function scanInteger(text: string): ScannedInt | undefined {
  const hex = text.includes("0x") || text.includes("0X");
  const base = hex ? 16n : 10n;
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") {
    negative = text[i] === "-";
    i++;
  }
  if (
    hex && text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X") &&
    digitValue(text[i + 2] ?? "") < 16
  ) {
    i += 2;
  }
  const start = i;
  let value = 0n;
  while (i < text.length && digitValue(text[i]) < Number(base)) {
    value = value * base + BigInt(digitValue(text[i]));
    i++;
  }
  if (i === start) return undefined;
  // strtoll saturates; fio treats LLONG_MAX with ERANGE as a failure.
  if (value > I64_MAX) return undefined;
  if (negative) value = -value;
  return { value: BigInt.asUintN(64, value), end: i };
}

/** Characters that end a unit suffix (fio stops reading the unit there). */
const SEPARATORS = ":-,/";

/**
 * The unit suffix of a size: the text after the leading digits (one leading
 * sign allowed), or undefined when it does not start with a letter or '%'.
 */
function sizeSuffix(text: string): string | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const digit = c >= "0" && c <= "9";
    if (!digit && !((c === "+" || c === "-") && i === 0)) break;
    i++;
  }
  const c = text[i] ?? "";
  if (!/[A-Za-z%]/.test(c)) return undefined;
  let suffix = text.slice(i).toLowerCase();
  for (let j = 0; j < suffix.length; j++) {
    if (SEPARATORS.includes(suffix[j])) {
      suffix = suffix.slice(0, j);
      break;
    }
  }
  return suffix;
}

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** Multiplier of a size suffix, or "percent" for a '%' suffix. */
export function sizeMultiplier(text: string, kbBase: 1024 | 1000): bigint | "percent" {
  if (text.length < 2) return 1n;
  const suffix = sizeSuffix(text);
  if (suffix === undefined) return 1n;
  // "KiB"-style (exactly a letter, 'i', 'b' at the front) takes the other
  // base: binary under kb_base=1000, decimal under the default 1024. "Ki"
  // alone is just "K" (fio only inverts the three-letter spelling).
  const letter = suffix[0];
  const pow = POWERS[letter];
  if (pow !== undefined) {
    let mult = BigInt(kbBase);
    if (suffix.startsWith(letter + "ib")) mult = kbBase === 1000 ? 1024n : 1000n;
    return mult ** BigInt(pow);
  }
  if (suffix.startsWith("%")) return "percent";
  return 1n;
}

/** A parsed size; `percent` set when the value had a '%' suffix. */
export interface ParsedSize {
  /** Unsigned 64-bit value as fio stores it (percent: the raw number). */
  readonly value: bigint;
  /** True when written as a percentage. */
  readonly percent: boolean;
}

/**
 * Reads a size like fio's byte parser: integer, then a k/m/g/t/p suffix under
 * `kbBase` (b/B and unknown suffixes mean 1). A '%' suffix marks a
 * percentage. Undefined when there is no leading number.
 */
export function parseSize(text: string, kbBase: 1024 | 1000): ParsedSize | undefined {
  if (text.length === 0) return undefined;
  const scanned = scanInteger(text);
  if (!scanned) return undefined;
  const mult = sizeMultiplier(text, kbBase);
  if (mult === "percent") return { value: scanned.value, percent: true };
  return { value: BigInt.asUintN(64, scanned.value * mult), percent: false };
}

/**
 * The value fio stores for a percentage in a plain size field: it encodes
 * N% as (2^64 - 1 - N), which options with a percentage meaning decode.
 */
export function percentMarker(percent: bigint): bigint {
  return BigInt.asUintN(64, U64 - percent);
}

/** A fio unsigned 64-bit value as a JS number; >= 2^63 comes out negative. */
export function toNumber(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

/** Reads a plain integer (no unit suffix), as fio's boolean options do. */
export function parsePlainInt(text: string): bigint | undefined {
  if (text.length === 0) return undefined;
  return scanInteger(text)?.value;
}
