/**
 * Block-device statistics for fio's "Disk stats" section: parsing
 * /proc/diskstats (or a device's sysfs `stat` file, same fields) and finding
 * which disk holds a file. Like fio, a partition is reported as its parent
 * disk, and a device-mapper or md device lists its slaves.
 */

/** One device's counters (the first 11 fields after the name). */
export interface DiskStat {
  /** Device major number. */
  major: number;
  /** Device minor number. */
  minor: number;
  /** Kernel name, e.g. "sda" or "nvme0n1p2". */
  name: string;
  /** Reads completed, read merges, sectors read, ms spent reading. */
  reads: number;
  /** Adjacent reads merged by the block layer. */
  readMerges: number;
  /** 512-byte sectors read. */
  readSectors: number;
  /** Milliseconds spent on reads. */
  readTicks: number;
  /** Writes completed. */
  writes: number;
  /** Adjacent writes merged by the block layer. */
  writeMerges: number;
  /** 512-byte sectors written. */
  writeSectors: number;
  /** Milliseconds spent on writes. */
  writeTicks: number;
  /** I/Os currently in flight. */
  inFlight: number;
  /** Milliseconds the device had I/O in flight (basis of fio's util%). */
  ioTicks: number;
  /** Weighted milliseconds in queue (fio's in_queue). */
  timeInQueue: number;
}

/** Where a file lives: the device fio reports and how it was found. */
export interface BlockDevice {
  /** Name of the device fio reports (the whole disk for a partition). */
  name: string;
  /** Major number of `name`. */
  major: number;
  /** Minor number of `name`. */
  minor: number;
  /** The partition the file is on, when it is on one. */
  partition?: string;
  /** The device's sysfs directory (resolved, under /sys/devices). */
  sysfsDir: string;
  /** Names of underlying devices of a dm/md device (empty otherwise). */
  slaves: string[];
}

const COUNTERS = [
  "reads",
  "readMerges",
  "readSectors",
  "readTicks",
  "writes",
  "writeMerges",
  "writeSectors",
  "writeTicks",
  "inFlight",
  "ioTicks",
  "timeInQueue",
] as const;

function counters(major: number, minor: number, name: string, fields: string[]): DiskStat {
  const s = { major, minor, name } as DiskStat;
  for (let i = 0; i < COUNTERS.length; i++) s[COUNTERS[i]] = Number(fields[i] ?? 0);
  return s;
}

/** Parses the text of /proc/diskstats (any kernel's field count). */
export function parseDiskstats(text: string): DiskStat[] {
  const out: DiskStat[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    out.push(counters(Number(f[0]), Number(f[1]), f[2], f.slice(3)));
  }
  return out;
}

/** Reads and parses /proc/diskstats. */
export function readDiskstats(): DiskStat[] {
  return parseDiskstats(Deno.readTextFileSync("/proc/diskstats"));
}

/** Parses a sysfs `stat` file (the /proc/diskstats fields without a name). */
export function parseSysfsStat(text: string, dev: BlockDevice): DiskStat {
  return counters(dev.major, dev.minor, dev.name, text.trim().split(/\s+/));
}

/** Reads `dev`'s counters from sysfs, as fio samples them during a run. */
export function readDeviceStat(dev: BlockDevice): DiskStat {
  return parseSysfsStat(Deno.readTextFileSync(`${dev.sysfsDir}/stat`), dev);
}

/** Splits a glibc dev_t into major and minor numbers. */
export function splitDev(dev: number): { major: number; minor: number } {
  const d = BigInt(dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return { major, minor };
}

function readMajorMinor(dir: string): { major: number; minor: number } | undefined {
  try {
    const [ma, mi] = Deno.readTextFileSync(`${dir}/dev`).trim().split(":");
    return { major: Number(ma), minor: Number(mi) };
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * The block device with numbers `major:minor`, through /sys/dev/block. A
 * partition resolves to its parent disk (with `partition` set). Undefined
 * when sysfs knows no such device (e.g. tmpfs or overlay, major 0).
 */
export function blockDeviceByNumber(major: number, minor: number): BlockDevice | undefined {
  if (major === 0) return undefined;
  let dir: string;
  try {
    dir = Deno.realPathSync(`/sys/dev/block/${major}:${minor}`);
  } catch {
    return undefined;
  }
  let partition: string | undefined;
  if (exists(`${dir}/partition`)) {
    partition = basename(dir);
    dir = dir.slice(0, dir.lastIndexOf("/"));
  }
  const mm = readMajorMinor(dir) ?? { major, minor };
  const slaves: string[] = [];
  try {
    for (const e of Deno.readDirSync(`${dir}/slaves`)) slaves.push(e.name);
  } catch {
    // No slaves directory: a plain disk.
  }
  slaves.sort();
  return { name: basename(dir), ...mm, partition, sysfsDir: dir, slaves };
}

/**
 * The device holding `path`: st_dev for a regular file or directory, st_rdev
 * for a block device node. Undefined when the file is on no block device or
 * does not exist.
 */
export function blockDeviceOfPath(path: string): BlockDevice | undefined {
  let st: Deno.FileInfo;
  try {
    st = Deno.statSync(path);
  } catch {
    return undefined;
  }
  const dev = st.isBlockDevice ? st.rdev : st.dev;
  if (dev === null || dev === undefined) return undefined;
  const { major, minor } = splitDev(dev);
  return blockDeviceByNumber(major, minor);
}
