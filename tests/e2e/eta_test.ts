/**
 * The ETA line and status reports as users see them: rewritten in place
 * in a pseudo-terminal (util-linux `script`), whole lines when piped,
 * kept off a JSON stdout, and full reports every --status-interval and on
 * SIGUSR1 (compared with fio 3.33 where it is installed).
 */
import assert from "node:assert/strict";
import { DFIO, HAVE_FIO } from "../helpers/run.ts";
import { HAVE_SCRIPT, runInPty } from "../helpers/pty.ts";
import { FIO, LAUNCHER, type Launcher, runTimed } from "./_spawn.ts";

/** A 2.5 s job: 125 MiB read at 50 MiB/s on the null engine. */
const JOB = ["--name=a", "--ioengine=null", "--rw=read", "--size=125m", "--rate=50m"];

/** The JSON documents of a report stream written one after another. */
function documents(text: string): Record<string, unknown>[] {
  const starts = [...text.matchAll(/^\{$/gm)].map((m) => m.index!);
  return starts.map((s, i) => JSON.parse(text.slice(s, starts[i + 1] ?? text.length)));
}

// deno-lint-ignore no-explicit-any
const readBytes = (doc: any): number => doc.jobs[0].read.io_bytes;
// deno-lint-ignore no-explicit-any
const elapsed = (doc: any): number => doc.jobs[0].elapsed;

Deno.test({
  name: "ETA line in a terminal is rewritten in place",
  ignore: !HAVE_SCRIPT,
  async fn() {
    // 4 s, so the estimate (from the third second on) shows up.
    const { code, text } = await runInPty([DFIO, ...JOB, "--size=200m"]);
    assert.equal(code, 0, text);
    const first = text.indexOf("Jobs: 1 (f=1)");
    const report = text.indexOf("a: (groupid=0");
    assert.ok(first > 0 && report > first, text);
    const eta = text.slice(first, report);
    // Every update starts over the previous one; none starts a new line.
    assert.ok(eta.split("\r").filter((l) => l.startsWith("Jobs: 1 (f=1)")).length >= 2, eta);
    assert.ok(!eta.trimEnd().includes("\n"), JSON.stringify(eta));
    assert.match(
      eta,
      /\[R\(1\)\]\[[-.0-9]+%\]\[r=[0-9.]+MiB\/s\]\[r=[0-9.]+k IOPS\]\[eta 00m:0\ds\]/,
    );
  },
});

Deno.test("ETA lines when piped: whole lines, no carriage returns", async () => {
  const r = await runTimed(LAUNCHER, [...JOB, "--eta=always", "--eta-newline=1"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes("\r"), JSON.stringify(r.stdout.slice(0, 400)));
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("Jobs: "));
  assert.ok(lines.length >= 2, r.stdout);
  assert.ok(lines.every((l) => l.startsWith("Jobs: 1 (f=1), 0B/s-50.0MiB/s")), lines.join("\n"));
});

Deno.test("JSON on stdout stays parseable with --eta=always: the line goes to stderr", async () => {
  const r = await runTimed(LAUNCHER, [...JOB, "--eta=always", "--output-format=json"]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(readBytes(doc), 125 * 1024 * 1024);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("Jobs: 1 (f=1)"));
  assert.ok(lines.length >= 2, r.stderr);
  assert.ok(!r.stderr.includes("\r"));
});

async function statusRun(l: Launcher): Promise<Record<string, unknown>[]> {
  const r = await runTimed(l, [...JOB, "--status-interval=1", "--output-format=json"]);
  assert.equal(r.code, 0, r.stderr);
  return documents(r.stdout);
}

Deno.test("--status-interval=1: a cumulative report every second, then the final one", async () => {
  const [docs, ref] = await Promise.all([
    statusRun(LAUNCHER),
    HAVE_FIO ? statusRun(FIO) : Promise.resolve(undefined),
  ]);
  assert.ok(docs.length >= 3, `${docs.length} reports`);
  const bytes = docs.map(readBytes);
  for (let i = 1; i < bytes.length; i++) {
    assert.ok(bytes[i] >= bytes[i - 1], `io_bytes went down: ${bytes}`);
  }
  assert.ok(bytes[0] < bytes[bytes.length - 1], `${bytes}`);
  assert.equal(bytes[bytes.length - 1], 125 * 1024 * 1024);
  assert.deepEqual(docs.slice(0, -1).map(elapsed), docs.slice(0, -1).map((_, i) => i + 1));
  if (ref) {
    // fio makes as many reports (give or take the one racing the job's end).
    assert.ok(Math.abs(ref.length - docs.length) <= 1, `fio ${ref.length}, dfio ${docs.length}`);
    assert.equal(readBytes(ref[ref.length - 1]), 125 * 1024 * 1024);
  }
});

Deno.test("SIGUSR1 prints a status report on demand", async () => {
  const r = await runTimed(LAUNCHER, [...JOB, "--output-format=json"], { sigusr1AfterMs: 1500 });
  assert.equal(r.code, 0, r.stderr);
  const docs = documents(r.stdout);
  assert.equal(docs.length, 2);
  assert.ok(readBytes(docs[0]) > 0 && readBytes(docs[0]) < readBytes(docs[1]));
});

/** The states, percent and estimate of each ETA line with the detail part. */
function details(text: string): string[] {
  return [
    ...text.matchAll(/: (\[[^\]]*\]\[[-.0-9]+%\])(?:\[[^\]]*\]\[[^\]]* IOPS\])?(\[eta [^\]]*\])/g),
  ]
    .map((m) => m[1] + m[2]);
}

/**
 * Whether an ETA detail shows fio's arithmetic: percent = E / (E + eta)
 * for the run's age E in whole seconds (3 or more).
 */
function consistent(detail: string): boolean {
  const m = /\]\[([0-9.]+)%\]\[eta 00m:(\d\d)s\]$/.exec(detail);
  if (!m) return false;
  const eta = Number(m[2]);
  for (let e = 3; e < 30; e++) {
    if ((e * 100 / (e + eta)).toFixed(1) === m[1]) return true;
  }
  return false;
}

Deno.test({
  name: "ETA estimates follow fio 3.33's arithmetic on a rate-limited job",
  ignore: !HAVE_FIO,
  async fn() {
    // 6 s at 50 MiB/s: fio 3.33 prints [R(1)][50.0%]..[eta 00m:03s] at its third second
    // (42.9% / 4 s or 57.1% / 3 s when its tick lands off), then 66.7% / 2 s, ...
    const args = [
      ...JOB,
      "--size=300m",
      "--eta=always",
      "--output-format=json",
      "--output=/dev/null",
    ];
    const [d, f] = await Promise.all([runTimed(LAUNCHER, args), runTimed(FIO, args)]);
    const mine = details(d.stdout), ref = details(f.stdout);
    assert.ok(mine.length >= 3 && ref.length >= 3, `${d.stdout}\n---\n${f.stdout}`);
    // fio's own first estimate moves with its tick timing; the arithmetic does not.
    for (const x of [...mine, ...ref]) assert.ok(consistent(x), x);
    const etas = mine.map((x) => Number(/(\d\d)s\]$/.exec(x)![1]));
    assert.ok(etas.every((e, i) => i === 0 || e <= etas[i - 1] + 1), mine.join(" "));
  },
});
