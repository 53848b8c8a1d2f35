/**
 * `zonemode=strided` (`zonesize`, `zonerange`, `zoneskip`), measured on
 * fio 3.33: the job works inside a window of `zonerange` bytes starting at
 * the file offset; after `zonesize` bytes of I/O the window moves on by
 * `zonerange + zoneskip` (back to `offset=` once it passes the end of the
 * file). Inside a window offsets are relative to its start: sequential I/O
 * wraps to the window start at its end, random I/O draws from the window's
 * blocks, and the random map (sized to one window) starts over whenever
 * the bytes done in the window are a multiple of `zonerange`. The total
 * bytes stay `size`/`io_size`: skipped bytes do not count.
 */

import { FioError } from "../../errors.ts";
import type { JobSpec } from "../../job/spec.ts";
import { isSet, numberOption, stringOption } from "../../job/options.ts";

/** Index of the current window start in a file's geometry array. */
export const G_OFFSET = 0;
/** Index of the region size (io size) in a file's geometry array. */
export const G_IO_SIZE = 1;
/** Index of the real file size in a file's geometry array. */
export const G_REAL_SIZE = 2;

/** The strided zone settings of a job (fixups applied). */
export interface ZoneOptions {
  /** Bytes of I/O per window (`zonesize`). */
  readonly size: number;
  /** Window length (`zonerange`, default `zonesize`). */
  readonly range: number;
  /** Bytes skipped between windows (`zoneskip`). */
  readonly skip: number;
}

/** What a window change needs from a file's offset state. */
export interface ZonedFile {
  /** [window start, io size, real size]. */
  readonly geom: Float64Array;
  /** Sequential positions per direction. */
  readonly lastPos: Float64Array;
  /** Back to the window start; the random map and lfsr start over. */
  restartZone(): void;
}

/**
 * Reads the zone options of `spec` with fio's fixups: zonesize without
 * zonemode=strided is an error, strided needs zonesize, zbd is refused,
 * and strided falls back to none when the job has more than one file open.
 * Null when the job does not use zones.
 */
export function readZones(spec: JobSpec): ZoneOptions | null {
  const mode = stringOption(spec, "zonemode", "none");
  const size = numberOption(spec, "zonesize", 0);
  if (mode === "zbd") throw new FioError("fio: option 'zonemode=zbd' is not supported yet");
  if (mode !== "strided") {
    if (size > 0 && isSet(spec, "zonesize")) {
      throw new FioError("fio: --zonemode=none and --zonesize are not compatible.");
    }
    return null;
  }
  if (size <= 0) {
    throw new FioError("fio: --zonesize must be specified when using --zonemode=strided.");
  }
  const nrfiles = Math.max(1, numberOption(spec, "nrfiles", 1));
  const open = numberOption(spec, "openfiles", nrfiles) || nrfiles;
  if (open > 1) return null;
  const range = numberOption(spec, "zonerange", 0);
  return { size, range: range > 0 ? range : size, skip: numberOption(spec, "zoneskip", 0) };
}

/** The window walk of one job (fio keeps the byte count per job). */
export class StridedZones {
  /** The settings. */
  readonly opts: ZoneOptions;
  /** Where a window goes back to after the end of the file (`offset=`). */
  private readonly start: number;
  /**
   * [0]: bytes done in the current window (fio's zone_bytes); [1]: the same
   * modulo zonerange, kept by subtraction (no float modulo per I/O).
   */
  private readonly done = new Float64Array(2);
  private readonly size: number;
  private readonly range: number;
  private readonly step: number;

  /** `start` is the job's first window start (the file offset). */
  constructor(opts: ZoneOptions, start: number) {
    this.opts = opts;
    this.start = start;
    this.size = opts.size;
    this.range = opts.range;
    this.step = opts.range + opts.skip;
  }

  /** Moves `f`'s window when due, before the offset of an I/O in `ddir` is chosen. */
  enter(f: ZonedFile, ddir: number): void {
    const g = f.geom, done = this.done;
    if (done[0] >= this.size) {
      done[0] = 0;
      done[1] = 0;
      g[G_OFFSET] += this.step;
      if (g[G_OFFSET] >= g[G_REAL_SIZE]) g[G_OFFSET] = this.start;
      f.lastPos[ddir] = g[G_OFFSET];
    }
    if (f.lastPos[ddir] >= g[G_OFFSET] + this.range) f.lastPos[ddir] = g[G_OFFSET];
    if (done[1] === 0) f.restartZone();
  }

  /** Counts an I/O of `len` bytes in the current window. */
  add(len: number): void {
    const done = this.done;
    done[0] += len;
    let m = done[1] + len;
    while (m >= this.range) m -= this.range;
    done[1] = m;
  }
}
