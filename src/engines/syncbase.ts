/**
 * The parts of the blocking engines (sync, psync, vsync, pvsync, pvsync2)
 * that do not differ: file open/close, the no-op commit and reaping of an
 * engine that finishes in `queue`. Each engine subclasses this with its own
 * `queue`, so a Worker's I/O loop only ever sees one concrete class.
 */

import { errnoView, type Libc, libc } from "../sys/libc.ts";
import { closeEngineFile, openEngineFile, SyncOps } from "./fileops.ts";
import type {
  EngineFile,
  EngineFlags,
  EngineInit,
  IoEngine,
  IoUnit,
  QueueStatus,
} from "./types.ts";

/** Flags of fio's file-based synchronous engines. */
export const SYNC_FLAGS: EngineFlags = {
  sync: true,
  diskless: false,
  noFile: false,
  pipe: false,
  raw: false,
  fake: false,
};

/** Shared state and ops of the blocking file engines. */
export abstract class SyncEngineBase implements IoEngine {
  /** Name as given to `ioengine=`. */
  abstract readonly name: string;
  /** Engine properties (see {@link SYNC_FLAGS}). */
  readonly flags: EngineFlags = SYNC_FLAGS;
  /** This isolate's libc. */
  protected readonly c: Libc;
  /** This thread's errno cell. */
  protected readonly err: Int32Array;
  /** Sync and trim directions. */
  protected ops: SyncOps;

  constructor() {
    this.c = libc();
    this.err = errnoView();
    this.ops = new SyncOps(this.c);
  }

  /** Reads engine settings; the base only needs the sync_file_range flags. */
  init(init: EngineInit): number {
    this.ops = new SyncOps(this.c, init.syncFileRangeFlags ?? 0);
    return 0;
  }

  /** Opens `f` with its flags. */
  openFile(f: EngineFile): number {
    return openEngineFile(this.c, f);
  }

  /** Closes `f`. */
  closeFile(f: EngineFile): number {
    return closeEngineFile(this.c, f);
  }

  /** Performs `io` (blocking) and reports COMPLETED. */
  abstract queue(io: IoUnit): QueueStatus;

  /** Nothing is ever pending. */
  commit(): number {
    return 0;
  }

  /** Nothing is ever pending. */
  getEvents(_min: number, _max: number, _timeoutNs: number): number {
    return 0;
  }

  /** Never called: no events. */
  event(_i: number): IoUnit {
    throw new Error(`${this.name}: no events to reap`);
  }

  /** No resources beyond the files. */
  cleanup(): void {}
}
