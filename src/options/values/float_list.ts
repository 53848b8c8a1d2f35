/**
 * `float_list` options (percentile_list, latency_percentile, ...): floats
 * separated by ':'. Measured fio 3.33 rules:
 * - each item is read with C strtod (`1.5e1` is 15; trailing junk ignored);
 * - an unreadable first item fails ("not a floating point value: X"), an
 *   unreadable later item only ends the list (same message, still accepted);
 * - items outside [min, max] fail ("value out of range: %f (range max: %f)");
 * - at most 20 items are kept; each extra one prints
 *   "the list exceeding max length 20" and is dropped.
 * The text is cut at the first ',' first.
 */
import { reject, strtod } from "./errors.ts";

/** Most items fio keeps. */
export const FLOAT_LIST_MAX = 20;

/** Parses a float list; `warn` receives messages of accepted values. */
export function parseFloatList(
  text: string,
  min: number | undefined,
  max: number | undefined,
  warn: (line: string) => void,
): number[] {
  const comma = text.indexOf(",");
  const cut = comma >= 0 ? text.slice(0, comma) : text;
  const out: number[] = [];
  const items = cut.split(":");
  for (let i = 0; i < items.length; i++) {
    if (out.length >= FLOAT_LIST_MAX) {
      warn(`the list exceeding max length ${FLOAT_LIST_MAX}`);
      continue;
    }
    const r = strtod(items[i]);
    if (!r) {
      const msg = `not a floating point value: ${items[i]}`;
      if (i === 0) reject(msg);
      warn(msg);
      break;
    }
    if (max !== undefined && r.value > max) {
      reject(`value out of range: ${r.value.toFixed(6)} (range max: ${max.toFixed(6)})`);
    }
    if (min !== undefined && r.value < min) {
      reject(`value out of range: ${r.value.toFixed(6)} (range min: ${min.toFixed(6)})`);
    }
    out.push(r.value);
  }
  return out;
}
