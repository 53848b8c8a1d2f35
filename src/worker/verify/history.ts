/**
 * fio's io history for verify: one entry per verified write (file, offset,
 * length, data seed, write sequence number), read back in the verify phase
 * or by verify_backlog. Entries are kept in growable typed arrays; the
 * phase reads them in write order, or, when writes may overlap
 * (random offsets without a random map), sorted by file and offset with
 * only the latest write of a range kept (measured on fio 3.33 with
 * write_iolog).
 */

import { grown } from "../typed_grow.ts";

/** The growable store and its read cursor. */
export class History {
  file = new Int32Array(1024);
  offset = new Float64Array(1024);
  len = new Int32Array(1024);
  seedLo = new Uint32Array(1024);
  seedHi = new Uint32Array(1024);
  numberio = new Uint32Array(1024);
  /** 1 once the write completed (queueing engines). */
  done = new Uint8Array(1024);
  /** Entries logged. */
  count = 0;
  /** Next entry to verify, in `order` when sorted, else in log order. */
  head = 0;
  /** The phase's reading order (indices), or null for log order. */
  order: Int32Array | null = null;

  private grow(): void {
    const n = this.file.length * 2;
    this.file = grown(this.file, n);
    this.offset = grown(this.offset, n);
    this.len = grown(this.len, n);
    this.seedLo = grown(this.seedLo, n);
    this.seedHi = grown(this.seedHi, n);
    this.numberio = grown(this.numberio, n);
    this.done = grown(this.done, n);
  }

  /** Logs a write; returns its index. */
  add(
    file: number,
    offset: number,
    len: number,
    seedLo: number,
    seedHi: number,
    numberio: number,
    done: boolean,
  ): number {
    if (this.count === this.file.length) this.grow();
    const i = this.count++;
    this.file[i] = file;
    this.offset[i] = offset;
    this.len[i] = len;
    this.seedLo[i] = seedLo;
    this.seedHi[i] = seedHi;
    this.numberio[i] = numberio;
    this.done[i] = done ? 1 : 0;
    return i;
  }

  /** Entries not read back yet. */
  get pending(): number {
    return (this.order !== null ? this.order.length : this.count) - this.head;
  }

  /** The next entry to read (without taking it), or -1. */
  peek(): number {
    if (this.order !== null) return this.head < this.order.length ? this.order[this.head] : -1;
    return this.head < this.count ? this.head : -1;
  }

  /** Takes the entry `peek` returned. */
  take(): void {
    this.head++;
  }

  /**
   * Orders what is left by file and offset, the latest write of any
   * overlapping range winning (fio's sorted history).
   */
  sortPending(): void {
    const idx: number[] = [];
    for (let i = this.head; i < this.count; i++) idx.push(i);
    // Newest first, so an older write overlapping a kept one is dropped.
    const kept: number[] = [];
    const byFile = new Map<number, { start: number; end: number }[]>();
    for (let k = idx.length - 1; k >= 0; k--) {
      const i = idx[k];
      const list = byFile.get(this.file[i]) ?? [];
      byFile.set(this.file[i], list);
      const a = this.offset[i], b = a + this.len[i];
      // Binary search for the first kept range ending after a.
      let lo = 0, hi = list.length;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (list[m].end <= a) lo = m + 1;
        else hi = m;
      }
      if (lo < list.length && list[lo].start < b) continue;
      list.splice(lo, 0, { start: a, end: b });
      kept.push(i);
    }
    kept.sort((x, y) => this.file[x] - this.file[y] || this.offset[x] - this.offset[y]);
    this.order = Int32Array.from(kept);
    this.head = 0;
  }

  /** Forgets every entry (after a verify phase). */
  clear(): void {
    this.count = 0;
    this.head = 0;
    this.order = null;
  }
}
