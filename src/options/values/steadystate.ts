/**
 * `steadystate=` (alias ss): criterion plus threshold, measured on fio 3.33.
 * Parsed value: `{ criterion, threshold, percent }` where criterion is one of
 * iops, iops_slope, bw, bw_slope; `percent` true for a trailing '%'. A bw
 * threshold without '%' is a size in bytes per second (`bw:1m` is 1048576).
 * Messages: no ':' -> "fio: steadystate threshold must be specified in
 * addition to criterion"; bad IOPS/BW number -> "fio: steadystate IOPS
 * threshold postfix parsing failed" / "... BW threshold ..."; bad number
 * before '%' -> "fio: could not parse steadystate threshold percentage".
 */
import type { ParsedValue } from "../types.ts";
import { reject, strtod } from "./errors.ts";
import { parseSize, toNumber } from "./number.ts";

/** The criteria fio accepts. */
export const STEADYSTATE_CRITERIA = ["iops", "iops_slope", "bw", "bw_slope"];

/** Parses steadystate whose criterion keyword already matched. */
export function parseSteadystate(
  criterion: string,
  text: string,
  kbBase: 1024 | 1000,
): ParsedValue {
  const colon = text.indexOf(":");
  if (colon < 0) reject("fio: steadystate threshold must be specified in addition to criterion");
  const post = text.slice(colon + 1);
  if (post.includes("%")) {
    const v = strtod(post);
    if (!v) reject("fio: could not parse steadystate threshold percentage");
    return { criterion, threshold: v.value, percent: true };
  }
  const iops = criterion.startsWith("iops");
  if (iops || criterion.endsWith("slope")) {
    const v = strtod(post);
    if (!v) {
      reject(`fio: steadystate ${iops ? "IOPS" : "BW"} threshold postfix parsing failed`);
    }
    return { criterion, threshold: v.value, percent: false };
  }
  const s = parseSize(post, kbBase);
  if (!s) reject("fio: steadystate BW threshold postfix parsing failed");
  return { criterion, threshold: toNumber(s.value), percent: false };
}
