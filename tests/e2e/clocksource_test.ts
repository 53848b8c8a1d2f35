/** `clocksource`: each source really times the I/O, as fio's does. */
import assert from "node:assert/strict";
import { runDfio } from "../helpers/run.ts";
import { cpuCounterUsable } from "../../src/sys/cpu_clock.ts";

const JOB = ["--name=c", "--ioengine=psync", "--rw=randread", "--bs=4k", "--size=1m"];

async function readStats(dir: string, extra: string[]) {
  const r = await runDfio([...JOB, `--filename=${dir}/f`, "--output-format=json", ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).jobs[0].read;
}

Deno.test("clocksource=gettimeofday times in whole microseconds, the others in ns", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const us = await readStats(dir, ["--clocksource=gettimeofday"]);
    assert.equal(us.total_ios, 256);
    for (const k of ["min", "max"]) assert.equal(us.clat_ns[k] % 1000, 0, `clat ${k}`);
    const sources = ["clock_gettime", ...(cpuCounterUsable() ? ["cpu"] : [])];
    for (const source of sources) {
      const ns = await readStats(dir, [`--clocksource=${source}`]);
      assert.equal(ns.total_ios, 256);
      // 256 cached 4k reads: a few hundred ns to tens of us each, never 0 on average.
      assert.ok(ns.clat_ns.mean > 50 && ns.clat_ns.mean < 1e7, `${source}: ${ns.clat_ns.mean}`);
      const whole = [ns.clat_ns.min, ns.clat_ns.max].every((x: number) => x % 1000 === 0);
      assert.ok(!whole, `${source}: min and max both whole us`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("clocksource=cpu without native code is refused before any job runs", async () => {
  const r = await runDfio(
    ["--name=c", "--ioengine=null", "--size=1m", "--clocksource=cpu"],
    { env: { DFIO_NO_NATIVE: "1" } },
  );
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^fio: clocksource=cpu is not available here/m);
  assert.equal(r.stdout.includes("c: (g=0)"), false, r.stdout);
});
