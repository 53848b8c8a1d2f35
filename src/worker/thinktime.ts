/**
 * thinktime: the job pauses after every `thinktime_blocks` I/Os (issued or
 * completed, `thinktime_blocks_type`), or once it has done I/O for
 * `thinktime_iotime`, first spinning `thinktime_spin` and then sleeping
 * the rest of `thinktime`. A pause never runs past the job's runtime.
 */

import { isSet, numberOption, stringOption } from "../job/options.ts";
import type { JobSpec } from "../job/spec.ts";

/** thinktime settings of a job, times in ns. */
export interface ThinkOptions {
  readonly thinkNs: number;
  readonly spinNs: number;
  readonly blocks: number;
  /** Whether thinktime_blocks was set (with thinktime_iotime it then counts too). */
  readonly blocksSet: boolean;
  /** Count issued I/Os rather than completed ones. */
  readonly countIssued: boolean;
  readonly ioTimeNs: number;
}

/** Reads thinktime settings; null when the job does not think. */
export function readThinkOptions(spec: JobSpec): ThinkOptions | null {
  const think = numberOption(spec, "thinktime");
  if (think <= 0) return null;
  return {
    thinkNs: think * 1000,
    spinNs: numberOption(spec, "thinktime_spin") * 1000,
    blocks: numberOption(spec, "thinktime_blocks", 1),
    blocksSet: isSet(spec, "thinktime_blocks"),
    countIssued: stringOption(spec, "thinktime_blocks_type", "complete") === "issue",
    ioTimeNs: numberOption(spec, "thinktime_iotime") * 1000,
  };
}

/** When the job thinks next. */
export class ThinkTime {
  readonly o: ThinkOptions;
  private lastBlocks = 0;
  private lastThinkNs = 0;

  constructor(o: ThinkOptions) {
    this.o = o;
  }

  /** Starts counting (job start). */
  reset(now: number): void {
    this.lastBlocks = 0;
    this.lastThinkNs = now;
  }

  /**
   * Whether a pause is due now, given the I/Os issued and completed so
   * far (reads, writes and trims).
   */
  due(issued: number, completed: number, now: number): boolean {
    const o = this.o;
    if (o.ioTimeNs > 0) {
      if (now - this.lastThinkNs >= o.ioTimeNs + o.thinkNs) return true;
      // With thinktime_iotime alone, the default of one block would make
      // every I/O think: fio then only counts time.
      if (!o.blocksSet) return false;
    }
    const b = o.countIssued ? issued : completed;
    return b >= this.lastBlocks + o.blocks;
  }

  /** Records a pause that ended at `now` with that block count. */
  thought(issued: number, completed: number, now: number): void {
    this.lastBlocks = this.o.countIssued ? issued : completed;
    this.lastThinkNs = now;
  }
}
