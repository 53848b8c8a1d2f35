/** Test helpers: JobSpecs from fio-style options, temp dirs, real fio runs. */
import { buildPlan } from "../../../src/job/build.ts";
import { defaultRunConfig } from "../../../src/cli/config.ts";
import type { JobSpec } from "../../../src/job/spec.ts";
import type { SizingInput } from "../../../src/worker/files/sizes.ts";

/** The JobSpecs fio would build for `--name=NAME` followed by `args` (KEY=VALUE). */
export function specsOf(args: readonly string[], name = "j"): JobSpec[] {
  const entries = args.map((a) => {
    const i = a.indexOf("=");
    return i < 0 ? { key: a } : { key: a.slice(0, i), value: a.slice(i + 1) };
  });
  return [
    ...buildPlan([{ kind: "cmdline", sections: [{ name, entries }] }], defaultRunConfig()).jobs,
  ];
}

/** The first JobSpec of {@link specsOf}. */
export function specOf(args: readonly string[], name = "j"): JobSpec {
  return specsOf(args, name)[0];
}

/** Whether real fio is on PATH. */
export { HAVE_FIO } from "../../helpers/run.ts";

/** Runs `fn` with the working directory set to a fresh temp dir (removed after). */
export async function inTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_files_" });
  const old = Deno.cwd();
  Deno.chdir(dir);
  try {
    return await fn(dir);
  } finally {
    Deno.chdir(old);
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Regular files under `dir` as "relative/path=size", sorted. */
export function listFiles(dir: string, sub = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${dir}/${sub}`)) {
    const rel = sub === "" ? e.name : `${sub}/${e.name}`;
    if (e.isDirectory) out.push(...listFiles(dir, rel));
    else if (e.isFile) out.push(`${rel}=${Deno.statSync(`${dir}/${rel}`).size}`);
  }
  return out.sort();
}

/** Result of a real fio run. */
export interface FioRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs real fio with `args` in `cwd` (normal output, no ETA). */
export function runFio(args: readonly string[], cwd: string): FioRun {
  const out = new Deno.Command("fio", { args: ["--eta=never", ...args], cwd }).outputSync();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Sizing input for job "j" with no size options, 4 KiB blocks, on a plain
 * file engine, with `over` on top. A random file size is drawn only when the
 * test sets one up, so the default draw throws.
 */
export function sizingInput(over: Partial<SizingInput>): SizingInput {
  return {
    jobName: "j",
    offset: 0,
    offsetIncrement: 0,
    clone: 0,
    minBs: 4096,
    fileAppend: false,
    diskless: false,
    fake: false,
    createOnOpen: false,
    randomFileSize: () => {
      throw new Error("no draw expected");
    },
    ...over,
  };
}
