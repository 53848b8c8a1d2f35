/**
 * Microbenchmark of the whole job loop (src/worker/run_job.ts: options,
 * generators, offsets, engine, full stats) against real fio on the same
 * job, alternating runs and printing median IOPS and the dfio/fio ratio.
 *
 *   deno run -A scripts/microbench/job_loop.ts [--rounds=5] [--secs=3]
 *     [--case=null,null-map,psync,psync-map] [--file=PATH]
 *
 * Cases: 4 KiB random reads, time_based, on the null engine and with psync
 * on a cached 256 MiB file (invalidate=0), each with norandommap and with
 * the random map. Each dfio run is a fresh `deno` process (like a fresh
 * Worker). Uses the real file setup when src/worker/files/setup.ts exists,
 * else the test stand-in.
 */

const args = new Map(
  Deno.args.map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "1"] as [string, string];
  }),
);

const FILE = args.get("file") ?? "/tmp/dfio-microbench-256m";
const SIZE = 256 * 1024 * 1024;

interface Case {
  engine: string;
  opts: Record<string, string>;
}

function caseOf(name: string, secs: number): Case {
  const base: Record<string, string> = {
    rw: "randread",
    bs: "4k",
    time_based: "1",
    runtime: String(secs),
  };
  const map = name.endsWith("-map");
  if (!map) base.norandommap = "1";
  if (name.startsWith("null")) return { engine: "null", opts: { ...base, size: "1g" } };
  return {
    engine: "psync",
    opts: { ...base, size: "256m", filename: FILE, invalidate: "0" },
  };
}

/** Child mode: run one job in this process and print its read IOPS. */
async function child(): Promise<void> {
  const { runJob } = await import("../../src/worker/run_job.ts");
  const { ThreadArea } = await import("../../src/run/thread_area.ts");
  const { specOf, STANDIN_FILES } = await import("../../tests/worker/_files_standin.ts");
  let api = STANDIN_FILES;
  try {
    Deno.statSync(new URL("../../src/worker/files/setup.ts", import.meta.url));
    api = (await import("../../src/worker/job.ts")).FILES_API;
  } catch {
    // W1a's setup not there yet: the stand-in lays out and opens the file.
  }
  const c = JSON.parse(args.get("child")!) as Case;
  const area = new ThreadArea(1);
  const r = runJob(
    specOf(c.opts, c.engine),
    { threadArea: area.buffer, slot: 0, runStartMs: Date.now() },
    api,
    (_s, t) => console.error(t),
  );
  const d = r.dirs[0];
  const iops = d.totalIos * 1000 / d.runtimeMs;
  console.log(JSON.stringify({ iops, cpuIops: iops * 100 / (r.usrCpu + r.sysCpu) }));
}

function ensureFile(): void {
  try {
    if (Deno.statSync(FILE).size === SIZE) {
      Deno.readFileSync(FILE);
      return;
    }
  } catch {
    // create below
  }
  const chunk = new Uint8Array(1 << 20);
  const f = Deno.openSync(FILE, { write: true, create: true, truncate: true });
  for (let i = 0; i < SIZE / chunk.length; i++) f.writeSync(chunk);
  f.close();
  Deno.readFileSync(FILE);
}

/** IOPS, and IOPS per CPU-second of the job (robust on a busy machine). */
interface Score {
  iops: number;
  cpuIops: number;
}

function runDfio(c: Case): Score {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, `--child=${JSON.stringify(c)}`],
    stdout: "piped",
    stderr: "inherit",
  }).outputSync();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

function runFio(c: Case): Score | undefined {
  const a = ["--name=x", `--ioengine=${c.engine}`, "--output-format=json"];
  for (const [k, v] of Object.entries(c.opts)) a.push(`--${k}=${v}`);
  try {
    const out = new Deno.Command("fio", { args: a, stdout: "piped", stderr: "null" }).outputSync();
    const job = JSON.parse(new TextDecoder().decode(out.stdout)).jobs[0];
    const iops = job.read.iops;
    return { iops, cpuIops: iops * 100 / (job.usr_cpu + job.sys_cpu) };
  } catch {
    return undefined;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (args.has("child")) {
  await child();
} else {
  ensureFile();
  const rounds = Number(args.get("rounds") ?? 5);
  const secs = Number(args.get("secs") ?? 3);
  const names = (args.get("case") ?? "null,null-map,psync,psync-map").split(",");
  const k = (x: number) => (x / 1e3).toFixed(0);
  for (const name of names) {
    const c = caseOf(name, secs);
    const d: Score[] = [], f: Score[] = [];
    for (let i = 0; i < rounds; i++) {
      d.push(runDfio(c));
      const v = runFio(c);
      if (v !== undefined) f.push(v);
    }
    const dm = median(d.map((x) => x.iops)), dc = median(d.map((x) => x.cpuIops));
    let line = `${name.padEnd(9)} dfio ${k(dm)}k IOPS [${d.map((x) => k(x.iops)).join(" ")}]` +
      ` ${k(dc)}k/cpu-s`;
    if (f.length === 0) line += "; fio not run";
    else {
      const fm = median(f.map((x) => x.iops)), fc = median(f.map((x) => x.cpuIops));
      line += ` | fio ${k(fm)}k [${f.map((x) => k(x.iops)).join(" ")}] ${k(fc)}k/cpu-s` +
        ` | ratio ${(dm / fm).toFixed(2)}, per cpu-s ${(dc / fc).toFixed(2)}`;
    }
    console.log(line);
  }
}
