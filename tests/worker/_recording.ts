/**
 * Test helpers: an engine that records every I/O instead of doing it, and
 * a JobLoop wired to it, so the loop's choices (directions, offsets, sizes,
 * syncs) can be compared with fio's write_iolog.
 */

import {
  DDIR,
  EngineFile,
  type IoEngine,
  IoUnit,
  Q,
  type QueueStatus,
} from "../../src/engines/types.ts";
import type { JobSpec } from "../../src/job/spec.ts";
import { ThreadArea } from "../../src/run/thread_area.ts";
import { Collector } from "../../src/worker/collect.ts";
import { readRunOptions } from "../../src/worker/job_options.ts";
import { JobLoop } from "../../src/worker/loop.ts";
import { jobSeeds } from "../../src/worker/random/seeds.ts";

const NAMES = ["r", "w", "t", "sync", "datasync"];

/** A synchronous engine that succeeds at once and logs each I/O like fio's iolog. */
export class RecordingEngine implements IoEngine {
  readonly name = "recording";
  readonly flags = {
    sync: true,
    diskless: true,
    noFile: false,
    pipe: false,
    raw: false,
    fake: true,
  };
  /** "r 4096 4096" for transfers, "sync"/"datasync" for syncs. */
  readonly log: string[] = [];
  init(): number {
    return 0;
  }
  openFile(f: EngineFile): number {
    f.fd = 99;
    return 0;
  }
  closeFile(f: EngineFile): number {
    f.fd = -1;
    return 0;
  }
  /** I/Os seen (the log keeps the first 100000). */
  count = 0;
  queue(io: IoUnit): QueueStatus {
    if (this.count++ < 100000) {
      this.log.push(
        io.ddir > DDIR.TRIM ? NAMES[io.ddir] : `${NAMES[io.ddir]} ${io.offset} ${io.buflen}`,
      );
    }
    io.result = io.buflen;
    io.resid = 0;
    io.error = 0;
    return Q.COMPLETED;
  }
  commit(): number {
    return 0;
  }
  getEvents(): number {
    return 0;
  }
  event(): IoUnit {
    throw new Error("no events");
  }
  cleanup(): void {}
}

/**
 * A Collector set up as for a sync-engine job with fio's defaults: no slat,
 * lat taken from clat, a clat histogram; `rates` turns on bw/iops sampling.
 */
export function syncCollector(rates: boolean): Collector {
  return new Collector({
    slat: false,
    clat: true,
    lat: true,
    latIsClat: true,
    clatHist: true,
    latHist: false,
    slatHist: false,
    rates,
    bwAvgMs: 500,
    iopsAvgMs: 500,
  });
}

/**
 * Runs `spec`'s loop on one file of `size` bytes; returns the engine's log
 * (a time_based wrap around the file logged as "wrap 0") and the loop.
 */
export function recordJob(
  spec: JobSpec,
  size: number,
  opt: { stopped?: boolean; collector?: Collector; now?: () => number } = {},
): { log: string[]; loop: JobLoop } {
  const engine = new RecordingEngine();
  const opts = readRunOptions(spec);
  const area = new ThreadArea(1);
  if (opt.stopped) area.stopAll();
  const io = new IoUnit(0);
  const collector = opt.collector ?? syncCollector(true);
  const file = { engineFile: new EngineFile("f"), ioOffset: 0, ioSize: size, realSize: size };
  const loop = new JobLoop({
    engine,
    units: [io],
    files: [file],
    opts,
    seeds: jobSeeds(opts.randseed, spec.jobNumber),
    now: opt.now ?? (() => performance.now() * 1e6),
    control: area.control,
    slots: area.slots,
    slotBase: 0,
    sizeLimit: size,
    openFile: () => engine.openFile(file.engineFile),
    closeFile: () => void engine.closeFile(file.engineFile),
    newPass: () => {},
    wrapped: (i) => engine.log.push(`wrap ${i}`),
    limitOpen: false,
    contents: null,
    log: () => {},
  }, collector);
  loop.run();
  return { log: engine.log, loop };
}
