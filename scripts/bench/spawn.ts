/**
 * Runs one tool once and measures what only the outside can see: wall time
 * and peak resident set size.
 */

import { readProcText } from "./procfs.ts";

/** How peak RSS is measured. */
export type RssMethod = "time" | "proc";

/** A finished child process. */
export interface Spawned {
  /** Exit status (128 + signal number when killed). */
  readonly code: number;
  /** Captured stdout. */
  readonly stdout: string;
  /** Captured stderr (GNU time's report goes to a file, not here). */
  readonly stderr: string;
  /** Date.now() just before the spawn. */
  readonly startEpochMs: number;
  /** Spawn to exit, ms. */
  readonly wallMs: number;
  /** Peak RSS in KiB, when measured. */
  readonly peakRssKiB?: number;
}

const GNU_TIME = "/usr/bin/time";

/** True when `cmd --version` can be executed. */
export async function canRun(cmd: string): Promise<boolean> {
  try {
    const r = await new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return r.success;
  } catch {
    return false;
  }
}

/**
 * GNU time's `-v` report (maximum resident set size from the kernel's
 * rusage of the waited child) when /usr/bin/time supports it; otherwise
 * polling VmHWM in /proc/PID/status every 20 ms. VmHWM is the kernel's own
 * high-water mark, so polling only misses growth in the last interval before
 * exit.
 */
export async function detectRssMethod(): Promise<RssMethod> {
  try {
    const r = await new Deno.Command(GNU_TIME, {
      args: ["-v", "-o", "/dev/null", "true"],
      stdout: "null",
      stderr: "null",
    }).output();
    return r.success ? "time" : "proc";
  } catch {
    return "proc";
  }
}

/** Extracts GNU time's "Maximum resident set size (kbytes)" value. */
export function parseGnuTimeRss(report: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  return m ? Number(m[1]) : undefined;
}

/** Extracts VmHWM (peak RSS, kB) from a /proc/PID/status text. */
export function parseVmHwm(status: string): number | undefined {
  const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

const decoder = new TextDecoder();

function exitCode(s: Deno.CommandStatus): number {
  if (s.signal !== null) return 128 + (Deno.build.os === "linux" ? signalNumber(s.signal) : 0);
  return s.code;
}

function signalNumber(sig: Deno.Signal): number {
  const table: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 };
  return table[sig] ?? 0;
}

/**
 * `cmd` usable from another directory: a relative path with a slash is made
 * absolute (the tools run in scratch directories); a bare name stays a PATH lookup.
 */
export function absoluteTool(cmd: string): string {
  return cmd.includes("/") && !cmd.startsWith("/") ? `${Deno.cwd()}/${cmd}` : cmd;
}

/**
 * Runs `cmd` with `args` in `scratch`, capturing output. `scratch` also
 * holds GNU time's report file. A run still going after `deadlineMs` is killed
 * (SIGKILL to the tool itself, not the time wrapper) and reported with exit
 * status 137 and a "timed out" line on stderr, so a hung tool cannot stall
 * the benchmark.
 */
export async function spawnMeasured(
  cmd: string,
  args: readonly string[],
  method: RssMethod,
  scratch: string,
  deadlineMs: number,
): Promise<Spawned> {
  const report = `${scratch}/time-report.txt`;
  const exe = absoluteTool(cmd);
  const [file, argv] = method === "time"
    ? [GNU_TIME, ["-v", "-o", report, exe, ...args]]
    : [exe, [...args]];
  const startEpochMs = Date.now();
  const t0 = performance.now();
  // In the scratch directory: files a job leaves behind (verify state) go with it.
  const child = new Deno.Command(file, {
    args: argv,
    cwd: scratch,
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  // The process doing the work: the launcher execs deno, so without the time
  // wrapper it is the child itself; with it, time's only child.
  const toolPid = () =>
    method === "time"
      ? Number(readProcText(`/proc/${child.pid}/task/${child.pid}/children`)?.trim().split(" ")[0])
      : child.pid;
  let peak: number | undefined;
  const poll = () => {
    // Once the process has gone the read fails and the last value stands.
    const text = readProcText(`/proc/${child.pid}/status`);
    const v = text === undefined ? undefined : parseVmHwm(text);
    if (v !== undefined && (peak === undefined || v > peak)) peak = v;
  };
  const pollTimer = method === "proc" ? setInterval(poll, 20) : undefined;
  let timedOut = false;
  const killTimer = setTimeout(() => {
    timedOut = true;
    const pid = toolPid();
    try {
      Deno.kill(Number.isInteger(pid) && pid > 0 ? pid : child.pid, "SIGKILL");
    } catch {
      // Exited in the meantime.
    }
  }, deadlineMs);
  const out = await child.output();
  clearTimeout(killTimer);
  if (pollTimer !== undefined) clearInterval(pollTimer);
  const wallMs = performance.now() - t0;
  if (method === "time") {
    try {
      peak = parseGnuTimeRss(await Deno.readTextFile(report));
      await Deno.remove(report);
    } catch {
      // time could not write its report (the command was not found): RSS unknown.
    }
  }
  let stderr = decoder.decode(out.stderr);
  if (timedOut) stderr = `timed out after ${Math.round(deadlineMs / 1000)} s (killed)\n` + stderr;
  return {
    code: timedOut ? 137 : exitCode(out),
    stdout: decoder.decode(out.stdout),
    stderr,
    startEpochMs,
    wallMs,
    peakRssKiB: peak,
  };
}
