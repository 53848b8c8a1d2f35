/**
 * The coordinator against the stand-in Worker (tests/run/fake_worker.ts):
 * start order (stonewall, wait_for, startdelay), stops (exitall and its
 * exit_what, exitall_on_error, runtime overrun, stuck jobs), failures,
 * output routing and exit codes.
 */
import assert from "node:assert/strict";
import { endIdleWorkers, idleWorkerCount, JOB_WORKER_URL } from "../../src/run/job_worker.ts";
import { ioStarted, type ThreadArea } from "../../src/run/thread_area.ts";
import { at, planOf, runFake } from "./helpers.ts";

const json = { outputFormats: ["json" as const] };
// deno-lint-ignore no-explicit-any
type Json = any;

function jobsOf(out: string): Json[] {
  return JSON.parse(out).jobs;
}

Deno.test("coordinator: stonewall starts the next group after the earlier jobs end", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=200ms"],
    ["b", "ioengine=null", "size=64k", "stonewall"],
    ["c", "ioengine=null", "size=64k", "new_group"],
  ]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 0);
  assert.ok(at(c, "start b") >= at(c, "end a"));
  assert.ok(at(c, "start c") < at(c, "end b") || at(c, "start c") >= at(c, "start b"));
  const jobs = jobsOf(c.out);
  assert.deepEqual(jobs.map((j) => [j.jobname, j.groupid]), [["a", 0], ["b", 1], ["c", 2]]);
  assert.equal(jobs[1].read.io_kbytes, 64);
});

Deno.test("coordinator: numjobs clones run side by side, each its own job", async () => {
  const plan = planOf([["a", "ioengine=null", "size=128k", "numjobs=3"]]);
  const c = await runFake(plan, json);
  const jobs = jobsOf(c.out);
  assert.equal(jobs.length, 3);
  assert.deepEqual(jobs.map((j) => j.read.io_kbytes), [128, 128, 128]);
});

Deno.test("coordinator: wait_for holds a job until its waitee ends, others run", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=200ms"],
    ["b", "ioengine=null", "size=64k", "wait_for=a"],
    ["c", "ioengine=null", "size=64k"],
  ]);
  const c = await runFake(plan, json);
  assert.ok(at(c, "start b") >= at(c, "end a"));
  assert.ok(at(c, "start c") < at(c, "end a"));
  assert.deepEqual(jobsOf(c.out).map((j) => j.groupid), [0, 0, 0]);
});

Deno.test("coordinator: startdelay holds a job from the start of the run", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "size=64k"],
    ["b", "ioengine=null", "size=64k", "startdelay=300ms"],
  ]);
  const c = await runFake(plan, json);
  assert.ok(at(c, "start b") >= 300, `b started at ${at(c, "start b")} ms`);
  assert.ok(at(c, "start a") < 300);
});

Deno.test("coordinator: exitall stops the rest of the job's group only", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=100ms", "exitall"],
    ["b", "ioengine=null", "runtime=20s"],
    ["c", "ioengine=null", "runtime=400ms", "new_group"],
  ]);
  const t0 = performance.now();
  const c = await runFake(plan, json);
  assert.ok(performance.now() - t0 < 5000);
  assert.ok(at(c, "end b") - at(c, "end a") < 1000);
  assert.ok(at(c, "end c") - at(c, "start c") >= 390, "c ran its full runtime");
  assert.equal(c.code, 0);
});

Deno.test("coordinator: exit_what=all stops every job; never-started jobs still report", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=100ms", "exitall", "exit_what=all"],
    ["b", "ioengine=null", "runtime=20s", "new_group"],
    ["d", "ioengine=null", "size=64k", "startdelay=10s"],
  ]);
  const c = await runFake(plan, json);
  assert.ok(at(c, "end b") < 2000);
  assert.ok(!c.err.includes("start d"));
  const jobs = jobsOf(c.out);
  assert.deepEqual(jobs.map((j) => j.jobname), ["a", "b", "d"]);
  assert.equal(jobs[2].read.io_bytes, 0);
  assert.equal(jobs[2].job_runtime, 0);
});

Deno.test("coordinator: exit_what=stonewall stops running jobs, later groups still run", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=100ms", "exitall", "exit_what=stonewall"],
    ["b", "ioengine=null", "runtime=20s", "new_group"],
    ["d", "ioengine=null", "size=64k", "stonewall"],
  ]);
  const c = await runFake(plan, json);
  assert.ok(at(c, "end b") < 2000);
  assert.ok(at(c, "start d") >= at(c, "end b"));
  assert.equal(jobsOf(c.out)[2].read.io_kbytes, 64);
});

Deno.test("coordinator: exitall_on_error stops everything and the exit code is 1", async () => {
  const plan = planOf([
    ["err", "ioengine=null", "size=64k", "exitall_on_error"],
    ["b", "ioengine=null", "runtime=20s"],
  ]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 1);
  assert.ok(at(c, "end b") < 2000);
  assert.deepEqual(jobsOf(c.out).map((j) => j.error), [5, 0]);
});

Deno.test("coordinator: a failing or crashing Worker gives a fio: line, results, exit 1", async () => {
  const plan = planOf([
    ["fail", "ioengine=null", "size=64k"],
    ["crash", "ioengine=null", "size=64k"],
    ["ok", "ioengine=null", "size=64k"],
  ]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 1);
  assert.ok(c.err.includes("fio: pid=0, err=21/file:fake, func=open, error=Is a directory\n"));
  assert.match(c.err, /^fio: job 'crash' \(job 2\) failed: Error: boom$/m);
  assert.ok(!c.err.includes("    at "), "no stack trace");
  const jobs = jobsOf(c.out);
  assert.deepEqual(jobs.map((j) => [j.jobname, j.error]), [["fail", 21], ["crash", 22], ["ok", 0]]);
  assert.equal(jobs[2].read.io_kbytes, 64);
});

Deno.test("coordinator: ended jobs' Workers live until the next batch or the end of the run", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "size=64k"],
    ["b", "ioengine=null", "size=64k", "stonewall"],
    ["fail", "ioengine=null", "size=64k", "stonewall"],
    ["crash", "ioengine=null", "size=64k"],
    ["c", "ioengine=null", "size=64k"],
  ]);
  try {
    // Left for the process exit: only the last batch's, and not the crashed one.
    const left = await runFake(plan, json, { leaveIdleWorkers: true });
    assert.equal(left.code, 1);
    assert.equal(idleWorkerCount(), 2);
    endIdleWorkers();
    assert.equal(idleWorkerCount(), 0);
    const ended = await runFake(plan, json);
    assert.equal(ended.code, 1);
    assert.equal(idleWorkerCount(), 0);
  } finally {
    endIdleWorkers();
  }
});

Deno.test("coordinator: a missing Worker module is a clean error", async () => {
  const plan = planOf([["a", "ioengine=null", "size=64k"]]);
  const c = await runFake(plan, json, {
    workerUrl: new URL("./no_such_worker.ts", import.meta.url),
  });
  assert.equal(c.code, 1);
  assert.match(c.err, /^fio: job 'a' \(job 1\) failed: /m);
  assert.equal(jobsOf(c.out).length, 1);
});

Deno.test("coordinator: JSON mode keeps stdout pure; info lines only in normal output", async () => {
  const plan = planOf([["a", "ioengine=null", "size=64k"]]);
  const j = await runFake(plan, json);
  assert.doesNotThrow(() => JSON.parse(j.out));
  assert.ok(!j.out.includes("info a"));
  assert.ok(j.err.includes("start a"));
  const n = await runFake(plan, { outputFormats: ["normal"] });
  assert.ok(n.out.startsWith("a: (g=0): rw=read, bs=(R) 4096B-4096B"));
  assert.match(n.out, /^Starting 1 process\ninfo a\n\na: \(groupid=0, jobs=1\): err= 0: /m);
  assert.match(n.out, /Run status group 0 \(all jobs\):\n {3}READ: /);
  const both = await runFake(plan, { outputFormats: ["json", "normal"] });
  assert.ok(both.out.includes('"jobname" : "a"') && both.out.includes("Run status group 0"));
});

Deno.test("coordinator: --output sends the whole report to the file", async () => {
  const file = await Deno.makeTempFile();
  try {
    const plan = planOf([["a", "ioengine=null", "size=64k"]]);
    const c = await runFake(plan, { outputFormats: ["normal"], output: file });
    assert.equal(c.out, "");
    const text = await Deno.readTextFile(file);
    assert.ok(text.startsWith("a: (g=0): "));
    assert.ok(text.includes("info a\n") && text.includes("Run status group 0"));
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("coordinator: a job running past runtime + ramp_time is told to stop", async () => {
  const plan = planOf([["slow", "ioengine=null", "runtime=100ms"]]);
  const c = await runFake(plan, json, { runtimeGraceMs: 100 });
  assert.equal(c.code, 0);
  const ran = at(c, "end slow") - at(c, "start slow");
  assert.ok(ran >= 190 && ran < 1500, `ran ${ran} ms`);
});

Deno.test("coordinator: a job that ignores a stop is killed after the reap timeout", async () => {
  const plan = planOf([["stuck", "ioengine=null", "runtime=50ms"]]);
  const c = await runFake(plan, json, { runtimeGraceMs: 50, reapTimeoutMs: 200 });
  assert.equal(c.code, 1);
  assert.match(
    c.err,
    /^fio: job 'stuck' \(state=5\) hasn't exited in 0 seconds, it appears to be stuck\. Doing forceful exit of this job\.$/m,
  );
  const job = jobsOf(c.out)[0];
  assert.ok(job.read.io_bytes > 0, "bytes done so far come from the thread area");
});

Deno.test("coordinator: the thread area has max(--max-jobs, jobs) slots", async () => {
  let slots = 0;
  const plan = planOf([["a", "ioengine=null", "size=4k", "numjobs=3"]]);
  await runFake(plan, { ...json, maxJobs: 2 }, { onThreadArea: (a) => (slots = a.jobs) });
  assert.equal(slots, 3);
  await runFake(plan, { ...json, maxJobs: 16 }, { onThreadArea: (a) => (slots = a.jobs) });
  assert.equal(slots, 16);
});

/** Index of stderr line `text` in arrival order; fails the test when missing. */
function lineIndex(c: { errLines: { text: string }[]; err: string }, text: string): number {
  const i = c.errLines.findIndex((l) => l.text === text);
  if (i < 0) throw new Error(`no stderr line '${text}' in:\n${c.err}`);
  return i;
}

Deno.test("coordinator: jobs due together set up in job order and start when all are set up", async () => {
  const plan = planOf([
    ["a", "ioengine=null", "runtime=100ms"],
    ["lazy", "ioengine=null", "runtime=100ms"],
    ["c", "ioengine=null", "runtime=100ms"],
  ]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 0, c.err);
  const i = (t: string) => lineIndex(c, t);
  // Setup is serialized: each job's setup begins after the one before is ready.
  assert.ok(i("ready a") < i("setup lazy"));
  assert.ok(i("ready lazy") < i("setup c"));
  // Nobody starts before the slowest setup is over, then all start together.
  const lastReady = Math.max(i("ready a"), i("ready lazy"), i("ready c"));
  for (const n of ["a", "lazy", "c"]) assert.ok(i(`go ${n}`) > lastReady, `go ${n}`);
  const gos = ["a", "lazy", "c"].map((n) => at(c, `go ${n}`));
  assert.ok(Math.max(...gos) - Math.min(...gos) < 50, `go times ${gos}`);
  assert.ok(at(c, "go a") >= at(c, "ready lazy"));
});

Deno.test("coordinator: the start barrier holds numjobs=4 clones until all are set up", async () => {
  const plan = planOf([["lazy", "ioengine=null", "runtime=50ms", "numjobs=4"]]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 0, c.err);
  const kinds = c.errLines.map((l) => l.text.split(" ")[0]).filter((k) => k !== "end");
  // Lines of each clone come out in job order: start, setup, ready per clone, then the gos.
  assert.deepEqual(kinds.filter((k) => k === "ready").length, 4);
  const firstGo = kinds.indexOf("go");
  assert.ok(firstGo > kinds.lastIndexOf("ready"), kinds.join(","));
  assert.equal(kinds.slice(firstGo).filter((k) => k === "go").length, 4);
  const gos = c.errLines.filter((l) => l.text.startsWith("go ")).map((l) => l.t);
  assert.ok(Math.max(...gos) - Math.min(...gos) < 50, `go times ${gos}`);
  // Four 300 ms setups one after another, then the runs side by side.
  assert.ok(Math.min(...gos) >= 4 * 290, `released at ${Math.min(...gos)} ms`);
  assert.deepEqual(jobsOf(c.out).map((j) => j.error), [0, 0, 0, 0]);
});

Deno.test("coordinator: a job failing in setup neither blocks nor reorders the batch", async () => {
  const plan = planOf([
    ["lazy", "ioengine=null", "size=64k"],
    ["fail", "ioengine=null", "size=64k"],
    ["c", "ioengine=null", "size=64k"],
  ]);
  const c = await runFake(plan, json);
  assert.equal(c.code, 1);
  const i = (t: string) => lineIndex(c, t);
  // fail's lines wait until lazy is set up, as fio's serialized setup prints them.
  assert.ok(i("ready lazy") < i("start fail"));
  assert.ok(i("start fail") < i("fio: pid=0, err=21/file:fake, func=open, error=Is a directory"));
  assert.ok(i("go c") > i("ready c"));
  assert.deepEqual(jobsOf(c.out).map((j) => [j.jobname, j.error]), [
    ["lazy", 0],
    ["fail", 21],
    ["c", 0],
  ]);
});

Deno.test("coordinator: real psync jobs start their I/O together after a long layout", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // a lays out almost nothing, b 48 MiB: without the barrier a runs well before b.
    const plan = planOf([
      ["global", `directory=${dir}`, "runtime=300ms", "time_based", "invalidate=0"],
      ["a", "size=64k"],
      ["b", "size=48m"],
    ]);
    let area: ThreadArea | undefined;
    const seen: number[] = [];
    const poll = setInterval(() => {
      for (const slot of [0, 1]) {
        if (seen[slot] === undefined && area && ioStarted(area.state(slot))) {
          seen[slot] = performance.now();
        }
      }
    }, 1);
    const c = await runFake(plan, { outputFormats: ["normal"] }, {
      workerUrl: JOB_WORKER_URL,
      onThreadArea: (a) => (area = a),
    });
    clearInterval(poll);
    assert.equal(c.code, 0, c.err);
    assert.equal(seen.length, 2);
    assert.ok(Math.abs(seen[0] - seen[1]) < 20, `started ${seen[1] - seen[0]} ms apart`);
    assert.match(
      c.out,
      /Starting 2 processes\na: Laying out IO file \(1 file \/ 0MiB\)\nb: Laying out IO file \(1 file \/ 48MiB\)\n/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("coordinator: a Worker whose module loads slowly still gets its StartMessage", async () => {
  const plan = planOf([["a", "ioengine=null", "size=64k", "numjobs=2"]]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const c = await Promise.race([
    runFake(plan, json, { workerUrl: new URL("./slow_fake_worker.ts", import.meta.url) }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the jobs never started")), 10_000);
    }),
  ]);
  clearTimeout(timer);
  assert.equal(c.code, 0, c.err);
  assert.deepEqual(jobsOf(c.out).map((j) => j.read.io_kbytes), [64, 64]);
});
