/**
 * Helpers for the JSON differential tests: the key-path/type list of a
 * fio JSON document (told apart at the text level, so `1` and `1.000000`
 * differ), the jobs both tools run, and the counts that must be exact.
 *
 * Run as a script to capture fio 3.33's lists as fixtures:
 *   deno run -A tests/e2e/_json_shape.ts
 */
import { HAVE_FIO, mapLimit, ROOT } from "../helpers/run.ts";
import { FIO, LAUNCHER, runTimed, type TimedResult } from "./_spawn.ts";

/** Where the captured fio key-path/type lists and counts live. */
export const FIXTURE_DIR = `${ROOT}tests/fixtures/e2e/`;

/** JSON types as fio prints them: ints and floats are different types. */
export type JsonType = "object" | "array" | "string" | "int" | "float" | "bool" | "null";

/** A number token, kept with its source text while parsing. */
class NumberToken {
  constructor(readonly value: number, readonly float: boolean) {}
}

type ReviverContext = { source?: string };

/**
 * Parses JSON keeping the int/float distinction of each number token
 * (`JSON.parse`'s reviver gets the token text in `context.source`).
 */
function parseKeepingNumbers(text: string): unknown {
  const reviver = (_key: string, value: unknown, ctx?: ReviverContext) => {
    if (typeof value !== "number") return value;
    if (ctx?.source === undefined) throw new Error("JSON.parse gives no token source");
    return new NumberToken(value, /[.eE]/.test(ctx.source));
  };
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** Keys whose names are data (json+ latency bins, keyed by nanoseconds). */
const DATA_KEYED = new Set(["bins"]);

/**
 * Every key path of a document with its type, one `path type` line each,
 * in document order. Array items keep their index; the keys of json+
 * `bins` objects collapse to `*` (their names are latencies).
 */
export function jsonShape(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const emit = (line: string) => {
    if (!seen.has(line)) out.push(line);
    seen.add(line);
  };
  const walk = (v: unknown, path: string, dataKeys: boolean) => {
    if (v instanceof NumberToken) return emit(`${path} ${v.float ? "float" : "int"}`);
    if (v === null) return emit(`${path} null`);
    if (Array.isArray(v)) {
      emit(`${path} array`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, false));
      return;
    }
    if (typeof v === "object") {
      emit(`${path} object`);
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        walk(x, `${path}.${dataKeys ? "*" : JSON.stringify(k)}`, DATA_KEYED.has(k));
      }
      return;
    }
    emit(`${path} ${typeof v === "boolean" ? "bool" : typeof v}`);
  };
  walk(parseKeepingNumbers(text), "", false);
  return out;
}

/** Whether a shape line belongs to the disk statistics (device dependent). */
export const isDiskLine = (line: string) => line.startsWith(`."disk_util"`);

/** What of a job's counts must equal fio's. */
export type Exact =
  /** io_bytes, io_kbytes, total_ios per direction (size-bound, seeded). */
  | "dirs"
  /** Only the sums over directions (size-bound, split random by nature). */
  | "total"
  /** Nothing (time-bound). */
  | "none";

/** One job both tools run, in its own temp dir (`dir`). */
export interface ShapeJob {
  name: string;
  /** Command-line arguments, given the job's temp dir. */
  args: (dir: string) => string[];
  format: "json" | "json+";
  exact: Exact;
}

const FILE = (dir: string) => `--filename=${dir}/data`;

/** The jobs: issue 3's options, each small. */
export const SHAPE_JOBS: readonly ShapeJob[] = [
  {
    name: "null_randread",
    args: () => ["--name=nr", "--ioengine=null", "--rw=randread", "--size=8m"],
    format: "json",
    exact: "dirs",
  },
  {
    name: "psync_randrw_fsync",
    args: (d) => [
      "--name=rw",
      "--ioengine=psync",
      "--rw=randrw",
      "--size=1m",
      "--fsync=4",
      "--end_fsync=1",
      "--randrepeat=0",
      "--randseed=1234",
      FILE(d),
    ],
    format: "json+",
    exact: "dirs",
  },
  {
    name: "group_numjobs",
    args: () => [
      "--name=g",
      "--ioengine=null",
      "--rw=write",
      "--bs=8k",
      "--size=1m",
      "--numjobs=2",
      "--group_reporting",
    ],
    format: "json",
    exact: "dirs",
  },
  {
    name: "lat_percentiles",
    args: (d) => [
      "--name=lp",
      "--ioengine=psync",
      "--rw=randread",
      "--size=512k",
      "--invalidate=0",
      "--lat_percentiles=1",
      "--slat_percentiles=1",
      "--percentile_list=1:25:50:99.5:99.99",
      FILE(d),
    ],
    format: "json+",
    exact: "dirs",
  },
  {
    name: "kb_base_1000",
    args: () => ["--name=kb", "--ioengine=null", "--rw=write", "--kb_base=1000", "--size=1m"],
    format: "json",
    exact: "dirs",
  },
  {
    name: "nrfiles",
    args: (d) => [
      "--name=nf",
      "--ioengine=psync",
      "--rw=write",
      "--nrfiles=2",
      "--file_service_type=roundrobin",
      "--size=256k",
      `--directory=${d}`,
    ],
    format: "json",
    exact: "dirs",
  },
  {
    name: "bssplit",
    args: (d) => [
      "--name=bs",
      "--ioengine=psync",
      "--rw=randwrite",
      "--bssplit=4k/50:16k/50",
      "--size=1m",
      "--randrepeat=0",
      "--randseed=7",
      FILE(d),
    ],
    format: "json",
    exact: "dirs",
  },
  {
    name: "rwmix70",
    args: () => [
      "--name=mx",
      "--ioengine=null",
      "--rw=randrw",
      "--rwmixread=70",
      "--size=2m",
      "--randrepeat=0",
      "--randseed=42",
    ],
    format: "json",
    exact: "dirs",
  },
  {
    name: "rwmix_unseeded",
    args: () => ["--name=mu", "--ioengine=null", "--rw=randrw", "--size=1m"],
    format: "json",
    exact: "total",
  },
  {
    name: "time_based",
    args: () => [
      "--name=tb",
      "--ioengine=null",
      "--rw=randrw",
      "--size=1m",
      "--time_based",
      "--runtime=2",
    ],
    format: "json+",
    exact: "none",
  },
  {
    name: "sync_engines",
    args: (d) =>
      ["sync", "vsync", "pvsync", "pvsync2"].flatMap((e) => [
        `--name=${e}`,
        `--ioengine=${e}`,
        "--rw=write",
        "--size=64k",
        `--filename=${d}/${e}`,
      ]),
    format: "json",
    exact: "dirs",
  },
  {
    name: "file_ranges",
    args: (d) => [
      "--name=fr",
      "--ioengine=psync",
      "--rw=write",
      "--filesize=256k",
      "--offset=64k",
      "--io_size=96k",
      "--fdatasync=3",
      "--bs=8k",
      FILE(d),
    ],
    format: "json",
    exact: "dirs",
  },
  {
    name: "loops_noclat",
    args: () => [
      "--ioengine=null",
      "--clat_percentiles=0",
      "--name=lo",
      "--size=64k",
      "--loops=3",
      "--name=ni",
      "--size=1m",
      "--number_ios=10",
      "--rw=randwrite",
    ],
    format: "json+",
    exact: "dirs",
  },
  {
    name: "groups",
    args: () => [
      "--ioengine=null",
      "--size=256k",
      "--name=a",
      "--name=b",
      "--rw=write",
      "--name=c",
      "--stonewall",
      "--name=d",
      "--new_group",
      "--rw=randread",
    ],
    format: "json",
    exact: "dirs",
  },
];

/** The counts of one job that must match fio's (see `Exact`). */
export type Counts = Record<string, number>;

// deno-lint-ignore no-explicit-any
type Json = any;

const DIRS = ["read", "write", "trim"] as const;
const COUNTED = ["io_bytes", "io_kbytes", "total_ios"] as const;

/** The exact counts of a document, keyed `job#i.dir.key` (or `job#i.all.key`). */
export function countsOf(text: string, exact: Exact): Counts {
  const out: Counts = {};
  if (exact === "none") return out;
  const doc: Json = JSON.parse(text);
  doc.jobs.forEach((j: Json, i: number) => {
    for (const key of COUNTED) {
      if (exact === "dirs") {
        for (const d of DIRS) out[`job${i}.${d}.${key}`] = j[d][key];
      } else {
        out[`job${i}.all.${key}`] = DIRS.reduce((s, d) => s + j[d][key], 0);
      }
    }
  });
  return out;
}

/** One tool's run of a job. */
export type ShapeRun = TimedResult;

/** Runs `job` with dfio or fio in a fresh temp dir (removed afterwards). */
export async function runShapeJob(job: ShapeJob, tool: "dfio" | "fio"): Promise<ShapeRun> {
  const dir = await Deno.makeTempDir({ prefix: `dfio_e2e_${job.name}_` });
  try {
    // The format goes first: fio prints a job's preamble line when the next
    // --name starts if the format is still "normal" at that point.
    const args = [`--output-format=${job.format}`, ...job.args(dir)];
    return await runTimed(tool === "dfio" ? LAUNCHER : FIO, args, { cwd: dir });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Fixture paths of a job: fio's shape lines and its counts. */
export function fixturePaths(name: string): { shape: string; counts: string } {
  return { shape: `${FIXTURE_DIR}${name}.shape.txt`, counts: `${FIXTURE_DIR}${name}.counts.json` };
}

/** The fixture shape (without disk lines) and counts captured from fio 3.33. */
export function readFixture(name: string): { shape: string[]; counts: Counts } {
  const p = fixturePaths(name);
  return {
    shape: Deno.readTextFileSync(p.shape).trimEnd().split("\n"),
    counts: JSON.parse(Deno.readTextFileSync(p.counts)),
  };
}

async function capture(): Promise<void> {
  if (!HAVE_FIO) throw new Error("fio is not on PATH");
  await Deno.mkdir(FIXTURE_DIR, { recursive: true });
  await mapLimit(SHAPE_JOBS, 4, async (job) => {
    const r = await runShapeJob(job, "fio");
    if (r.code !== 0) throw new Error(`fio failed on ${job.name}: ${r.stderr}`);
    const p = fixturePaths(job.name);
    const lines = jsonShape(r.stdout).filter((l) => !isDiskLine(l));
    await Deno.writeTextFile(p.shape, lines.join("\n") + "\n");
    await Deno.writeTextFile(
      p.counts,
      JSON.stringify(countsOf(r.stdout, job.exact), null, 2) + "\n",
    );
    console.log(`${job.name}: ${lines.length} paths`);
  });
}

if (import.meta.main) await capture();
