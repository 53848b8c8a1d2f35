/**
 * Building a verified block (fio's populate_verify_io_u): the data (the
 * verify_pattern, or words from the write's seed) and, per verify_interval
 * chunk, fio's header with the chunk's checksum. The write path and the
 * checker (which rebuilds the block it expected) share this one builder, so
 * the bytes written and the bytes expected cannot drift apart.
 */

import { fillSeedWords } from "../buffer_rand.ts";
import { fillPattern } from "./fill.ts";
import { HEADER_SIZE, put32, swapBytes, writeHeader } from "./header.ts";
import type { NativeCrc32c, NativeFill } from "./native.ts";
import type { VerifyOptions } from "./options.ts";

/** Fills blocks in fio's verify format; allocates nothing per block. */
export class BlockFiller {
  private readonly opts: VerifyOptions;
  private readonly now: () => number;
  /** Hardware crc32c for blocks in native io buffers (verify=crc32c), or null. */
  private readonly hw: NativeCrc32c | null;
  /** Native seeded fill for blocks in native io buffers, or null. */
  private readonly nativeFill: NativeFill | null;
  /** The header being written, reused for every chunk (no per-block object). */
  private readonly fields = {
    type: 0,
    len: 0,
    seedLo: 0,
    seedHi: 0,
    offset: 0,
    timeSec: 0,
    timeNsec: 0,
    thread: 0,
    numberio: 0,
  };

  /**
   * `now` stamps each header (ns); `hw` and `nativeFill` are the native
   * kernels (null where unavailable or not wanted).
   */
  constructor(
    opts: VerifyOptions,
    now: () => number,
    hw: NativeCrc32c | null,
    nativeFill: NativeFill | null,
  ) {
    this.opts = opts;
    this.now = now;
    this.hw = hw;
    this.nativeFill = nativeFill;
    this.fields.thread = opts.thread;
    this.fields.type = opts.type;
  }

  /**
   * Writes the block of one verified write into `buf[0, len)` (`w` is the
   * same memory as 32-bit words): data from the seed `hi:lo` or the
   * pattern, then a header per chunk. `ptr` is the buffer's native address
   * when it has one; the native kernels only work on such buffers.
   */
  fill(
    buf: Uint8Array,
    w: Uint32Array,
    len: number,
    offset: number,
    lo: number,
    hi: number,
    numberio: number,
    ptr: Deno.PointerObject | null,
  ): void {
    const o = this.opts;
    const hw = ptr !== null ? this.hw : null;
    if (o.method === "null") return;
    if (o.pattern !== null) fillPattern(buf, len, o.pattern, o.patternOffsets, offset);
    else if (ptr !== null && this.nativeFill !== null) this.nativeFill(ptr, len, lo | 0, hi | 0);
    else fillSeedWords(buf, w, 0, len, hi, lo);
    if (!o.header) return;
    const t = this.now();
    const f = this.fields;
    f.seedLo = lo;
    f.seedHi = hi;
    f.timeSec = Math.floor(t / 1e9) >>> 0;
    f.timeNsec = t % 1e9;
    f.numberio = numberio;
    const inc = o.interval > 0 ? o.interval : len;
    const hb = o.headerBytes, kind = o.kind;
    for (let p = 0; p < len; p += inc) {
      const end = p + inc < len ? p + inc : len;
      f.len = inc;
      f.offset = offset + p;
      writeHeader(buf, p, f);
      if (hw !== null) put32(buf, p + HEADER_SIZE, hw(ptr!, p + hb, end - p - hb, -1));
      else if (kind !== null) kind.compute(buf, p + hb, end, buf, p + HEADER_SIZE);
      if (o.offset > 0) swapBytes(buf, p, p + o.offset, hb);
    }
  }
}
