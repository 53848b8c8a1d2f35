/**
 * Write buffers shaped for compression and dedupe (fio 3.33's
 * fill_io_buffer when `buffer_compress_percentage` or `dedupe_percentage`
 * is set): a buffer is filled in chunks of `min(min write bs,
 * buffer_compress_chunk)` bytes; each chunk takes a fresh seed and holds
 * `chunk * (100 - compress%) / 100` random bytes followed by zeros (or the
 * `buffer_pattern`), so the data compresses by about compress%. The
 * generator a buffer is filled from comes from the dedupe state (see
 * dedupe.ts), chosen once per buffer.
 */

import { type BufRand, fillFromSeed } from "./buffer_rand.ts";
import type { Dedupe } from "./dedupe.ts";

/** The buffer shaping of a job. */
export interface ShapeOptions {
  /** buffer_compress_percentage, 0..99 (100 is turned into zero_buffers). */
  readonly compressPercentage: number;
  /** buffer_compress_chunk (0: unset). */
  readonly chunk: number;
  /** Smallest write block size. */
  readonly minWriteBs: number;
  /** buffer_pattern bytes (empty: zeros fill the compressible part). */
  readonly pattern: Uint8Array;
}

/** Fills write buffers with compressible / deduplicable data. */
export class ShapedFill {
  private readonly main: BufRand;
  private readonly dedupe: Dedupe | null;
  private readonly perc: number;
  private readonly chunk: number;
  private readonly minWrite: number;
  private readonly pattern: Uint8Array;

  /** `main` is the job's buffer generator; `dedupe` null without dedupe_percentage. */
  constructor(main: BufRand, o: ShapeOptions, dedupe: Dedupe | null) {
    this.main = main;
    this.dedupe = dedupe;
    this.perc = o.compressPercentage;
    this.chunk = o.chunk;
    this.minWrite = Math.max(1, o.minWriteBs);
    this.pattern = o.pattern;
  }

  /** Fills `len` bytes of `buf` (`w`: a Uint32Array over `buf`, or null). */
  fill(buf: Uint8Array, len: number, w: Uint32Array | null): void {
    const dedupe = this.dedupe;
    const rs = dedupe !== null ? dedupe.pick() : this.main;
    let minWrite = this.minWrite;
    let left = len, at = 0;
    while (left > 0) {
      if (left < minWrite) minWrite = left;
      const n = this.chunk > 0 && this.chunk < minWrite ? this.chunk : minWrite;
      this.fillChunk(rs, buf, at, n, w);
      at += n;
      left -= n;
      if (dedupe !== null) dedupe.save(rs);
    }
  }

  /** fio's fill_random_buf_percentage for one chunk of `len` bytes at `at`. */
  private fillChunk(rs: BufRand, buf: Uint8Array, at: number, len: number, w: Uint32Array | null) {
    rs.nextSeed();
    const random = Math.floor((len * (100 - this.perc)) / 100);
    fillFromSeed(rs, buf, at, random, w);
    if (random < len) fillRepeat(buf, at + random, len - random, this.pattern);
  }
}

/** Zeros, or `pattern` repeated from its first byte, over `len` bytes at `at`. */
export function fillRepeat(buf: Uint8Array, at: number, len: number, pattern: Uint8Array): void {
  if (pattern.length === 0) {
    buf.fill(0, at, at + len);
    return;
  }
  const n = Math.min(pattern.length, len);
  buf.set(pattern.subarray(0, n), at);
  for (let have = n; have < len; have *= 2) {
    buf.copyWithin(at + have, at, at + Math.min(have, len - have));
  }
}
