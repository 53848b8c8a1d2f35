/**
 * read_iolog: a job whose I/O comes from a trace instead of the generators.
 *
 * Setup (`setupReplay`) reads the whole trace once: it reports bad lines as
 * fio does, finds the files the trace adds (the job's own file options are
 * ignored, as in fio), which directions it uses (reads only: files open
 * read-only; writes: read-write and created with mode 0600 when missing)
 * and its largest lengths (the io buffers must hold them). The job's size
 * is what the trace covers; io_size, number_ios and loops do not cut or
 * repeat a replay (measured on fio 3.33); runtime still ends it.
 *
 * Replay (`IologReplay.next`) hands out the entries in order, performing
 * open/close actions and honouring the trace's timing unless
 * replay_no_stall is set: a version 3 entry waits until its gap to the
 * previous entry has passed since that entry was issued (an I/O that took
 * longer than the gap is followed at once), scaled by replay_time_scale.
 * With read_iolog_chunked the entries are read again in pieces during the
 * run instead of being held in memory. A version 2 `wait` waits until its
 * value in milliseconds after the run started (fio 3.33's reading of it).
 *
 * Also as in fio 3.33: rate limits do not apply to a replay, and with a
 * queueing engine the data I/Os still in flight when the trace runs out
 * are issued but not counted (the loop's `uncounted`).
 */

import { EngineFile, type IoUnit } from "../../engines/types.ts";
import { FioError } from "../../errors.ts";
import type { JobSpec } from "../../job/spec.ts";
import { O } from "../../sys/libc.ts";
import { jobFileSettings } from "../files/settings.ts";
import type { JobRunOptions } from "../job_options.ts";
import type { LoopFile } from "../loop_env.ts";
import type { SetupFile, SetupFiles } from "../run_job.ts";
import { Sleeper } from "../sleep.ts";
import { checkIologOptions, type IologOptions } from "./options.ts";
import { ACT, EntryQueue, IologParser, LineReader, probeTrace, WAIT_COUNT } from "./reader.ts";
import { failedInit } from "./writer.ts";

/** Entries read at a time with read_iolog_chunked. */
const CHUNK = 4096;

/** What the replay needs from the I/O loop. */
export interface ReplayHost {
  readonly env: { readonly files: readonly LoopFile[] };
  /** Whether file `i` is open. */
  isOpen(i: number): boolean;
  /** Opens file `i`; false when that failed (the job's error is then set). */
  replayOpen(i: number): boolean;
  /** Closes file `i`. */
  replayClose(i: number): void;
}

/** Hands out a trace's entries to the I/O loop, with the trace's timing. */
export class IologReplay {
  private readonly queue: EntryQueue;
  private readonly parser: IologParser;
  private reader: LineReader | null;
  private readonly path: string;
  private readonly noStall: boolean;
  private readonly genesisMs: number;
  private sleeper: Sleeper | null = null;
  private now: () => number = () => 0;
  private stopped: () => boolean = () => false;
  /** The last I/O handed out (its start time marks the next gap). */
  private last: IoUnit | null = null;
  /** When the last file action happened, ns (0: none yet). */
  private markNs = 0;

  /** @internal Built by `setupReplay`. */
  constructor(
    queue: EntryQueue,
    parser: IologParser,
    chunkedPath: string,
    noStall: boolean,
    genesisMs: number,
  ) {
    this.queue = queue;
    this.parser = parser;
    this.path = chunkedPath;
    this.reader = null;
    this.noStall = noStall;
    this.genesisMs = genesisMs;
  }

  /** Gives the replay the job's clock and stop test (the loop calls it once). */
  attach(now: () => number, stopped: () => boolean): void {
    this.now = now;
    this.stopped = stopped;
    this.sleeper = new Sleeper(now, stopped);
    if (this.path !== "") {
      // Chunked: the entries are read again, quietly, a piece at a time.
      this.parser.warn = null;
      this.parser.rewind();
      this.reader = new LineReader(this.path);
      this.reader.line();
    }
  }

  /**
   * Fills `io` with the next replayed I/O, after the file actions and waits
   * before it. False when the trace is done, the job must stop, or a file
   * could not be opened (then the host has the error).
   */
  next(io: IoUnit, host: ReplayHost): boolean {
    const q = this.queue;
    for (;;) {
      if (q.head >= q.count && !this.refill()) return false;
      const i = q.head++;
      const kind = q.kind[i];
      const delay = q.delay[i];
      if (delay > 0 && !this.noStall) {
        this.wait(kind, delay);
        if (this.stopped()) return false;
      }
      const fi = q.file[i];
      if (kind >= ACT.WAIT) {
        if (kind === ACT.OPEN) {
          // Opening an open file (replay_redirect folds files together) does nothing.
          if (!host.isOpen(fi) && !host.replayOpen(fi)) return false;
        } else if (kind === ACT.CLOSE) {
          if (host.isOpen(fi)) host.replayClose(fi);
        }
        if (!this.noStall) this.markNs = this.now();
        continue;
      }
      // fio asserts on I/O to a file the trace never opened; dfio opens it.
      if (!host.isOpen(fi) && !host.replayOpen(fi)) return false;
      io.ddir = kind as 0 | 1 | 2 | 3 | 4;
      io.offset = q.offset[i];
      io.buflen = q.len[i];
      io.file = host.env.files[fi].engineFile;
      this.last = io;
      return true;
    }
  }

  /** Closes the trace file of a chunked replay. */
  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  private wait(kind: number, delay: number): void {
    const sleeper = this.sleeper;
    if (sleeper === null) return;
    if (kind === ACT.WAIT) {
      const left = this.genesisMs + delay - Date.now();
      if (left > 0) sleeper.for(left * 1e6);
      return;
    }
    let mark = this.markNs;
    const last = this.last;
    if (last !== null && last.startNs > mark) mark = last.startNs;
    if (mark === 0) return;
    const deadline = mark + delay * 1000;
    if (this.now() < deadline) sleeper.until(deadline);
  }

  private refill(): boolean {
    const reader = this.reader;
    if (reader === null) return false;
    const q = this.queue;
    q.clear();
    while (q.count < CHUNK) {
      const line = reader.line();
      if (line === null) {
        this.close();
        break;
      }
      this.parser.line(line, q, reader.newline);
    }
    return q.count > 0;
  }
}

/** A replay ready to run: its files, the loop options it implies, the source. */
export interface ReplaySetup {
  readonly files: SetupFiles;
  readonly opts: JobRunOptions;
  readonly replay: IologReplay;
}

/** What a path is (missing: a regular file to create). */
function probeFile(path: string): { size: number; block: boolean; char: boolean } {
  try {
    const st = Deno.statSync(path);
    return {
      size: st.isFile ? st.size : 0,
      block: st.isBlockDevice === true,
      char: st.isCharDevice === true,
    };
  } catch {
    return { size: 0, block: false, char: false };
  }
}

/**
 * Reads the job's trace and builds its files and loop options. Throws
 * FileSetupError (after printing fio's lines) when the trace is unusable,
 * FioError for a blktrace file or bad replay options.
 */
export function setupReplay(
  spec: JobSpec,
  opts: JobRunOptions,
  iolog: IologOptions,
  log: (stream: "stdout" | "stderr", text: string) => void,
  genesisMs: number,
): ReplaySetup {
  checkIologOptions(spec);
  const path = iolog.read;
  if (path === "-") throw new FioError("fio: option 'read_iolog' is not supported yet from stdin");
  const probe = probeTrace(path);
  if (probe.kind === "blktrace") {
    throw new FioError("fio: option 'read_iolog' is not supported yet for blktrace files");
  }
  for (const m of probe.messages) log("stderr", m);
  if (probe.kind === "bad") throw failedInit();
  const parser = new IologParser(probe.version, iolog, (t) => log("stderr", t));
  const queue = new EntryQueue();
  const reader = new LineReader(path);
  try {
    reader.line();
    for (let line = reader.line(); line !== null; line = reader.line()) {
      parser.line(line, iolog.chunked ? null : queue, reader.newline);
    }
  } finally {
    reader.close();
  }
  if (parser.unknownFile !== "") {
    log("stderr", `fio: iolog uses file ${parser.unknownFile} before adding it`);
    throw failedInit();
  }
  const sum = parser.summary;
  // Syncs alone do not make a usable trace (fio counts reads, writes, trims, waits).
  const c = sum.counts;
  if (c[ACT.READ] + c[ACT.WRITE] + c[ACT.TRIM] + c[WAIT_COUNT] === 0) throw failedInit();
  const reads = sum.counts[ACT.READ] > 0, writes = sum.counts[ACT.WRITE] > 0;
  // fio's td_ddir after reading the trace (always read-write when chunked).
  const rwRead = iolog.chunked || reads || !writes;
  const rwWrite = iolog.chunked || writes || !reads;
  const s = jobFileSettings(spec);
  const files: SetupFile[] = parser.names.map((name, i) => {
    const p = probeFile(name);
    let flags = O.CLOEXEC | s.syncFlags;
    if (s.direct) flags |= O.DIRECT;
    if (rwWrite) {
      flags |= O.RDWR;
      if (!p.block && !p.char) flags |= O.CREAT;
    } else {
      flags |= O.RDONLY;
    }
    const ef = new EngineFile(name, flags, 0o600);
    ef.isBlockDevice = p.block;
    return {
      engineFile: ef,
      ioOffset: 0,
      ioSize: Math.max(sum.extent[i], p.size),
      realSize: p.size,
      isBlockDevice: p.block,
      isCharDevice: p.char,
    };
  });
  const bs = opts.bs;
  const maxBs: [number, number, number] = [
    Math.max(bs.maxBs[0], sum.maxLen[0]),
    Math.max(bs.maxBs[1], sum.maxLen[1]),
    Math.max(bs.maxBs[2], sum.maxLen[2]),
  ];
  const runOpts: JobRunOptions = {
    ...opts,
    rw: {
      ...opts.rw,
      read: rwRead,
      write: rwWrite,
      trim: sum.counts[ACT.TRIM] > 0,
      random: false,
      trimWrite: false,
    },
    bs: { ...bs, maxBs },
    loops: 1,
    numberIos: 0,
    ioSize: 0,
    ioSizePercent: 0,
    fsyncBlocks: 0,
    fdatasyncBlocks: 0,
  };
  const replay = new IologReplay(
    queue,
    parser,
    iolog.chunked ? path : "",
    iolog.noStall,
    genesisMs,
  );
  return { files: { files, totalIoSize: sum.totalBytes }, opts: runOpts, replay };
}
