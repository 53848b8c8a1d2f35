/**
 * Per-job and aggregate log files end to end: dfio's files against fio
 * 3.33's on the same jobs (names, line counts per direction, columns,
 * timestamp cadence; values differ), and fio's own log readers
 * (fiologparser.py, fiologparser_hist.py, fio2gnuplot) on dfio's files.
 */
import assert from "node:assert/strict";
import { exists } from "../helpers/fs.ts";
import { HAVE_FIO } from "../helpers/run.ts";
import { FIO, LAUNCHER, type Launcher, runTimed } from "./_spawn.ts";

const DOC = "/usr/share/doc/fio";

function have(cmd: string, args: string[]): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

const HAVE_PY = have("python3", ["-c", "pass"]);
const HAVE_PANDAS = HAVE_PY && have("python3", ["-c", "import numpy, pandas"]);
const HAVE_PARSER = HAVE_PY && exists(`${DOC}/fiologparser.py.gz`);
const HAVE_HIST_PARSER = HAVE_PANDAS && exists(`${DOC}/fiologparser_hist.py.gz`);
const HAVE_GNUPLOT_SCRIPT = HAVE_PY && exists("/usr/bin/fio2gnuplot");

/** A fio helper script from the package docs, unpacked into `dir`. */
function script(name: string, dir: string): string {
  const out = new Deno.Command("gzip", { args: ["-dc", `${DOC}/${name}.gz`], stdout: "piped" })
    .outputSync();
  assert.ok(out.success, `gzip -dc ${name}.gz`);
  const path = `${dir}/${name}`;
  Deno.writeFileSync(path, out.stdout);
  return path;
}

/** Runs python3 `args` in `cwd`. */
function python(args: string[], cwd: string): { ok: boolean; out: string; err: string } {
  const o = new Deno.Command("python3", { args, cwd, stdout: "piped", stderr: "piped" })
    .outputSync();
  const dec = new TextDecoder();
  return { ok: o.success, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

function tempDir(tag: string): string {
  return Deno.makeTempDirSync({ prefix: `dfio_logs_${tag}_` });
}

/** Runs `l` with `args` in `dir` (no ETA, report discarded); asserts success. */
async function runIn(l: Launcher, dir: string, args: string[], timeoutMs = 30_000) {
  const r = await runTimed(l, ["--output=/dev/null", ...args], { cwd: dir, timeoutMs });
  assert.equal(r.code, 0, `${l.name} ${args.join(" ")}: ${r.stderr}`);
  return r;
}

function rows(path: string): string[][] {
  return Deno.readTextFileSync(path).split("\n").filter((l) => l !== "").map((l) => l.split(", "));
}

/** Lines per direction (column 3, or column 2 for histogram logs). */
function perDir(path: string, hist = false): number[] {
  const n = [0, 0, 0];
  for (const r of rows(path)) n[Number(r[hist ? 1 : 2])]++;
  return n;
}

function listLogs(dir: string): string[] {
  return Array.from(Deno.readDirSync(dir), (e) => e.name).filter((n) => n.endsWith(".log")).sort();
}

const WINDOWED = [
  "--name=j",
  "--ioengine=null",
  "--size=1m",
  "--bs=4k",
  "--rw=randrw",
  "--time_based",
  "--runtime=5",
  "--write_bw_log=x",
  "--write_lat_log=x",
  "--write_iops_log=x",
  "--write_hist_log=x",
  "--log_hist_msec=1000",
  "--log_avg_msec=1000",
];

/** Temp dirs of the shared windowed run (removed at unload). */
const windowedDirs: string[] = [];

/** Logs of the 5 s windowed job, by tool; fio's run shares the time with dfio's. */
const windowed = (() => {
  let done: Promise<{ dfio: string; fio: string | null }> | null = null;
  return () => {
    done ??= (async () => {
      const d = tempDir("win_dfio");
      const f = HAVE_FIO ? tempDir("win_fio") : null;
      windowedDirs.push(d, ...(f === null ? [] : [f]));
      await Promise.all([
        runIn(LAUNCHER, d, WINDOWED),
        f === null ? Promise.resolve() : runIn(FIO, f, WINDOWED),
      ]);
      return { dfio: d, fio: f };
    })();
    return done;
  };
})();

Deno.test("log_avg_msec=1000 over 5 s: fio's files, lines per direction and columns", async () => {
  const { dfio } = await windowed();
  assert.deepEqual(listLogs(dfio), [
    "x_bw.1.log",
    "x_clat.1.log",
    "x_clat_hist.1.log",
    "x_iops.1.log",
    "x_lat.1.log",
    "x_slat.1.log",
  ]);
  // Latency windows: one per second per direction, the last one at exit.
  for (const f of ["x_lat.1.log", "x_clat.1.log"]) {
    assert.deepEqual(perDir(`${dfio}/${f}`), [5, 5, 0], f);
    const stamps = rows(`${dfio}/${f}`).map((r) => Number(r[0]));
    for (const [i, t] of stamps.entries()) {
      const k = Math.floor(i / 2) + 1;
      assert.ok(t >= k * 1000 && t < k * 1000 + 100, `${f}: line ${i} at ${t}`);
    }
  }
  // bw/iops samples every second while the job runs: none at the very end.
  for (const f of ["x_bw.1.log", "x_iops.1.log"]) {
    assert.deepEqual(perDir(`${dfio}/${f}`), [4, 4, 0], f);
  }
  // Histogram windows run from the first completion after 0 ms (1001, 2001,
  // ...), so the I/O that ends the run may close a fifth one, in fio too.
  const hist = perDir(`${dfio}/x_clat_hist.1.log`, true);
  assert.ok(
    hist[0] >= 4 && hist[0] <= 5 && hist[1] >= 4 && hist[1] <= 5 && hist[2] === 0,
    `${hist}`,
  );
  assert.deepEqual(rows(`${dfio}/x_slat.1.log`), []);
  for (const f of ["x_bw.1.log", "x_iops.1.log", "x_lat.1.log", "x_clat.1.log"]) {
    for (const r of rows(`${dfio}/${f}`)) {
      assert.equal(r.length, 5);
      assert.ok(r.every((c) => /^\d+$/.test(c)), r.join(","));
      assert.deepEqual(r.slice(3), ["0", "0"]);
      assert.ok(Number(r[1]) > 0);
    }
  }
  for (const r of rows(`${dfio}/x_clat_hist.1.log`)) {
    assert.equal(r.length, 1859);
    assert.equal(r[2], "4096");
  }
});

Deno.test({
  name: "log_avg_msec=1000 over 5 s: the same line counts and columns as fio 3.33",
  ignore: !HAVE_FIO,
  async fn() {
    const { dfio, fio } = await windowed();
    assert.deepEqual(listLogs(dfio), listLogs(fio!));
    for (const f of listLogs(fio!)) {
      const hist = f.includes("hist");
      const a = perDir(`${dfio}/${f}`, hist), b = perDir(`${fio}/${f}`, hist);
      if (!hist && f.includes("lat")) assert.deepEqual(a, b, f);
      else {
        // fio takes its last bw/iops/hist sample in a race with the job's end.
        for (let d = 0; d < 3; d++) assert.ok(Math.abs(a[d] - b[d]) <= 1, `${f}: ${a} vs ${b}`);
      }
      const cols = (p: string) => new Set(rows(p).map((r) => r.length));
      assert.deepEqual(cols(`${dfio}/${f}`), cols(`${fio}/${f}`), f);
    }
  },
  sanitizeResources: false,
});

Deno.test({
  name: "fiologparser.py reads dfio's logs as it reads fio's",
  ignore: !HAVE_PARSER,
  async fn() {
    const { dfio } = await windowed();
    const tmp = tempDir("parser");
    try {
      const parser = script("fiologparser.py", tmp);
      // The 3.33 script splits lines into four columns, so it stops on the
      // fifth (priority) column of every 3.33 log, fio's own included.
      const raw = python([parser, "-s", `${dfio}/x_iops.1.log`], tmp);
      assert.equal(raw.ok, false);
      assert.match(raw.err, /too many values to unpack/);
      // Without that column it reads dfio's log: one sum per second of samples
      // (fio's log of the same job gives 1000, 2000, 3000, 4000 too).
      const four = rows(`${dfio}/x_iops.1.log`).map((r) => r.slice(0, 4).join(", ")).join("\n");
      Deno.writeTextFileSync(`${tmp}/iops.log`, `${four}\n`);
      const r = python([parser, "-s", `${tmp}/iops.log`], tmp);
      assert.ok(r.ok, r.err);
      const data = r.out.trim().split("\n").map((l) => l.split(", ").map(Number));
      // (A last partial interval shows when dfio's samples drift a ms or two.)
      assert.deepEqual(data.slice(0, 4).map((d) => d[0]), [1000, 2000, 3000, 4000]);
      assert.ok(data.length <= 5 && data[data.length - 1][0] < 4100, r.out);
      const logged = rows(`${dfio}/x_iops.1.log`).map((x) => Number(x[1]));
      const peak = Math.max(...logged) * 2;
      for (const d of data) assert.ok(d[1] > 0 && d[1] <= peak, `${d}`);
      const avg = python([parser, "-a", `${tmp}/iops.log`], tmp);
      assert.ok(avg.ok, avg.err);
      assert.equal(avg.out.trim().split("\n").length, data.length);
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
  sanitizeResources: false,
});

Deno.test({
  name: "fiologparser_hist.py reads dfio's histogram log",
  ignore: !HAVE_HIST_PARSER,
  async fn() {
    const { dfio } = await windowed();
    const tmp = tempDir("hist");
    try {
      const parser = script("fiologparser_hist.py", tmp);
      const r = python([parser, `${dfio}/x_clat_hist.1.log`], tmp);
      assert.ok(r.ok, r.err);
      const lines = r.out.trim().split("\n");
      assert.match(lines[0], /^end-time, samples, min, avg, median, 90%, 95%, 99%, max$/);
      const data = lines.slice(1).map((l) => l.split(", ").map(Number));
      assert.ok(data.length >= 4, r.out);
      const total = rows(`${dfio}/x_clat_hist.1.log`)
        .reduce((s, x) => s + x.slice(3).reduce((a, b) => a + Number(b), 0), 0);
      const parsed = data.reduce((s, d) => s + d[1], 0);
      // The script counts every sample twice (it does so on fio 3.33's own
      // hist logs too: 46745134 for 23372567 samples), spread over its intervals.
      assert.ok(Math.abs(parsed - 2 * total) <= total * 0.02, `${parsed} vs ${total}`);
      for (const d of data) {
        if (d[1] === 0) continue;
        assert.ok(d[2] <= d[4] && d[4] <= d[8], `${d}`);
        assert.ok(d[3] > 0 && d[3] < 1e9, `${d}`);
      }
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
  sanitizeResources: false,
});

Deno.test({
  name: "fio2gnuplot reads dfio's bandwidth log",
  ignore: !HAVE_GNUPLOT_SCRIPT,
  async fn() {
    const { dfio } = await windowed();
    const tmp = tempDir("gnuplot");
    try {
      Deno.copyFileSync(`${dfio}/x_bw.1.log`, `${tmp}/x_bw.1.log`);
      Deno.mkdirSync(`${tmp}/out`);
      const o = new Deno.Command("fio2gnuplot", {
        args: ["-b", "-d", "out"],
        cwd: tmp,
        stdout: "piped",
        stderr: "piped",
      }).outputSync();
      assert.ok(o.success, new TextDecoder().decode(o.stderr));
      const global = Deno.readTextFileSync(`${tmp}/out/result.global`);
      const values = rows(`${tmp}/x_bw.1.log`).map((r) => Number(r[1]));
      const field = (k: string) => Number(new RegExp(`^${k}=(\\S+)$`, "m").exec(global)?.[1]);
      assert.equal(field("values_count"), values.length);
      assert.equal(field("min"), Math.min(...values));
      assert.equal(field("max"), Math.max(...values));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      assert.ok(Math.abs(field("avg") - mean) <= 1, global);
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
  sanitizeResources: false,
});

const JOBFILE = `[global]
ioengine=null
size=64k
bs=4k
rw=read
[j]
numjobs=2
write_bw_log
write_lat_log
per_job_logs=0
[k]
write_iops_log=a
write_bw_log=a
log_offset=1
log_prio=1
prioclass=2
prio=3
`;

/** fio 3.33's files and line counts for JOBFILE (measured). */
const JOBFILE_FIO: Record<string, number> = {
  "a_bw.3.log": 16,
  "a_iops.3.log": 16,
  "j_bw.log": 32,
  "j_clat.log": 32,
  "j_lat.log": 32,
  "j_slat.log": 0,
};

Deno.test("per-I/O logs: names with per_job_logs, numjobs and bare keys; offset and prio columns", async () => {
  const dir = tempDir("names");
  try {
    Deno.writeTextFileSync(`${dir}/job.fio`, JOBFILE);
    await runIn(LAUNCHER, dir, ["job.fio"]);
    const got: Record<string, number> = {};
    for (const f of listLogs(dir)) got[f] = rows(`${dir}/${f}`).length;
    assert.deepEqual(got, JOBFILE_FIO);
    // per_job_logs=0 appends: a second run doubles the shared files only.
    await runIn(LAUNCHER, dir, ["job.fio"]);
    assert.equal(rows(`${dir}/j_bw.log`).length, 64);
    assert.equal(rows(`${dir}/a_bw.3.log`).length, 16);
    const a = rows(`${dir}/a_iops.3.log`);
    assert.ok(
      a.every((r) => r.length === 6 && r[1] === "1" && r[3] === "4096" && r[5] === "0x4003"),
    );
    assert.deepEqual(a.map((r) => Number(r[4])), Array.from({ length: 16 }, (_, i) => i * 4096));
    assert.ok(rows(`${dir}/j_lat.log`).every((r) => r.length === 5 && r[4] === "0"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({
  name: "per-I/O logs: the same files, line counts and columns as fio 3.33",
  ignore: !HAVE_FIO,
  async fn() {
    const d = tempDir("names_dfio"), f = tempDir("names_fio");
    try {
      for (const dir of [d, f]) Deno.writeTextFileSync(`${dir}/job.fio`, JOBFILE);
      await Promise.all([runIn(LAUNCHER, d, ["job.fio"]), runIn(FIO, f, ["job.fio"])]);
      assert.deepEqual(listLogs(d), listLogs(f));
      for (const name of listLogs(f)) {
        const a = rows(`${d}/${name}`), b = rows(`${f}/${name}`);
        assert.equal(a.length, b.length, name);
        // Everything but time and value is the same entry for entry.
        const shape = (r: string[][]) => r.map((x) => [x.length, ...x.slice(2)].join(",")).sort();
        assert.deepEqual(shape(a), shape(b), name);
      }
    } finally {
      Deno.removeSync(d, { recursive: true });
      Deno.removeSync(f, { recursive: true });
    }
  },
  sanitizeResources: false,
});

Deno.test("--bandwidth-log: fio's agg-*_bw.log files with the summed bandwidth", async () => {
  const dir = tempDir("agg");
  try {
    await runIn(LAUNCHER, dir, [
      "--bandwidth-log",
      "--name=j",
      "--ioengine=null",
      "--size=1m",
      "--rw=randrw",
      "--time_based",
      "--runtime=1600ms",
      "--rate_iops=100",
    ]);
    assert.deepEqual(listLogs(dir), ["agg-read_bw.log", "agg-trim_bw.log", "agg-write_bw.log"]);
    const rd = rows(`${dir}/agg-read_bw.log`);
    assert.ok(rd.length >= 2 && rd.length <= 4, `${rd.length} samples`);
    // 100 reads and 100 writes of 4 KiB per second: 400 KiB/s each once running.
    const last = rd[rd.length - 1];
    assert.ok(Math.abs(Number(last[1]) - 400) <= 40, last.join(", "));
    assert.deepEqual(last.slice(2), ["0", "0", "0"]);
    assert.ok(rows(`${dir}/agg-trim_bw.log`).every((r) => r[1] === "0" && r[2] === "2"));
    assert.ok(rows(`${dir}/agg-write_bw.log`).every((r) => r[2] === "1"));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a run stopped by SIGINT keeps complete logs", async () => {
  const dir = tempDir("sigint");
  try {
    const r = await runTimed(LAUNCHER, [
      "--output=/dev/null",
      "--name=j",
      "--ioengine=null",
      "--size=1m",
      "--rw=read",
      "--rate_iops=200",
      "--time_based",
      "--runtime=20s",
      "--write_lat_log=x",
      "--log_avg_msec=100",
    ], { cwd: dir, sigintAfterMs: 3000, timeoutMs: 15_000 });
    assert.equal(r.timedOut, false);
    const text = Deno.readTextFileSync(`${dir}/x_clat.1.log`);
    assert.ok(text.endsWith("\n"));
    const r2 = rows(`${dir}/x_clat.1.log`);
    // Started about 0.5-1 s after the launch, stopped at 3 s: 10 windows a second.
    assert.ok(r2.length >= 15 && r2.length <= 30, `${r2.length} lines`);
    assert.ok(r2.every((x) => x.length === 5 && x.every((c) => /^\d+$/.test(c))));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a bad log path is reported as fio does and the job still runs", async () => {
  const dir = tempDir("badpath");
  try {
    const r = await runTimed(LAUNCHER, [
      "--output=/dev/null",
      "--name=j",
      "--ioengine=null",
      "--size=64k",
      "--write_bw_log=/nonexistent-dfio-dir/x",
    ], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^fopen log: No such file or directory$/m);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

// The shared 5 s run's directories go once every test of this file is done.
globalThis.addEventListener("unload", () => {
  for (const d of windowedDirs) Deno.removeSync(d, { recursive: true });
});

Deno.test("a window longer than the run logs the rounded mean / the max of every I/O", async () => {
  // fio 3.33 measured: clat mean 4271.5 logs 4272, 1822.67 logs 1823, 1925.25
  // logs 1925; with log_max_value the JSON max. The entry is stamped at exit.
  const dir = tempDir("mean");
  try {
    const base = ["--name=j", "--ioengine=null", "--size=28k", "--write_lat_log=x"];
    const json = ["--output-format=json", "--output=o.json"];
    for (const max of [false, true]) {
      const args = [...base, "--log_avg_msec=100000", ...json];
      const r = await runTimed(LAUNCHER, max ? [...args, "--log_max_value=1"] : args, { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const job = JSON.parse(Deno.readTextFileSync(`${dir}/o.json`)).jobs[0];
      const read = job.read;
      for (const [file, key] of [["x_clat.1.log", "clat_ns"], ["x_lat.1.log", "lat_ns"]]) {
        const got = rows(`${dir}/${file}`);
        assert.equal(got.length, 1, file);
        const want = max ? read[key].max : Math.floor(read[key].mean + 0.5);
        assert.equal(Number(got[0][1]), want, `${file} max=${max}`);
        assert.ok(Number(got[0][0]) <= job.job_runtime + 1, `${got[0][0]} ms`);
      }
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
