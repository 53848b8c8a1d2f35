/**
 * Durations as fio 3.33 reads them, in microseconds. Measured rules:
 * - A bare number (nothing alphabetic after the digits) is in the option's
 *   own unit: seconds for runtime/ramp_time/startdelay, microseconds for
 *   thinktime/latency_target and the like (`OptionDef.timeUnit`).
 * - Suffixes are case-insensitive: "us"/"usec" and "ms"/"msec" match as
 *   prefixes (`10mss` is 10 ms), while "s", "m", "h" and "d" must be the
 *   whole rest of the value (`10sec` and `1min` are NOT seconds/minutes).
 * - Any other alphabetic suffix means microseconds (`runtime=10k` is 10 us).
 * - Only the integer part counts (`1.5s` is 1 s), hex is read when "0x"
 *   appears anywhere (`10x` is 16).
 */
import type { TimeUnit } from "../types.ts";
import { scanInteger } from "./number.ts";

const UNIT_US: Record<TimeUnit, bigint> = { us: 1n, ms: 1000n, s: 1_000_000n };

/** Microseconds in one `unit`. */
export function unitMicros(unit: TimeUnit): bigint {
  return UNIT_US[unit];
}

/** Multiplier (to microseconds) that the text after the number asks for. */
export function timeMultiplier(text: string, bareUnit: TimeUnit): bigint {
  let i = 0;
  // Unlike sizes, signs are skipped anywhere in the leading run.
  while (i < text.length && /[0-9+-]/.test(text[i])) i++;
  if (!/[A-Za-z]/.test(text[i] ?? "")) return UNIT_US[bareUnit];
  const suffix = text.slice(i).toLowerCase();
  if (suffix.startsWith("us")) return 1n;
  if (suffix.startsWith("ms")) return 1000n;
  switch (suffix) {
    case "s":
      return 1_000_000n;
    case "m":
      return 60_000_000n;
    case "h":
      return 3_600_000_000n;
    case "d":
      return 86_400_000_000n;
  }
  return 1n;
}

/**
 * Parses a duration to microseconds (unsigned 64-bit, as fio keeps it).
 * fio cuts the text at the first ',' before reading it. Undefined when no
 * number leads the text.
 */
export function parseTime(text: string, bareUnit: TimeUnit): bigint | undefined {
  const comma = text.indexOf(",");
  const cut = comma >= 0 ? text.slice(0, comma) : text;
  if (cut.length === 0) return undefined;
  const scanned = scanInteger(cut);
  if (!scanned) return undefined;
  return BigInt.asUintN(64, scanned.value * timeMultiplier(cut, bareUnit));
}
