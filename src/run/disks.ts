/**
 * fio's "Disk stats": the block devices behind the jobs' files, counted
 * from when the first job using a device starts to the end of the run.
 * util% is the device's busy time (io_ticks) over that wall time.
 */
import type { JobSpec } from "../job/spec.ts";
import { boolOption, optionValue } from "../job/options.ts";
import type { DiskUtil } from "../stats/result.ts";
import {
  type BlockDevice,
  blockDeviceByNumber,
  blockDeviceOfPath,
  type DiskStat,
  readDeviceStat,
} from "../sys/diskstats.ts";
import { engineName } from "./preamble.ts";

/** Engines without files: their jobs add no disks. */
const DISKLESS_ENGINES = new Set(["null", "cpuio", "net", "netsplice", "rdma", "exec"]);

function strings(v: unknown): string[] {
  if (typeof v === "string") return v ? [v] : [];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s !== "") : [];
}

function parentOf(path: string): string {
  const cut = path.replace(/\/+$/, "").lastIndexOf("/");
  if (cut > 0) return path.slice(0, cut);
  return cut === 0 ? "/" : ".";
}

/**
 * The paths whose devices a job uses: its `filename` entries (under
 * `directory` when relative), else its directories, else the working
 * directory. Empty for jobs without files or with `disk_util=0`.
 */
export function jobPaths(spec: JobSpec): string[] {
  if (DISKLESS_ENGINES.has(engineName(spec)) || !boolOption(spec, "disk_util", true)) return [];
  const dirs = strings(optionValue(spec, "directory"));
  const names = strings(optionValue(spec, "filename")).filter((f) => f !== "-");
  // A replay's files come from its trace inside the job, too late for fio's
  // disk list: only an explicit filename still adds a disk.
  if (names.length === 0 && strings(optionValue(spec, "read_iolog")).length > 0) return [];
  if (names.length === 0) return dirs.length ? dirs : ["."];
  return names.map((f, i) =>
    f.startsWith("/") || dirs.length === 0 ? f : `${dirs[i % dirs.length]}/${f}`
  );
}

/** The device holding `path`, or its nearest existing ancestor's device. */
export function deviceOfPath(path: string): BlockDevice | undefined {
  let p = path;
  for (let i = 0; i < 64; i++) {
    try {
      Deno.statSync(p);
      return blockDeviceOfPath(p);
    } catch {
      const up = parentOf(p);
      if (up === p) return undefined;
      p = up;
    }
  }
  return undefined;
}

interface Tracked {
  dev: BlockDevice;
  startMs: number;
  start: DiskStat;
  slaves: { dev: BlockDevice; start: DiskStat }[];
}

function readStat(dev: BlockDevice): DiskStat | undefined {
  try {
    return readDeviceStat(dev);
  } catch {
    return undefined;
  }
}

function slaveDevice(name: string): BlockDevice | undefined {
  try {
    const [ma, mi] = Deno.readTextFileSync(`/sys/class/block/${name}/dev`).trim().split(":");
    return blockDeviceByNumber(Number(ma), Number(mi));
  } catch {
    return undefined;
  }
}

function delta(a: DiskStat, b: DiskStat, ms: number): DiskUtil {
  const d = (k: keyof DiskStat) => Math.max(0, (b[k] as number) - (a[k] as number));
  return {
    name: a.name,
    readIos: d("reads"),
    writeIos: d("writes"),
    readMerges: d("readMerges"),
    writeMerges: d("writeMerges"),
    readTicks: d("readTicks"),
    writeTicks: d("writeTicks"),
    inQueue: d("timeInQueue"),
    util: ms > 0 ? Math.min(100, d("ioTicks") * 100 / ms) : 0,
  };
}

/** Disk counters of a run, device by device. */
export class DiskWatch {
  readonly #tracked = new Map<string, Tracked>();
  readonly #now: () => number;

  /** `now` gives wall time in ms (tests pass their own). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Starts counting the devices of `spec`'s files (once per device). */
  addJob(spec: JobSpec): void {
    for (const path of jobPaths(spec)) {
      const dev = deviceOfPath(path);
      if (!dev || this.#tracked.has(dev.name)) continue;
      const start = readStat(dev);
      if (!start) continue;
      const slaves: Tracked["slaves"] = [];
      for (const name of dev.slaves) {
        const sdev = slaveDevice(name);
        const sstart = sdev && readStat(sdev);
        if (sdev && sstart) slaves.push({ dev: sdev, start: sstart });
      }
      this.#tracked.set(dev.name, { dev, startMs: this.#now(), start, slaves });
    }
  }

  /**
   * The counters since each device was first used. A device with slaves
   * (dm, md) carries the slaves' averaged counters and their highest util,
   * and each slave follows it as a device of its own.
   */
  finish(): DiskUtil[] {
    const out: DiskUtil[] = [];
    const endMs = this.#now();
    for (const t of this.#tracked.values()) {
      const end = readStat(t.dev);
      if (!end) continue;
      const ms = endMs - t.startMs;
      const main = delta(t.start, end, ms);
      const slaves: DiskUtil[] = [];
      for (const s of t.slaves) {
        const send = readStat(s.dev);
        if (send) slaves.push(delta(s.start, send, ms));
      }
      if (slaves.length) {
        const avg = (k: keyof Omit<DiskUtil, "name" | "aggr" | "util">) =>
          Math.floor(slaves.reduce((a, s) => a + s[k], 0) / slaves.length);
        main.aggr = {
          readIos: avg("readIos"),
          writeIos: avg("writeIos"),
          readMerges: avg("readMerges"),
          writeMerges: avg("writeMerges"),
          readTicks: avg("readTicks"),
          writeTicks: avg("writeTicks"),
          inQueue: avg("inQueue"),
          util: Math.max(...slaves.map((s) => s.util)),
        };
      }
      out.push(main, ...slaves.filter((s) => !this.#tracked.has(s.name)));
    }
    return out;
  }
}
