/**
 * Where in each file a job does I/O and how large the files must be: fio's
 * size arithmetic, without touching the file system (measured on fio 3.33):
 *
 * - `size` (absolute) is split evenly over the files (integer division);
 *   unset, each file's region runs from its offset to its current end.
 * - `size=N%`: each region is N% of (offset + its default length), capped at
 *   the file end and rounded down to the minimum block size.
 * - `filesize`: a file whose size is outside [low, high] gets `low` (fixed)
 *   or a random size in the range from the job's file-size generator,
 *   rounded down to the minimum block size.
 * - `offset` (absolute or % of the file's size, a % rounded up to
 *   `offset_align`, by default the minimum block size) plus `offset_increment` (absolute or %) times the
 *   clone index.
 * - A regular file shorter than offset + region is extended (laid out)
 *   unless the engine is diskless or `create_on_open` is set; a block
 *   device's region is cut at the device end.
 * - The job's byte budget per loop is `size`, or the sum of the regions
 *   when `size` is unset or larger.
 */

import { FileSetupError } from "./errors.ts";

/** What a file is. */
export type FileKind = "file" | "block" | "char" | "pipe";

/** A file before sizing. */
export interface SizingFile {
  /** Name for messages. */
  readonly name: string;
  /** Regular file, block or character device, FIFO. */
  readonly kind: FileKind;
  /** Current size in bytes (0 for a missing file, -1 when unknown: char devices). */
  readonly realSize: number;
}

/** A size option value: bytes, or a percentage. */
export type SizeValue = number | { percent: number };

/** The job settings the arithmetic depends on. */
export interface SizingInput {
  /** Job name (for messages). */
  readonly jobName: string;
  /** `size`: 0/undefined when unset. */
  readonly size?: SizeValue;
  /** `filesize` range (low 0: unset). */
  readonly fileSize?: { min: number; max: number };
  /** `offset`. */
  readonly offset: SizeValue;
  /** `offset_increment`. */
  readonly offsetIncrement: SizeValue;
  /** Clone index (fio's subjob number). */
  readonly clone: number;
  /** Smallest block size over the directions (fio's td_min_bs). */
  readonly minBs: number;
  /** `offset_align`: what a percentage offset rounds up to (0: minBs). */
  readonly offsetAlign?: number;
  /** `file_append`: regions start at the end of regular files. */
  readonly fileAppend: boolean;
  /** Engine does no disk I/O. */
  readonly diskless: boolean;
  /** Engine pretends to do I/O (null). */
  readonly fake: boolean;
  /** `create_on_open`: never lay out at setup. */
  readonly createOnOpen: boolean;
  /** Draws a random file size in [min, max] (fio's file-size generator). */
  readonly randomFileSize: (min: number, max: number) => number;
  /** Receives fio's informational lines (stdout). */
  readonly info?: (line: string) => void;
}

/** One file after sizing. */
export interface SizedFile {
  /** Start of the I/O region. */
  readonly offset: number;
  /** Length of the region. */
  readonly ioSize: number;
  /** File size after setup (-1: unknown). */
  readonly realSize: number;
  /** The file must be extended (laid out) to `realSize`. */
  readonly extend: boolean;
}

/** The sizing of a job's files. */
export interface Sizing {
  /** Per file, in order. */
  readonly files: SizedFile[];
  /** What a size-bound job transfers per loop (fio's final `size`). */
  readonly totalIoSize: number;
  /** Files to lay out and the bytes they will hold (for fio's message). */
  readonly extendCount: number;
  /** Sum of offset + region over the files to extend. */
  readonly extendBytes: number;
}

function percentOf(v: SizeValue | undefined): number {
  return typeof v === "object" && v !== null ? v.percent : 0;
}

function bytesOf(v: SizeValue | undefined): number {
  return typeof v === "number" ? v : 0;
}

function offsetFor(input: SizingInput, f: SizingFile): number {
  if (input.fileAppend && f.kind === "file") return f.realSize;
  const real = Math.max(0, f.realSize);
  const incPct = percentOf(input.offsetIncrement);
  const inc = incPct > 0 ? Math.floor(real * incPct / 100) : bytesOf(input.offsetIncrement);
  const pct = percentOf(input.offset);
  const raw = pct > 0
    ? Math.floor(real * pct / 100) + input.clone * inc
    : bytesOf(input.offset) + input.clone * inc;
  // fio aligns whenever a percentage is involved (offset or increment).
  if (pct === 0 && incPct === 0) return raw;
  const align = input.offsetAlign || input.minBs;
  return Math.ceil(raw / align) * align;
}

function badOffset(jobName: string): never {
  throw new FileSetupError(`${jobName}: you need to specify valid offset=`, {
    errno: 22,
    func: "offset",
  });
}

/**
 * Computes regions and file sizes. Throws fio's errors: no size for files
 * of unknown or zero size ("you need to specify size="), an offset past the
 * end ("you need to specify valid offset="), a data set smaller than a
 * block.
 */
export function sizeJobFiles(input: SizingInput, files: readonly SizingFile[]): Sizing {
  const n = files.length;
  const size = bytesOf(input.size);
  const sizePct = percentOf(input.size);
  const low = input.fileSize?.min ?? 0;
  const high = input.fileSize?.max ?? 0;
  let known = 0;
  let unknown = false;
  for (const f of files) {
    if (f.realSize < 0) unknown = true;
    else known += f.realSize;
  }
  if ((unknown || known === 0) && size === 0 && low === 0) {
    throw new FileSetupError(`${input.jobName}: you need to specify size=`, {
      errno: 22,
      func: "total_file_size",
      extra: [
        "fio: pid=0, err=22/file:filesetup.c:1155, func=total_file_size, error=Invalid argument",
      ],
    });
  }
  // Even split; whole minimum blocks left over go one each to the first files.
  const perFile = low === 0 && n > 0 ? Math.floor(size / n) : 0;
  let extra = low === 0 && n > 0 ? Math.floor((size - perFile * n) / input.minBs) : 0;

  const out: SizedFile[] = [];
  let total = 0;
  let extendCount = 0;
  let extendBytes = 0;
  for (const f of files) {
    let real = f.realSize < 0 && size > 0 ? Math.floor(size / n) : f.realSize;
    // filesize= decides the size a percentage offset is taken of.
    const resized = low > 0 && (real < low || real > high);
    const fileSize = !resized ? real : low === high ? low : input.randomFileSize(low, high);
    const offset = offsetFor(input, { ...f, realSize: fileSize });
    let io: number;
    if (low === 0) {
      io = perFile;
      if (extra > 0) {
        extra--;
        io += input.minBs;
      }
      if (io === 0) {
        if (offset > real) badOffset(input.jobName);
        io = real - offset;
        if (io === 0) input.info?.(`fio: file ${f.name} may be ignored`);
      }
    } else if (resized) {
      if (offset > low) badOffset(input.jobName);
      io = fileSize - offset;
    } else {
      io = real - offset;
    }
    if (sizePct > 0 && sizePct !== 100) {
      const fileSize = io + offset;
      io = Math.min(Math.floor(fileSize * sizePct / 100), fileSize - offset);
      io -= io % input.minBs;
    }
    let extend = false;
    if (f.kind === "file" && io + offset > real) {
      if (!input.diskless && !input.createOnOpen) {
        extend = true;
        extendCount++;
        extendBytes += io + offset;
        real = io + offset;
      } else if (!input.diskless || input.fake) {
        real = io + offset;
      }
    } else if (f.kind === "block" && real >= 0 && io + offset > real) {
      if (offset > real) badOffset(input.jobName);
      io = real - offset;
    }
    total += io;
    out.push({ offset, ioSize: io, realSize: real, extend });
  }
  const totalIoSize = size === 0 || (total > 0 && size > total) ? total : size;
  if (totalIoSize < input.minBs) {
    throw new FileSetupError("fio: blocksize is larger than data set range", {
      errno: 22,
      func: "total_file_size",
    });
  }
  return { files: out, totalIoSize, extendCount, extendBytes };
}

/**
 * fio's random file size: `low + floor((high - low) * r / 2^32)` from a
 * 32-bit draw `r` scaled to [0, 1) as `unit`, rounded down to `minBs`.
 */
export function randomFileSize(unit: number, low: number, high: number, minBs: number): number {
  const v = low + Math.floor((high - low) * unit);
  return v - (v % minBs);
}
