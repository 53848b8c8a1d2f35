/**
 * What the next I/O is: its direction (rw, rwmixread/rwmixwrite, fsync=N,
 * fdatasync=N, trimwrite) and its block size (bs, bsrange, bssplit,
 * blocksize_unaligned, bs_is_seq_rand), drawn from fio's seeded streams so
 * the same job and seed choose the same sequence as fio. Offsets come from
 * src/worker/offsets. Nothing here allocates per I/O.
 */

import { DDIR } from "../engines/types.ts";
import { seedLow32, SeedSlot } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { Tausworthe64 } from "./random/tausworthe64.ts";
import type { BlockSizes, JobRunOptions } from "./job_options.ts";
import type { OffsetOptions } from "./offsets/offsets.ts";

const TWO32 = 4294967296;
/** fio's `rand_max / 100` for a 32-bit generator (integer division). */
const MAX32_PER_CENT = Math.floor((TWO32 - 1) / 100);

/**
 * Direction of each I/O. Mixed jobs keep a direction for a run of I/Os:
 * after a switch, the new direction holds until its issue count reaches
 * (issues of the old direction) * (new direction's share) / 100; at that
 * point, and while a draw keeps the direction, each I/O draws again
 * (measured on fio 3.33 with write_iolog).
 */
export class DdirChooser {
  /** I/Os issued per direction (read, write, trim) this job, fio's io_issues. */
  readonly issues = new Float64Array(3);
  private readonly read: boolean;
  private readonly write: boolean;
  private readonly mixed: boolean;
  private readonly mixRead: number;
  private readonly mixShare: [number, number];
  private readonly rand: Taus88;
  private readonly fsyncBlocks: number;
  private readonly fdatasyncBlocks: number;
  /** sync_file_range=...:N (0: off). */
  private readonly syncRangeBlocks: number;
  private cur = 0;
  private switchAt = 0;
  /** The previous I/O was a sync (fio never syncs twice in a row). */
  private lastWasSync = false;

  constructor(opts: JobRunOptions, seeds: BigUint64Array) {
    const rw = opts.rw;
    this.read = rw.read;
    this.write = rw.write;
    this.mixed = rw.read && rw.write;
    this.mixRead = opts.rwmixRead;
    this.mixShare = [opts.rwmixRead, 100 - opts.rwmixRead];
    this.rand = new Taus88(seedLow32(seeds[SeedSlot.rwmix]));
    this.fsyncBlocks = rw.write ? opts.fsyncBlocks : 0;
    this.fdatasyncBlocks = rw.write ? opts.fdatasyncBlocks : 0;
    this.syncRangeBlocks = rw.write && opts.syncFileRange !== null ? opts.syncFileRange.nr : 0;
  }

  /**
   * DDIR.SYNC or DDIR.DATASYNC when fsync=N / fdatasync=N makes the next
   * I/O a sync, else 0. fio checks the write count, not the last direction:
   * while the count stays a multiple of N, every I/O after a read is a
   * sync again (measured: randrw fsync=3 syncs after reads too).
   */
  syncDue(): number {
    if (this.lastWasSync) return 0;
    const w = this.issues[DDIR.WRITE];
    if (w === 0) return 0;
    if (this.fsyncBlocks > 0 && w % this.fsyncBlocks === 0) return DDIR.SYNC;
    if (this.fdatasyncBlocks > 0 && w % this.fdatasyncBlocks === 0) return DDIR.DATASYNC;
    if (this.syncRangeBlocks > 0 && w % this.syncRangeBlocks === 0) return DDIR.SYNC_FILE_RANGE;
    return 0;
  }

  /** Direction of the next read/write/trim. */
  nextRw(): number {
    if (this.mixed) {
      const cur = this.cur;
      if (this.issues[cur] >= this.switchAt) {
        const v = 1 + Math.floor(100 * (this.rand.next() / TWO32));
        const d = v <= this.mixRead ? DDIR.READ : DDIR.WRITE;
        if (d !== cur) this.switchAt = Math.floor((this.issues[cur] * this.mixShare[d]) / 100);
        this.cur = d;
      }
      return this.cur;
    }
    if (this.read) return DDIR.READ;
    return this.write ? DDIR.WRITE : DDIR.TRIM;
  }

  /** Direction of the next I/O (a DDIR value, SYNC/DATASYNC included). */
  next(): number {
    const s = this.syncDue();
    return s !== 0 ? s : this.nextRw();
  }

  /** Records that an I/O of direction `ddir` was issued. */
  issued(ddir: number): void {
    if (ddir <= DDIR.TRIM) this.issues[ddir]++;
  }

  /**
   * Records a completion. fio notes "the last I/O was a sync" when I/Os
   * complete, not when they are issued: while a queued fsync (io_uring) is
   * in flight, every new I/O choice may pick another sync.
   */
  completed(ddir: number): void {
    this.lastWasSync = ddir > DDIR.TRIM;
  }

  /**
   * A new pass (loops): the mixed-direction run length starts over, so the
   * first I/O draws a direction; the issue counts carry on.
   */
  resetPass(): void {
    this.lastWasSync = false;
    this.switchAt = 0;
  }
}

/** The raw output of a bs stream, 32- or 64-bit (as a double for 64). */
interface BsRandom {
  /** r / (rand_max + 1.0). */
  nextUnit(): number;
}

/**
 * Block size of each I/O. With one size it is that size. A bsrange draws
 * `min + floor(max * r/2^32)` (fio's formula: the span is `max`, not
 * `max - min`, so the top size is over-represented), rounds down to a
 * multiple of the minimum (unless blocksize_unaligned) and caps at the max.
 * A bssplit walks its entries in size order adding percentages until
 * `r / sum <= rand_max / 100`, skipping sizes that would not fit.
 */
export class BlockSizer {
  private readonly minBs: Float64Array;
  private readonly maxBs: Float64Array;
  private readonly splitBs: Float64Array[];
  private readonly splitPerc: Float64Array[];
  private readonly unaligned: boolean;
  private readonly seqRand: boolean;
  private readonly rand32: (Taus88 | null)[];
  private readonly rand64: (Tausworthe64 | null)[];

  constructor(bs: BlockSizes, seeds: BigUint64Array, use64: boolean) {
    this.minBs = Float64Array.from(bs.minBs);
    this.maxBs = Float64Array.from(bs.maxBs);
    this.splitBs = bs.split.map((l) => Float64Array.from(l.map((e) => e.bs)));
    this.splitPerc = bs.split.map((l) => Float64Array.from(l.map((e) => e.perc)));
    this.unaligned = bs.unaligned;
    this.seqRand = bs.seqRand;
    const slots = [SeedSlot.bs, SeedSlot.bsWrite, SeedSlot.bsTrim];
    this.rand32 = slots.map((s) => (use64 ? null : new Taus88(seedLow32(seeds[s]))));
    this.rand64 = slots.map((s) => (use64 ? new Tausworthe64(seeds[s]) : null));
  }

  /** Smallest size of direction `ddir` (after bs_is_seq_rand). */
  min(ddir: number, isRandom: boolean): number {
    return this.minBs[this.sizeDir(ddir, isRandom)];
  }

  private sizeDir(ddir: number, isRandom: boolean): number {
    return this.seqRand ? (isRandom ? DDIR.WRITE : DDIR.READ) : ddir;
  }

  private draw(d: number): number {
    const r32 = this.rand32[d];
    return r32 !== null ? r32.next() : (this.rand64[d] as BsRandom).nextUnit() * TWO32;
  }

  /**
   * Size of the next I/O in `ddir` starting at `offset`, with `room` bytes
   * left before the end of the job's region of the file; 0 when not even
   * the minimum size fits.
   */
  next(ddir: number, isRandom: boolean, room: number): number {
    const d = this.sizeDir(ddir, isRandom);
    const minbs = this.minBs[d], maxbs = this.maxBs[d];
    if (minbs === maxbs) return minbs;
    if (minbs > room) return 0;
    const split = this.splitBs[d];
    const perc = this.splitPerc[d];
    let len = 0;
    for (let tries = 0;; tries++) {
      const r = this.draw(d);
      if (split.length === 0) {
        len = minbs + Math.floor(maxbs * (r / TWO32));
      } else {
        let sum = 0;
        for (let i = 0; i < split.length; i++) {
          if (perc[i] === 0) continue;
          len = split[i];
          sum += perc[i];
          if (Math.floor(r / sum) <= MAX32_PER_CENT && len <= room) break;
        }
      }
      if (!this.unaligned) len -= len % minbs;
      if (len > maxbs) len = maxbs;
      if (len <= room) return len;
      // A split whose fitting sizes all have no weight would spin forever.
      if (tries > 1000) return minbs;
    }
  }
}

/** The offset options of a job (see src/worker/offsets). */
export function offsetOptions(opts: JobRunOptions): OffsetOptions {
  const rw = opts.rw;
  const used = [rw.read, rw.write, rw.trim];
  let rwMinBs = Infinity;
  for (let d = 0; d < 3; d++) if (used[d]) rwMinBs = Math.min(rwMinBs, opts.bs.minBs[d]);
  if (!Number.isFinite(rwMinBs)) rwMinBs = opts.bs.minBs[0];
  return {
    random: rw.random,
    randomGenerator: opts.randomGenerator,
    randomGeneratorSet: opts.randomGeneratorSet,
    norandommap: opts.norandommap,
    softrandommap: opts.softrandommap,
    percentageRandom: opts.percentageRandom,
    ddirSeqAdd: rw.seqAdd,
    ddirSeqNr: rw.seqNr,
    rwSequencer: opts.rwSequencer,
    blockAlign: opts.bs.align,
    minBs: opts.bs.minBs,
    rwMinBs,
    timeBased: opts.timeBased,
    distribution: opts.distribution,
    zones: opts.zones,
    nonUniformFiles: opts.fileService === "zipf" || opts.fileService === "pareto" ||
      opts.fileService === "normal",
  };
}
