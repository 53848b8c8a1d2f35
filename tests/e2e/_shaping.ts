/** Helpers of the flow/rate e2e tests: run a job line, read per-job counts from the JSON. */
import { HAVE_FIO, reportJobs, runDfio, runFio } from "../helpers/run.ts";

/** Per-job figures from fio's JSON output. */
export interface JobFigures {
  name: string;
  error: number;
  readIos: number;
  writeIos: number;
  readIops: number;
  writeIops: number;
  readBw: number;
  runtimeMs: number;
}

/** Runs dfio (or fio) with JSON output in `cwd`; the jobs' figures plus stderr. */
export async function runJobs(
  args: string[],
  cwd: string,
  tool: "dfio" | "fio" = "dfio",
): Promise<{ code: number; jobs: JobFigures[]; stderr: string; stdout: string }> {
  const full = ["--output-format=json", ...args];
  const r = tool === "dfio" ? await runDfio(full, { cwd }) : await runFio(full, { cwd });
  let jobs: JobFigures[] = [];
  // A run that fails before its report leaves no JSON: no jobs, and the caller checks code.
  if (r.stdout.includes("{")) {
    // deno-lint-ignore no-explicit-any
    jobs = reportJobs<any>(r.stdout).map((j) => ({
      name: j.jobname,
      error: j.error,
      readIos: j.read.total_ios,
      writeIos: j.write.total_ios,
      readIops: j.read.iops,
      writeIops: j.write.iops,
      readBw: j.read.bw_bytes,
      runtimeMs: j.job_runtime,
    }));
  }
  return { code: r.code, jobs, stderr: r.stderr, stdout: r.stdout };
}

/** Whether `value` is within `frac` of `target`. */
export function near(value: number, target: number, frac: number): boolean {
  return Math.abs(value - target) <= Math.abs(target) * frac;
}

export { HAVE_FIO };
