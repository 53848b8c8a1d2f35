/**
 * Rates, think time, latency limits and process control end to end, with
 * measured properties (and fio 3.33 beside dfio where it is installed).
 */
import { strict as assert } from "node:assert";
import { reportJobs } from "../helpers/run.ts";
import { HAVE_FIO, near, runJobs } from "./_shaping.ts";

const NULL_JOB = ["--ioengine=null", "--size=1g", "--rw=read", "--time_based"];

async function inTemp<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await f(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("rate_iops=1000 holds within 2% (null, 2 s)", () =>
  inTemp(async (dir) => {
    const r = await runJobs(["--name=r", ...NULL_JOB, "--rate_iops=1000", "--runtime=2"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(near(r.jobs[0].readIops, 1000, 0.02), `IOPS ${r.jobs[0].readIops}`);
    // One I/O per ms from the first: 2000 (fio 3.33 does 2000 or 2001).
    assert.ok(Math.abs(r.jobs[0].readIos - 2000) <= 2, `ios ${r.jobs[0].readIos}`);
  }));

Deno.test("rate=8m holds within 2% (psync on a cached file, 2 s)", () =>
  inTemp(async (dir) => {
    await Deno.writeFile(`${dir}/f`, new Uint8Array(8 << 20));
    const r = await runJobs([
      "--name=r",
      "--ioengine=psync",
      "--filename=f",
      "--size=8m",
      "--invalidate=0",
      "--rw=randread",
      "--rate=8m",
      "--runtime=2",
      "--time_based",
    ], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(near(r.jobs[0].readBw, 8 << 20, 0.02), `bw ${r.jobs[0].readBw}`);
  }));

Deno.test("rate per direction (rate_iops=500,1000) on randrw", () =>
  inTemp(async (dir) => {
    const r = await runJobs([
      "--name=r",
      ...NULL_JOB,
      "--rw=randrw",
      "--rate_iops=500,1000",
      "--runtime=2",
    ], dir);
    const j = r.jobs[0];
    assert.ok(near(j.readIops, 500, 0.02), `read ${j.readIops}`);
    assert.ok(near(j.writeIops, 1000, 0.02), `write ${j.writeIops}`);
  }));

Deno.test("rate_process=poisson keeps the mean rate", () =>
  inTemp(async (dir) => {
    const r = await runJobs([
      "--name=r",
      ...NULL_JOB,
      "--rate_iops=2000",
      "--rate_process=poisson",
      "--runtime=2",
    ], dir);
    assert.ok(near(r.jobs[0].readIops, 2000, 0.06), `IOPS ${r.jobs[0].readIops}`);
  }));

Deno.test("thinktime=2ms every 10 blocks: just under 5000 IOPS", () =>
  inTemp(async (dir) => {
    const r = await runJobs(
      ["--name=t", ...NULL_JOB, "--thinktime=2ms", "--thinktime_blocks=10", "--runtime=2"],
      dir,
    );
    const iops = r.jobs[0].readIops;
    assert.ok(iops <= 5000 && iops > 4300, `IOPS ${iops}`);
  }));

Deno.test("thinktime with rate: catch-up by default, rate_ignore_thinktime skips it", () =>
  inTemp(async (dir) => {
    const base = [
      "--name=t",
      ...NULL_JOB,
      "--rate_iops=1000",
      "--thinktime=100ms",
      "--thinktime_blocks=100",
      "--runtime=2",
    ];
    const caught = await runJobs(base, dir);
    const ignored = await runJobs([...base, "--rate_ignore_thinktime=1"], dir);
    // Catching up bursts after each pause: only the last pause is lost
    // (fio 3.33: 946). Ignoring the pauses halves the rate (fio 3.33: 505).
    assert.ok(near(caught.jobs[0].readIops, 950, 0.03), `caught ${caught.jobs[0].readIops}`);
    assert.ok(near(ignored.jobs[0].readIops, 505, 0.04), `ignored ${ignored.jobs[0].readIops}`);
  }));

Deno.test("rate_iops_min not met: fio's lines and err=5", () =>
  inTemp(async (dir) => {
    const r = await runJobs(
      [
        "--name=m",
        ...NULL_JOB,
        "--rate_iops=1000",
        "--rate_iops_min=900",
        "--thinktime=5ms",
        "--runtime=5",
      ],
      dir,
    );
    assert.equal(r.jobs[0].error, 5);
    // About 195 IOPS (fio 3.33: 198); sleeps overshoot on a loaded machine.
    const got = Number(/^m: rate_iops_min=900 not met, got (\d+) IOPS$/m.exec(r.stderr)?.[1]);
    assert.ok(got > 100 && got < 200, r.stderr);
    assert.match(
      r.stderr,
      /err=5\/file:backend\.c:1131, func=check_min_rate, error=Input\/output error/,
    );
    assert.ok(r.jobs[0].runtimeMs >= 2900 && r.jobs[0].runtimeMs < 3500, `${r.jobs[0].runtimeMs}`);
  }));

Deno.test("contradicting rates are refused before any job runs", () =>
  inTemp(async (dir) => {
    const r = await runJobs(
      ["--name=m", ...NULL_JOB, "--rate_iops=100", "--rate_iops_min=200"],
      dir,
    );
    assert.equal(r.code, 1);
    assert.equal(r.jobs.length, 0);
    assert.match(
      r.stderr,
      /fio: minimum rate exceeds rate, ddir 0\nfio: minimum rate exceeds rate, ddir 1/,
    );
  }));

Deno.test("max_latency exceeded: ETIMEDOUT with fio's lines", () =>
  inTemp(async (dir) => {
    await Deno.writeFile(`${dir}/f`, new Uint8Array(1 << 20));
    const r = await runJobs(
      ["--name=l", "--ioengine=psync", "--filename=f", "--size=1m", "--max_latency=1ns"],
      dir,
    );
    assert.equal(r.jobs[0].error, 110);
    assert.equal(r.jobs[0].readIos, 1);
    assert.match(
      r.stderr,
      /^fio: latency of \d+ nsec exceeds specified max \(1000 nsec\): f read 0 4096$/m,
    );
    assert.match(
      r.stderr,
      /err=110\/file:io_u\.c:1432, func=max latency exceeded, error=Connection timed out/,
    );
  }));

Deno.test("latency_target met at depth 1: one window, then a final one with fresh stats", () =>
  inTemp(async (dir) => {
    const r = await runJobs(
      ["--name=l", ...NULL_JOB, "--latency_target=100ms", "--latency_window=300ms", "--runtime=5"],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const ms = r.jobs[0].runtimeMs;
    assert.ok(ms >= 295 && ms < 450, `runtime ${ms}`);
  }));

const CPUS = navigator.hardwareConcurrency;

Deno.test({
  name: "cpus_allowed split, nice and prio reach the job thread (seen by exec_prerun)",
  ignore: CPUS < 2,
  fn: () =>
    inTemp(async (dir) => {
      const show = "{ grep Cpus_allowed_list /proc/self/status; nice; ionice -p $$; }";
      const job = (n: string) => [
        `--name=${n}`,
        "--ioengine=null",
        "--size=64k",
        "--cpus_allowed=0-1",
        "--cpus_allowed_policy=split",
        "--nice=3",
        "--prio=5",
        `--exec_prerun=${show}`,
        "--exec_postrun=echo done",
      ];
      const r = await runJobs([...job("p"), ...job("q")], dir);
      assert.equal(r.code, 0, r.stderr);
      const p = await Deno.readTextFile(`${dir}/p.prerun.txt`);
      const q = await Deno.readTextFile(`${dir}/q.prerun.txt`);
      assert.equal(p, "Cpus_allowed_list:\t0\n3\nbest-effort: prio 5\n");
      assert.equal(q, "Cpus_allowed_list:\t1\n3\nbest-effort: prio 5\n");
      assert.equal(await Deno.readTextFile(`${dir}/p.postrun.txt`), "done\n");
      // The coordinator's own thread keeps its affinity and niceness.
      const own = await Deno.readTextFile("/proc/self/status");
      assert.match(own, new RegExp(`Cpus_allowed_list:\\t0-${CPUS - 1}`));
    }),
});

Deno.test("a failing exec_prerun ends the job before its I/O without an error", () =>
  inTemp(async (dir) => {
    const r = await runJobs([
      "--name=p",
      "--ioengine=null",
      "--size=64k",
      "--exec_prerun=false",
      "--exec_postrun=touch post",
    ], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.jobs[0].error, 0);
    assert.equal(r.jobs[0].readIos, 0);
    await assert.rejects(Deno.stat(`${dir}/post`));
  }));

Deno.test({
  name: "rate_iops matches fio 3.33 (same I/O count within 0.2%)",
  ignore: !HAVE_FIO,
  fn: () =>
    inTemp(async (dir) => {
      const args = ["--name=r", ...NULL_JOB, "--rate_iops=2000", "--runtime=2"];
      const [d, f] = await Promise.all([runJobs(args, dir), runJobs(args, dir, "fio")]);
      assert.ok(
        near(d.jobs[0].readIos, f.jobs[0].readIos, 0.002),
        `${d.jobs[0].readIos} vs ${f.jobs[0].readIos}`,
      );
    }),
});

Deno.test({
  name: "uid/gid switch the job's thread only (root only)",
  ignore: Deno.uid() !== 0,
  fn: () =>
    inTemp(async (dir) => {
      await Deno.chmod(dir, 0o777);
      const r = await runJobs([
        "--name=u",
        "--ioengine=psync",
        "--filename=f",
        "--size=64k",
        "--rw=write",
        "--uid=65534",
        "--gid=65534",
        "--exec_prerun={ id -u; id -g; }",
        "--output=report.json",
      ], dir);
      // The job ran as nobody: it could not open root's file for writing.
      assert.equal(await Deno.readTextFile(`${dir}/u.prerun.txt`), "65534\n65534\n");
      assert.match(r.stderr, /err=13\//);
      // The coordinator stayed root: its report file belongs to root.
      assert.equal((await Deno.stat(`${dir}/report.json`)).uid, 0);
      assert.equal((await Deno.stat(`${dir}/f`)).uid, 0);
    }),
});

Deno.test("latency_target at iodepth > 1: the depth search climbs to iodepth under a met target, as fio", () =>
  inTemp(async (dir) => {
    const args = [
      "--name=l",
      "--ioengine=null",
      "--size=1g",
      "--iodepth=8",
      "--latency_target=100ms",
      "--latency_window=100ms",
      "--runtime=2",
      "--time_based",
    ];
    const tools = HAVE_FIO ? ["dfio", "fio"] as const : ["dfio"] as const;
    for (const tool of tools) {
      const r = await runJobs(args, dir, tool);
      assert.equal(r.code, 0, `${tool}: ${r.stderr}`);
      const j = reportJobs<{ latency_target: number; latency_depth: number }>(r.stdout)[0];
      assert.equal(j.latency_target, 100_000_000, tool);
      assert.equal(j.latency_depth, 8, tool);
    }
  }));
