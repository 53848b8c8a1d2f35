/**
 * null: no I/O at all. Every io unit succeeds with its full length. With
 * iodepth=1 it completes inside `queue`; deeper, it behaves like an async
 * engine (units queue, `commit` makes them ready, `getEvents` hands them
 * back), which exercises the async path of the I/O loop at no cost.
 */

import type {
  EngineFile,
  EngineFlags,
  EngineInit,
  IoEngine,
  IoUnit,
  QueueStatus,
} from "./types.ts";
import { Q } from "./types.ts";

/** The null engine. */
export class NullEngine implements IoEngine {
  /** Name as given to `ioengine=`. */
  readonly name = "null";
  /** Diskless and fake: nothing is read or written. */
  flags: EngineFlags = {
    sync: false,
    diskless: true,
    noFile: false,
    pipe: false,
    raw: false,
    fake: true,
  };
  private units: IoUnit[] = [];
  private queued = 0;
  private ready = 0;
  private reaped = 0;
  private syncMode = true;

  /** iodepth=1 makes the engine synchronous, as in fio. */
  init(init: EngineInit): number {
    const depth = Math.max(1, init.iodepth | 0);
    this.syncMode = depth === 1;
    this.flags = { ...this.flags, sync: this.syncMode };
    this.units = new Array<IoUnit>(depth);
    return 0;
  }

  /** No file is opened; the descriptor stays -1. */
  openFile(_f: EngineFile): number {
    return 0;
  }

  /** Nothing to close. */
  closeFile(_f: EngineFile): number {
    return 0;
  }

  /** Succeeds at once (depth 1) or joins the pending batch. */
  queue(io: IoUnit): QueueStatus {
    io.result = io.buflen;
    io.resid = 0;
    io.error = 0;
    if (this.syncMode) return Q.COMPLETED;
    if (this.ready > 0 || this.queued === this.units.length) return Q.BUSY;
    this.units[this.queued++] = io;
    return Q.QUEUED;
  }

  /** Makes the pending batch reapable. */
  commit(): number {
    if (this.ready === 0) {
      this.ready = this.queued;
      this.queued = 0;
    }
    return 0;
  }

  /** Returns the whole ready batch (none when `min` is 0, as fio's does). */
  getEvents(min: number, _max: number, _timeoutNs: number): number {
    if (min === 0 && this.ready === 0) return 0;
    const n = this.ready;
    this.ready = 0;
    this.reaped = n;
    return n;
  }

  /** The i-th unit of the last reap. */
  event(i: number): IoUnit {
    if (i >= this.reaped) throw new RangeError(`null: no event ${i}`);
    return this.units[i];
  }

  /** Nothing to free. */
  cleanup(): void {}
}
