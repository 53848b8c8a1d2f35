/**
 * `random_distribution=` and `file_service_type=`, measured on fio 3.33.
 *
 * random_distribution parsed value: `{ type, value, center }` for
 * random/zipf/pareto/normal (`value` null when not given, `center` -1 when
 * not given, as fio keeps it: no center is not center 0), or `{ type: "zoned" | "zoned_abs", zones: [r, w, t] }` with
 * each direction a list of `{ access, size }` (size: percent of the range
 * for zoned, bytes for zoned_abs). Checks and messages:
 * - zipf theta 1.0: "fio: zipf theta must different than 1.0";
 * - pareto outside (0, 1): "fio: pareto input out of range (0 < input < 1.0)";
 * - normal outside [0, 100): "fio: normal deviation out of range (0 <= input < 100.0)";
 * - center outside [0, 1]: "fio: distribution center out of range (0 <= center <= 1.0)";
 * - unreadable value: "fio: random postfix parsing failed";
 * - zoned access percentages must add to 100: "fio: access percentage don't
 *   add up to 100 for zoned random distribution (got=90)"; zoned sizes may
 *   not add to more than 100: "fio: zone_split percentages add to more
 *   than 100%"; `zoned` alone:
 *   "fio: mismatch in zoned input <zoned>"; a bad number:
 *   "fio: split conversion failed".
 *
 * file_service_type parsed value: `{ type, value }`; random, roundrobin and
 * sequential take an integer switch count (C atoi, default 1), zipf, pareto,
 * normal and gauss a float (null when absent; an unreadable one fails with
 * "fio: file service type random postfix parsing failed").
 */
import type { ParsedValue } from "../types.ts";
import { atoi, reject, strtod } from "./errors.ts";
import { parseSize, toNumber } from "./number.ts";

/** Keywords of random_distribution, in fio's order. */
export const RANDOM_DISTRIBUTIONS = ["random", "zipf", "pareto", "normal", "zoned", "zoned_abs"];

/** Keywords of file_service_type, in fio's order. */
export const FILE_SERVICE_TYPES = [
  "random",
  "roundrobin",
  "sequential",
  "zipf",
  "pareto",
  "normal",
  "gauss",
];

function postfixOf(text: string): string | undefined {
  const colon = text.indexOf(":");
  return colon >= 0 ? text.slice(colon + 1) : undefined;
}

function parseZones(type: string, text: string, kbBase: 1024 | 1000): ParsedValue {
  const body = postfixOf(text);
  if (body === undefined) reject(`fio: mismatch in zoned input <${text}>`);
  const dirs = body.split(",").slice(0, 3).map((part) => {
    const zones: { access: number; size: number }[] = [];
    let sum = 0;
    for (const item of part.split(":")) {
      if (item === "") continue;
      const [accessText, sizeText] = item.split("/");
      const access = strtod(accessText);
      if (!access || sizeText === undefined) reject("fio: split conversion failed");
      let size: number;
      if (type === "zoned_abs") {
        const s = parseSize(sizeText, kbBase);
        if (!s) reject("fio: split conversion failed");
        size = toNumber(s.value);
      } else {
        const s = strtod(sizeText);
        if (!s) reject("fio: split conversion failed");
        size = s.value;
      }
      sum += access.value;
      zones.push({ access: access.value, size });
    }
    if (Math.round(sum) !== 100) {
      reject(
        `fio: access percentage don't add up to 100 for zoned random distribution (got=${
          Math.round(sum)
        })`,
      );
    }
    if (type === "zoned" && zones.reduce((t, z) => t + Math.trunc(z.size), 0) > 100) {
      reject("fio: zone_split percentages add to more than 100%");
    }
    return zones;
  });
  while (dirs.length < 3) dirs.push(dirs[dirs.length - 1]);
  return { type, zones: dirs };
}

/** Parses random_distribution whose keyword `type` already matched. */
export function parseRandomDistribution(
  type: string,
  text: string,
  kbBase: 1024 | 1000,
): ParsedValue {
  if (type === "zoned" || type === "zoned_abs") return parseZones(type, text, kbBase);
  const post = postfixOf(text);
  if (type === "random" || post === undefined) return { type, value: null, center: -1 };
  const [valueText, centerText] = post.split(":");
  const v = strtod(valueText);
  if (!v) reject("fio: random postfix parsing failed");
  let center = -1;
  if (centerText !== undefined) {
    const c = strtod(centerText);
    if (!c) reject("fio: random postfix parsing failed");
    center = c.value;
  }
  const value = v.value;
  if (type === "zipf" && value === 1) reject("fio: zipf theta must different than 1.0");
  if (type === "pareto" && (value <= 0 || value >= 1)) {
    reject("fio: pareto input out of range (0 < input < 1.0)");
  }
  if (type === "normal" && (value < 0 || value >= 100)) {
    reject("fio: normal deviation out of range (0 <= input < 100.0)");
  }
  if (center !== -1 && (center < 0 || center > 1)) {
    reject("fio: distribution center out of range (0 <= center <= 1.0)");
  }
  return { type, value, center };
}

/** Parses file_service_type whose keyword `type` already matched. */
export function parseFileServiceType(type: string, text: string): ParsedValue {
  const post = postfixOf(text);
  if (type === "random" || type === "roundrobin" || type === "sequential") {
    return { type, value: post === undefined ? 1 : atoi(post) };
  }
  if (post === undefined) return { type, value: null };
  const v = strtod(post);
  if (!v) reject("fio: file service type random postfix parsing failed");
  return { type, value: v.value };
}
