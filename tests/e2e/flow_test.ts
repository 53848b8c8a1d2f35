/**
 * Flow control end to end: null jobs sharing a flow keep their I/O counts
 * in the ratio of their weights, jobs that leave let the others
 * rebalance, and the original token form runs as written.
 */
import { strict as assert } from "node:assert";
import { near, runJobs } from "./_shaping.ts";

const NULL_JOB = ["--ioengine=null", "--size=1g", "--rw=read"];
const job = (name: string, ...extra: string[]) => [
  `--name=${name}`,
  ...NULL_JOB,
  "--time_based",
  ...extra,
];
/**
 * The lightest job is the pacer: rate_iops=1000 and the longest runtime.
 * The others run unpaced for 2 s and flow control alone holds them to
 * their weight times the pacer's 1000 IOPS over their own runtime. (Counts
 * at the end would not do: a job left alone in its flow for the few ms
 * between the jobs' ends runs free at millions of I/Os a second.)
 */
const PACER = ["--rate_iops=1000", "--runtime=2500ms"];
const iopsOf = (jobs: { name: string; readIops: number }[]) =>
  jobs.map((j) => `${j.name}=${Math.round(j.readIops)}`).join(" ");

async function flowRun(args: string[]) {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runJobs(args, dir);
    assert.equal(r.code, 0, r.stderr);
    return r.jobs;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const counts = (jobs: { readIos: number }[]) => jobs.map((j) => j.readIos).join(":");

Deno.test("flow weights 1 and 8: I/O rates within 5% of 1:8", async () => {
  const [a, b] = await flowRun([
    ...job("a", "--flow_id=1", "--flow=1", ...PACER),
    ...job("b", "--flow_id=1", "--flow=8", "--runtime=2"),
  ]);
  assert.ok(near(a.readIops, 1000, 0.02), iopsOf([a, b]));
  assert.ok(near(b.readIops, 8000, 0.05), iopsOf([a, b]));
});

Deno.test("flow weights 1:5:10: I/O rates within 5%", async () => {
  const [a, b, c] = await flowRun([
    ...job("a", "--flow=1", ...PACER),
    ...job("b", "--flow=5", "--runtime=2"),
    ...job("c", "--flow=10", "--runtime=2"),
  ]);
  assert.ok(near(b.readIops, 5000, 0.05), iopsOf([a, b, c]));
  assert.ok(near(c.readIops, 10000, 0.05), iopsOf([a, b, c]));
});

Deno.test("flow: a job leaving early lets the others rebalance", async () => {
  // While "big" (weight 2) runs, x and y get a quarter of the I/Os each;
  // once it leaves they share everything. Without the rebalance they would
  // stall behind big's frozen share (x/big would stay near 0.5).
  const [big, x, y] = await flowRun([
    ...job("big", "--flow=2", "--runtime=1"),
    ...job("x", "--flow=1", "--runtime=2"),
    ...job("y", "--flow=1", "--runtime=2"),
  ]);
  assert.ok(near(x.readIos, y.readIos, 0.05), counts([big, x, y]));
  // Same throughput before and after: x ends near 1.5 times big's count.
  assert.ok(x.readIos / big.readIos > 1.15, counts([big, x, y]));
});

Deno.test("flow with rate_iops=1000 on the weight-1 job: 1000 IOPS and 6x-10x for weight 8", async () => {
  const [a, b] = await flowRun([
    ...job("a", "--flow=1", ...PACER),
    ...job("b", "--flow=8", "--runtime=2"),
  ]);
  assert.ok(near(a.readIops, 1000, 0.05), iopsOf([a, b]));
  const ratio = b.readIops / a.readIops;
  assert.ok(ratio >= 6 && ratio <= 10, iopsOf([a, b]));
});

Deno.test("flow tokens (flow=1, flow=-8, flow_watermark=100): about 8:1 in I/Os", async () => {
  // Each I/O of b lets a do 8: b is the pacer. Tokens do not rebalance,
  // so once a is gone b stalls at the watermark and the counts compare.
  const [a, b] = await flowRun([
    ...job("a", "--flow_id=1", "--flow=1", "--flow_watermark=100", "--runtime=2"),
    ...job("b", "--flow_id=1", "--flow=-8", "--flow_watermark=100", ...PACER),
  ]);
  assert.ok(b.readIos > 1900, counts([a, b]));
  assert.ok(near(a.readIos / b.readIos, 8, 0.05), counts([a, b]));
});
