/**
 * The ETA computation: per-job estimates fio's way, where the line goes,
 * and the printer's timing, rates and terminal handling, driven by a fake
 * clock over a real thread area. Expected numbers are those fio 3.33
 * printed for the same situations.
 */
import assert from "node:assert/strict";
import { defaultRunConfig, type RunConfig } from "../../src/cli/config.ts";
import {
  ETA_UNKNOWN,
  type EtaJob,
  etaJob,
  EtaPrinter,
  etaTarget,
  jobEtaSec,
} from "../../src/run/eta.ts";
import { RunState, Slot, ThreadArea } from "../../src/run/thread_area.ts";
import { planOf } from "./helpers.ts";

const MIB = 1024 * 1024;

function job(kv: string[]): EtaJob {
  return etaJob(planOf([["a", ...kv]]).jobs[0]);
}

Deno.test("etaJob reads the options the estimate needs", () => {
  const j = job([
    "rw=randrw",
    "rwmixread=70",
    "rate=1m,2m",
    "rate_iops_min=5",
    "runtime=6",
    "ramp_time=2",
    "startdelay=3",
    "time_based",
    "size=1g",
    "loops=2",
  ]);
  assert.deepEqual(j.kind, { read: true, write: true, trim: false, random: true, rwmixRead: 70 });
  assert.equal(j.runtimeUs, 6e6);
  assert.equal(j.rampUs, 2e6);
  assert.equal(j.startDelayUs, 3e6);
  assert.equal(j.timeBased, true);
  assert.deepEqual(j.rate.slice(0, 2), [MIB, 2 * MIB]);
  assert.equal(j.iopsMin[0], 5);
  assert.equal(j.plannedBytes, 2 * 1024 * MIB);
  assert.equal(j.verifies, false);
  assert.equal(job(["rw=write", "verify=crc32c"]).verifies, true);
  assert.equal(job(["rw=write", "verify=crc32c", "do_verify=0"]).verifies, false);
});

Deno.test("estimate of a running job: from bytes done, or from time for time_based", () => {
  // size=300m at 50m/s: after 3 s, 150 MiB done -> 3 s left (fio: [50.0%][eta 00m:03s]).
  const sized = job(["rw=read", "size=300m", "rate=50m"]);
  const run = { state: RunState.RUNNING, totalBytes: 300 * MIB };
  assert.equal(jobEtaSec(sized, { ...run, bytes: 150 * MIB, elapsedMs: 2990 }), 3);
  assert.equal(jobEtaSec(sized, { ...run, bytes: 200 * MIB, elapsedMs: 3990 }), 2);
  // time_based runtime=4 after 3 s: 1 s left whatever the bytes say.
  const timed = job(["rw=read", "size=64m", "time_based", "runtime=4"]);
  const t = { state: RunState.RUNNING, totalBytes: 64 * MIB, bytes: 8000 * MIB };
  assert.equal(jobEtaSec(timed, { ...t, elapsedMs: 2990 }), 1);
  assert.equal(jobEtaSec(timed, { ...t, elapsedMs: 3990 }), 0);
  // A rate-limited time_based job that would need longer: capped by the runtime left.
  const slow = job(["rw=read", "size=1g", "rate=100m", "time_based", "runtime=5"]);
  const s = { state: RunState.RUNNING, totalBytes: 1024 * MIB, bytes: 40 * MIB, elapsedMs: 400 };
  assert.equal(jobEtaSec(slow, s), 4);
});

Deno.test("estimate of a job not running yet, in ramp, or done", () => {
  // startdelay=3 runtime=6 not created yet: 9 s (fio: [eta 00m:09s]).
  const late = job(["rw=read", "size=1g", "rate=100m", "time_based", "runtime=6", "startdelay=3"]);
  const idle = { bytes: 0, totalBytes: 0, elapsedMs: 0 };
  assert.equal(jobEtaSec(late, { ...idle, state: RunState.NOT_CREATED }), 9);
  // No runtime: size over rate (fio: ramp line [eta 00m:06s] for size=300m rate=50m).
  const rated = job(["rw=read", "size=300m", "rate=50m", "ramp_time=2"]);
  assert.equal(jobEtaSec(rated, { ...idle, state: RunState.RAMP, elapsedMs: 1000 }), 6);
  // In ramp with a runtime: ramp + runtime less the time already spent.
  const ramp = job(["rw=read", "size=1g", "time_based", "runtime=5", "ramp_time=2"]);
  assert.equal(jobEtaSec(ramp, { ...idle, state: RunState.RAMP, elapsedMs: 1500 }), 5);
  assert.equal(jobEtaSec(ramp, { ...idle, state: RunState.FSYNCING }), 0);
  assert.equal(jobEtaSec(ramp, { ...idle, state: RunState.REAPED }), 0);
});

Deno.test("a write job that verifies counts its bytes twice", () => {
  const v = job(["rw=write", "size=100m", "verify=crc32c"]);
  const s = { state: RunState.RUNNING, totalBytes: 100 * MIB, bytes: 50 * MIB, elapsedMs: 1000 };
  assert.equal(jobEtaSec(v, s), 3);
});

function config(c: Partial<RunConfig>): RunConfig {
  return { ...defaultRunConfig(), ...c };
}

Deno.test("where the ETA line goes", () => {
  const out = () => {}, err = () => {};
  const tty = { stdout: true, stderr: true }, pipe = { stdout: false, stderr: false };
  const t = (c: Partial<RunConfig>, term = pipe) => etaTarget(config(c), out, err, term);
  assert.equal(t({}), null);
  assert.equal(t({}, tty)?.stream, "stdout");
  assert.equal(t({}, tty)?.terminal, true);
  assert.equal(t({ eta: "always" })?.stream, "stdout");
  assert.equal(t({ eta: "always" })?.terminal, false);
  assert.equal(t({ eta: "never" }, tty), null);
  // JSON on stdout: fio shows none; dfio with always moves it to stderr.
  assert.equal(t({ outputFormats: ["json"] }, tty), null);
  assert.equal(t({ outputFormats: ["json"], eta: "always" })?.stream, "stderr");
  assert.equal(t({ outputFormats: ["terse"], eta: "always" }, tty)?.write, err);
  // The report goes to a file: stdout is free for the line.
  assert.equal(t({ outputFormats: ["json"], output: "x.json", eta: "always" })?.stream, "stdout");
});

/** A one-job run on a fake clock: the printer's view and a handle on the slot. */
function rig(kv: string[], terminal: boolean, newlineMs = 0) {
  const area = new ThreadArea(1);
  let now = 0;
  const written: string[] = [];
  const printer = new EtaPrinter(area, [{ slot: 0, job: job(kv) }], {
    target: { write: (t) => written.push(t), terminal, stream: "stdout" },
    intervalMs: 1000,
    newlineMs,
    startMs: 0,
    now: () => now,
  });
  const set = (f: number, v: number) => (area.slots[area.at(0, f)] = v);
  return {
    written,
    printer,
    set,
    at(ms: number, bytes: number, ios: number): string | null {
      now = ms;
      set(Slot.BYTES, bytes);
      set(Slot.IOS, ios);
      set(Slot.ELAPSED_MS, ms - 10);
      return printer.tick();
    },
  };
}

Deno.test("printer: a line per interval, the estimate from the third second, rates since the last line", () => {
  const r = rig(["rw=read", "size=300m", "rate=50m"], false);
  r.set(Slot.STATE, RunState.RUNNING);
  r.set(Slot.TOTAL_BYTES, 300 * MIB);
  r.set(Slot.FILES_OPEN, 1);
  assert.equal(r.at(250, 12 * MIB, 3000), null);
  assert.equal(r.at(1000, 50 * MIB, 12_800), "Jobs: 1 (f=1), 0B/s-50.0MiB/s");
  assert.equal(r.at(1250, 62 * MIB, 15_000), null);
  assert.equal(r.at(2000, 100 * MIB, 25_600), "Jobs: 1 (f=1), 0B/s-50.0MiB/s");
  assert.equal(
    r.at(3000, 150 * MIB, 38_400),
    "Jobs: 1 (f=1), 0B/s-50.0MiB/s: [R(1)][50.0%][r=50.0MiB/s][r=12.8k IOPS][eta 00m:03s]",
  );
  assert.deepEqual(r.written, [
    "Jobs: 1 (f=1), 0B/s-50.0MiB/s\n",
    "Jobs: 1 (f=1), 0B/s-50.0MiB/s\n",
    "Jobs: 1 (f=1), 0B/s-50.0MiB/s: [R(1)][50.0%][r=50.0MiB/s][r=12.8k IOPS][eta 00m:03s]\n",
  ]);
  r.printer.stop(false);
  assert.equal(r.written.length, 3, "no extra newline when not on a terminal");
});

Deno.test("printer: while nothing moved, a line every tick once the first interval passed", () => {
  const r = rig(["rw=read", "size=1g", "startdelay=2"], false);
  assert.equal(r.at(250, 0, 0), null);
  assert.equal(r.at(1000, 0, 0), "Jobs: 0 (f=0)");
  assert.equal(r.at(1250, 0, 0), "Jobs: 0 (f=0)");
  r.set(Slot.STATE, RunState.REAPED);
  assert.equal(r.at(1500, 0, 0), null, "nothing left to run or wait for");
});

Deno.test("printer on a terminal: rewritten in place, padded, a newline every --eta-newline", () => {
  const r = rig(["rw=read", "size=300m"], true, 1000);
  r.set(Slot.STATE, RunState.RUNNING);
  r.set(Slot.FILES_OPEN, 10);
  r.at(1000, MIB, 10);
  r.set(Slot.FILES_OPEN, 9);
  r.at(2000, 2 * MIB, 20);
  r.at(3000, 3 * MIB, 30);
  r.at(4000, 4 * MIB, 40);
  assert.deepEqual(r.written, [
    "Jobs: 1 (f=10)\r",
    // Shorter than the line before: blanks cover the rest.
    "Jobs: 1 (f=9) \r",
    // More than --eta-newline since the first line at the third: the fourth starts anew.
    "Jobs: 1 (f=9): [R(1)][1.0%][r=1024KiB/s][r=10 IOPS][eta 04m:57s]\r",
    "\nJobs: 1 (f=9): [R(1)][1.3%][r=1024KiB/s][r=10 IOPS][eta 04m:56s]\r",
  ]);
  r.printer.stop(true);
  assert.equal(r.written.length, 4, "a normal report on stdout starts with its own newline");
  r.printer.stop(false);
  assert.equal(r.written[4], "\n");
});

Deno.test("unknown estimate constant is fio's INT_MAX", () => {
  assert.equal(ETA_UNKNOWN, 2 ** 31 - 1);
});

Deno.test("a later group's estimate counts the seconds of reaped jobs (fio's done_secs)", () => {
  // fio 3.33, two stonewalled 3 s jobs: 1 s into the second one, [44.4%][eta 00m:05s].
  const y = job(["rw=read", "size=1g", "rate=20m", "time_based", "runtime=3"]);
  const s = { state: RunState.RUNNING, totalBytes: 1024 * MIB, bytes: 18 * MIB, elapsedMs: 950 };
  assert.equal(jobEtaSec(y, { ...s, doneSecs: 3 }), 5);
  assert.equal(jobEtaSec(y, s), 2);
});

/** Printer options for tests that read tick()'s lines: no output, a look every second, `now` as the clock. */
function silentEvery1s(now: () => number): ConstructorParameters<typeof EtaPrinter>[2] {
  return {
    target: { write: () => {}, terminal: false, stream: "stdout" },
    intervalMs: 1000,
    newlineMs: 0,
    startMs: 0,
    now,
  };
}

Deno.test("printer: unknown estimates of stonewalled jobs add up as in fio (49710 days)", () => {
  const area = new ThreadArea(2);
  const kv = ["rw=read", "size=1g", "rate=20m", "time_based", "runtime=3"];
  const x = etaJob(planOf([["x", ...kv]]).jobs[0]);
  const y = etaJob(planOf([["x", ...kv], ["y", ...kv, "stonewall"]]).jobs[1]);
  assert.equal(y.stonewall, true);
  let now = 0;
  const printer = new EtaPrinter(
    area,
    [{ slot: 0, job: x }, { slot: 1, job: y }],
    silentEvery1s(() => now),
  );
  area.setState(0, RunState.RUNNING);
  area.slots[area.at(0, Slot.FILES_OPEN)] = 1;
  area.slots[area.at(0, Slot.BYTES)] = 18 * MIB;
  area.slots[area.at(0, Slot.IOS)] = 4723;
  now = 1000;
  assert.equal(
    printer.tick(),
    "Jobs: 1 (f=1), 0B/s-20.0MiB/s: [R(1),P(1)][0.0%][r=18.0MiB/s][r=4723 IOPS]" +
      "[eta 49710d:06h:28m:14s]",
  );
  // Group 0 done after 3 s; 1 s into group 1.
  area.setState(0, RunState.REAPED);
  area.slots[area.at(0, Slot.ELAPSED_MS)] = 3001;
  area.setState(1, RunState.RUNNING);
  area.slots[area.at(1, Slot.FILES_OPEN)] = 1;
  area.slots[area.at(1, Slot.TOTAL_BYTES)] = 1024 * MIB;
  area.slots[area.at(1, Slot.BYTES)] = 18 * MIB;
  area.slots[area.at(1, Slot.ELAPSED_MS)] = 950;
  now = 4000;
  assert.match(printer.tick() ?? "", /: \[_\(1\),R\(1\)\]\[44\.4%\].*\[eta 00m:05s\]$/);
});

/** Three jobs on a fake clock: `a` runs, `b` and `c` (startdelay=3) wait or set up. */
function setupRig() {
  const area = new ThreadArea(3);
  const a = ["rw=read", "bs=1m", "size=16m", "time_based", "runtime=6"];
  const plan = planOf([["a", ...a], ["b", "size=1g", "startdelay=3"], [
    "c",
    "size=1g",
    "startdelay=3",
  ]]);
  let now = 0;
  const printer = new EtaPrinter(
    area,
    plan.jobs.map((spec, slot) => ({ slot, job: etaJob(spec) })),
    silentEvery1s(() => now),
  );
  area.setState(0, RunState.RUNNING);
  area.slots[area.at(0, Slot.FILES_OPEN)] = 1;
  area.slots[area.at(0, Slot.TOTAL_BYTES)] = 16 * MIB;
  const tick = (ms: number, mib: number) => {
    now = ms;
    area.slots[area.at(0, Slot.BYTES)] = mib * MIB;
    area.slots[area.at(0, Slot.IOS)] = mib;
    area.slots[area.at(0, Slot.ELAPSED_MS)] = ms - 10;
    return printer.tick();
  };
  return { area, tick };
}

Deno.test("printer: jobs setting up show as I, count in no total and scale the percentage (fio 3.33)", () => {
  const { area, tick } = setupRig();
  assert.equal(tick(1000, 1000), "Jobs: 1 (f=1)");
  area.setState(1, RunState.SETTING_UP);
  area.setState(2, RunState.SETTING_UP);
  assert.equal(tick(2000, 2000), "Jobs: 1 (f=1)");
  assert.equal(
    tick(3000, 3000),
    "Jobs: 1 (f=1): [R(1),I(2)][-50.0%][r=1000MiB/s][r=1000 IOPS][eta 00m:03s]",
  );
  // fio 3.33, a running plus b and c laying out their files (create_serialize=0):
  assert.equal(
    tick(4000, 3456),
    "Jobs: 1 (f=1): [R(1),I(2)][-66.7%][r=456MiB/s][r=456 IOPS][eta 00m:02s]",
  );
  // One running, one setting up: fio's mult is 0.
  area.setState(2, RunState.CREATED);
  assert.equal(
    tick(5000, 4520),
    "Jobs: 1 (f=1): [R(1),I(1),C(1)][0.0%][r=1064MiB/s][r=1064 IOPS][eta 00m:01s]",
  );
  // Set up: the plain percentage again.
  area.setState(1, RunState.INITIALIZED);
  assert.equal(
    tick(6000, 5520),
    "Jobs: 1 (f=1): [R(1),I(1),C(1)][100.0%][r=1000MiB/s][r=1000 IOPS][eta 00m:00s]",
  );
});

Deno.test("printer: no line while jobs only set up (fio: neither running nor pending)", () => {
  const { area, tick } = setupRig();
  area.setState(0, RunState.REAPED);
  area.setState(1, RunState.SETTING_UP);
  area.setState(2, RunState.SETTING_UP);
  assert.equal(tick(1000, 0), null);
  assert.equal(tick(4000, 0), null);
  // A job waiting its turn is pending, so a line shows again.
  area.setState(2, RunState.CREATED);
  assert.equal(tick(5000, 0), "Jobs: 0 (f=0)");
});
