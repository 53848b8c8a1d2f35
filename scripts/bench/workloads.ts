/**
 * The benchmark's workloads and how they become fio command lines. Both tools
 * get exactly the same argument list, so any difference in the numbers is the
 * tool's, not the job's.
 */

/** One named benchmark job. */
export interface Workload {
  /** Short name shown in the table and matched by `--only`. */
  readonly name: string;
  /** One-line description for `--list`. */
  readonly title: string;
  /** Job options (without `--`), e.g. `["ioengine=psync", "rw=randread"]`. */
  readonly options: readonly string[];
  /** Needs the data file (every engine except null). */
  readonly usesFile: boolean;
  /** Opens the file with O_DIRECT, so needs filesystem support for it. */
  readonly direct: boolean;
  /** numjobs of the job (1 unless the workload clones). */
  readonly numjobs: number;
}

function w(
  name: string,
  title: string,
  options: string[],
  extra: { usesFile?: boolean; direct?: boolean; numjobs?: number } = {},
): Workload {
  return {
    name,
    title,
    options,
    usesFile: extra.usesFile ?? true,
    direct: extra.direct ?? false,
    numjobs: extra.numjobs ?? 1,
  };
}

// Cached-file cases pass invalidate=0: fio's default drops the page cache at
// job start, which would turn "cached" into a cold disk read.
const cached = ["invalidate=0"];
const direct = ["direct=1"];

/** Every workload, in table order. */
export const WORKLOADS: readonly Workload[] = [
  w("null", "null engine, 4k randread, iodepth 1", [
    "ioengine=null",
    "rw=randread",
    "bs=4k",
    "iodepth=1",
  ], { usesFile: false }),
  w("psync-rand4k", "psync, 4k randread, cached file", [
    "ioengine=psync",
    "rw=randread",
    "bs=4k",
    ...cached,
  ]),
  w("psync-seq128k", "psync, 128k sequential read, cached file", [
    "ioengine=psync",
    "rw=read",
    "bs=128k",
    ...cached,
  ]),
  w("psync-rand4k-direct", "psync, 4k randread, direct=1", [
    "ioengine=psync",
    "rw=randread",
    "bs=4k",
    ...direct,
  ], { direct: true }),
  w("uring-rand4k-qd32", "io_uring, 4k randread, iodepth 32, cached file", [
    "ioengine=io_uring",
    "rw=randread",
    "bs=4k",
    "iodepth=32",
    ...cached,
  ]),
  w("uring-rand4k-qd32-direct", "io_uring, 4k randread, iodepth 32, direct=1", [
    "ioengine=io_uring",
    "rw=randread",
    "bs=4k",
    "iodepth=32",
    ...direct,
  ], { direct: true }),
  w("libaio-rand4k-qd32", "libaio, 4k randread, iodepth 32, cached file", [
    "ioengine=libaio",
    "rw=randread",
    "bs=4k",
    "iodepth=32",
    ...cached,
  ]),
  w("libaio-rand4k-qd32-direct", "libaio, 4k randread, iodepth 32, direct=1", [
    "ioengine=libaio",
    "rw=randread",
    "bs=4k",
    "iodepth=32",
    ...direct,
  ], { direct: true }),
  // Write side of verify: each 4k write is filled from the verify stream and
  // gets fio's header and crc32c. In a time_based run the verify read phase
  // never starts (fio says so too), so this measures fill + checksum cost.
  w("psync-verify-crc32c", "psync, 4k sequential write, verify=crc32c, cached file", [
    "ioengine=psync",
    "rw=write",
    "bs=4k",
    "verify=crc32c",
    ...cached,
  ]),
  w("null-16jobs", "null engine, 4k randread, numjobs=16, group_reporting", [
    "ioengine=null",
    "rw=randread",
    "bs=4k",
    "numjobs=16",
    "group_reporting",
  ], { usesFile: false, numjobs: 16 }),
];

/**
 * Picks workloads for `--only` patterns (comma lists allowed). A pattern that
 * is a workload's name selects that workload alone; any other pattern selects
 * the family whose names continue it after a dash (`uring` gives both
 * io_uring rows, `psync` the three psync rows). Throws on a pattern that
 * selects nothing.
 */
export function selectWorkloads(
  all: readonly Workload[],
  patterns: readonly string[],
): Workload[] {
  const names = patterns.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p);
  if (names.length === 0) return [...all];
  const picked = new Set<Workload>();
  for (const n of names) {
    const exact = all.filter((x) => x.name === n);
    const hits = exact.length > 0 ? exact : all.filter((x) => x.name.startsWith(n + "-"));
    if (hits.length === 0) {
      throw new Error(
        `bench: no workload matches '${n}' (have: ${all.map((x) => x.name).join(", ")})`,
      );
    }
    for (const h of hits) picked.add(h);
  }
  return all.filter((x) => picked.has(x));
}

/** Run parameters shared by every workload. */
export interface JobParams {
  /** Data file path (ignored by workloads that do not use it). */
  readonly filename: string;
  /** File size in bytes. */
  readonly sizeBytes: number;
  /** Runtime as given to fio, e.g. `5` or `500ms`. */
  readonly runtime: string;
}

/**
 * The measured run's command line (identical for dfio and fio): time based,
 * JSON on stdout.
 */
export function jobArgs(wl: Workload, p: JobParams): string[] {
  return [
    ...commonArgs(wl, p),
    `--runtime=${p.runtime}`,
    "--time_based",
    "--output-format=json",
  ];
}

/**
 * The start-up probe's command line: the same job, cut to a few I/Os, with a
 * latency log whose timestamps are Unix epoch milliseconds, so the first
 * entry says when the first I/O completed on the wall clock.
 */
export function probeArgs(wl: Workload, p: JobParams, logPrefix: string): string[] {
  return [
    ...commonArgs(wl, p),
    "--number_ios=16",
    `--write_lat_log=${logPrefix}`,
    "--log_unix_epoch=1",
    "--output-format=json",
  ];
}

function commonArgs(wl: Workload, p: JobParams): string[] {
  const args = [`--name=${wl.name}`];
  if (wl.usesFile) args.push(`--filename=${p.filename}`);
  args.push(`--size=${p.sizeBytes}`);
  for (const o of wl.options) args.push(`--${o}`);
  return args;
}
