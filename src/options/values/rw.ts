/**
 * `rw=` (readwrite): the I/O pattern plus an optional `:N` postfix.
 *
 * Parsed value: `{ rw, seqNr, seqAdd }`. For random patterns the postfix is
 * read with C atoi as "new random offset every N I/Os" (`seqNr`, default 1;
 * `randread:x` gives 0, as fio does); for sequential ones it is a size added
 * to each offset (`seqAdd`, may be negative; default 0). fio checks the
 * postfix only when a job is really run: `--parse-only` accepts
 * `rw=read:x`, a run fails with "fio: rw postfix parsing failed".
 */
import type { ParsedValue } from "../types.ts";
import { atoi, reject } from "./errors.ts";
import { parseSize, percentMarker, toNumber } from "./number.ts";

/** The patterns fio accepts, in fio's order. */
export const RW_NAMES = [
  "read",
  "write",
  "trim",
  "randread",
  "randwrite",
  "randtrim",
  "rw",
  "readwrite",
  "randrw",
  "trimwrite",
  "randtrimwrite",
] as const;

/** Whether the pattern picks random offsets. */
export function isRandomRw(name: string): boolean {
  return name.startsWith("rand");
}

/**
 * Reads the postfix of an already matched pattern `name` from the whole
 * value `text`. `parseOnly` skips checks fio skips under --parse-only.
 */
export function parseRw(
  name: string,
  text: string,
  kbBase: 1024 | 1000,
  parseOnly: boolean,
): ParsedValue {
  const colon = text.indexOf(":");
  const postfix = colon >= 0 ? text.slice(colon + 1) : "";
  let seqNr = 1;
  let seqAdd = 0;
  if (postfix !== "") {
    if (isRandomRw(name)) {
      seqNr = atoi(postfix);
    } else {
      const size = parseSize(postfix, kbBase);
      if (size === undefined) {
        if (!parseOnly) reject("fio: rw postfix parsing failed");
      } else {
        seqAdd = toNumber(size.percent ? percentMarker(size.value) : size.value);
      }
    }
  }
  return { rw: name, seqNr, seqAdd };
}
