/**
 * fio's random map: one bit per block of a file, set once the block was
 * used, so random I/O touches every block once per pass. A used pick is
 * moved to the next free block after it, wrapping to the start.
 *
 * The bits sit in levels like fio's axmap: a bit of level k+1 is set when
 * the 32-bit word it stands for in level k is full, so finding the next
 * free block skips full regions 32x faster per level. Bits past the end of
 * each level are set so they never look free. Indexes use arithmetic, not
 * 32-bit shifts, so maps beyond 2^31 blocks work.
 */

const ALL = 0xffffffff;

/** Index of the lowest set bit of a non-zero uint32. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** A bitmap of used blocks with a fast "next free block" search. */
export class RandomMap {
  /** Number of blocks. */
  readonly size: number;
  private readonly levels: Uint32Array[];
  private used = 0;

  /** A map of `size` blocks, all free. */
  constructor(size: number) {
    this.size = size;
    const levels: Uint32Array[] = [];
    let bits = size;
    do {
      const words = Math.max(1, Math.ceil(bits / 32));
      levels.push(new Uint32Array(words));
      bits = words;
    } while (bits > 1);
    this.levels = levels;
    this.reset();
  }

  /** Frees every block (a new pass over the file). */
  reset(): void {
    let bits = this.size;
    for (const level of this.levels) {
      level.fill(0);
      const tail = bits & 31;
      if (tail !== 0) level[level.length - 1] = (ALL << tail) >>> 0;
      if (bits === 0) level[0] = ALL;
      bits = level.length;
    }
    this.used = 0;
  }

  /** Number of blocks marked used. */
  get usedBlocks(): number {
    return this.used;
  }

  /** Whether block `b` is used; blocks outside the map count as free, as in fio. */
  isSet(b: number): boolean {
    if (b < 0 || b >= this.size) return false;
    return (this.levels[0][Math.floor(b / 32)] & (1 << (b % 32))) !== 0;
  }

  /** Marks block `b` used (it must be inside the map and free). */
  private setBit(b: number): void {
    this.used++;
    let idx = b;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      const w = Math.floor(idx / 32);
      const word = (level[w] | (1 << (idx % 32))) >>> 0;
      level[w] = word;
      if (word !== ALL) return;
      idx = w;
    }
  }

  /**
   * Marks up to `count` blocks from `start` used, stopping at the first one
   * already used or past the end: fio marks only a contiguous free run.
   * Returns how many were marked.
   */
  setRun(start: number, count: number): number {
    let n = 0;
    while (n < count) {
      const b = start + n;
      if (b >= this.size || this.isSet(b)) break;
      this.setBit(b);
      n++;
    }
    return n;
  }

  /** First free block at or after `from`, or -1 when there is none up to the end. */
  firstFreeFrom(from: number): number {
    if (from >= this.size) return -1;
    const levels = this.levels;
    let idx = from;
    let l = 0;
    let found = -1;
    while (l < levels.length) {
      const level = levels[l];
      const w = Math.floor(idx / 32);
      if (w >= level.length) return -1;
      const word = (level[w] | ((1 << (idx % 32)) - 1)) >>> 0;
      if (word !== ALL) {
        found = w * 32 + lowestBit(~word);
        break;
      }
      idx = w + 1;
      l++;
    }
    if (found < 0) return -1;
    while (l > 0) {
      l--;
      found = found * 32 + lowestBit(~levels[l][found]);
    }
    return found;
  }

  /**
   * The block fio uses instead of a used pick `b`: the first free block
   * after it, else the first free block from the start; -1 when the map is
   * full.
   */
  nextFree(b: number): number {
    const after = this.firstFreeFrom(b + 1);
    return after >= 0 ? after : this.firstFreeFrom(0);
  }
}
