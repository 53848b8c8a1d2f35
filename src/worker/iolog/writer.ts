/**
 * write_iolog: the job's I/O trace in fio 3.33's format, which is iolog
 * version 3 (`fio version 3 iolog`, then one line per event with a leading
 * timestamp in microseconds since the log was opened):
 *
 *     <us> <file> add|open|close
 *     <us> <file> read|write|trim|sync|datasync <offset> <length>
 *
 * Files are added when the job's files are set up, opened and closed as
 * the job opens and closes them (between loops, openfiles limits, job
 * end). A sync line carries the offset the io unit had from its previous
 * I/O and length 0, as fio's does. The file is opened in append mode, so
 * several runs (or numjobs clones) add to one file.
 *
 * Lines are built as bytes in a preallocated buffer and written in batches
 * (when the buffer fills, once a second, and at the end): nothing is
 * allocated per I/O.
 */

import type { EngineFile, IoUnit } from "../../engines/types.ts";
import { FileSetupError } from "../files/errors.ts";
import { HEADER_V3 } from "./reader.ts";

const enc = new TextEncoder();
/** Action words by DDIR value (read, write, trim, sync, datasync, sync_file_range). */
const IO_WORDS = ["read", "write", "trim", "sync", "datasync", "sync"].map((w) =>
  enc.encode(` ${w} `)
);
const OPEN = enc.encode(" open\n");
const CLOSE = enc.encode(" close\n");
const ADD = enc.encode(" add\n");
const BUF_SIZE = 64 * 1024;
/** Most bytes a line adds besides the file name. */
const LINE_SLACK = 80;
/** Longest time lines stay in memory, ns. */
const FLUSH_EVERY_NS = 1e9;

/** Writes one job's iolog. */
export class IologWriter {
  private readonly file: Deno.FsFile;
  private readonly now: () => number;
  private readonly start: number;
  private readonly buf = new Uint8Array(BUF_SIZE);
  /** Scratch for the digits of one number, least significant first. */
  private readonly digits = new Uint8Array(24);
  private pos = 0;
  private limit = BUF_SIZE - LINE_SLACK;
  private lastFlush: number;
  private readonly names = new Map<EngineFile, Uint8Array>();
  private lastFile: EngineFile | null = null;
  private lastName: Uint8Array = new Uint8Array(0);
  private closed = false;

  private constructor(file: Deno.FsFile, now: () => number) {
    this.file = file;
    this.now = now;
    this.start = now();
    this.lastFlush = this.start;
    this.bytes(enc.encode(`${HEADER_V3}\n`));
  }

  /**
   * Opens `path` for appending and writes the header. Throws
   * FileSetupError as fio fails the job when the file cannot be opened;
   * `lead` receives fio's first line for that case.
   */
  static open(path: string, now: () => number, lead: (line: string) => void): IologWriter {
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, { append: true, create: true });
    } catch (e) {
      lead(`fopen write iolog: ${reason(e)}`);
      throw failedInit();
    }
    return new IologWriter(file, now);
  }

  /** Registers the job's files and writes their `add` lines. */
  addFiles(files: readonly EngineFile[]): void {
    for (const f of files) {
      const name = enc.encode(f.name);
      this.names.set(f, name);
      // A long name must still fit in one line of the buffer.
      this.limit = Math.min(this.limit, BUF_SIZE - LINE_SLACK - name.length);
      this.stamp();
      this.bytes(name);
      this.bytes(ADD);
    }
  }

  /** An `open` line for `f`. */
  opened(f: EngineFile): void {
    this.fileLine(f, OPEN);
  }

  /** A `close` line for `f`. */
  closedFile(f: EngineFile): void {
    this.fileLine(f, CLOSE);
  }

  /** The line of an I/O about to be issued. */
  io(io: IoUnit): void {
    let name = this.lastName;
    if (io.file !== this.lastFile) {
      // Most I/Os go to the file of the previous one: skip the map then.
      const found = this.names.get(io.file);
      if (found === undefined) return;
      this.lastFile = io.file;
      this.lastName = name = found;
    }
    const t = this.stamp();
    this.bytes(name);
    this.bytes(IO_WORDS[io.ddir]);
    this.uint(io.offset);
    this.buf[this.pos++] = 32;
    this.uint(io.buflen);
    this.buf[this.pos++] = 10;
    if (this.pos >= this.limit || t - this.lastFlush >= FLUSH_EVERY_NS) this.flush(t);
  }

  /** Writes what is buffered and closes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.flush(this.now());
    this.closed = true;
    this.file.close();
  }

  private fileLine(f: EngineFile, word: Uint8Array): void {
    const name = this.names.get(f);
    if (name === undefined || this.closed) return;
    const t = this.stamp();
    this.bytes(name);
    this.bytes(word);
    if (this.pos >= this.limit) this.flush(t);
  }

  /** Writes the timestamp and a space; returns the clock. */
  private stamp(): number {
    const t = this.now();
    this.uint(Math.floor((t - this.start) / 1000));
    this.buf[this.pos++] = 32;
    return t;
  }

  private bytes(b: Uint8Array): void {
    if (this.pos + b.length > BUF_SIZE) this.flush(this.now());
    // A byte loop beats TypedArray.set for the few bytes of a name or word.
    const buf = this.buf, n = b.length;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i];
    this.pos = p;
  }

  /** Decimal digits of a non-negative integer, without a string. */
  private uint(v: number): void {
    const buf = this.buf, tmp = this.digits;
    let n = 0;
    // Below 2^31 the digits come from int32 arithmetic (no float division).
    if (v < 2147483648) {
      let x = v | 0;
      do {
        const q = (x / 10) | 0;
        tmp[n++] = 48 + x - q * 10;
        x = q;
      } while (x !== 0);
    } else {
      let x = v;
      do {
        const q = Math.floor(x / 10);
        tmp[n++] = 48 + x - q * 10;
        x = q;
      } while (x !== 0);
    }
    let p = this.pos;
    while (n > 0) buf[p++] = tmp[--n];
    this.pos = p;
  }

  private flush(t: number): void {
    this.lastFlush = t;
    let off = 0;
    while (off < this.pos) off += this.file.writeSync(this.buf.subarray(off, this.pos));
    this.pos = 0;
  }
}

/** fio's job error when an iolog cannot be set up. */
export function failedInit(): FileSetupError {
  return new FileSetupError(
    "fio: pid=0, err=22/file:iolog.c:795, func=failed initializing iolog, error=Invalid argument",
    { errno: 22, func: "failed initializing iolog" },
  );
}

/** The strerror text of a failed open. */
export function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  if (e instanceof Deno.errors.NotADirectory) return "Not a directory";
  return "Input/output error";
}
