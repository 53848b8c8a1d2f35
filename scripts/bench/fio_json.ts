/**
 * Reads the figures the benchmark needs out of fio's `--output-format=json`
 * document (dfio writes the same document).
 */

/** What one run measured, summed over its jobs and directions. */
export interface RunFigures {
  /** I/Os per second over all jobs and directions. */
  readonly iops: number;
  /** I/Os completed (read + write + trim `total_ios`). */
  readonly ios: number;
  /** Mean completion latency in ns, weighted by each direction's sample count. */
  readonly clatMeanNs: number;
  /**
   * CPU seconds (user + system) of the jobs: `(usr_cpu + sys_cpu) / 100 *
   * job_runtime / 1000`. With group_reporting fio sums job_runtime over the
   * group and averages the percentages, so the same formula holds.
   */
  readonly cpuSeconds: number;
  /** Number of job entries in the document. */
  readonly jobs: number;
  /** First non-zero per-job `error`, or 0. */
  readonly error: number;
}

const DIRECTIONS = ["read", "write", "trim"] as const;

/**
 * Extracts the JSON document from a run's stdout. fio can put a notice line
 * before the document, so parsing starts at the first line that opens an
 * object and ends at the last closing brace.
 */
export function extractJson(stdout: string): unknown {
  const start = stdout.search(/^\{/m);
  const end = stdout.lastIndexOf("}");
  if (start < 0 || end < start) throw new Error("no JSON document in the output");
  return JSON.parse(stdout.slice(start, end + 1));
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`JSON field ${what} is missing or not a number`);
  }
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new Error(`JSON field ${what} is missing or not an object`);
  }
  return v as Record<string, unknown>;
}

/**
 * Sums a fio JSON document into {@link RunFigures}. With group_reporting the
 * document holds one job entry for the group, which is read as is; otherwise
 * every job entry is added up.
 */
export function figuresFromJson(doc: unknown): RunFigures {
  const jobsField = obj(doc, "(document)")["jobs"];
  if (!Array.isArray(jobsField) || jobsField.length === 0) {
    throw new Error("JSON has no jobs");
  }
  let iops = 0, ios = 0, clatWeighted = 0, clatN = 0, cpu = 0, error = 0;
  jobsField.forEach((raw, i) => {
    const job = obj(raw, `jobs[${i}]`);
    const jobError = num(job["error"], `jobs[${i}].error`);
    if (error === 0) error = jobError;
    for (const d of DIRECTIONS) {
      // fio always writes all three directions; tolerate a missing trim so an
      // older or partial document still sums.
      if (!(d in job)) continue;
      const dir = obj(job[d], `jobs[${i}].${d}`);
      iops += num(dir["iops"], `${d}.iops`);
      ios += num(dir["total_ios"], `${d}.total_ios`);
      const clat = obj(dir["clat_ns"], `${d}.clat_ns`);
      const n = num(clat["N"], `${d}.clat_ns.N`);
      clatWeighted += num(clat["mean"], `${d}.clat_ns.mean`) * n;
      clatN += n;
    }
    const runtimeMs = num(job["job_runtime"], `jobs[${i}].job_runtime`);
    const pct = num(job["usr_cpu"], `jobs[${i}].usr_cpu`) +
      num(job["sys_cpu"], `jobs[${i}].sys_cpu`);
    cpu += (pct / 100) * (runtimeMs / 1000);
  });
  return {
    iops,
    ios,
    clatMeanNs: clatN > 0 ? clatWeighted / clatN : 0,
    cpuSeconds: cpu,
    jobs: jobsField.length,
    error,
  };
}

/**
 * Earliest timestamp (first column) over the lines of fio log files written
 * with `log_unix_epoch=1`: the wall-clock millisecond of the first logged
 * I/O. Returns undefined when no file has an entry.
 */
export function firstLogTimestamp(texts: readonly string[]): number | undefined {
  let min: number | undefined;
  for (const text of texts) {
    for (const line of text.split("\n")) {
      const t = Number.parseInt(line, 10);
      if (Number.isFinite(t) && (min === undefined || t < min)) min = t;
    }
  }
  return min;
}
