/**
 * The job options file setup reads, gathered once from a JobSpec into plain
 * fields (rw directions, block size bounds, open flags, layout choices).
 */

import { boolOption, optionValue, stringOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import { O, POSIX_FADV } from "../../sys/libc.ts";

/** The file-related settings of a job. */
export interface FileSettings {
  /** The job reads (fio's td_read). */
  readonly reads: boolean;
  /** The job writes (td_write). */
  readonly writes: boolean;
  /** The job trims (td_trim). */
  readonly trims: boolean;
  /** Random offsets (for the fadvise hint). */
  readonly random: boolean;
  /** Smallest block size over read, write and trim (td_min_bs). */
  readonly minBs: number;
  /** Largest read block size (pre_read chunk). */
  readonly maxReadBs: number;
  /** Largest write block size (layout chunk). */
  readonly maxWriteBs: number;
  /** O_DIRECT (direct=1 or buffered=0). */
  readonly direct: boolean;
  /** O_SYNC or O_DSYNC bits, or 0. */
  readonly syncFlags: number;
  /** allow_file_create. */
  readonly allowCreate: boolean;
  /** create_on_open. */
  readonly createOnOpen: boolean;
  /** overwrite. */
  readonly overwrite: boolean;
  /** file_append. */
  readonly fileAppend: boolean;
  /** fallocate keyword. */
  readonly fallocate: string;
  /** create_fsync. */
  readonly createFsync: boolean;
  /** invalidate. */
  readonly invalidate: boolean;
  /** pre_read. */
  readonly preRead: boolean;
  /** posix_fadvise advice at open, -1 for none. */
  readonly advice: number;
  /** filesize range, undefined when unset. */
  readonly fileSize?: { min: number; max: number };
  /** randseed. */
  readonly randseed: number;
  /** random_generator=tausworthe64. */
  readonly use64: boolean;
}

const READS = new Set(["read", "randread", "rw", "readwrite", "randrw"]);
const WRITES = new Set([
  "write",
  "randwrite",
  "rw",
  "readwrite",
  "randrw",
  "trimwrite",
  "randtrimwrite",
]);
const TRIMS = new Set(["trim", "randtrim", "trimwrite", "randtrimwrite"]);

/** [min, max] block size per direction, from bssplit, bsrange or bs. */
export function blockSizeBounds(spec: JobSpec): Array<[number, number]> {
  const split = optionValue(spec, "bssplit");
  const range = optionValue(spec, "bsrange");
  const bs = optionValue(spec, "bs");
  const out: Array<[number, number]> = [];
  for (let d = 0; d < 3; d++) {
    if (Array.isArray(split) && Array.isArray(split[d]) && (split[d] as unknown[]).length > 0) {
      const sizes = (split[d] as Array<{ bs: number }>).map((e) => e.bs);
      out.push([Math.min(...sizes), Math.max(...sizes)]);
      continue;
    }
    if (Array.isArray(range) && range[d] && typeof range[d] === "object") {
      const r = range[d] as { min: number; max: number };
      out.push([r.min, r.max]);
      continue;
    }
    const b = Array.isArray(bs) ? bs[d] : bs;
    const v = typeof b === "number" && b > 0 ? b : 4096;
    out.push([v, v]);
  }
  return out;
}

function rwName(spec: JobSpec): string {
  const rw = optionValue(spec, "rw") as { rw?: string } | string | undefined;
  return typeof rw === "string" ? rw : rw?.rw ?? "read";
}

/** Reads the file-related options of `spec`. */
export function jobFileSettings(spec: JobSpec): FileSettings {
  const rw = rwName(spec);
  const bounds = blockSizeBounds(spec);
  const sync = stringOption(spec, "sync", "none");
  const buffered = boolOption(spec, "buffered", true);
  const fs = optionValue(spec, "filesize") as { min: number; max: number } | undefined;
  const hint = stringOption(spec, "fadvise_hint", "1");
  const random = rw.startsWith("rand");
  const seed = optionValue(spec, "randseed");
  return {
    reads: READS.has(rw),
    writes: WRITES.has(rw),
    trims: TRIMS.has(rw),
    random,
    minBs: Math.min(bounds[0][0], bounds[1][0], bounds[2][0]),
    maxReadBs: bounds[0][1],
    maxWriteBs: bounds[1][1],
    direct: boolOption(spec, "direct") || !buffered,
    syncFlags: sync === "sync" || sync === "1" ? O.SYNC : sync === "dsync" ? O.DSYNC : 0,
    allowCreate: boolOption(spec, "allow_file_create", true),
    createOnOpen: boolOption(spec, "create_on_open"),
    overwrite: boolOption(spec, "overwrite"),
    fileAppend: boolOption(spec, "file_append"),
    fallocate: stringOption(spec, "fallocate", "native"),
    createFsync: boolOption(spec, "create_fsync", true),
    invalidate: boolOption(spec, "invalidate", true),
    preRead: boolOption(spec, "pre_read"),
    advice: hint === "0"
      ? -1
      : hint === "sequential"
      ? POSIX_FADV.SEQUENTIAL
      : hint === "random" || (hint === "1" && random)
      ? POSIX_FADV.RANDOM
      : POSIX_FADV.SEQUENTIAL,
    fileSize: fs && typeof fs === "object" && fs.min > 0 ? fs : undefined,
    randseed: typeof seed === "number" ? seed : 0x89,
    use64: stringOption(spec, "random_generator", "tausworthe") === "tausworthe64",
  };
}
