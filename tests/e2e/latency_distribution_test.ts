/**
 * The JSON latency distribution (latency_ns/us/ms), which fio fills from
 * clat only while clat is measured: with gtod_reduce=1 every bucket is 0.
 * (Which latency the buckets count is pinned in tests/worker/collect_test.ts.)
 */
import assert from "node:assert/strict";
import { HAVE_FIO, reportJobs, runDfio, runFio } from "../helpers/run.ts";

interface Job {
  latency_ns: Record<string, number>;
  latency_us: Record<string, number>;
  latency_ms: Record<string, number>;
  read: { total_ios: number };
}

const ARGS = [
  "--name=g",
  "--ioengine=null",
  "--rw=randread",
  "--bs=4k",
  "--size=4m",
  "--gtod_reduce=1",
  "--output-format=json",
];

function buckets(j: Job): number[] {
  return [j.latency_ns, j.latency_us, j.latency_ms].flatMap((b) => Object.values(b));
}

Deno.test("gtod_reduce=1: every latency bucket is 0, as in fio 3.33", async () => {
  const runs: [string, { code: number; stdout: string; stderr: string }][] = [
    ["dfio", await runDfio(ARGS)],
  ];
  if (HAVE_FIO) runs.push(["fio", await runFio(ARGS)]);
  else console.log("fio not installed: dfio checked against fio 3.33's measured output");
  for (const [who, r] of runs) {
    assert.equal(r.code, 0, `${who}: ${r.stderr}`);
    const j = reportJobs<Job>(r.stdout)[0];
    assert.equal(j.read.total_ios, 1024, who);
    assert.equal(buckets(j).length, 32, who);
    assert.deepEqual(buckets(j).filter((v) => v !== 0), [], who);
  }
});

Deno.test("without gtod_reduce the buckets add up to 100%", async () => {
  const r = await runDfio(ARGS.filter((a) => a !== "--gtod_reduce=1"));
  assert.equal(r.code, 0, r.stderr);
  const sum = buckets(reportJobs<Job>(r.stdout)[0]).reduce((a, b) => a + b);
  // fio rounds each bucket's share; the total lands within a few hundredths.
  assert.ok(Math.abs(sum - 100) < 0.1, `sum ${sum}`);
});
