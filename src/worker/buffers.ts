/**
 * A job's I/O buffers and what goes in them.
 *
 * Memory (`mem`/`iomem`, `iomem_align`, O_DIRECT): one native block holds
 * `iodepth` buffers of the largest block size, laid out like fio: the first
 * buffer starts `iomem_align` bytes past a page boundary when alignment
 * matters (direct=1 or iomem_align set), the others follow at `maxBs`
 * strides.
 *
 * Contents (HOWTO "Buffers and memory"), measured on fio 3.33: by default a
 * write buffer is filled once with pseudo-random data and, because
 * `scramble_buffers` is on, each write stamps its offset and a time into
 * every 512-byte sector so blocks do not dedupe. `refill_buffers` refills
 * the whole buffer per write, `zero_buffers` gives zeros, `buffer_pattern`
 * repeats a pattern (neither of those two is scrambled). The random bytes
 * are fio's exactly (files laid out by dfio and fio 3.33 with the same
 * `randseed` are identical): a fill draws two numbers from the job's
 * buffer-contents generator (seed slot 9) and multiplies them into a 64-bit
 * seed `s`; each 32-byte group gets s, 2s, 3s, 5s as little-endian uint64
 * and then `s *= 0x61C8864680B583EB`; a tail of whole words gets s then the
 * multiply per word; a tail under 8 bytes gets the low bytes of s.
 */

import { FioError } from "../errors.ts";
import type { IoUnit } from "../engines/types.ts";
import type { JobSpec } from "../job/spec.ts";
import { boolOption, numberOption, optionValue, stringOption } from "../job/options.ts";
import { errnoMessage } from "../sys/errno.ts";
import { cPath, errno, libc, MAP, O, PROT } from "../sys/libc.ts";
import { allocAligned, allocMapped, type NativeBuffer, pointerAt } from "../sys/memory.ts";
import { jobSeeds, seedLow32, SeedSlot } from "./random/seeds.ts";
import { Taus88 } from "./random/taus88.ts";
import { Tausworthe64 } from "./random/tausworthe64.ts";

const TWO16 = 65536;
const TWO32 = 4294967296;
// fio's 64-bit golden-ratio multiplier, as two 32-bit halves.
const G_HI = 0x61c88646;
const G_LO = 0x80b583eb;
const SECTOR = 512;
// Where the scramble stamps the I/O's time in each sector (fio's cacheline end).
const TIME_AT = 48;

/** Low/high words of the last 64-bit product (module scratch: no allocation). */
let mulLo = 0;
let mulHi = 0;

/** Full 64-bit product of two uint32 values into mulHi:mulLo. */
function mul32(a: number, b: number): void {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid = a0 * b1 + a1 * b0;
  const low = a0 * b0 + (mid % TWO16) * TWO16;
  mulLo = low % TWO32;
  mulHi = (a1 * b1 + Math.floor(mid / TWO16) + Math.floor(low / TWO32)) % TWO32;
}

/** (hi:lo * bh:bl) mod 2^64 into mulHi:mulLo. */
function mul64(hi: number, lo: number, bh: number, bl: number): void {
  mul32(lo, bl);
  mulHi = (mulHi + Math.imul(hi, bl) + Math.imul(lo, bh)) >>> 0;
}

/** How a job's write buffers are filled (from its buffer options). */
export type ContentMode = "random" | "zero" | "pattern";

/**
 * The buffer-contents state of one job: fio's generator for buffer data and
 * the rules for when a write buffer is refilled or scrambled. Shared by file
 * layout and the I/O loop so both draw from one stream, as in fio.
 */
export class BufferContents {
  /** What fills a buffer. */
  readonly mode: ContentMode;
  /** refill_buffers: fill every write buffer anew before it is issued. */
  readonly refill: boolean;
  /** scramble_buffers in effect: stamp offset and time per 512-byte sector. */
  readonly scramble: boolean;
  private readonly t32: Taus88 | null;
  private readonly t64: Tausworthe64 | null;
  private readonly pattern: Uint8Array;
  // 32-bit views of each io unit's buffer, by unit index (built at attach).
  private views: Uint32Array[] = [];

  constructor(spec: JobSpec) {
    const pat = optionValue(spec, "buffer_pattern") as { bytes?: number[] } | undefined;
    const patternBytes = pat && Array.isArray(pat.bytes) ? pat.bytes : [];
    this.pattern = new Uint8Array(patternBytes);
    const zero = boolOption(spec, "zero_buffers");
    this.mode = this.pattern.length > 0 ? "pattern" : zero ? "zero" : "random";
    this.refill = boolOption(spec, "refill_buffers");
    const verify = stringOption(spec, "verify", "0");
    this.scramble = boolOption(spec, "scramble_buffers", true) && this.mode === "random" &&
      !this.refill && (verify === "0" || verify === "none");
    const seed = jobSeeds(spec.seed, spec.jobNumber)[SeedSlot.buffer];
    const use64 = stringOption(spec, "random_generator", "tausworthe") === "tausworthe64";
    this.t32 = use64 ? null : new Taus88(seedLow32(seed));
    this.t64 = use64 ? new Tausworthe64(seed) : null;
  }

  /**
   * Fills `len` bytes of `buf` the way fio fills an I/O buffer. `view`, a
   * Uint32Array over the same bytes, saves creating one (hot path).
   */
  fill(buf: Uint8Array, len: number, view?: Uint32Array): void {
    if (this.mode === "zero") buf.fill(0, 0, len);
    else if (this.mode === "pattern") fillPattern(buf, len, this.pattern);
    else {
      const w = view ?? ((buf.byteOffset & 3) === 0 ? u32View(buf) : null);
      this.fillRandom(buf, len, w);
    }
  }

  /** Remembers 32-bit views of the units' buffers for per-I/O stamping. */
  attach(units: readonly IoUnit[]): void {
    this.views = units.map((u) => u32View(u.buf));
  }

  /** The 32-bit view of unit `index`'s buffer (undefined if not attached). */
  view(index: number): Uint32Array | undefined {
    return this.views[index];
  }

  /** Forgets the buffer views (the memory is being freed). */
  detach(): void {
    this.views = [];
  }

  private nextSeed(): void {
    if (this.t32 !== null) {
      const a = this.t32.next();
      mul32(a, this.t32.next());
      return;
    }
    const t = this.t64!;
    t.next();
    const ah = t.hi, al = t.lo;
    t.next();
    mul64(ah, al, t.hi, t.lo);
  }

  private fillRandom(buf: Uint8Array, len: number, w: Uint32Array | null): void {
    this.nextSeed();
    let hi = mulHi;
    let lo = mulLo;
    let i = 0;
    for (; i + 32 <= len; i += 32) {
      const k = i >>> 2;
      put(buf, w, k, hi, lo);
      putMultiple(buf, w, k + 2, hi, lo, 2);
      putMultiple(buf, w, k + 4, hi, lo, 3);
      putMultiple(buf, w, k + 6, hi, lo, 5);
      mul64(hi, lo, G_HI, G_LO);
      hi = mulHi;
      lo = mulLo;
    }
    for (; i + 8 <= len; i += 8) {
      put(buf, w, i >>> 2, hi, lo);
      mul64(hi, lo, G_HI, G_LO);
      hi = mulHi;
      lo = mulLo;
    }
    for (let b = 0; i < len; i++, b++) {
      buf[i] = b < 4 ? (lo >>> (8 * b)) & 0xff : (hi >>> (8 * (b - 4))) & 0xff;
    }
  }
}

function u32View(buf: Uint8Array): Uint32Array {
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
}

/** Stores hi:lo little-endian at 32-bit word `k` (byte 4k). */
function put(buf: Uint8Array, w: Uint32Array | null, k: number, hi: number, lo: number): void {
  if (w !== null) {
    w[k] = lo;
    w[k + 1] = hi;
    return;
  }
  const o = k * 4;
  for (let b = 0; b < 4; b++) {
    buf[o + b] = (lo >>> (8 * b)) & 0xff;
    buf[o + 4 + b] = (hi >>> (8 * b)) & 0xff;
  }
}

/** Stores (hi:lo * m) mod 2^64 for a small multiplier m, carrying by hand. */
function putMultiple(
  buf: Uint8Array,
  w: Uint32Array | null,
  k: number,
  hi: number,
  lo: number,
  m: number,
): void {
  const l = lo * m;
  put(buf, w, k, (Math.imul(hi, m) + Math.floor(l / TWO32)) >>> 0, l % TWO32);
}

function fillPattern(buf: Uint8Array, len: number, pattern: Uint8Array): void {
  const n = Math.min(pattern.length, len);
  buf.set(pattern.subarray(0, n), 0);
  // Doubling copies: log2(len/pattern) copyWithin calls instead of a byte loop.
  for (let have = n; have < len; have *= 2) buf.copyWithin(have, 0, Math.min(have, len - have));
}

const byJob = new WeakMap<JobSpec, BufferContents>();

/**
 * The buffer-contents state of the job `spec` (created on first use, one
 * per JobSpec object). File layout and the I/O loop share it, as fio's job
 * does: pass both the same JobSpec.
 */
export function bufferContents(spec: JobSpec): BufferContents {
  let c = byJob.get(spec);
  if (c === undefined) {
    c = new BufferContents(spec);
    byJob.set(spec, c);
  }
  return c;
}

/**
 * Prepares `io`'s buffer for a write, per fio's rules: a full refill with
 * `refill_buffers`, else (scramble_buffers) the I/O's byte offset and the
 * time `nowNs` stamped into each 512-byte sector. Call once per write before
 * it is queued; no allocation (buffers must come from `allocateBuffers`).
 */
export function fillWriteBuffer(io: IoUnit, contents: BufferContents, nowNs: number): void {
  if (contents.refill) {
    contents.fill(io.buf, io.buflen, contents.view(io.index));
    return;
  }
  if (!contents.scramble) return;
  const w = contents.view(io.index);
  if (w === undefined) return;
  const sectors = io.buflen >>> 9;
  const sec = Math.floor(nowNs / 1e9);
  const nsec = nowNs - sec * 1e9;
  let off = io.offset;
  for (let i = 0; i < sectors; i++) {
    const base = i * (SECTOR >>> 2);
    // A time-dependent, 8-byte aligned spot in the sector for the offset.
    let at = ((nsec ^ (off % TWO32)) & (SECTOR - 1)) & ~7;
    if (at >= SECTOR - 8) at -= 8;
    w[base + (at >>> 2)] = off % TWO32;
    w[base + (at >>> 2) + 1] = Math.floor(off / TWO32);
    w[base + (TIME_AT >>> 2)] = sec % TWO32;
    w[base + (TIME_AT >>> 2) + 1] = Math.floor(sec / TWO32);
    w[base + (TIME_AT >>> 2) + 2] = nsec;
    w[base + (TIME_AT >>> 2) + 3] = 0;
    off += SECTOR;
  }
}

/** The `mem=` value of a job: allocator type and optional backing file. */
interface MemOption {
  type: string;
  path: string | null;
}

function memOption(spec: JobSpec): MemOption {
  const v = optionValue(spec, "mem") as { type?: string; path?: string | null } | undefined;
  return { type: v?.type ?? "malloc", path: v?.path ?? null };
}

/** Whether `spec` writes (fio's td_write). */
function jobWrites(spec: JobSpec): boolean {
  const rw = optionValue(spec, "rw") as { rw?: string } | string | undefined;
  const name = typeof rw === "string" ? rw : rw?.rw ?? "read";
  return !["read", "randread", "trim", "randtrim"].includes(name);
}

const HUGE_PAGE = 2 * 1024 * 1024;

/** A file-backed mapping (mem=mmap:/path and friends). */
function mapFile(path: string, size: number, type: string): NativeBuffer {
  const c = libc();
  const p = cPath(path);
  let existed = true;
  try {
    Deno.lstatSync(path);
  } catch {
    existed = false;
  }
  const fd = c.open(p, O.RDWR | O.CREAT | O.CLOEXEC, 0o644);
  if (fd < 0) throw new FioError(`fio: open mmap file ${path}: ${errnoMessage(errno())}`);
  const shared = type === "mmaphuge" || type === "mmapshared";
  if (!shared && c.ftruncate(fd, BigInt(size)) < 0) {
    const e = errno();
    c.close(fd);
    throw new FioError(`fio: truncate mmap file ${path}: ${errnoMessage(e)}`);
  }
  let flags = shared ? MAP.SHARED : MAP.PRIVATE;
  if (type === "mmaphuge") flags |= MAP.HUGETLB;
  const ptr = c.mmap(null, BigInt(size), PROT.READ | PROT.WRITE, flags, fd, 0n);
  if (ptr === null || Deno.UnsafePointer.value(ptr) === 0xffffffffffffffffn) {
    const e = errno();
    c.close(fd);
    throw new FioError(`fio: mmap: ${errnoMessage(e)}`);
  }
  const buffer = Deno.UnsafePointerView.getArrayBuffer(ptr, size);
  let live = true;
  return {
    pointer: ptr,
    address: BigInt(Deno.UnsafePointer.value(ptr)),
    size,
    buffer,
    bytes: new Uint8Array(buffer),
    kind: type === "mmaphuge" ? "mmaphuge" : type === "mmapshared" ? "mmapshared" : "mmap",
    release() {
      if (!live) return;
      live = false;
      c.munmap(ptr, BigInt(size));
      c.close(fd);
      // fio keeps a backing file the user had before the run.
      if (!existed) c.unlink(p);
    },
  };
}

function allocate(mem: MemOption, size: number, page: number): NativeBuffer {
  try {
    switch (mem.type) {
      case "malloc":
        return allocAligned(size, page);
      case "mmap":
      case "mmapshared":
      case "mmaphuge": {
        const total = mem.type === "mmaphuge" ? Math.ceil(size / HUGE_PAGE) * HUGE_PAGE : size;
        if (mem.path !== null && mem.path !== "") return mapFile(mem.path, total, mem.type);
        return allocMapped(total, mem.type);
      }
      default:
        throw new FioError(`fio: mem=${mem.type} is not supported yet`);
    }
  } catch (e) {
    if (e instanceof FioError) throw e;
    throw new FioError(`fio: failed to allocate I/O buffers: ${(e as Error).message}`);
  }
}

/**
 * Allocates `units.length` buffers of `maxBs` bytes per `mem`/`iomem` and
 * `iomem_align` (page alignment too when `direct`), attaches one to each io
 * unit, fills them for a writing job, and returns the disposer that frees
 * the memory (call it after the engine is done with the units).
 */
export function allocateBuffers(
  spec: JobSpec,
  units: IoUnit[],
  maxBs: number,
  direct: boolean,
): () => void {
  const mem = memOption(spec);
  const align = numberOption(spec, "iomem_align", 0);
  const page = 4096;
  const needAlign = direct || align > 0;
  const first = needAlign ? align : 0;
  const size = Math.max(1, maxBs * units.length + first);
  const nb = allocate(mem, size, page);
  const contents = bufferContents(spec);
  for (const u of units) {
    const off = first + u.index * maxBs;
    u.setBuffer(new Uint8Array(nb.buffer, off, maxBs), pointerAt(nb.pointer, off));
  }
  contents.attach(units);
  if (jobWrites(spec)) { for (const u of units) contents.fill(u.buf, maxBs); }
  return () => {
    contents.detach();
    nb.release();
  };
}
