/**
 * Running dfio and fio for the e2e tests with a time limit: a hung run
 * fails its test instead of stalling the suite. Also names the launchers.
 */
import { DFIO, minimalEnv } from "../helpers/run.ts";

/** A command line to start: program and leading arguments. */
export interface Launcher {
  /** Short name for test titles. */
  name: string;
  cmd: string;
  pre: string[];
}

/** dfio exactly as users run it. */
export const LAUNCHER: Launcher = { name: "scripts/fio", cmd: DFIO, pre: [] };

/** Real fio. */
export const FIO: Launcher = { name: "fio", cmd: "fio", pre: [] };

/** Result of a timed run. */
export interface TimedResult {
  code: number;
  /** Signal that ended the process, if any. */
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
  /** The run hit the time limit and was killed. */
  timedOut: boolean;
}

/** Options of a timed run. */
export interface TimedOptions {
  cwd?: string;
  /** Kill (SIGKILL) after this many ms; default 20 s. */
  timeoutMs?: number;
  /** Send SIGINT after this many ms. */
  sigintAfterMs?: number;
  /** Send SIGUSR1 (a status report) after this many ms. */
  sigusr1AfterMs?: number;
}

/** Runs a launcher with `args` in a minimal environment, within a time limit. */
export async function runTimed(
  l: Launcher,
  args: string[],
  opts: TimedOptions = {},
): Promise<TimedResult> {
  const child = new Deno.Command(l.cmd, {
    args: [...l.pre, ...args],
    cwd: opts.cwd,
    env: minimalEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const kill = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs ?? 20_000);
  const signals = ([["SIGINT", opts.sigintAfterMs], ["SIGUSR1", opts.sigusr1AfterMs]] as const)
    .filter(([, ms]) => ms !== undefined)
    .map(([sig, ms]) => setTimeout(() => child.kill(sig), ms));
  try {
    const out = await child.output();
    const dec = new TextDecoder();
    return {
      code: out.code,
      signal: out.signal,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
      timedOut,
    };
  } finally {
    clearTimeout(kill);
    signals.forEach(clearTimeout);
  }
}

/** Whether the text shows a JavaScript stack trace. */
export const hasStackTrace = (text: string) => /^\s+at .*[:(]/m.test(text);
