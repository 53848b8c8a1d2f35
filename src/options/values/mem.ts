/**
 * `mem=`/`iomem=` and `sync_file_range=`, measured on fio 3.33.
 *
 * mem parsed value: `{ type, path }`; the keyword must match exactly
 * (`mallocx` fails), and text after ':' is the backing file for the mmap
 * types (`mmaphuge:/hugetlbfs/file`), kept as given for the others
 * (`shm:3` is accepted), null when absent.
 *
 * sync_file_range parsed value: `{ flags, nr }`: the ',' list of
 * wait_before / write / wait_after (unknown items are skipped as long as
 * one item is known; `foo` alone fails), and `nr`, the C atoi of what
 * follows ':' in the last item (default 1: sync every write).
 */
import type { OptionDef, ParsedValue } from "../types.ts";
import { atoi, ValueRejected } from "./errors.ts";
import { matchKeyword, validValuesListing } from "./enum.ts";

/** Memory types mem= accepts, in fio's order. */
export const MEM_TYPES = [
  "malloc",
  "shm",
  "shmhuge",
  "mmap",
  "mmaphuge",
  "mmapshared",
  "cudamalloc",
] as const;

/** Flags sync_file_range accepts. */
export const SYNC_FILE_RANGE_FLAGS = ["wait_before", "write", "wait_after"];

/** Parses mem= whose keyword already matched. */
export function parseMem(type: string, text: string): ParsedValue {
  const colon = text.indexOf(":");
  return { type, path: colon >= 0 ? text.slice(colon + 1) : null };
}

/** Parses sync_file_range. */
export function parseSyncFileRange(def: OptionDef, text: string): ParsedValue {
  const names = def.values?.map((v) => v.name) ?? SYNC_FILE_RANGE_FLAGS;
  const flags: string[] = [];
  let nr = 1;
  for (const item of text.split(",")) {
    const hit = matchKeyword(names, item);
    if (hit === undefined) continue;
    if (!flags.includes(hit)) flags.push(hit);
    const colon = item.indexOf(":");
    if (colon >= 0) nr = atoi(item.slice(colon + 1));
  }
  if (flags.length === 0) {
    const values = def.values ?? names.map((name) => ({ name, help: "" }));
    throw new ValueRejected([], validValuesListing(values));
  }
  return { flags, nr };
}
