/**
 * `dedupe_percentage`, `dedupe_mode`, `dedupe_working_set_percentage`
 * (fio 3.33's behaviour): before a write buffer is filled, a draw in
 * 1..100 from the job's dedupe stream decides whether it repeats earlier
 * data. A repeated buffer is generated from a copy of a saved generator
 * state instead of the job's buffer generator, so its bytes equal those of
 * another buffer:
 * - repeat: the state saved after the last unique buffer (so the copy
 *   equals the next unique buffer);
 * - working_set: one of `size * working_set% / 100 / min write bs` states,
 *   taken at setup by stepping the buffer generator one buffer's worth of
 *   seeds at a time, picked uniformly from a second stream.
 * dedupe_percentage=100 makes every buffer the same.
 */

import { FioError } from "../errors.ts";
import { numberOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";
import { BufRand } from "./buffer_rand.ts";
import { SeedSlot } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { randBetween } from "./random/unit.ts";

/** The dedupe settings of a job. */
export interface DedupeOptions {
  /** dedupe_percentage, 1..100. */
  readonly percentage: number;
  /** dedupe_mode. */
  readonly mode: "repeat" | "working_set";
  /** dedupe_working_set_percentage. */
  readonly workingSetPercentage: number;
  /** The job's size in bytes (the working set is a share of it). */
  readonly size: number;
  /** Smallest write block size. */
  readonly minWriteBs: number;
  /** buffer_compress_chunk (0: unset). */
  readonly chunk: number;
}

/**
 * Seed slot of the working-set index stream: slot 20 (measured: the only
 * slot whose stream reproduces fio 3.33's working_set files).
 */
export const WORKING_SET_SLOT = 20;

/** The per-job dedupe state (fio's buf_state_prev / buf_state_ret and streams). */
export class Dedupe {
  private readonly main: BufRand;
  private readonly prev: BufRand;
  private readonly ret: BufRand;
  private readonly all: boolean;
  private readonly percentage: number;
  private readonly choose: Taus88;
  private readonly index: Taus88 | null;
  private readonly states: Uint32Array | null;
  private readonly unique: number;

  /**
   * `main` is the job's buffer generator (already seeded); `seeds` the
   * job's seed slots.
   */
  constructor(main: BufRand, o: DedupeOptions, seeds: BigUint64Array, use64: boolean) {
    this.main = main;
    this.percentage = o.percentage;
    this.all = o.percentage >= 100;
    this.prev = new BufRand(use64, 0n);
    this.prev.copyFrom(main);
    this.ret = new BufRand(use64, 0n);
    this.choose = new Taus88(Number(seeds[SeedSlot.dedupe] & 0xffff_ffffn));
    this.index = null;
    this.states = null;
    this.unique = 0;
    const err = dedupeOptionError(o);
    if (err !== null) throw new FioError(err);
    if (o.mode === "working_set" && !this.all) {
      // At least one page: fio would index an empty set.
      const unique = Math.max(
        1,
        Math.floor(Math.floor(o.size * o.workingSetPercentage / 100) / o.minWriteBs),
      );
      const steps = Math.floor(
        o.minWriteBs / (o.chunk > 0 ? Math.min(o.chunk, o.minWriteBs) : o.minWriteBs),
      );
      const walker = new BufRand(use64, 0n);
      walker.copyFrom(main);
      const states = new Uint32Array(unique * walker.stateSize);
      walker.saveTo(states, 0);
      for (let i = 1; i < unique; i++) {
        for (let j = 0; j < steps; j++) walker.nextSeed();
        walker.saveTo(states, i);
      }
      this.states = states;
      this.unique = unique;
      this.index = new Taus88(Number(seeds[WORKING_SET_SLOT] & 0xffff_ffffn));
    }
  }

  /** fio's get_buf_state: the generator the next buffer is filled from. */
  pick(): BufRand {
    if (this.all) {
      this.prev.copyFrom(this.main);
      return this.main;
    }
    if (randBetween(this.choose, 1, 100) > this.percentage) return this.main;
    if (this.states === null) {
      this.ret.copyFrom(this.prev);
    } else {
      this.ret.loadFrom(this.states, randBetween(this.index!, 0, this.unique - 1));
    }
    return this.ret;
  }

  /** fio's save_buf_state, after each chunk filled from `rs`. */
  save(rs: BufRand): void {
    if (this.all) this.main.copyFrom(this.prev);
    else if (rs === this.main) this.prev.copyFrom(this.main);
  }
}

/** fio's error for dedupe settings that cannot be met, or null. */
export function dedupeOptionError(o: DedupeChoice): string | null {
  if (o.mode !== "working_set" || o.percentage + o.workingSetPercentage <= 100) return null;
  return `fio: impossible to reach expected dedupe percentage ${o.percentage} since ${o.workingSetPercentage} percentage of size is reserved to dedupe working set (those are unique pages)`;
}

/** The options a job sets for dedupe: dedupe_percentage, _mode and the working set share. */
export type DedupeChoice = Pick<DedupeOptions, "mode" | "percentage" | "workingSetPercentage">;

/** Reads a job's dedupe options (percentage 0: no dedupe). */
export function readDedupeChoice(spec: JobSpec): DedupeChoice {
  return {
    percentage: numberOption(spec, "dedupe_percentage", 0),
    mode: stringOption(spec, "dedupe_mode", "repeat") === "working_set" ? "working_set" : "repeat",
    workingSetPercentage: numberOption(spec, "dedupe_working_set_percentage", 5),
  };
}
