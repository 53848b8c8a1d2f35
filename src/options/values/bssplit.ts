/**
 * `bssplit=` and the engines' `cmdprio_bssplit=`: weighted block-size lists,
 * one per direction.
 *
 * Parsed value: `[read, write, trim]`, each an array (written order) of
 * `{ bs, perc }` (cmdprio_bssplit adds `prioClass` and `prioLevel`, -1 when
 * absent). An empty direction is `[]` (fio then uses `bs`). Measured fio 3.33
 * behaviour:
 * - directions are split at ','; fewer than three fill the rest with the
 *   last one given (`4k/50:8k/50` serves all three, `a,b` gives trim b);
 * - entries are split at ':'; a missing percentage (`8k` or `8k/`) shares
 *   what the given ones leave of 100 evenly (integer division);
 * - the percentage is read with C atoi (`4k/10.5` is 10, `4k/x` is 0) and is
 *   NOT checked: sums above or below 100 are accepted;
 * - only a block size that is not a number fails, with
 *   "fio: split conversion failed".
 */
import { atoi, reject } from "./errors.ts";
import { parseSize, percentMarker, toNumber } from "./number.ts";

/** One weighted block size. */
export interface SplitEntry {
  /** Block size in bytes. */
  bs: number;
  /** Weight in percent. */
  perc: number;
  /** cmdprio_bssplit only: priority class, -1 when not given. */
  prioClass?: number;
  /** cmdprio_bssplit only: priority level, -1 when not given. */
  prioLevel?: number;
}

function parseDirection(text: string, kbBase: 1024 | 1000, withPrio: boolean): SplitEntry[] {
  const entries: SplitEntry[] = [];
  const missing: SplitEntry[] = [];
  let given = 0;
  for (const item of text.split(":")) {
    if (item === "") continue;
    const fields = item.split("/");
    const size = parseSize(fields[0], kbBase);
    if (size === undefined) reject("fio: split conversion failed");
    const bs = toNumber(size.percent ? percentMarker(size.value) : size.value);
    const entry: SplitEntry = { bs, perc: 0 };
    const percText = fields[1];
    if (percText === undefined || percText === "") {
      missing.push(entry);
    } else {
      entry.perc = atoi(percText);
      given += entry.perc;
    }
    if (withPrio) {
      entry.prioClass = fields[2] === undefined ? -1 : atoi(fields[2]);
      entry.prioLevel = fields[3] === undefined ? -1 : atoi(fields[3]);
    }
    entries.push(entry);
  }
  if (missing.length > 0) {
    const share = given < 100 ? Math.floor((100 - given) / missing.length) : 0;
    for (const entry of missing) entry.perc = share;
  }
  return entries;
}

/** Parses a bssplit value (or cmdprio_bssplit with `withPrio`). */
export function parseBssplit(
  text: string,
  kbBase: 1024 | 1000,
  withPrio = false,
): SplitEntry[][] {
  const parts = text.split(",").slice(0, 3);
  const dirs = parts.map((p) => parseDirection(p, kbBase, withPrio));
  while (dirs.length < 3) dirs.push(dirs[dirs.length - 1]);
  return dirs.map((d) => d.map((e) => ({ ...e })));
}
