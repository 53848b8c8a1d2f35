/**
 * Where the next I/O of a job goes: random block choice (taus88,
 * tausworthe64 or lfsr, with or without the random map), sequential
 * offsets with `rw=read:N` holes, `rw=randread:N` runs, `rw_sequencer` and
 * `percentage_random`, following fio 3.33's observable behaviour.
 *
 * Use: one {@link JobOffsets} per job, one {@link FileOffsets} per file.
 * Per I/O: `job.next(file, ddir)` gives an absolute offset (or -1: the file
 * has nothing more this pass); the caller picks the block size, then
 * `job.commit(file, ddir, offset, buflen)` marks the map and moves the
 * sequential position (it may shorten the I/O, or refuse it with -1 when it
 * would cross the end of the file). Nothing here allocates per I/O.
 */

import { chooseGenerator, makeTausworthe, type RandomGeneratorKind } from "../random/generator.ts";
import { Lfsr } from "../random/lfsr.ts";
import { SeedSlot } from "../random/seeds.ts";
import { randBetween, type ScaledRandom, type UnitRandom } from "../random/unit.ts";
import { exerciseRandomMap, RandomMap } from "./random_map.ts";
import type { RangeRandom } from "../random/zipf.ts";
import { isSkewed, type OffsetDistribution, skewedGenerator, ZoneIndex } from "./distribution.ts";
import { G_IO_SIZE, G_OFFSET, G_REAL_SIZE, StridedZones, type ZoneOptions } from "./zones.ts";

/** fio's data directions, as indexes of per-direction arrays. */
export const DDIR_READ = 0;
/** Write direction index. */
export const DDIR_WRITE = 1;
/** Trim direction index. */
export const DDIR_TRIM = 2;

/** The job options that decide offsets (values already parsed). */
export interface OffsetOptions {
  /** The rw pattern is random (randread, randwrite, randrw, randtrim...). */
  random: boolean;
  /** `random_generator`. */
  randomGenerator: RandomGeneratorKind;
  /** Whether the user set `random_generator` (decides the 64-bit switch). */
  randomGeneratorSet: boolean;
  /** `norandommap`. */
  norandommap: boolean;
  /** `softrandommap`: only matters when the map cannot be allocated. */
  softrandommap: boolean;
  /** `percentage_random` per direction (read, write, trim), 0..100. */
  percentageRandom: readonly number[];
  /** Bytes added between sequential I/Os (`rw=read:8k`; negative goes backwards). */
  ddirSeqAdd: number;
  /** `rw=randread:N`: a new random offset every N I/Os (1 = always). */
  ddirSeqNr: number;
  /** `rw_sequencer`. */
  rwSequencer: "sequential" | "identical";
  /** `blockalign` per direction. */
  blockAlign: readonly number[];
  /** Smallest block size per direction. */
  minBs: readonly number[];
  /** Smallest block size over the directions the job uses (the map's unit). */
  rwMinBs: number;
  /** `time_based`: wrap around instead of ending the pass. */
  timeBased: boolean;
  /** `random_distribution` (absent: uniform). */
  distribution?: OffsetDistribution;
  /** `zonemode=strided` settings (absent or null: no zones). */
  zones?: ZoneOptions | null;
  /**
   * file_service_type is zipf/pareto/normal: like time_based, a file whose
   * random blocks are used up starts over instead of ending the pass.
   */
  nonUniformFiles?: boolean;
}

/**
 * The sizes of one file as fio sees them. Fixed once the file is added
 * ({@link JobOffsets.addFile}): the per-I/O path works from copies.
 */
export interface OffsetFileInfo {
  /** File name, for messages. */
  readonly name: string;
  /** Size of the file (fio's real_file_size). */
  readonly realFileSize: number;
  /** Where the job's region starts (`offset`). */
  readonly fileOffset: number;
  /** Bytes of the file the job covers (fio's f->io_size). */
  readonly ioSize: number;
}

/** 1 / n when that is exact (n a power of two), else 0. */
function exactInverse(n: number): number {
  return n > 0 && Number.isInteger(Math.log2(n)) ? 1 / n : 0;
}

/**
 * Number of random block slots of a file for a direction: whole
 * `blockalign`-sized blocks that still leave room for a minimum block.
 */
export function lastBlock(
  file: OffsetFileInfo,
  minBs: number,
  blockAlign: number,
  zoneRange = 0,
): number {
  let max = zoneRange > 0 ? zoneRange : Math.min(file.ioSize, file.realFileSize);
  if (minBs > blockAlign) max -= minBs - blockAlign;
  return max > 0 ? Math.floor(max / blockAlign) : 0;
}

/**
 * fio turns the random map off when `blockalign` differs from the smallest
 * block size of a direction, printing "fio: Any use of blockalign= turns
 * off randommap" (job fixups print it; JobOffsets applies the rule too).
 */
export function blockAlignTurnsOffMap(
  blockAlign: readonly number[],
  minBs: readonly number[],
): boolean {
  return blockAlign.some((ba, d) => ba !== minBs[d]);
}

/**
 * Blocks of a file in the map's unit (also the lfsr's range); with strided
 * zones, of one window.
 */
export function mapBlocks(file: OffsetFileInfo, rwMinBs: number, zoneRange = 0): number {
  const bytes = zoneRange > 0 ? zoneRange : Math.min(file.realFileSize, file.ioSize);
  return Math.floor(bytes / rwMinBs);
}

/** Per-file offset state: sequential positions, random map, lfsr. */
export class FileOffsets {
  /** The file's sizes. */
  readonly info: OffsetFileInfo;
  /** End of the last I/O per direction (absolute), fio's last_pos. */
  readonly lastPos = new Float64Array(3);
  /** Start of the last I/O per direction, or -1; fio's last_start. */
  readonly lastStart = new Float64Array(3);
  /** Used-block map, when the job keeps one. */
  readonly map: RandomMap | null;
  /** Full-period generator, with random_generator=lfsr. */
  readonly lfsr: Lfsr | null;
  /**
   * The sizes of {@link info} (file offset, io size, real size) in a typed
   * array: sizes of 1 GiB and more are not Smis, and reading them here
   * skips the info object, whose shape is the caller's.
   */
  readonly geom = new Float64Array(3);
  /** {@link lastBlock} per direction: random offsets are below it. */
  readonly lastBlocks = new Float64Array(3);
  /** The file's zipf/pareto/normal generator, when the job uses one. */
  skew: RangeRandom | null = null;

  /**
   * Builds the state of `info` for a job (see {@link JobOffsets.addFile});
   * `lastBlocks` holds {@link lastBlock} per direction.
   */
  constructor(
    info: OffsetFileInfo,
    map: RandomMap | null,
    lfsr: Lfsr | null,
    lastBlocks: ArrayLike<number>,
  ) {
    this.info = info;
    this.map = map;
    this.lfsr = lfsr;
    this.geom[G_OFFSET] = info.fileOffset;
    this.geom[G_IO_SIZE] = info.ioSize;
    this.geom[G_REAL_SIZE] = info.realFileSize;
    for (let d = 0; d < 3; d++) this.lastBlocks[d] = lastBlocks[d];
    // Not reset(): a fresh lfsr's first pass differs from later ones.
    this.lastPos.fill(info.fileOffset);
    this.lastStart.fill(-1);
  }

  /** Starts a new pass over the file (next loop, or a time_based wrap). */
  reset(): void {
    this.geom[G_OFFSET] = this.info.fileOffset;
    this.restartZone();
  }

  /** fio's file reset at the current window start (strided zones move it). */
  restartZone(): void {
    this.lastPos.fill(this.geom[G_OFFSET]);
    this.lastStart.fill(-1);
    this.map?.reset();
    this.lfsr?.reset();
  }
}

/** Per-job offset state: the random streams and the `rw=...:N` counter. */
export class JobOffsets {
  /** Options the offsets follow. */
  readonly opts: OffsetOptions;
  /** Generator actually used for random offsets (after the 64-bit switch). */
  readonly generator: RandomGeneratorKind;
  /** Lines fio prints about the generator choice (for stderr). */
  readonly messages: string[];
  /** Whether the last offset from {@link next} was a random one. */
  lastWasRandom = false;
  /**
   * Set when {@link next} wrapped a time_based job around its file (fio's
   * loop_cache_invalidate point); the caller clears it.
   */
  wrapped = false;
  private readonly offsetRandom: ScaledRandom | null;
  private readonly seqRandom: UnitRandom[];
  private readonly offsetSeed: bigint;
  private seqNrLeft = 1;
  /** The last offset was sequential inside a random job: it is not marked in the map. */
  private busyOk = false;
  // Per-direction options as typed arrays and scalars, read per I/O.
  private readonly ba = new Float64Array(3);
  private readonly minBs = new Float64Array(3);
  /** 1 / minBs where exact (a power of two), else 0: block math without a division. */
  private readonly invMinBs = new Float64Array(3);
  private readonly perc = new Float64Array(3);
  private readonly seqNr: number;
  private readonly random: boolean;
  private readonly timeBased: boolean;
  private readonly restartWhenUsed: boolean;
  private readonly seqSequencer: boolean;
  /**
   * [0]: the relative offset the producers computed (-1: none); [1]: the
   * relative offset {@link mark} works on. Offsets of 1 GiB and more are
   * not Smis: returned from a call V8 did not inline, they would be boxed.
   */
  private readonly scratch = new Float64Array(2);
  /** The distribution, and whether it is zipf/pareto/normal (per-file generators). */
  private readonly dist: OffsetDistribution | null;
  private readonly skewed: boolean;
  /** zoned/zoned_abs: the zone stream and per-direction lookups, else null. */
  private readonly zoneRandom: ScaledRandom | null = null;
  private readonly zoneIndex: ZoneIndex[] = [];
  private readonly zoneAbs: boolean = false;
  /** zonemode=strided, else null. */
  private strided: StridedZones | null = null;
  private readonly zoneRange: number;

  /**
   * `seeds` are the job's seed slots ({@link jobSeeds}); `maxBlocks` is the
   * largest map block count over the job's files (it decides the switch to
   * tausworthe64); `firstFileName` names the file in that message.
   */
  constructor(
    opts: OffsetOptions,
    seeds: BigUint64Array,
    maxBlocks: number,
    firstFileName: string,
  ) {
    this.opts = opts;
    for (let d = 0; d < 3; d++) {
      this.ba[d] = opts.blockAlign[d];
      this.minBs[d] = opts.minBs[d];
      this.invMinBs[d] = exactInverse(opts.minBs[d]);
      this.perc[d] = opts.percentageRandom[d];
    }
    this.seqNr = opts.ddirSeqNr;
    this.random = opts.random;
    this.timeBased = opts.timeBased;
    this.restartWhenUsed = opts.timeBased || opts.nonUniformFiles === true;
    this.seqSequencer = opts.rwSequencer === "sequential";
    const choice = opts.random
      ? chooseGenerator(opts.randomGenerator, opts.randomGeneratorSet, maxBlocks, firstFileName)
      : { kind: opts.randomGenerator, messages: [] };
    this.generator = choice.kind;
    this.messages = choice.messages;
    const use64 = choice.kind === "tausworthe64";
    this.offsetSeed = seeds[SeedSlot.offset];
    this.offsetRandom = choice.kind === "lfsr" ? null : makeTausworthe(use64, this.offsetSeed);
    // Measured on fio 3.33: percentage_random draws are always 32-bit, and
    // each direction has its own stream but all three start from the read
    // slot's seed (the write/trim slots go unused).
    const seqSeed = seeds[SeedSlot.seqRandRead];
    this.seqRandom = [0, 1, 2].map(() => makeTausworthe(false, seqSeed));
    const dist = opts.distribution ?? null;
    this.dist = dist !== null && dist.type !== "random" ? dist : null;
    this.skewed = this.dist !== null && isSkewed(this.dist);
    if (this.dist !== null && !this.skewed) {
      // Measured: the zone draw is 32-bit even with tausworthe64.
      this.zoneRandom = makeTausworthe(false, seeds[SeedSlot.zone]);
      this.zoneIndex = this.dist.zones.map((z) => new ZoneIndex(z));
      this.zoneAbs = this.dist.type === "zoned_abs";
    }
    this.zoneRange = opts.zones ? opts.zones.range : 0;
  }

  /** Builds the per-file state: a random map or an lfsr when the job needs one. */
  addFile(info: OffsetFileInfo): FileOffsets {
    const o = this.opts;
    let map: RandomMap | null = null;
    let lfsr: Lfsr | null = null;
    let skew: RangeRandom | null = null;
    // fio allows strided zones with one file only: the walk starts at its offset.
    if (o.zones && this.strided === null) this.strided = new StridedZones(o.zones, info.fileOffset);
    if (o.random && this.skewed) {
      // fio keeps neither a map nor an lfsr for zipf/pareto/normal.
      const rangeBs = Math.min(o.minBs[0], o.minBs[1]);
      const bytes = Math.min(info.realFileSize, info.ioSize);
      skew = skewedGenerator(this.dist!, Math.ceil(bytes / rangeBs), this.offsetSeed);
    } else if (o.random) {
      const blocks = mapBlocks(info, o.rwMinBs, this.zoneRange);
      if (this.generator === "lfsr") lfsr = new Lfsr(blocks, this.offsetSeed);
      // Measured: fio 3.33 keeps no random map for zoned/zoned_abs either.
      else if (
        !o.norandommap && this.dist === null && !blockAlignTurnsOffMap(o.blockAlign, o.minBs)
      ) {
        exerciseRandomMap();
        map = new RandomMap(blocks);
      }
    }
    const lastBlocks = [0, 1, 2].map((d) =>
      lastBlock(info, o.minBs[d], o.blockAlign[d], this.zoneRange)
    );
    const f = new FileOffsets(info, map, lfsr, lastBlocks);
    f.skew = skew;
    return f;
  }

  // The per-I/O path below is split into small methods on purpose: V8
  // inlines by bytecode size, and a call it does not inline boxes every
  // non-Smi number crossing it (an allocation per I/O). Results that may be
  // 1 GiB or more go through `scratch`; block numbers stay Smis.

  /** Random block (in blockalign units) or -1 when the pass is exhausted. */
  private randomBlock(f: FileOffsets, ddir: number): number {
    if (this.dist !== null) return this.distributedBlock(f, ddir);
    const lastb = f.lastBlocks[ddir];
    if (f.lfsr === null && lastb === 0) return -1;
    return this.uniformBlock(f, lastb);
  }

  /**
   * fio's uniform draw below `lastb` (or the lfsr's next), then the map;
   * `first` (zones, which have no map) is added to the block.
   */
  private uniformBlock(f: FileOffsets, lastb: number, first = 0): number {
    let b: number;
    if (f.lfsr !== null) {
      b = f.lfsr.next();
      if (b < 0) return -1;
    } else {
      b = this.offsetRandom!.nextBelow(lastb);
    }
    const map = f.map;
    return map === null ? b + first : map.pick(b);
  }

  /**
   * random_distribution other than random: the file's skewed generator, or
   * a zone drawn by access percentage and a uniform block (or the lfsr's
   * next value, unbounded, as in fio) inside it. No random map here.
   */
  private distributedBlock(f: FileOffsets, ddir: number): number {
    if (f.skew !== null) return f.skew.next();
    const lastb = f.lastBlocks[ddir];
    if (lastb === 0) return -1;
    const zi = this.zoneIndex[ddir];
    if (zi.count === 0) return this.uniformBlock(f, lastb);
    const v = randBetween(this.zoneRandom!, 1, 100) - 1;
    const end = zi.end[v];
    if (end < 0) return this.uniformBlock(f, lastb);
    let first: number, span: number;
    if (this.zoneAbs) {
      const ba = this.ba[ddir];
      first = Math.floor(zi.start[v] / ba);
      const last = Math.floor(end / ba);
      if (last > lastb) {
        this.zonedAbsTooBig();
        return -1;
      }
      span = last - first;
    } else {
      first = zi.start[v] === 0 ? 0 : Math.floor((zi.start[v] * lastb) / 100);
      span = Math.floor((lastb * (end - zi.start[v])) / 100);
    }
    return this.uniformBlock(f, span, first);
  }

  /** Where run-time diagnostics go (stderr); the loop sets it. */
  log: ((line: string) => void) | null = null;
  private warnedZones = false;

  /** fio's message when a zoned_abs zone ends past the file; the pass ends. */
  private zonedAbsTooBig(): void {
    if (this.warnedZones) return;
    this.warnedZones = true;
    this.log?.("fio: zoned_abs sizes exceed file size");
  }

  /**
   * fio's get_next_rand_block into `scratch[0]`: a time_based job starts a
   * new pass when the file is used up.
   */
  private randomOffset(f: FileOffsets, ddir: number): void {
    let b = this.randomBlock(f, ddir);
    if (b < 0 && this.restartWhenUsed) {
      f.restartZone();
      this.wrapped = true;
      b = this.randomBlock(f, ddir);
    }
    this.scratch[0] = b < 0 ? -1 : b * this.ba[ddir];
  }

  /** fio's get_next_seq_offset into `scratch[0]`, relative to the file offset; -1 at the end. */
  private sequentialOffset(f: FileOffsets, ddir: number): void {
    const g = f.geom;
    const fileOffset = g[G_OFFSET], ioSize = g[G_IO_SIZE], realSize = g[G_REAL_SIZE];
    const add = this.opts.ddirSeqAdd;
    const last = f.lastPos;
    if (this.timeBased && last[ddir] >= ioSize + fileOffset) {
      last[ddir] = fileOffset;
      this.wrapped = true;
    }
    if (last[ddir] >= realSize) {
      this.scratch[0] = -1;
      return;
    }
    // Backwards holes start from the end, but fio only does this with a
    // non-zero offset= (without one the first I/O goes to 0).
    if (last[ddir] === fileOffset && fileOffset !== 0 && add < 0) {
      last[ddir] = Math.min(ioSize, realSize);
    }
    let pos = last[ddir] - fileOffset;
    if (pos !== 0 && add !== 0) {
      pos += add;
      // fio compares unsigned: a negative position is past the end too.
      if (pos < 0 || pos >= realSize) {
        pos = add > 0 ? fileOffset : Math.min(ioSize, realSize) + add;
      }
    }
    this.scratch[0] = pos;
  }

  /** fio's should_do_random draw for a percentage_random below 100. */
  private drawRandom(ddir: number): boolean {
    return randBetween(this.seqRandom[ddir], 1, 100) <= this.perc[ddir];
  }

  /** fio's get_next_block when a new offset is due, into `scratch[0]`. */
  private freshRelative(f: FileOffsets, ddir: number): void {
    this.busyOk = false;
    if (!this.random) {
      this.lastWasRandom = false;
      return this.sequentialOffset(f, ddir);
    }
    if (this.perc[ddir] === 100 || this.drawRandom(ddir)) {
      this.lastWasRandom = true;
      return this.randomOffset(f, ddir);
    }
    this.lastWasRandom = false;
    this.busyOk = true;
    this.sequentialOffset(f, ddir);
    if (this.scratch[0] < 0) this.randomOffset(f, ddir);
  }

  /** fio's get_next_block inside a `rw=...:N` run, into `scratch[0]`. */
  private heldRelative(f: FileOffsets, ddir: number): void {
    this.busyOk = true;
    this.lastWasRandom = false;
    if (this.seqSequencer) {
      this.sequentialOffset(f, ddir);
      if (this.scratch[0] < 0) this.randomOffset(f, ddir);
      return;
    }
    this.scratch[0] = f.lastStart[ddir] >= 0 ? f.lastStart[ddir] - f.geom[G_OFFSET] : 0;
  }

  /**
   * Absolute offset of the next I/O in direction `ddir` on file `f`, or -1
   * when the file has nothing more to give this pass.
   */
  next(f: FileOffsets, ddir: number): number {
    if (this.strided !== null) this.strided.enter(f, ddir);
    if (--this.seqNrLeft <= 0) {
      this.seqNrLeft = this.seqNr;
      this.freshRelative(f, ddir);
    } else {
      this.heldRelative(f, ddir);
    }
    const rel = this.scratch[0];
    const g = f.geom;
    if (rel < 0 || rel >= g[G_IO_SIZE]) return -1;
    const abs = rel + g[G_OFFSET];
    return abs >= g[G_REAL_SIZE] ? -1 : abs;
  }

  /**
   * Accepts an I/O of `buflen` bytes at `offset` (from {@link next}):
   * returns -1 when it would cross the end of the file (fio ends the pass),
   * else the length to issue, shortened when the random map has a used
   * block inside it. Moves the file's sequential position past it.
   */
  commit(f: FileOffsets, ddir: number, offset: number, buflen: number): number {
    const g = f.geom;
    if (offset + buflen > g[G_REAL_SIZE]) return -1;
    let len = buflen;
    const map = f.map;
    if (map !== null && !this.busyOk) {
      this.scratch[1] = offset - g[G_OFFSET];
      len = this.mark(map, ddir, buflen);
    }
    f.lastStart[ddir] = offset;
    f.lastPos[ddir] = offset + len;
    if (this.strided !== null) this.strided.add(len);
    return len;
  }

  /**
   * Marks the blocks of an I/O at relative offset `scratch[1]` in the map;
   * returns its length, shortened to the free run that was marked.
   */
  private mark(map: RandomMap, ddir: number, buflen: number): number {
    const minBs = this.minBs[ddir];
    const inv = this.invMinBs[ddir];
    const rel = this.scratch[1];
    let block: number, count: number;
    // x * (1 / minBs) equals x / minBs exactly when minBs is a power of two.
    if (inv !== 0) {
      block = Math.floor(rel * inv);
      count = buflen === minBs ? 1 : Math.ceil(buflen * inv);
    } else {
      block = Math.floor(rel / minBs);
      count = Math.ceil(buflen / minBs);
    }
    const marked = map.setRun(block, count);
    // fio asserts a non-empty run; an I/O that starts on a used block
    // (only possible with blockalign < bs) is issued whole here.
    return marked > 0 && marked * minBs < buflen ? marked * minBs : buflen;
  }
}
