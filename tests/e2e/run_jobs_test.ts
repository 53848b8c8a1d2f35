/**
 * Real runs of scripts/fio on tiny jobs (null engine, psync on temp files),
 * read back through the JSON report: job count, group ids, exact byte
 * counts, numjobs clones, SIGINT mid-run.
 */
import assert from "node:assert/strict";
import { DFIO, HAVE_FIO, runDfio, runFio } from "../helpers/run.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

async function runJson(
  args: string[],
  cwd?: string,
): Promise<{ code: number; doc: Json; err: string }> {
  const r = await runDfio([...args, "--output-format=json"], { cwd });
  let doc: Json;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, doc, err: r.stderr };
}

const GROUPS = [
  "--ioengine=null",
  "--name=a",
  "--size=1m",
  "--name=b",
  "--size=256k",
  "--bs=8k",
  "--rw=write",
  "--name=c",
  "--size=64k",
  "--stonewall",
  "--name=d",
  "--size=128k",
  "--new_group",
  "--rw=randread",
];

Deno.test({
  name: "run: null jobs report exact bytes, groups from stonewall and new_group",
  async fn() {
    const r = await runJson(GROUPS);
    assert.equal(r.code, 0, r.err);
    const jobs = r.doc.jobs;
    assert.deepEqual(jobs.map((j: Json) => [j.jobname, j.groupid]), [
      ["a", 0],
      ["b", 0],
      ["c", 1],
      ["d", 2],
    ]);
    assert.deepEqual(
      jobs.map((j: Json) => [j.read.io_kbytes, j.write.io_kbytes]),
      [[1024, 0], [0, 256], [64, 0], [128, 0]],
    );
    assert.equal(jobs[1].write.total_ios, 32);
  },
});

const CLONES = ["--name=a", "--numjobs=3", "--size=64k", "--rw=write"];

Deno.test({
  name: "run: psync clones are separate jobs with their own files, as in fio",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const args = [...CLONES, `--directory=${dir}`];
      const r = await runJson(args);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.doc.jobs.length, 3);
      for (const j of r.doc.jobs) assert.equal(j.write.io_kbytes, 64);
      const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(names, ["a.0.0", "a.1.0", "a.2.0"]);
      if (HAVE_FIO) {
        const fdir = await Deno.makeTempDir();
        try {
          await runFio([...args.slice(0, -1), `--directory=${fdir}`, "--output-format=json"]);
          assert.deepEqual([...Deno.readDirSync(fdir)].map((e) => e.name).sort(), names);
        } finally {
          await Deno.remove(fdir, { recursive: true });
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const PREAMBLE = ["--name=a", "--ioengine=null", "--size=64k", "--numjobs=2"];

Deno.test({
  name: "run: normal output starts with fio's preamble",
  async fn() {
    const r = await runDfio(PREAMBLE);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.equal(
      lines[0],
      "a: (g=0): rw=read, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, ioengine=null, iodepth=1",
    );
    assert.equal(lines[1], "...");
    assert.match(lines[2], /^fio-3\.33-dfio-/);
    assert.equal(lines[3], "Starting 2 processes");
    assert.match(r.stdout, /\nRun status group 0 \(all jobs\):\n {3}READ: /);
  },
});

const SIGINT_RUN = [
  "--ioengine=null",
  "--size=1g",
  "--output-format=json",
  "--name=a",
  "--runtime=30",
  "--time_based",
  "--name=b",
  "--stonewall",
  "--size=64k",
];

Deno.test({
  name: "run: SIGINT mid-run still prints valid JSON with results, exit 128 like fio",
  async fn() {
    const child = new Deno.Command(DFIO, {
      args: SIGINT_RUN,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    const out = await child.output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 128, stderr);
    assert.ok(stderr.includes("fio: terminating on signal 2"));
    const doc = JSON.parse(stdout);
    assert.deepEqual(doc.jobs.map((j: Json) => j.jobname), ["a", "b"]);
    assert.ok(doc.jobs[0].read.io_bytes > 0);
    assert.ok(doc.jobs[0].job_runtime > 0 && doc.jobs[0].job_runtime < 10_000);
    assert.equal(doc.jobs[1].read.io_bytes, 0);
  },
});

Deno.test({
  name: "run: jobs started together run together (job_runtime within 20 ms, as fio)",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const r = await runJson([
        `--directory=${dir}`,
        "--ioengine=psync",
        "--size=8m",
        "--runtime=1",
        "--time_based",
        "--invalidate=0",
        "--name=a",
        "--name=b",
        "--size=32m",
      ]);
      assert.equal(r.code, 0, r.err);
      const [a, b] = r.doc.jobs.map((j: Json) => j.job_runtime);
      assert.ok(a >= 990 && a <= 1100, `a ran ${a} ms`);
      assert.ok(Math.abs(a - b) <= 20, `job_runtime ${a} vs ${b}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** The "Laying out IO file" lines of a normal report, in order. */
function layoutLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l.includes(": Laying out IO file"));
}

Deno.test({
  name: "run: files are laid out in job order, only in normal output, as in fio",
  async fn() {
    const args = (dir: string) => [
      `--directory=${dir}`,
      "--name=a",
      "--size=4m",
      "--numjobs=4",
      "--name=b",
      "--size=2m",
      "--rw=write",
      "--name=c",
      "--size=1m",
    ];
    const dir = await Deno.makeTempDir();
    try {
      const r = await runDfio(args(dir));
      assert.equal(r.code, 0, r.stderr);
      const lines = layoutLines(r.stdout);
      assert.deepEqual(lines, [
        ...Array(4).fill("a: Laying out IO file (1 file / 4MiB)"),
        "b: Laying out IO file (1 file / 2MiB)",
        "c: Laying out IO file (1 file / 1MiB)",
      ]);
      assert.match(r.stdout, /Starting 6 processes\na: Laying out/);
      for (const f of Deno.readDirSync(dir)) Deno.removeSync(`${dir}/${f.name}`);
      const j = await runJson(args(dir));
      assert.equal(j.code, 0, j.err);
      assert.ok(!j.err.includes("Laying out"), "no layout line on stderr either");
      if (HAVE_FIO) {
        const fdir = await Deno.makeTempDir();
        try {
          const f = await runFio(args(fdir));
          assert.deepEqual(lines, layoutLines(f.stdout));
        } finally {
          await Deno.remove(fdir, { recursive: true });
        }
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
