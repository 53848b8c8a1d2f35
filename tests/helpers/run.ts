/** Shared helpers for tests that run dfio (scripts/fio) or real fio. */

/** Absolute path of the repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** The dfio launcher, run exactly as users run it. */
export const DFIO = `${ROOT}scripts/fio`;

/** fio's example job files (shared/ beside the checkout), if present. */
export const EXAMPLES_DIR = new URL("../../../shared/fio-examples/", import.meta.url).pathname;

/** Result of running a command to completion. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The few variables a child needs to run (PATH, HOME, Deno's cache), so
 * job files that read `$VAR` see the same environment under dfio and fio.
 */
export function minimalEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

/** Runs `cmd args` with optional cwd, env and stdin text. */
export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string; cleanEnv?: boolean } = {},
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: opts.cwd,
    env: opts.cleanEnv ? { ...minimalEnv(), ...opts.env } : opts.env,
    clearEnv: opts.cleanEnv ?? false,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs dfio through its launcher. */
export function runDfio(args: string[], opts: Parameters<typeof run>[2] = {}) {
  return run(DFIO, args, opts);
}

/** Whether real fio is on PATH (differential tests skip without it). */
export const HAVE_FIO: boolean = (() => {
  try {
    return new Deno.Command("fio", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** Runs real fio. */
export function runFio(args: string[], opts: Parameters<typeof run>[2] = {}) {
  return run("fio", args, opts);
}

/** Whether fio's example job files are available. */
export const HAVE_EXAMPLES: boolean = (() => {
  try {
    return Deno.statSync(EXAMPLES_DIR).isDirectory;
  } catch {
    return false;
  }
})();

/** The example job file names, sorted. */
export function exampleFiles(): string[] {
  if (!HAVE_EXAMPLES) return [];
  return [...Deno.readDirSync(EXAMPLES_DIR)]
    .filter((e) => e.isFile && e.name.endsWith(".fio"))
    .map((e) => e.name)
    .sort();
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * The JSON report in `stdout`, typed as the caller reads it. Anything
 * printed before the document is skipped: warnings, and the "fio: pid="
 * line fio 3.33 may put on stdout ahead of it.
 */
export function reportJson<T>(stdout: string): T {
  const at = stdout.indexOf("{");
  if (at < 0) throw new Error(`no JSON report in stdout:\n${stdout}`);
  return JSON.parse(stdout.slice(at)) as T;
}

/** The `jobs` array of the JSON report in `stdout` (see {@link reportJson}). */
export function reportJobs<T>(stdout: string): T[] {
  return reportJson<{ jobs: T[] }>(stdout).jobs;
}
