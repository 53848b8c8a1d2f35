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
 * `randseed` are identical; see buffer_rand.ts), drawn from the job's
 * buffer-contents generator (seed slot 9). `buffer_compress_percentage` and
 * `dedupe_percentage` shape each buffer (buffers_compress.ts, dedupe.ts)
 * and imply `refill_buffers` unless it is set.
 */

import { FioError } from "../errors.ts";
import type { IoUnit } from "../engines/types.ts";
import type { JobSpec } from "../job/spec.ts";
import { boolOption, isSet, numberOption, optionValue, stringOption } from "../job/options.ts";
import { errnoMessage } from "../sys/errno.ts";
import { cPath, errno, libc, MAP, O, PROT } from "../sys/libc.ts";
import { allocAligned, allocMapped, type NativeBuffer, pointerAt } from "../sys/memory.ts";
import { allocShm, shmSegmentSize } from "../sys/shm.ts";
import { BufRand, fillFromSeed } from "./buffer_rand.ts";
import { fillRepeat, ShapedFill } from "./buffers_compress.ts";
import { Dedupe, readDedupeChoice, WORKING_SET_SLOT } from "./dedupe.ts";
import { readRunOptions } from "./job_options.ts";
import { jobSeeds, SeedSlot } from "./random/seeds.ts";

const TWO32 = 4294967296;
const SECTOR = 512;
// Where the scramble stamps the I/O's time in each sector (fio's cacheline end).
const TIME_AT = 48;

/** How a job's write buffers are filled (from its buffer options). */
export type ContentMode = "random" | "zero" | "pattern" | "shaped";

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
  private readonly rand: BufRand;
  private readonly shaped: ShapedFill | null;
  private readonly pattern: Uint8Array;
  // 32-bit views of each io unit's buffer, by unit index (built at attach).
  private views: Uint32Array[] = [];

  constructor(spec: JobSpec) {
    const pat = optionValue(spec, "buffer_pattern") as { bytes?: number[] } | undefined;
    const patternBytes = pat && Array.isArray(pat.bytes) ? pat.bytes : [];
    this.pattern = new Uint8Array(patternBytes);
    let compress = numberOption(spec, "buffer_compress_percentage", 0);
    const dedupe = numberOption(spec, "dedupe_percentage", 0);
    // fio: fully compressible means zeros (or the pattern).
    const zero = boolOption(spec, "zero_buffers") || compress >= 100;
    if (compress >= 100) compress = 0;
    const shapedMode = compress > 0 || dedupe > 0;
    this.mode = shapedMode
      ? "shaped"
      : this.pattern.length > 0
      ? "pattern"
      : zero
      ? "zero"
      : "random";
    // Shaped data implies refill_buffers unless the job sets it.
    this.refill = boolOption(spec, "refill_buffers") ||
      (shapedMode && !isSet(spec, "refill_buffers"));
    const verify = stringOption(spec, "verify", "0");
    this.scramble = boolOption(spec, "scramble_buffers", true) && this.mode === "random" &&
      !this.refill && (verify === "0" || verify === "none");
    const seeds = jobSeeds(spec.seed, spec.jobNumber, WORKING_SET_SLOT + 1);
    const use64 = stringOption(spec, "random_generator", "tausworthe") === "tausworthe64";
    this.rand = new BufRand(use64, seeds[SeedSlot.buffer]);
    this.shaped = shapedMode
      ? shapedFill(spec, this.rand, this.pattern, compress, seeds, use64)
      : null;
  }

  /**
   * Fills `len` bytes of `buf` the way fio fills an I/O buffer. `view`, a
   * Uint32Array over the same bytes, saves creating one (hot path).
   */
  fill(buf: Uint8Array, len: number, view?: Uint32Array): void {
    if (this.mode === "zero") buf.fill(0, 0, len);
    else if (this.mode === "pattern") fillRepeat(buf, 0, len, this.pattern);
    else {
      const w = view ?? ((buf.byteOffset & 3) === 0 ? u32View(buf) : null);
      if (this.shaped !== null) this.shaped.fill(buf, len, w);
      else {
        this.rand.nextSeed();
        fillFromSeed(this.rand, buf, 0, len, w);
      }
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
}

/** The compress/dedupe filler of a job that sets either option. */
function shapedFill(
  spec: JobSpec,
  rand: BufRand,
  pattern: Uint8Array,
  compress: number,
  seeds: BigUint64Array,
  use64: boolean,
): ShapedFill {
  const minWriteBs = readRunOptions(spec).bs.minBs[1];
  const chunk = numberOption(spec, "buffer_compress_chunk", 0);
  const choice = readDedupeChoice(spec);
  const dedupe = choice.percentage > 0
    ? new Dedupe(
      rand,
      {
        ...choice,
        size: numberOption(spec, "size", 0),
        minWriteBs,
        chunk,
      },
      seeds,
      use64,
    )
    : null;
  return new ShapedFill(rand, { compressPercentage: compress, chunk, minWriteBs, pattern }, dedupe);
}

function u32View(buf: Uint8Array): Uint32Array {
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2);
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
  // `x >>> 0` is x mod 2^32 for these exact integers (no float modulo per sector).
  const secLo = sec >>> 0, secHi = Math.floor(sec / TWO32);
  let off = io.offset;
  for (let i = 0; i < sectors; i++) {
    const base = i * (SECTOR >>> 2);
    const offLo = off >>> 0;
    // A time-dependent, 8-byte aligned spot in the sector for the offset.
    let at = ((nsec ^ offLo) & (SECTOR - 1)) & ~7;
    if (at >= SECTOR - 8) at -= 8;
    w[base + (at >>> 2)] = offLo;
    w[base + (at >>> 2) + 1] = Math.floor(off / TWO32);
    w[base + (TIME_AT >>> 2)] = secLo;
    w[base + (TIME_AT >>> 2) + 1] = secHi;
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

/** `hugePage`: hugepage-size; `needAlign`: direct or iomem_align (fio's shm sizing). */
function allocate(
  mem: MemOption,
  size: number,
  page: number,
  hugePage: number,
  needAlign: boolean,
): NativeBuffer {
  try {
    switch (mem.type) {
      case "malloc":
        return allocAligned(size, page);
      case "mmap":
      case "mmapshared":
      case "mmaphuge": {
        const total = mem.type === "mmaphuge" ? Math.ceil(size / hugePage) * hugePage : size;
        if (mem.path !== null && mem.path !== "") return mapFile(mem.path, total, mem.type);
        return allocMapped(total, mem.type);
      }
      case "shm":
      case "shmhuge": {
        const huge = mem.type === "shmhuge";
        return allocShm(shmSegmentSize(size, needAlign, huge ? hugePage : 0), huge);
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
  const hugePage = numberOption(spec, "hugepage-size", HUGE_PAGE) || HUGE_PAGE;
  const nb = allocate(mem, size, page, hugePage, needAlign);
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
