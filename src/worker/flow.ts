/**
 * Flow control inside a job: before every I/O the job asks its flow
 * whether it may go on, through Atomics on the run's flow area
 * (src/run/flow_area.ts).
 *
 * Weights (fio's current meaning): a job may issue while its share of the
 * flow's I/O count (which starts at 1, as in fio) is not above its share
 * of the flow's total weight. A job leaving the flow takes its
 * weight and its I/Os out, so the others rebalance.
 *
 * Tokens (the original meaning, used when a job has a negative `flow` or
 * sets `flow_watermark`): the flow is one signed counter, each I/O adds
 * the job's `flow`, and a job is held while sign(flow) * counter is above
 * its watermark. fio 3.33 runs such files with the weight rule and a
 * negative total weight, which starves the positive job; dfio runs them as
 * written.
 */
import { type FlowJoin, FlowWord } from "../run/flow_area.ts";

/** 2^32, to assemble the 64-bit flow count. */
const TWO32 = 4294967296;

/** One job's membership in its flow. */
export class FlowMember {
  private readonly words: Int32Array;
  private readonly lo: Uint32Array;
  private readonly base: number;
  readonly tokens: boolean;
  private readonly weight: number;
  private readonly sign: number;
  private readonly watermark: number;
  /** flow_sleep in ns (0: retry at once). */
  readonly sleepNs: number;
  /** I/Os this job counted into the flow. */
  private count = 0;
  private joined = false;

  constructor(join: FlowJoin) {
    this.words = new Int32Array(join.buffer);
    this.lo = new Uint32Array(join.buffer);
    this.base = join.index * FlowWord.SIZE;
    this.tokens = join.tokens;
    this.weight = join.weight;
    this.sign = join.weight > 0 ? 1 : -1;
    this.watermark = join.watermark;
    this.sleepNs = join.sleepUs * 1000;
  }

  /** Adds the job's weight to the flow (before its first I/O). */
  join(): void {
    if (this.joined) return;
    this.joined = true;
    if (!this.tokens) Atomics.add(this.words, this.base + FlowWord.TOTAL_WEIGHT, this.weight);
  }

  /** Takes the job's weight and I/Os out of the flow (when it ends). */
  leave(): void {
    if (!this.joined) return;
    this.joined = false;
    if (this.tokens) return;
    const b = this.base;
    Atomics.sub(this.words, b + FlowWord.TOTAL_WEIGHT, this.weight);
    const hi = Math.floor(this.count / TWO32), lo = this.count - hi * TWO32;
    const old = Atomics.sub(this.lo, b + FlowWord.COUNT_LO, lo);
    if (old < lo) Atomics.sub(this.words, b + FlowWord.COUNT_HI, 1);
    if (hi > 0) Atomics.sub(this.words, b + FlowWord.COUNT_HI, hi);
    this.count = 0;
  }

  /**
   * One attempt to issue: true (and the I/O counted in the flow) when the
   * job may go, false when it is held.
   */
  tryIssue(): boolean {
    const w = this.words, b = this.base;
    if (this.tokens) {
      if (this.sign * w[b + FlowWord.TOKENS] > this.watermark) return false;
      Atomics.add(w, b + FlowWord.TOKENS, this.weight);
      return true;
    }
    // count / flowCount > weight / totalWeight, without divisions;
    // plain reads suffice for a ratio that others change all the time.
    const total = w[b + FlowWord.COUNT_HI] * TWO32 + this.lo[b + FlowWord.COUNT_LO];
    if (this.count * w[b + FlowWord.TOTAL_WEIGHT] > this.weight * total) return false;
    if (Atomics.add(this.lo, b + FlowWord.COUNT_LO, 1) === 0xffffffff) {
      Atomics.add(w, b + FlowWord.COUNT_HI, 1);
    }
    this.count++;
    return true;
  }
}
