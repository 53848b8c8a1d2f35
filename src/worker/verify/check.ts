/**
 * Checking a read block (fio's verify_io_u): per verify_interval chunk, the
 * header (magic, length, seed, offset, numberio, its own crc) and then the
 * data (the checksum, or the pattern byte by byte), with fio's report lines
 * and verify_dump's files when something differs. The report strings are
 * built only on a mismatch; a clean check allocates nothing.
 */

import type { IoUnit } from "../../engines/types.ts";
import {
  HEADER_MAGIC,
  HEADER_SIZE,
  headerCrc,
  put32,
  readHeader,
  swapBytes,
  VerifyHeader,
} from "./header.ts";
import type { History } from "./history.ts";
import type { NativeCrc32c } from "./native.ts";
import type { VerifyOptions } from "./options.ts";
import type { BlockFiller } from "./populate.ts";
import { dataFailure, dumpBuffer, firstDifference, headerWhere, hex } from "./report.ts";
import type { VerifyLog } from "./verifier.ts";

/** io_u flags fio prints for a read of its verify list, and for a plain read. */
const VERIFY_READ_FLAGS = 0x88;
const PLAIN_READ_FLAGS = 0x8;
/** fio's in-flight io_u bit, not set while an async thread holds the io_u. */
const IN_FLIGHT = 0x8;

/** Checks read blocks against what the job wrote (the history's entries). */
export class BlockChecker {
  /** Set in a verify_async helper: fio's io_u flags there lack the in-flight bit. */
  asyncThread = false;
  private readonly opts: VerifyOptions;
  private readonly history: History;
  /** Rebuilds the expected block (the same builder the writes used). */
  private readonly filler: BlockFiller;
  /** Hardware crc32c for blocks in native io buffers (verify=crc32c), or null. */
  private readonly hw: NativeCrc32c | null;
  private readonly log: VerifyLog;
  /** The header last read; its seed rebuilds the expected data. */
  private readonly hdr = new VerifyHeader();
  /** The checksum computed over a chunk. */
  private readonly sum = new Uint8Array(128);
  /** The expected block, rebuilt only for pattern checks and reports. */
  private readonly scratch: Uint8Array;
  private readonly scratch32: Uint32Array;

  /** `maxBs` sizes the scratch block; `log` gets the report lines. */
  constructor(
    opts: VerifyOptions,
    history: History,
    filler: BlockFiller,
    hw: NativeCrc32c | null,
    maxBs: number,
    log: VerifyLog,
  ) {
    this.opts = opts;
    this.history = history;
    this.filler = filler;
    this.hw = hw;
    this.log = log;
    this.scratch = new Uint8Array(maxBs + 8);
    this.scratch32 = new Uint32Array(this.scratch.buffer, 0, this.scratch.length >>> 2);
  }

  /**
   * Checks every chunk of the read block in `io` (`bytes` of it arrived),
   * `e` being its history entry or -1 for a plain read. False when bad:
   * fio's report lines are logged.
   */
  check(io: IoUnit, e: number, bytes: number): boolean {
    const o = this.opts, buf = io.buf, len = io.buflen;
    const inc = o.interval > 0 ? o.interval : len;
    let ok = true;
    for (let p = 0; p < len; p += inc) {
      const end = p + inc < len ? p + inc : len;
      if (end > bytes) {
        // A short read leaves the rest of the buffer stale: zero it so the
        // check reports it rather than comparing old data.
        buf.fill(0, Math.max(p, bytes), end);
      }
      if (o.header) {
        if (o.offset > 0) swapBytes(buf, p, p + o.offset, o.headerBytes);
        const bad = this.checkHeader(io, e, p, inc);
        if (bad !== "") {
          this.log(bad);
          if (o.dump) {
            this.log(
              dumpBuffer(o.dumpDir, io.file.name, io.offset + p, "received", buf.slice(p, end)),
            );
          }
          return false;
        }
      }
      if (!this.checkData(io, e, p, end, inc)) {
        ok = false;
        if (o.fatal) break;
      }
    }
    return ok;
  }

  /** The header mismatch line for the chunk at `p`, or "". */
  private checkHeader(io: IoUnit, e: number, p: number, inc: number): string {
    const h = readHeader(io.buf, p, this.hdr);
    const chunkOffset = io.offset + p;
    if (h.magic !== HEADER_MAGIC) {
      return `verify: bad magic header ${h.magic.toString(16)}, wanted ${
        HEADER_MAGIC.toString(16)
      }${this.where(io, p, inc)}`;
    }
    if (h.len !== inc) {
      return `verify: bad header length ${h.len}, wanted ${inc}${this.where(io, p, inc)}`;
    }
    const hist = this.history;
    if (
      e >= 0 && this.opts.checkSeed && (h.seedLo !== hist.seedLo[e] || h.seedHi !== hist.seedHi[e])
    ) {
      const got = (BigInt(h.seedHi) << 32n) | BigInt(h.seedLo);
      const want = (BigInt(hist.seedHi[e]) << 32n) | BigInt(hist.seedLo[e]);
      return `verify: bad header rand_seed ${got}, wanted ${want}${this.where(io, p, inc)}`;
    }
    if (h.offset !== chunkOffset) {
      return `verify: bad header offset ${h.offset}, wanted ${chunkOffset}${
        this.where(io, p, inc)
      }`;
    }
    if (e >= 0 && this.opts.checkNumberio && h.numberio !== (hist.numberio[e] & 0xffff)) {
      return `verify: bad header numberio ${h.numberio}, wanted ${hist.numberio[e] & 0xffff}${
        this.where(io, p, inc)
      }`;
    }
    const crc = headerCrc(io.buf, p);
    if (crc !== h.crc) {
      return `verify: bad header crc ${h.crc.toString(16)}, calculated ${crc.toString(16)}${
        this.where(io, p, inc)
      }`;
    }
    return "";
  }

  /** io_u flags for the report of a read of entry `e`. */
  private flags(e: number): number {
    return flagsFor(e >= 0, this.asyncThread);
  }

  /** fio's " at file ... (requested block: ...)" tail (built only for a mismatch). */
  private where(io: IoUnit, p: number, inc: number): string {
    return headerWhere(io.file.name, io.offset + p, inc, io.offset, io.buflen);
  }

  /** fio's "<method>: verify failed at file ..." line for the chunk at `p`. */
  private failedLine(method: string, io: IoUnit, e: number, p: number, inc: number): string {
    return dataFailure(
      method,
      io.file.name,
      io.offset + p,
      inc,
      io.offset,
      io.buflen,
      this.flags(e),
    );
  }

  /** Checks the chunk `[p, end)`'s data; logs fio's report when it is bad. */
  private checkData(io: IoUnit, e: number, p: number, end: number, inc: number): boolean {
    const o = this.opts, buf = io.buf, kind = o.kind;
    const hb = o.headerBytes;
    if (kind !== null) {
      const sum = this.sum;
      if (this.hw !== null && io.bufPtr !== null) {
        put32(sum, 0, this.hw(io.bufPtr, p + hb, end - p - hb, -1));
      } else kind.compute(buf, p + hb, end, sum, 0);
      let same = true;
      for (let k = 0; k < kind.size; k++) {
        if (sum[k] !== buf[p + HEADER_SIZE + k]) {
          same = false;
          break;
        }
      }
      if (same) return true;
      const lines = [
        this.failedLine(kind.name, io, e, p, inc),
        `       Expected CRC: ${hex(buf, p + HEADER_SIZE, p + HEADER_SIZE + kind.size)}`,
        `       Received CRC: ${hex(sum, 0, kind.size)}`,
      ];
      this.reportData(io, e, p, end, hb, lines);
      return false;
    }
    if (o.pattern === null) return true;
    // meta (with a pattern) and pattern: the data must be the pattern.
    const exp = this.expected(io, e, p, end);
    const from = o.header ? p + hb : p;
    for (let k = from; k < end; k++) {
      if (buf[k] !== exp[k]) {
        const lines = [
          `fio: got pattern '${hex(buf, k, k + 1)}', wanted '${hex(exp, k, k + 1)}'. Bad bits ${
            popcount(buf[k] ^ exp[k])
          }`,
          // fio counts from the end of the header, and names the check "pattern".
          `fio: bad pattern block offset ${k - from}`,
          this.failedLine("pattern", io, e, p, inc),
        ];
        this.reportData(io, e, p, end, from - p, lines);
        return false;
      }
    }
    return true;
  }

  /** The block the chunk should hold, rebuilt in the scratch buffer. */
  private expected(io: IoUnit, e: number, p: number, end: number): Uint8Array {
    const o = this.opts, s = this.scratch;
    let lo = 0, hi = 0, numberio = 0;
    if (o.header && o.pattern === null) {
      // The header that was read names the seed (fio trusts it the same way).
      lo = this.hdr.seedLo;
      hi = this.hdr.seedHi;
      numberio = this.hdr.numberio;
    } else if (e >= 0) {
      lo = this.history.seedLo[e];
      hi = this.history.seedHi[e];
      numberio = this.history.numberio[e];
    }
    this.filler.fill(s, this.scratch32, io.buflen, io.offset, lo, hi, numberio, null);
    if (o.offset > 0 && o.header) {
      // fill() leaves headers moved to verify_offset; the read chunk has them back.
      for (let q = 0; q < io.buflen; q += o.interval > 0 ? o.interval : io.buflen) {
        swapBytes(s, q, q + o.offset, o.headerBytes);
      }
    }
    void p;
    void end;
    return s;
  }

  /** Logs a data mismatch: fio's lines, dfio's first byte, the dumps. */
  private reportData(
    io: IoUnit,
    e: number,
    p: number,
    end: number,
    dataFrom: number,
    lines: string[],
  ): void {
    const exp = this.expected(io, e, p, end);
    const buf = io.buf;
    for (let k = p + dataFrom; k < end; k++) {
      if (buf[k] !== exp[k]) {
        lines.push(firstDifference(io.offset + k, k - p, exp[k], buf[k]));
        break;
      }
    }
    if (this.opts.dump) {
      const at = io.offset + p;
      lines.push(dumpBuffer(this.opts.dumpDir, io.file.name, at, "received", buf.slice(p, end)));
      lines.push(dumpBuffer(this.opts.dumpDir, io.file.name, at, "expected", exp.slice(p, end)));
    }
    this.log(lines.join("\n"));
  }
}

/** io_u flags fio prints (in an async verify thread the in-flight bit is swapped for 0x4). */
function flagsFor(list: boolean, asyncThread: boolean): number {
  const f = list ? VERIFY_READ_FLAGS : PLAIN_READ_FLAGS;
  // Measured on fio 3.33: 0x88 -> 0x84 and 0x8 -> 0x4 under verify_async.
  return asyncThread ? (f & ~IN_FLIGHT) | 0x4 : f;
}

/** Set bits in a byte (the "Bad bits" count of a pattern mismatch). */
function popcount(v: number): number {
  let n = 0;
  for (; v !== 0; v &= v - 1) n++;
  return n;
}
