/**
 * One bandwidth, IOPS or latency log: entries go into a preallocated
 * Float64Array batch (no allocation per I/O) and become text only when the
 * batch is written out. With log_avg_msec the log keeps a window per
 * direction instead and adds one entry (mean or max) when it closes.
 *
 * Line format, as fio 3.33 writes it:
 *   `time, value, ddir, bs[, offset], prio`
 * where prio is 0/1 (high priority) or, with log_prio, the raw ioprio as
 * `0x%04x`.
 */

/** Columns of an entry line besides time, value and direction. */
export interface EntryFormat {
  /** log_offset: an offset column after the block size. */
  readonly offset: boolean;
  /** log_prio: the priority column in hex (raw ioprio value). */
  readonly prio: boolean;
  /** The job's ioprio value (class << 13 | level; 0 when unset). */
  readonly ioprio: number;
}

/** Fields per buffered entry: time, value, ddir, bs, offset, ioprio. */
const FIELDS = 6;

/** The last column of a line for `ioprio`. */
export function prioColumn(fmt: EntryFormat): string {
  if (fmt.prio) return `0x${fmt.ioprio.toString(16).padStart(4, "0")}`;
  // Without log_prio fio only says whether the I/O ran at real-time class.
  return (fmt.ioprio >> 13) === 1 ? "1" : "0";
}

/** One entry line, newline included. */
export function formatEntry(
  time: number,
  value: number,
  ddir: number,
  bs: number,
  offset: number,
  fmt: EntryFormat,
): string {
  const off = fmt.offset ? `, ${offset}` : "";
  return `${time}, ${value}, ${ddir}, ${bs}${off}, ${prioColumn(fmt)}\n`;
}

/** Longest line: five 16-digit numbers, separators and a 6-character priority. */
const MAX_LINE = 5 * 18 + 8;

/**
 * Decimal text straight into bytes: formatting with template strings cost
 * about 165 ns per entry, which slowed a job logging every I/O.
 */
export class AsciiBuffer {
  /** The bytes; `pos` of them are in use. */
  readonly buf: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  /** Appends a non-negative integer (below 2^53). */
  uint(n: number): void {
    const b = this.buf;
    if (n < 10) {
      b[this.pos++] = 48 + n;
      return;
    }
    if (n >= 2147483648) {
      const s = String(n);
      for (let i = 0; i < s.length; i++) b[this.pos++] = s.charCodeAt(i);
      return;
    }
    let v = n | 0;
    const len = v < 100
      ? 2
      : v < 1000
      ? 3
      : v < 10000
      ? 4
      : v < 100000
      ? 5
      : v < 1000000
      ? 6
      : v < 10000000
      ? 7
      : v < 100000000
      ? 8
      : v < 1000000000
      ? 9
      : 10;
    let p = this.pos + len;
    this.pos = p;
    while (v >= 10) {
      const q = (v / 10) | 0;
      b[--p] = 48 + v - q * 10;
      v = q;
    }
    b[--p] = 48 + v;
  }

  /** Appends ", ". */
  sep(): void {
    this.buf[this.pos++] = 44;
    this.buf[this.pos++] = 32;
  }

  /** Appends a newline. */
  newline(): void {
    this.buf[this.pos++] = 10;
  }

  /** Appends `0x` and `v` (below 2^16) as four lower-case hex digits. */
  hex4(v: number): void {
    const b = this.buf;
    b[this.pos++] = 48;
    b[this.pos++] = 120;
    for (let sh = 12; sh >= 0; sh -= 4) {
      const d = (v >> sh) & 15;
      b[this.pos++] = d < 10 ? 48 + d : 87 + d;
    }
  }

  /** Appends raw bytes. */
  bytes(src: Uint8Array): void {
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
}

/** A log's entries, written in batches through `write`. */
export class IoLog {
  private readonly write: (bytes: Uint8Array) => void;
  private readonly fmt: EntryFormat;
  private readonly out: AsciiBuffer;
  private readonly buf: Float64Array;
  private readonly capacity: number;
  private n = 0;
  /** Window length in ms (0: every value is an entry). */
  readonly avgMs: number;
  private readonly maxValue: boolean;
  /** Per-direction window state: sum, count, max, window start (ms). */
  private readonly sum = new Float64Array(3);
  private readonly count = new Float64Array(3);
  private readonly max = new Float64Array(3);
  private readonly last = new Float64Array(3);

  /**
   * `capacity` entries are buffered before a write; `avgMs` > 0 windows the
   * values (mean, or max with `maxValue`).
   */
  constructor(
    write: (bytes: Uint8Array) => void,
    fmt: EntryFormat,
    capacity: number,
    avgMs = 0,
    maxValue = false,
  ) {
    this.write = write;
    this.fmt = fmt;
    this.capacity = Math.max(1, capacity);
    this.buf = new Float64Array(this.capacity * FIELDS);
    this.out = new AsciiBuffer(this.capacity * MAX_LINE);
    this.avgMs = avgMs;
    this.maxValue = maxValue;
  }

  /**
   * Adds one entry as is (`time` is the stamp written; `ioprio` is the
   * I/O's priority: fio writes 0 for window and sample entries).
   */
  add(time: number, value: number, ddir: number, bs: number, offset: number, ioprio = 0): void {
    const b = this.buf, i = this.n * FIELDS;
    b[i] = time;
    b[i + 1] = value;
    b[i + 2] = ddir;
    b[i + 3] = bs;
    b[i + 4] = offset;
    b[i + 5] = ioprio;
    if (++this.n === this.capacity) this.flush();
  }

  /**
   * Adds a value to direction `ddir`'s window at `elapsedMs` (ms since the
   * stats started); when the window is over, logs it stamped `stampMs`.
   * The next window starts at the last multiple of the window length.
   */
  addWindowed(elapsedMs: number, stampMs: number, value: number, ddir: number): void {
    this.sum[ddir] += value;
    this.count[ddir]++;
    if (value > this.max[ddir]) this.max[ddir] = value;
    if (elapsedMs - this.last[ddir] >= this.avgMs) {
      this.closeWindow(stampMs, ddir);
      this.last[ddir] = elapsedMs - (elapsedMs % this.avgMs);
    }
  }

  /** Logs every window holding values (the job ended at `stampMs`). */
  finishWindows(stampMs: number): void {
    if (this.avgMs <= 0) return;
    for (let d = 0; d < 3; d++) if (this.count[d] > 0) this.closeWindow(stampMs, d);
  }

  /** Forgets the windows (the stats restart after ramp_time). */
  resetWindows(): void {
    this.sum.fill(0);
    this.count.fill(0);
    this.max.fill(0);
    this.last.fill(0);
  }

  private closeWindow(stampMs: number, d: number): void {
    // fio rounds the window's mean to the nearest integer.
    const v = this.maxValue ? this.max[d] : Math.floor(this.sum[d] / this.count[d] + 0.5);
    this.add(stampMs, v, d, 0, 0);
    this.sum[d] = 0;
    this.count[d] = 0;
    this.max[d] = 0;
  }

  /** Writes the buffered entries out. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const b = this.buf, out = this.out, withOffset = this.fmt.offset, hex = this.fmt.prio;
    out.pos = 0;
    for (let k = 0; k < n; k++) {
      const i = k * FIELDS;
      out.uint(b[i]);
      out.sep();
      out.uint(b[i + 1]);
      out.sep();
      out.uint(b[i + 2]);
      out.sep();
      out.uint(b[i + 3]);
      out.sep();
      if (withOffset) {
        out.uint(b[i + 4]);
        out.sep();
      }
      const prio = b[i + 5];
      if (hex) out.hex4(prio);
      else out.buf[out.pos++] = (prio >> 13) === 1 ? 49 : 48;
      out.newline();
    }
    this.n = 0;
    this.write(out.buf.subarray(0, out.pos));
  }
}
