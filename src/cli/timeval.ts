/**
 * Time values of run options (`--eta-interval`, `--eta-newline`,
 * `--status-interval`) the way fio 3.33 reads them: a number (fraction
 * allowed), then an optional unit. A bare number is seconds; the units are
 * us, usec, ms, msec, s, m, h and d (any case, nothing else: `1sec` or
 * `1min` read as microseconds, as in fio).
 */

const UNIT_US: Readonly<Record<string, number>> = {
  us: 1,
  usec: 1,
  ms: 1_000,
  msec: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};

/**
 * Microseconds for `text`, or undefined when it does not start with a
 * number (fio's "failed parsing" case). Negative values are returned as
 * such; callers decide how fio treats them.
 */
export function parseRunTime(text: string): number | undefined {
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+))(.*)$/s.exec(text);
  if (!m) return undefined;
  const num = Number(m[1]);
  const unit = m[2];
  if (unit === "") return Math.trunc(num * 1_000_000);
  return Math.trunc(num * (UNIT_US[unit.toLowerCase()] ?? 1));
}

/** Whole milliseconds of a microsecond count, as fio's integer division. */
export function usToMs(us: number): number {
  return Math.trunc(us / 1000);
}
