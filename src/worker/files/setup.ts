/**
 * A job's files inside its Worker: names, sizes and regions, layout, open
 * flags, open/close with fio's side effects (cache invalidation, fadvise
 * hints, fsync_on_close) and the unlinks at loop and job end. The rules are
 * fio 3.33's; see names.ts, sizes.ts and layout.ts for each part.
 */

import { EngineFile, type IoEngine } from "../../engines/types.ts";
import { boolOption, isSet, numberOption, optionValue } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import { cPath, errno, libc, O } from "../../sys/libc.ts";
import { blockDeviceSize } from "../../sys/stat.ts";
import { errnoNumber } from "../../sys/errno.ts";
import { bufferContents } from "../buffers.ts";
import { jobSeeds, SeedSlot } from "../random/seeds.ts";
import { makeTausworthe } from "../random/generator.ts";
import { FileSetupError } from "./errors.ts";
import {
  fallocateMode,
  invalidateRegion,
  invalidationFailed,
  layOutFile,
  preReadFile,
  verror,
} from "./layout.ts";
import { checkDirectories, createParentDirs, jobFileNames } from "./names.ts";
import { type FileKind, randomFileSize, sizeJobFiles, type SizeValue } from "./sizes.ts";
import { jobFileSettings } from "./settings.ts";
import { fillDeviceSize } from "../fill_device.ts";

/** One file of a job, ready to be opened by the engine. */
export interface JobFile {
  /** The engine's file; flags set for open (O_DIRECT, O_SYNC, O_CREAT, ...). */
  readonly engineFile: EngineFile;
  /** Start of the region the job does I/O in (offset/offset_increment applied). */
  readonly ioOffset: number;
  /** Length of that region in bytes. */
  readonly ioSize: number;
  /** File/device size after setup (-1: unknown, e.g. a character device). */
  realSize: number;
  /** Block device (size from BLKGETSIZE64). */
  readonly isBlockDevice: boolean;
  /** Character device, e.g. /dev/null, /dev/zero. */
  readonly isCharDevice: boolean;
}

/** The files of a job. */
export interface JobFiles {
  /** In fio's order. */
  readonly files: JobFile[];
  /** Sum of ioSize capped by `size`: what a size-bound job transfers per loop. */
  readonly totalIoSize: number;
}

/** Where log lines go: fio's stdout (informational) or stderr. */
export type FilesLog = (stream: "stdout" | "stderr", text: string) => void;

/** Extra setup settings the job spec does not carry. */
export interface SetupOptions {
  /**
   * Whether normal output is among the output formats: fio prints its
   * "Laying out IO file" line only then (default true).
   */
  readonly normalOutput?: boolean;
}

/** The concrete JobFile: the public fields plus what open/close need. */
class JobFileState implements JobFile {
  readonly engineFile: EngineFile;
  readonly ioOffset: number;
  readonly ioSize: number;
  realSize: number;
  readonly isBlockDevice: boolean;
  readonly isCharDevice: boolean;
  /** What the file is. */
  readonly kind: FileKind;
  /** Drop the region's cache at each open. */
  readonly invalidate: boolean;
  /** Drop it again when a time_based job wraps around (invalidate, buffered, on disk). */
  readonly invalidateOnWrap: boolean;
  /** posix_fadvise advice at open, or -1. */
  readonly advice: number;
  /** The engine does no disk I/O. */
  readonly diskless: boolean;
  /** Where messages go. */
  readonly log: FilesLog;

  constructor(
    ef: EngineFile,
    kind: FileKind,
    region: { offset: number; ioSize: number; realSize: number },
    extra: {
      invalidate: boolean;
      invalidateOnWrap: boolean;
      advice: number;
      diskless: boolean;
      log: FilesLog;
    },
  ) {
    this.engineFile = ef;
    this.ioOffset = region.offset;
    this.ioSize = region.ioSize;
    this.realSize = region.realSize;
    this.kind = kind;
    this.isBlockDevice = kind === "block";
    this.isCharDevice = kind === "char";
    this.invalidate = extra.invalidate;
    this.invalidateOnWrap = extra.invalidateOnWrap;
    this.advice = extra.advice;
    this.diskless = extra.diskless;
    this.log = extra.log;
  }
}

/** What a path is now and how big (missing: a regular file of size 0). */
function probe(path: string): { kind: FileKind; size: number } {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "file", size: 0 };
    // fio sizes the file with fstat after opening it and reports that call.
    const code = (e as { code?: string }).code;
    throw verror(errnoNumber(code ?? "") ?? 5, "fstat");
  }
  if (info.isBlockDevice) {
    const fd = libc().open(cPath(path), O.RDONLY | O.CLOEXEC, 0);
    if (fd < 0) throw verror(errno(), "open");
    const size = blockDeviceSize(fd);
    libc().close(fd);
    if (size < 0) throw verror(-size, "ioctl");
    return { kind: "block", size };
  }
  if (info.isCharDevice) return { kind: "char", size: -1 };
  if (info.isFifo) return { kind: "pipe", size: -1 };
  return { kind: "file", size: info.size };
}

/**
 * Resolves names and sizes, creates/lays out/fallocates/pre-reads files as
 * fio does, without leaving files open. Throws FioError (FileSetupError)
 * with fio's message on failure. `log` gets fio's informational lines (e.g.
 * "j: Laying out IO file (1 file / 4MiB)").
 */
export function setupJobFiles(
  spec: JobSpec,
  engine: IoEngine,
  log: FilesLog,
  opts: SetupOptions = {},
): JobFiles {
  const s = jobFileSettings(spec);
  const dirs = optionValue(spec, "directory");
  if (Array.isArray(dirs) && dirs.length > 0) checkDirectories(dirs as string[]);
  const names = jobFileNames(spec);
  const diskless = engine.flags.diskless;
  if (s.allowCreate) {
    for (const n of names) if (n !== "-") createParentDirs(n);
  }
  const probes = names.map((n) => probe(n));
  const seed = jobSeeds(spec.seed, spec.jobNumber)[SeedSlot.fileSize];
  const sizeGen = makeTausworthe(s.use64, seed);
  const info = (line: string) => log("stdout", line);
  const sizing = sizeJobFiles({
    jobName: spec.name,
    // fill_device without size= sizes the files very large (fill_device.ts).
    size: fillDeviceSize(spec) as SizeValue | undefined,
    fileSize: s.fileSize,
    offset: (optionValue(spec, "offset") as SizeValue | undefined) ?? 0,
    offsetIncrement: (optionValue(spec, "offset_increment") as SizeValue | undefined) ?? 0,
    clone: spec.clone,
    minBs: s.minBs,
    offsetAlign: numberOption(spec, "offset_align", 0),
    fileAppend: s.fileAppend,
    diskless,
    fake: engine.flags.fake || diskless,
    createOnOpen: s.createOnOpen,
    randomFileSize: (lo, hi) => randomFileSize(sizeGen.nextUnit(), lo, hi, s.minBs),
    info,
  }, names.map((name, i) => ({ name, kind: probes[i].kind, realSize: probes[i].size })));

  if (sizing.extendCount > 0 && opts.normalOutput !== false) {
    const many = sizing.extendCount > 1;
    info(
      `${spec.name}: Laying out IO file${many ? "s" : ""} (${sizing.extendCount} file${
        many ? "s" : ""
      } / ${many ? "total " : ""}${Math.floor(sizing.extendBytes / 1048576)}MiB)`,
    );
  }
  const contents = bufferContents(spec);
  sizing.files.forEach((sf, i) => {
    if (!sf.extend) return;
    layOutFile({
      path: names[i],
      size: sf.realSize,
      reads: s.reads,
      writes: s.writes,
      overwrite: s.overwrite,
      fileAppend: s.fileAppend,
      allowCreate: s.allowCreate,
      fallocate: fallocateMode(s.fallocate),
      createFsync: s.createFsync,
      writeBs: s.maxWriteBs,
      contents,
      info,
    });
  });

  const files: JobFile[] = sizing.files.map((sf, i) => {
    const kind = probes[i].kind;
    const ef = new EngineFile(names[i], openFlagsFor(s, kind), 0o644);
    ef.isBlockDevice = kind === "block";
    return new JobFileState(ef, kind, sf, {
      invalidate: s.invalidate && !s.preRead && !diskless,
      invalidateOnWrap: s.invalidate && !diskless && (ef.flags & O.DIRECT) === 0,
      advice: kind === "file" || kind === "block" ? s.advice : -1,
      diskless,
      log,
    });
  });
  if (s.preRead && !diskless && !engine.flags.pipe) {
    for (const f of files) {
      if (!f.isCharDevice) {
        preReadFile(f.engineFile.name, f.ioOffset, f.ioSize, s.maxReadBs);
      }
    }
  }
  return { files, totalIoSize: sizing.totalIoSize };
}

/** open(2) flags for a job's file, by fio's rules. */
function openFlagsFor(s: ReturnType<typeof jobFileSettings>, kind: FileKind): number {
  let flags = O.CLOEXEC;
  if (s.direct) flags |= O.DIRECT;
  flags |= s.syncFlags;
  if (s.createOnOpen && s.allowCreate) flags |= O.CREAT;
  if (kind !== "file") flags |= O.NOATIME;
  if (s.writes) {
    flags |= O.RDWR;
    if (kind === "file" && s.allowCreate) flags |= O.CREAT;
  } else if (s.reads) {
    flags |= kind === "char" ? O.RDWR : O.RDONLY;
  } else {
    flags |= O.RDWR;
  }
  return flags;
}

const EPERM = 1;
const EINVAL = 22;

/**
 * Opens `f` through the engine (create_on_open adds O_CREAT), then drops
 * its region from the page cache (invalidate) and gives the fadvise hint.
 * Returns 0 or a negative errno.
 */
export function openJobFile(f: JobFile, engine: IoEngine): number {
  const ef = f.engineFile;
  let rc = engine.openFile(ef);
  if (rc === -EPERM && (ef.flags & O.NOATIME) !== 0) {
    ef.flags &= ~O.NOATIME;
    rc = engine.openFile(ef);
  }
  const st = f instanceof JobFileState ? f : undefined;
  if (rc < 0) {
    if (rc === -EINVAL && (ef.flags & O.DIRECT) !== 0) {
      st?.log("stderr", "fio: looks like your file system does not support direct=1/buffered=0");
    }
    return rc;
  }
  if (st === undefined || st.diskless || ef.fd < 0) return 0;
  if (st.invalidate) {
    const err = invalidateRegion(ef.fd, st.kind, f.ioOffset, f.ioSize);
    if (err !== 0) st.log("stdout", invalidationFailed(ef.name, err));
  }
  if (st.advice >= 0) {
    libc().posix_fadvise(ef.fd, BigInt(f.ioOffset), BigInt(f.ioSize), st.advice);
  }
  return 0;
}

/**
 * fio's loop_cache_invalidate: when a time_based job wraps around `f`, a
 * buffered job drops the file's region from the page cache again, so each
 * pass reads from the device as the first did (errors ignored, as fio).
 */
export function invalidateOnWrap(f: JobFile): void {
  if (!(f instanceof JobFileState) || !f.invalidateOnWrap || f.engineFile.fd < 0) return;
  // posix_fadvise only, even on a block device (fio flushes buffers at open alone).
  invalidateRegion(f.engineFile.fd, "file", f.ioOffset, f.ioSize);
}

/**
 * Closes `f` through the engine, fsyncing first when the job writes and
 * sets `fsync_on_close`. Returns 0 or a negative errno (the fsync's if the
 * close itself succeeded).
 */
export function closeJobFile(f: JobFile, engine: IoEngine, spec: JobSpec): number {
  const ef = f.engineFile;
  let syncErr = 0;
  if (ef.fd >= 0 && boolOption(spec, "fsync_on_close") && jobFileSettings(spec).writes) {
    if (libc().fsync(ef.fd) < 0) syncErr = -errno();
  }
  const rc = engine.closeFile(ef);
  return rc < 0 ? rc : syncErr;
}

function unlinkRegular(files: JobFiles): void {
  const c = libc();
  for (const f of files.files) {
    if (f.isBlockDevice || f.isCharDevice) continue;
    const st = f instanceof JobFileState ? f : undefined;
    if (st !== undefined && st.kind !== "file") continue;
    c.unlink(f.engineFile.cPath);
  }
}

/**
 * What fio does with the files at job end: closes any still open and, with
 * `unlink`, removes the regular files.
 */
export function finishJobFiles(files: JobFiles, spec: JobSpec): void {
  const c = libc();
  for (const f of files.files) {
    if (f.engineFile.fd >= 0) {
      c.close(f.engineFile.fd);
      f.engineFile.fd = -1;
    }
  }
  if (boolOption(spec, "unlink")) unlinkRegular(files);
}

/** Between loops: `unlink_each_loop` removes the regular files. */
export function loopJobFiles(files: JobFiles, spec: JobSpec): void {
  if (boolOption(spec, "unlink_each_loop")) unlinkRegular(files);
}

/**
 * How many files the job keeps open at once: `openfiles` when set (at most
 * the file count), else all of them.
 */
export function openFilesLimit(spec: JobSpec, files: JobFiles): number {
  const n = files.files.length;
  if (!isSet(spec, "openfiles")) return n;
  const v = numberOption(spec, "openfiles", n);
  return v > 0 ? Math.min(v, n) : n;
}

export { FileSetupError };
