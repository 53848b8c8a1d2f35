/**
 * The options the I/O loop follows, read once from a JobSpec into plain
 * typed fields so the hot path never looks anything up by name.
 */

import { isSet, numberOption, optionValue, perDirOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import type { SplitEntry } from "../options/values/bssplit.ts";
import type { RandomGeneratorKind } from "./random/generator.ts";
import { type OffsetDistribution, readDistribution } from "./offsets/distribution.ts";
import { readZones, type ZoneOptions } from "./offsets/zones.ts";
import { readShapingOptions, type ShapingOptions } from "./shaping.ts";
import { type JobLogOptions, readLogOptions, sampleAvgMs } from "./logs/options.ts";
import { type ErrorPolicyOptions, readErrorPolicy } from "./errors_policy.ts";
import { readSyncRange, type SyncRangeOptions } from "./sync_range.ts";
import { type LockMode, readLockMode } from "./files/lock.ts";
import { type IologOptions, readIologOptions } from "./iolog/options.ts";
import type { ClockSource } from "../sys/clock.ts";

/** The rw= pattern broken into what the loop needs. */
export interface RwPattern {
  /** The pattern keyword (read, randrw, trimwrite, ...). */
  readonly name: string;
  /** Directions the job issues. */
  readonly read: boolean;
  readonly write: boolean;
  readonly trim: boolean;
  /** Random offsets (randread, randrw, randtrimwrite, ...). */
  readonly random: boolean;
  /** trimwrite / randtrimwrite: every block is trimmed, then written. */
  readonly trimWrite: boolean;
  /** `:N` for random patterns: a new random offset every N I/Os. */
  readonly seqNr: number;
  /** `:N` for sequential patterns: bytes skipped between I/Os. */
  readonly seqAdd: number;
}

/** Block size settings per direction (read, write, trim). */
export interface BlockSizes {
  readonly minBs: [number, number, number];
  readonly maxBs: [number, number, number];
  /** bssplit per direction, sorted by percentage ascending; [] when unused. */
  readonly split: SplitEntry[][];
  /** blocksize_unaligned. */
  readonly unaligned: boolean;
  /** bs_is_seq_rand: sequential I/Os use the read sizes, random ones the write sizes. */
  readonly seqRand: boolean;
  /** blockalign per direction (defaults to the minimum block size). */
  readonly align: [number, number, number];
}

/** Everything the loop reads from a job's options. */
export interface JobRunOptions {
  readonly rw: RwPattern;
  /** Percent of reads in a mixed job (after rwmixread/rwmixwrite). */
  readonly rwmixRead: number;
  readonly bs: BlockSizes;
  readonly iodepth: number;
  readonly iodepthBatch: number;
  readonly iodepthBatchCompleteMin: number;
  readonly iodepthBatchCompleteMax: number;
  readonly iodepthLow: number;
  /** serialize_overlap: hold back an I/O overlapping one in flight. */
  readonly serializeOverlap: boolean;
  /** runtime in ns (0: none); time_based; ramp_time in ns. */
  readonly runtimeNs: number;
  readonly timeBased: boolean;
  readonly rampNs: number;
  readonly loops: number;
  readonly numberIos: number;
  /** io_size in bytes (0: unset; then size decides). */
  readonly ioSize: number;
  /** io_size given as a percentage (0: not). */
  readonly ioSizePercent: number;
  /** fsync=N, fdatasync=N (0: off). */
  readonly fsyncBlocks: number;
  readonly fdatasyncBlocks: number;
  readonly endFsync: boolean;
  /** bwavgtime / iopsavgtime in ms. */
  readonly bwAvgMs: number;
  readonly iopsAvgMs: number;
  /** Per-job log files (write_*_log); null when the job writes none. */
  readonly logs: JobLogOptions | null;
  /** Stats switches. */
  readonly disableSlat: boolean;
  readonly disableClat: boolean;
  readonly disableLat: boolean;
  readonly disableBw: boolean;
  readonly latPercentiles: boolean;
  readonly slatPercentiles: boolean;
  readonly clatPercentiles: boolean;
  /** Offsets. */
  readonly randomGenerator: RandomGeneratorKind;
  readonly randomGeneratorSet: boolean;
  readonly norandommap: boolean;
  readonly softrandommap: boolean;
  readonly percentageRandom: [number, number, number];
  readonly rwSequencer: "sequential" | "identical";
  readonly randseed: bigint;
  /**
   * file_service_type and its number: the switch count for roundrobin,
   * random and sequential; θ, h or σ for zipf, pareto and normal (NaN: the
   * default).
   */
  readonly fileService: FileServiceType;
  readonly fileServiceNr: number;
  /** random_distribution (type "random": uniform). */
  readonly distribution: OffsetDistribution;
  /** zonemode=strided settings, or null. */
  readonly zones: ZoneOptions | null;
  /** continue_on_error (only "none" is implemented). */
  readonly continueOnError: string;
  /** continue_on_error + ignore_error as fio applies them (errors_policy.ts). */
  readonly errorPolicy: ErrorPolicyOptions;
  /** sync_file_range=flags:N (sync_range.ts), or null. */
  readonly syncFileRange: SyncRangeOptions | null;
  /** lockfile (files/lock.ts). */
  readonly lockMode: LockMode;
  /** Rate, thinktime, latency_target, max_latency (null: none used). */
  readonly shaping: ShapingOptions | null;
  /** write_iolog / read_iolog and the replay options. */
  readonly iolog: IologOptions;
}

function rwPattern(spec: JobSpec): RwPattern {
  const v = optionValue(spec, "rw") as { rw: string; seqNr: number; seqAdd: number } | undefined;
  const name = v?.rw ?? "read";
  const trimWrite = name === "trimwrite" || name === "randtrimwrite";
  const mixed = name === "rw" || name === "readwrite" || name === "randrw";
  return {
    name,
    read: name === "read" || name === "randread" || mixed,
    write: name === "write" || name === "randwrite" || mixed || trimWrite,
    trim: name === "trim" || name === "randtrim" || trimWrite,
    random: name.startsWith("rand"),
    trimWrite,
    seqNr: v?.seqNr ?? 1,
    seqAdd: v?.seqAdd ?? 0,
  };
}

/** rwmixread and rwmixwrite write the same pair; the last one set wins. */
function rwmixRead(spec: JobSpec): number {
  const r = isSet(spec, "rwmixread"), w = isSet(spec, "rwmixwrite");
  if (!w) return numberOption(spec, "rwmixread", 50);
  if (!r) return 100 - numberOption(spec, "rwmixwrite", 50);
  let last = "rwmixread";
  for (const o of spec.jobOptions) {
    if (o.name === "rwmixread" || o.name === "rwmixwrite") last = o.name;
  }
  return last === "rwmixread"
    ? numberOption(spec, "rwmixread", 50)
    : 100 - numberOption(spec, "rwmixwrite", 50);
}

function blockSizes(spec: JobSpec): BlockSizes {
  const bs = perDirOption(spec, "bs", 4096);
  const minBs: [number, number, number] = [bs[0], bs[1], bs[2]];
  const maxBs: [number, number, number] = [bs[0], bs[1], bs[2]];
  const range = optionValue(spec, "bsrange") as
    | ({ min: number; max: number } | undefined)[]
    | { min: number; max: number }
    | undefined;
  if (range !== undefined && range !== null) {
    const list = Array.isArray(range) ? range : [range, range, range];
    for (let d = 0; d < 3; d++) {
      const r = list[d];
      if (r) {
        minBs[d] = r.min;
        maxBs[d] = r.max;
      }
    }
  }
  const rawSplit = optionValue(spec, "bssplit") as SplitEntry[][] | undefined;
  const split: SplitEntry[][] = [[], [], []];
  if (Array.isArray(rawSplit)) {
    for (let d = 0; d < 3; d++) {
      const entries = (rawSplit[d] ?? []).map((e) => ({ bs: e.bs, perc: e.perc }));
      // fio sorts the list by percentage, smallest first (a stable sort here), and draws in that order.
      entries.sort((a, b) => a.perc - b.perc);
      split[d] = entries;
      if (entries.length > 0) {
        minBs[d] = Math.min(...entries.map((e) => e.bs));
        maxBs[d] = Math.max(...entries.map((e) => e.bs));
      }
    }
  }
  const alignSet = isSet(spec, "ba");
  const alignRaw = perDirOption(spec, "ba", 0);
  const align: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d++) align[d] = alignSet && alignRaw[d] > 0 ? alignRaw[d] : minBs[d];
  return {
    minBs,
    maxBs,
    split,
    unaligned: numberOption(spec, "bs_unaligned") !== 0,
    seqRand: numberOption(spec, "bs_is_seq_rand") !== 0,
    align,
  };
}

/** fio's file_service_type policies (gauss is normal's other name). */
export type FileServiceType = "roundrobin" | "random" | "sequential" | "zipf" | "pareto" | "normal";

function fileService(spec: JobSpec): { type: FileServiceType; nr: number } {
  const v = optionValue(spec, "file_service_type") as { type: string; value: number | null };
  const t = v?.type === "gauss" ? "normal" : v?.type;
  if (t === "zipf" || t === "pareto" || t === "normal") {
    return { type: t, nr: typeof v.value === "number" ? v.value : NaN };
  }
  const type = t === "random" || t === "sequential" ? t : "roundrobin";
  const nr = typeof v?.value === "number" && v.value > 0 ? v.value : 1;
  return { type, nr };
}

/** Reads every loop-relevant option of `spec` once. */
export function readRunOptions(spec: JobSpec): JobRunOptions {
  const rw = rwPattern(spec);
  const iodepth = Math.max(1, numberOption(spec, "iodepth", 1));
  const batch = numberOption(spec, "iodepth_batch", 1);
  const ioSizeRaw = optionValue(spec, "io_size");
  let ioSize = 0, ioSizePercent = 0;
  if (typeof ioSizeRaw === "number") ioSize = Math.max(0, ioSizeRaw);
  else if (ioSizeRaw && typeof ioSizeRaw === "object" && "percent" in ioSizeRaw) {
    ioSizePercent = Number((ioSizeRaw as { percent: number }).percent);
  }
  const gtod = numberOption(spec, "gtod_reduce") !== 0;
  const fs = fileService(spec);
  const gen = stringOption(spec, "random_generator", "tausworthe");
  const seq = stringOption(spec, "rw_sequencer", "sequential");
  return {
    rw,
    rwmixRead: rwmixRead(spec),
    bs: blockSizes(spec),
    iodepth,
    iodepthBatch: batch > 0 ? Math.min(batch, iodepth) : iodepth,
    iodepthBatchCompleteMin: numberOption(spec, "iodepth_batch_complete_min", 1),
    // Unset (0) means "the min" (fio's fixup, applied in queued_pass.ts).
    iodepthBatchCompleteMax: numberOption(spec, "iodepth_batch_complete_max", 0),
    iodepthLow: numberOption(spec, "iodepth_low", iodepth),
    serializeOverlap: numberOption(spec, "serialize_overlap") !== 0,
    runtimeNs: numberOption(spec, "runtime") * 1000,
    timeBased: numberOption(spec, "time_based") !== 0,
    rampNs: numberOption(spec, "ramp_time") * 1000,
    loops: Math.max(1, numberOption(spec, "loops", 1)),
    numberIos: numberOption(spec, "number_ios"),
    ioSize,
    ioSizePercent,
    fsyncBlocks: numberOption(spec, "fsync"),
    fdatasyncBlocks: numberOption(spec, "fdatasync"),
    endFsync: numberOption(spec, "end_fsync") !== 0,
    bwAvgMs: sampleAvgMs(spec, "bw"),
    iopsAvgMs: sampleAvgMs(spec, "iops"),
    logs: readLogOptions(spec),
    disableSlat: gtod || numberOption(spec, "disable_slat") !== 0,
    disableClat: gtod || numberOption(spec, "disable_clat") !== 0,
    disableLat: gtod || numberOption(spec, "disable_lat") !== 0,
    disableBw: gtod || numberOption(spec, "disable_bw_measurement") !== 0,
    latPercentiles: numberOption(spec, "lat_percentiles") !== 0,
    slatPercentiles: numberOption(spec, "slat_percentiles") !== 0,
    clatPercentiles: numberOption(spec, "clat_percentiles", 1) !== 0,
    randomGenerator: gen === "lfsr" || gen === "tausworthe64" ? gen : "tausworthe",
    randomGeneratorSet: isSet(spec, "random_generator"),
    norandommap: numberOption(spec, "norandommap") !== 0,
    softrandommap: numberOption(spec, "softrandommap") !== 0,
    percentageRandom: perDirOption(spec, "percentage_random", 100),
    rwSequencer: seq === "identical" ? "identical" : "sequential",
    randseed: spec.seed,
    fileService: fs.type,
    fileServiceNr: fs.nr,
    distribution: readDistribution(spec),
    zones: readZones(spec),
    continueOnError: stringOption(spec, "continue_on_error", "none"),
    errorPolicy: readErrorPolicy(spec),
    syncFileRange: readSyncRange(spec),
    lockMode: readLockMode(spec),
    shaping: readShapingOptions(spec, iodepth),
    iolog: readIologOptions(spec),
  };
}

/** The job's `clocksource`; undefined when unset (dfio then picks as fio does). */
export function readClockSource(spec: JobSpec): ClockSource | undefined {
  const v = stringOption(spec, "clocksource");
  return v === "" ? undefined : v as ClockSource;
}
