/**
 * Reading fio's iolog trace files (versions 2 and 3) into replay entries.
 *
 * The behaviour follows fio 3.33 as measured: a line is split the way C's
 * `sscanf("%llu %256s %256s %llu %u")` splits it (v3; v2 has no timestamp),
 * so `4096abc` reads as 4096 and a missing field makes the line "bad". A bad
 * or unknown line is reported and skipped, never fatal. Version 3 delays
 * are the gap to the previous timestamp, except that no gap is counted
 * while the previous timestamp is 0 (fio 3.33 replays the first non-zero
 * timestamp at once). A version 2 `wait N` waits until N milliseconds after
 * the run started (fio 3.33 treats the value that way, not as a relative
 * microsecond count as its manual says). Trims are refused ("bad ddir: 2"),
 * as fio 3.33 refuses them, although write_iolog logs them.
 */

import { DDIR } from "../../engines/types.ts";
import { grown } from "../typed_grow.ts";

/** Entry kinds: 0..4 are fio's data directions, the rest trace actions. */
export const ACT = {
  READ: DDIR.READ,
  WRITE: DDIR.WRITE,
  TRIM: DDIR.TRIM,
  SYNC: DDIR.SYNC,
  DATASYNC: DDIR.DATASYNC,
  /** v2 `wait`: `delay` is an absolute time in ms since the run started. */
  WAIT: 8,
  ADD: 9,
  OPEN: 10,
  CLOSE: 11,
} as const;

/** The first line of an iolog of each version. */
export const HEADER_V2 = "fio version 2 iolog";
/** See {@link HEADER_V2}. */
export const HEADER_V3 = "fio version 3 iolog";

const IO_ACTIONS: Record<string, number> = {
  wait: ACT.WAIT,
  read: ACT.READ,
  write: ACT.WRITE,
  sync: ACT.SYNC,
  datasync: ACT.DATASYNC,
  trim: ACT.TRIM,
};
const FILE_ACTIONS: Record<string, number> = { add: ACT.ADD, open: ACT.OPEN, close: ACT.CLOSE };

/** What `sscanf` would have stored from one line. */
export interface ScannedLine {
  /** Conversions that succeeded (-1: the line was empty, C's EOF). */
  count: number;
  ts: number;
  name: string;
  action: string;
  offset: number;
  len: number;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A cursor over one line with the conversions the iolog format uses. */
class Cursor {
  pos = 0;
  s = "";

  /** Starts on a new line. */
  reset(s: string): this {
    this.s = s;
    this.pos = 0;
    return this;
  }

  /** Skips white space; false at the end of the line. */
  private skip(): boolean {
    while (this.pos < this.s.length && isSpace(this.s.charCodeAt(this.pos))) this.pos++;
    return this.pos < this.s.length;
  }

  /** `%256s`: up to 256 non-space characters; null when none are left. */
  word(): string | null {
    if (!this.skip()) return null;
    const start = this.pos;
    while (
      this.pos < this.s.length && this.pos - start < 256 && !isSpace(this.s.charCodeAt(this.pos))
    ) this.pos++;
    return this.s.slice(start, this.pos);
  }

  /**
   * `%llu` (or `%u` with `bits` 32): optional sign, decimal digits; NaN
   * when no digit follows. A minus sign wraps as C's strtoull does.
   */
  number(bits: 32 | 64): number {
    if (!this.skip()) return NaN;
    const s = this.s;
    let neg = false;
    const c = s.charCodeAt(this.pos);
    if (c === 43 || c === 45) {
      neg = c === 45;
      this.pos++;
    }
    const start = this.pos;
    let v = 0;
    while (this.pos < s.length) {
      const d = s.charCodeAt(this.pos) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      this.pos++;
    }
    if (this.pos === start) return NaN;
    const mod = bits === 32 ? 4294967296 : 18446744073709551616;
    if (bits === 32) v %= mod;
    return neg && v !== 0 ? mod - v : v;
  }
}

const cursor = new Cursor();

/** Splits `line` as fio's sscanf for a version 2 or 3 iolog does. */
export function scanLine(line: string, version: 2 | 3, out: ScannedLine): ScannedLine {
  const c = cursor.reset(line);
  out.count = 0;
  if (version === 3) {
    const ts = c.number(64);
    if (Number.isNaN(ts)) {
      out.count = line.trim() === "" ? -1 : 0;
      return out;
    }
    out.ts = ts;
    out.count++;
  }
  const name = c.word();
  if (name === null) {
    if (out.count === 0) out.count = -1;
    return out;
  }
  out.name = name;
  out.count++;
  const action = c.word();
  if (action === null) return out;
  out.action = action;
  out.count++;
  const offset = c.number(64);
  if (Number.isNaN(offset)) return out;
  out.offset = offset;
  out.count++;
  const len = c.number(32);
  if (Number.isNaN(len)) return out;
  out.len = len;
  out.count++;
  return out;
}

/** Replay entries in typed arrays (nothing is allocated per replayed I/O). */
export class EntryQueue {
  kind = new Uint8Array(1024);
  file = new Int32Array(1024);
  offset = new Float64Array(1024);
  len = new Float64Array(1024);
  /** us to wait after the previous entry (WAIT: absolute ms since the run started). */
  delay = new Float64Array(1024);
  /** Entries stored. */
  count = 0;
  /** Next entry to replay. */
  head = 0;

  /** Appends one entry. */
  push(kind: number, file: number, offset: number, len: number, delay: number): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.file[i] = file;
    this.offset[i] = offset;
    this.len[i] = len;
    this.delay[i] = delay;
  }

  /** Drops every entry (chunked reading refills from the start). */
  clear(): void {
    this.count = 0;
    this.head = 0;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    this.kind = grown(this.kind, n);
    this.file = grown(this.file, n);
    this.offset = grown(this.offset, n);
    this.len = grown(this.len, n);
    this.delay = grown(this.delay, n);
  }
}

/**
 * Reads a text file line by line in 1 MiB pieces. Lines come without their
 * "\n"; `newline` says whether the last one had it.
 */
export class LineReader {
  private readonly file: Deno.FsFile;
  private readonly buf = new Uint8Array(1 << 20);
  private readonly decoder = new TextDecoder();
  private lines: string[] = [];
  private next = 0;
  private rest = "";
  private eof = false;
  /** Whether the last line returned ended with "\n" (only the file's last line may not). */
  newline = true;

  constructor(path: string) {
    this.file = Deno.openSync(path, { read: true });
  }

  /** The next line, or null at the end of the file. */
  line(): string | null {
    while (this.next >= this.lines.length) {
      if (this.eof) return null;
      const n = this.file.readSync(this.buf);
      let text: string;
      if (n === null || n === 0) {
        this.eof = true;
        text = this.rest + this.decoder.decode();
        this.rest = "";
        this.lines = text === "" ? [] : [text];
      } else {
        text = this.rest + this.decoder.decode(this.buf.subarray(0, n), { stream: true });
        const parts = text.split("\n");
        this.rest = parts.pop() ?? "";
        this.lines = parts;
      }
      this.next = 0;
    }
    this.newline = !this.eof;
    return this.lines[this.next++];
  }

  /** Closes the file. */
  close(): void {
    try {
      this.file.close();
    } catch {
      // Already closed.
    }
  }
}

/** Index of the v2 waits in `TraceSummary.counts` (after the five directions). */
export const WAIT_COUNT = 5;

/** What a whole trace holds (from the first read of it). */
export interface TraceSummary {
  /** Entries per kind: reads, writes, trims, syncs, datasyncs, waits. */
  readonly counts: number[];
  /** Largest length per direction (read, write, trim). */
  readonly maxLen: [number, number, number];
  /** Sum of the I/O lengths (fio adds them up as the job's size). */
  totalBytes: number;
  /** Highest end offset per file (offset + length). */
  readonly extent: number[];
}

/** Settings that change how lines become entries. */
export interface ParseSettings {
  /** replay_redirect ("" when unset). */
  readonly redirect: string;
  /** replay_scale (0 or 1: none). */
  readonly scale: number;
  /** replay_align (0: none). */
  readonly align: number;
  /** replay_time_scale in percent. */
  readonly timeScale: number;
  /** replay_no_stall: v2 waits are dropped. */
  readonly noStall: boolean;
}

/**
 * Turns the lines of one iolog (after its header) into entries. File names
 * get indices in the order they are added; the same name (or every name,
 * with replay_redirect) keeps its index.
 */
export class IologParser {
  /** File names by index. */
  readonly names: string[] = [];
  readonly summary: TraceSummary = {
    counts: [0, 0, 0, 0, 0, 0],
    maxLen: [0, 0, 0],
    totalBytes: 0,
    extent: [],
  };
  /** Set when a line uses a file that was never added (the trace is unusable). */
  unknownFile = "";
  private readonly index = new Map<string, number>();
  private readonly scanned: ScannedLine = {
    count: 0,
    ts: 0,
    name: "",
    action: "",
    offset: 0,
    len: 0,
  };
  private lastTs = 0;

  constructor(
    readonly version: 2 | 3,
    private readonly settings: ParseSettings,
    /** Where fio's complaints about bad lines go (null: say nothing). */
    public warn: ((text: string) => void) | null,
  ) {}

  /** Starts the trace again (a second read of the same lines). */
  rewind(): void {
    this.lastTs = 0;
  }

  private fileIndex(name: string): number {
    return this.index.get(this.settings.redirect !== "" ? this.settings.redirect : name) ?? -1;
  }

  private addFile(name: string): number {
    const key = this.settings.redirect !== "" ? this.settings.redirect : name;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(key);
      this.index.set(key, i);
      this.summary.extent.push(0);
    }
    return i;
  }

  /**
   * Parses one line; stores its entry in `queue` (when given). Returns
   * whether an entry came out of it.
   */
  line(text: string, queue: EntryQueue | null, newline = true): boolean {
    const v = this.version;
    const s = scanLine(text, v, this.scanned);
    let delay = 0;
    if (v === 3 && s.count >= 1) {
      if (this.lastTs !== 0 && s.ts > this.lastTs) {
        delay = Math.floor((s.ts - this.lastTs) * 100 / this.settings.timeScale);
      }
      this.lastTs = s.ts;
    }
    const ioFields = v === 3 ? 5 : 4;
    const fileFields = v === 3 ? 3 : 2;
    if (s.count === ioFields) {
      const kind = IO_ACTIONS[s.action];
      if (kind === undefined) return this.bad(`fio: bad iolog file action: ${s.action}\n`);
      if (kind === ACT.WAIT) {
        if (v === 3) {
          return this.bad(`iolog: ignoring wait command with version 3 for file ${s.name}\n`);
        }
        if (this.settings.noStall) return false;
        this.summary.counts[WAIT_COUNT]++;
        queue?.push(ACT.WAIT, -1, 0, 0, s.offset);
        return true;
      }
      const fi = this.fileIndex(s.name);
      if (fi < 0) {
        if (this.unknownFile === "") this.unknownFile = s.name;
        return false;
      }
      // fio 3.33 parses trims but refuses to replay them.
      if (kind === ACT.TRIM) return this.bad(`bad ddir: ${ACT.TRIM}\n`);
      let off = s.offset;
      if (this.settings.scale > 1) off = Math.floor(off / this.settings.scale);
      if (this.settings.align > 0) off -= off % this.settings.align;
      const len = s.len;
      const sum = this.summary;
      sum.counts[kind]++;
      if (kind <= ACT.TRIM) {
        if (len > sum.maxLen[kind]) sum.maxLen[kind] = len;
        if (off + len > sum.extent[fi]) sum.extent[fi] = off + len;
      }
      sum.totalBytes += len;
      queue?.push(kind, fi, off, len, delay);
      return true;
    }
    if (s.count === fileFields) {
      const kind = FILE_ACTIONS[s.action];
      if (kind === undefined) return this.bad(`fio: bad iolog file action: ${s.action}\n`);
      let fi: number;
      if (kind === ACT.ADD) fi = this.addFile(s.name);
      else {
        fi = this.fileIndex(s.name);
        if (fi < 0) {
          if (this.unknownFile === "") this.unknownFile = s.name;
          return false;
        }
      }
      queue?.push(kind, fi, 0, 0, delay);
      return true;
    }
    // fio prints the line with its own newline, then ends the message.
    return this.bad(`bad iolog${v}: ${text}${newline ? "\n\n" : "\n"}`);
  }

  private bad(message: string): false {
    this.warn?.(message);
    return false;
  }
}

/** How a trace file starts. */
export type TraceKind =
  | { readonly kind: "iolog"; readonly version: 2 | 3; readonly messages: string[] }
  | { readonly kind: "blktrace" }
  | { readonly kind: "bad"; readonly messages: string[] };

/** blktrace's magic in the first word of each record (low byte: version). */
const BLK_IO_TRACE_MAGIC = 0x65617400;
/** Size of one blktrace record header. */
const BLK_IO_TRACE_SIZE = 48;

/**
 * Looks at the start of `path`: a blktrace binary, an iolog of version 2
 * or 3, or something fio refuses (with the lines fio prints for it).
 */
export function probeTrace(path: string): TraceKind {
  let head: Uint8Array;
  try {
    const f = Deno.openSync(path, { read: true });
    try {
      head = new Uint8Array(4096);
      let got = 0;
      while (got < head.length) {
        const n = f.readSync(head.subarray(got));
        if (n === null || n === 0) break;
        got += n;
      }
      head = head.subarray(0, got);
    } finally {
      f.close();
    }
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "No such file or directory"
      : e instanceof Deno.errors.PermissionDenied
      ? "Permission denied"
      : e instanceof Deno.errors.IsADirectory
      ? "Is a directory"
      : "Input/output error";
    return { kind: "bad", messages: [`fopen read iolog: ${why}`] };
  }
  const messages: string[] = [];
  if (head.length < BLK_IO_TRACE_SIZE) {
    messages.push("fio: short read on blktrace file");
  } else {
    const magic = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
    if ((magic & 0xffffff00) === BLK_IO_TRACE_MAGIC) return { kind: "blktrace" };
  }
  const nl = head.indexOf(10);
  const first = new TextDecoder().decode(nl >= 0 ? head.subarray(0, nl) : head);
  if (head.length === 0) {
    messages.push("fio: unable to read iolog");
    return { kind: "bad", messages };
  }
  // fio still reports the short read of a small but valid iolog.
  if (first.startsWith(HEADER_V2)) return { kind: "iolog", version: 2, messages };
  if (first.startsWith(HEADER_V3)) return { kind: "iolog", version: 3, messages };
  messages.push("fio: iolog version 1 is no longer supported");
  return { kind: "bad", messages };
}
