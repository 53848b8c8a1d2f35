/**
 * fio's random map: one bit per block of a file, set once the block was
 * used, so random I/O touches every block once per pass. A used pick is
 * moved to the next free block after it, wrapping to the start.
 *
 * The bits sit in levels like fio's axmap: a bit of level k+1 is set when
 * the 32-bit word it stands for in level k is full, so finding the next
 * free block skips full regions 32x faster per level. Bits past the end of
 * each level are set so they never look free.
 *
 * Speed: this runs once or twice per I/O, so bit positions use shifts and
 * masks (`>>> 5`, `& 31`) on the fast path. `>>> 5` is only right below
 * 2^32, so a map of more blocks (2 TiB of 512-byte blocks) computes its
 * level-0 word index with a division instead; `& 31` is right for any
 * integer a double holds exactly. Upper levels index by level-0 word
 * numbers, below 2^32 for any map that fits in memory, and always shift.
 */

const ALL = 0xffffffff;

/** Blocks from here on need the division path for their level-0 word. */
const WIDE = 4294967296;

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Level-0 word of block `b` (any block number a double holds exactly). */
function wordOf(b: number): number {
  return b < WIDE ? b >>> 5 : Math.floor(b / 32);
}

/** A bitmap of used blocks with a fast "next free block" search. */
export class RandomMap {
  /** Number of blocks. */
  readonly size: number;
  /** Level 0 (one bit per block), also `levels[0]`: the hot path reads it directly. */
  private readonly bits0: Uint32Array;
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
    this.bits0 = levels[0];
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
    return ((this.bits0[wordOf(b)] >>> (b & 31)) & 1) !== 0;
  }

  /**
   * The block fio uses for a random pick `b` (>= 0): `b` itself when free
   * (or outside the map), else {@link nextFree}. One call per random I/O.
   */
  pick(b: number): number {
    if (b >= this.size) return b;
    // The lowest free bit at or above b in its word is b itself when b is
    // free, else the first free block after it: one test instead of a
    // 50/50 "is b used?" branch the CPU cannot predict.
    const w = wordOf(b);
    const word = this.bits0[w] | ~(-1 << (b & 31));
    if (word !== -1) return w * 32 + lowestBit(~word);
    // The rest of b's word is used: search on from the next word, then wrap.
    const after = this.freeFromWord(w + 1);
    return after >= 0 ? after : this.firstFreeFrom(0);
  }

  /** Level-0 word `w` just became full: record it in the levels above. */
  private fillUp(w: number): void {
    const levels = this.levels;
    let idx = w;
    for (let l = 1; l < levels.length; l++) {
      const level = levels[l];
      const up = idx >>> 5;
      const word = level[up] | (1 << (idx & 31));
      level[up] = word;
      if (word !== -1) return;
      idx = up;
    }
  }

  /**
   * Marks up to `count` blocks from `start` used, stopping at the first one
   * already used or past the end: fio marks only a contiguous free run.
   * Returns how many were marked.
   */
  setRun(start: number, count: number): number {
    if (start < 0 || start >= this.size) return 0;
    const bits0 = this.bits0;
    const w = wordOf(start);
    const bit = 1 << (start & 31);
    const old = bits0[w];
    if ((old & bit) !== 0) return 0;
    const word = old | bit;
    bits0[w] = word;
    if (word === -1) this.fillUp(w);
    if (count === 1) {
      this.used++;
      return 1;
    }
    return this.setRest(start, count);
  }

  /** The rest of {@link setRun} after its first block (bs above the map's unit). */
  private setRest(start: number, count: number): number {
    const bits0 = this.bits0;
    let w = wordOf(start);
    let word: number;
    let n = 1;
    let b = start + 1;
    const end = Math.min(start + count, this.size);
    while (b < end) {
      const s = b & 31;
      if (s === 0) w = wordOf(b);
      word = bits0[w];
      const m = 1 << s;
      if ((word & m) !== 0) break;
      word |= m;
      bits0[w] = word;
      if (word === -1) this.fillUp(w);
      n++;
      b++;
    }
    this.used += n;
    return n;
  }

  /** First free block at or after `from`, or -1 when there is none up to the end. */
  firstFreeFrom(from: number): number {
    if (from >= this.size) return -1;
    if (from < 0) from = 0;
    // Level 0 first: most searches end in the pick's own word.
    const w = wordOf(from);
    const word = this.bits0[w] | ~(-1 << (from & 31));
    if (word !== -1) return w * 32 + lowestBit(~word);
    return this.freeFromWord(w + 1);
  }

  /**
   * First free block in level-0 words `w0` and later, or -1: climbs while
   * the words above say "full", then descends along the first free path.
   */
  private freeFromWord(w0: number): number {
    const levels = this.levels;
    let idx = w0;
    let l = 1;
    let found = -1;
    while (l < levels.length) {
      const level = levels[l];
      const w = idx >>> 5;
      if (w >= level.length) return -1;
      const word = level[w] | ~(-1 << (idx & 31));
      if (word !== -1) {
        found = w * 32 + lowestBit(~word);
        break;
      }
      idx = w + 1;
      l++;
    }
    // A one-level map has a single word, so nothing lies past it.
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

let exercised = false;

/**
 * Runs every path of the map once, on a scratch map, before a job's first
 * I/O. V8 compiles the I/O loop long before a random pass fills a word,
 * searches past a used block or wraps, and each of those first times then
 * throws the compiled loop away ("insufficient type feedback") and
 * compiles it again. With more jobs than CPUs that recompiling is what
 * keeps the jobs slow for their first second or two. Type feedback is
 * kept per method, so a scratch map's calls count for every map of the
 * isolate.
 */
export function exerciseRandomMap(): void {
  if (exercised) return;
  exercised = true;
  const m = new RandomMap(1024 + 7);
  for (let pass = 0; pass < 2; pass++) {
    // A fixed odd stride visits every block: picks land on used blocks and
    // search forward, words fill up, and the last picks wrap to the start.
    for (let i = 0, b = 0; i < m.size + 64; i++, b = (b + 2654435761) % m.size) {
      const p = m.pick(b);
      if (p < 0) break;
      m.setRun(p, 1 + (i & 3));
    }
    m.isSet(0);
    m.nextFree(0);
    m.firstFreeFrom(m.size - 1);
    m.reset();
  }
}
