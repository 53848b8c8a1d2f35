/**
 * SIGINT in the middle of a time_based job: dfio stops, prints the full
 * JSON report (same key paths and types as fio's, the job that never
 * started included) and exits like fio 3.33 (status 128).
 *
 * fio writes "fio: terminating on signal 2" on stdout ahead of its JSON;
 * dfio writes it on stderr so stdout stays pure JSON (DESIGN).
 */
import assert from "node:assert/strict";
import { HAVE_FIO } from "../helpers/run.ts";
import { isDiskLine, jsonShape } from "./_json_shape.ts";
import { FIO, hasStackTrace, LAUNCHER, runTimed } from "./_spawn.ts";

const ARGS = [
  "--output-format=json",
  "--ioengine=null",
  "--size=1m",
  "--name=a",
  "--rw=randrw",
  "--time_based",
  "--runtime=30",
  "--name=b",
  "--stonewall",
];

const SIGNAL_LINE = "fio: terminating on signal 2";

Deno.test("SIGINT mid-run: full JSON results, exit status as fio", async () => {
  const opts = { sigintAfterMs: 1500, timeoutMs: 15_000 };
  const [dfio, fio] = await Promise.all([
    runTimed(LAUNCHER, ARGS, opts),
    HAVE_FIO ? runTimed(FIO, ARGS, opts) : Promise.resolve(undefined),
  ]);
  assert.ok(!dfio.timedOut, "dfio did not stop on SIGINT");
  assert.ok(!hasStackTrace(dfio.stderr), dfio.stderr);
  assert.equal(dfio.code, 128, dfio.stderr);
  assert.ok(dfio.stderr.split("\n").includes(SIGNAL_LINE), dfio.stderr);
  const doc = JSON.parse(dfio.stdout);
  assert.deepEqual(doc.jobs.map((j: { jobname: string }) => j.jobname), ["a", "b"]);
  const [a, b] = doc.jobs;
  assert.ok(a.read.io_bytes > 0 && a.write.io_bytes > 0);
  assert.ok(a.job_runtime >= 1000 && a.job_runtime < 10_000, `job_runtime ${a.job_runtime}`);
  assert.ok(a.read.bw_samples > 0, "rate samples up to the stop");
  assert.deepEqual([b.read.io_bytes, b.job_runtime], [0, 0]);
  if (fio) {
    assert.ok(!fio.timedOut);
    assert.equal(dfio.code, fio.code, "exit status");
    const text = fio.stdout.replace(`\n${SIGNAL_LINE}\n`, "");
    const shape = (t: string) => jsonShape(t).filter((l) => !isDiskLine(l));
    assert.deepEqual(shape(dfio.stdout), shape(text));
  }
});
