import assert from "node:assert/strict";
import { type CollectOptions, Collector } from "../../../src/worker/collect.ts";
import { FLUSH_NS, JobLogs, perIoRates } from "../../../src/worker/logs/job_logs.ts";
import { type JobLogOptions, readLogOptions } from "../../../src/worker/logs/options.ts";
import { specOf } from "../files/helpers.ts";

const MS = 1e6;

function collector(extra: Partial<CollectOptions> = {}): Collector {
  return new Collector({
    slat: true,
    clat: true,
    lat: true,
    latIsClat: false,
    clatHist: false,
    latHist: false,
    slatHist: false,
    rates: true,
    bwAvgMs: 500,
    iopsAvgMs: 500,
    ...extra,
  });
}

/** Log options for `args` with every prefix under `dir`. */
function optsIn(dir: string, args: string[]): JobLogOptions {
  return readLogOptions(specOf(args.map((a) => a.replace("@", `${dir}/`))))!;
}

function lines(path: string): string[] {
  return Deno.readTextFileSync(path).split("\n").filter((l) => l !== "");
}

function withDir(fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_logs_" });
  try {
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("JobLogs: per-I/O entries in every log, files named as fio", () => {
  withDir((dir) => {
    const o = optsIn(dir, [
      "write_lat_log=@x",
      "write_bw_log=@x",
      "write_iops_log=@x",
      "write_hist_log=@x",
    ]);
    const c = collector(perIoRates(o));
    c.reset(0);
    const logs = new JobLogs(o, c, { slat: true, clat: true, lat: true });
    // A queued I/O (slat 500) and a completed-at-queue one (no slat).
    logs.io(0, 4096, 4096, 8192, 500, 40_000, 40_500, 3 * MS + 7);
    logs.io(1, 2048, 4096, 0, -1, 314_889, 314_889, 1500 * MS);
    logs.close(2000 * MS);
    assert.deepEqual(Array.from(Deno.readDirSync(dir), (e) => e.name).sort(), [
      "x_bw.1.log",
      "x_clat.1.log",
      "x_clat_hist.1.log",
      "x_iops.1.log",
      "x_lat.1.log",
      "x_slat.1.log",
    ]);
    assert.deepEqual(lines(`${dir}/x_slat.1.log`), ["3, 500, 0, 4096, 0"]);
    assert.deepEqual(lines(`${dir}/x_clat.1.log`), [
      "3, 40000, 0, 4096, 0",
      "1500, 314889, 1, 4096, 0",
    ]);
    assert.deepEqual(lines(`${dir}/x_lat.1.log`), [
      "3, 40500, 0, 4096, 0",
      "1500, 314889, 1, 4096, 0",
    ]);
    // bytes * 10^6 / clat (fio: 4096 B in 314889 ns logs 13007).
    assert.deepEqual(lines(`${dir}/x_bw.1.log`), [
      "3, 102400, 0, 4096, 0",
      "1500, 6503, 1, 4096, 0",
    ]);
    assert.deepEqual(lines(`${dir}/x_iops.1.log`), ["3, 1, 0, 4096, 0", "1500, 1, 1, 4096, 0"]);
    assert.deepEqual(lines(`${dir}/x_clat_hist.1.log`), []);
    // The per-I/O values are the job's bw/iops statistics, as in fio.
    assert.equal(c.bw!.stats[0].n, 1);
    assert.equal(c.bw!.stats[0].mean, 102400);
    assert.equal(c.iops!.stats[1].mean, 1);
  });
});

Deno.test("JobLogs: unmeasured latencies are not logged; log_offset column", () => {
  withDir((dir) => {
    const o = optsIn(dir, ["write_lat_log=@y", "log_offset=1"]);
    const c = collector();
    c.reset(0);
    const logs = new JobLogs(o, c, { slat: false, clat: true, lat: false });
    logs.io(2, 4096, 4096, 45056, 100, 200, 300, 0);
    logs.close(MS);
    assert.deepEqual(lines(`${dir}/y_slat.1.log`), []);
    assert.deepEqual(lines(`${dir}/y_lat.1.log`), []);
    assert.deepEqual(lines(`${dir}/y_clat.1.log`), ["0, 200, 2, 4096, 45056, 0"]);
  });
});

Deno.test("JobLogs: windowed bw/iops logs are the sampler's samples; lat windows close at exit", () => {
  withDir((dir) => {
    const o = optsIn(dir, [
      "write_lat_log=@w",
      "write_bw_log=@w",
      "write_iops_log=@w",
      "log_avg_msec=1000",
    ]);
    assert.deepEqual(perIoRates(o), { bwPerIo: false, iopsPerIo: false });
    const c = collector({ bwAvgMs: 1000, iopsAvgMs: 1000, latIsClat: true, slat: false });
    c.reset(0);
    const logs = new JobLogs(o, c, { slat: false, clat: true, lat: true });
    c.rateLog = logs;
    // 100 reads of 4 KiB per second, 20 us each, for 2.5 s.
    for (let ms = 0; ms < 2500; ms += 10) {
      const t = ms * MS;
      c.addRw(0, 4096, -1, 20_000, 20_000);
      logs.io(0, 4096, 4096, 0, -1, 20_000, 20_000, t);
      if (t >= c.nextSampleNs) c.sample(t);
    }
    logs.close(2500 * MS);
    assert.deepEqual(lines(`${dir}/w_clat.1.log`), [
      "1000, 20000, 0, 0, 0",
      "2000, 20000, 0, 0, 0",
      "2500, 20000, 0, 0, 0",
    ]);
    const bw = lines(`${dir}/w_bw.1.log`);
    assert.deepEqual(bw.map((l) => l.split(", ")[0]), ["1000", "2000"]);
    assert.equal(bw.length, c.bw!.stats[0].n);
    assert.equal(Number(bw[1].split(", ")[1]), 400);
    assert.deepEqual(lines(`${dir}/w_iops.1.log`), ["1000, 101, 0, 0, 0", "2000, 100, 0, 0, 0"]);
    assert.deepEqual(lines(`${dir}/w_slat.1.log`), []);
  });
});

Deno.test("JobLogs: times restart with the stats (ramp_time), entries flush every 2 s", () => {
  withDir((dir) => {
    const o = optsIn(dir, ["write_lat_log=@r"]);
    const c = collector();
    c.reset(0);
    const logs = new JobLogs(o, c, { slat: false, clat: true, lat: true });
    logs.io(0, 4096, 4096, 0, -1, 1, 1, 10 * MS);
    c.reset(5000 * MS);
    logs.io(0, 4096, 4096, 0, -1, 2, 2, 5003 * MS);
    assert.deepEqual(lines(`${dir}/r_clat.1.log`), []);
    logs.io(0, 4096, 4096, 0, -1, 3, 3, 5003 * MS + FLUSH_NS);
    assert.deepEqual(lines(`${dir}/r_clat.1.log`), [
      "10, 1, 0, 4096, 0",
      "3, 2, 0, 4096, 0",
      "2003, 3, 0, 4096, 0",
    ]);
    logs.close(8000 * MS);
  });
});

Deno.test("JobLogs: log_unix_epoch stamps with the wall clock", () => {
  withDir((dir) => {
    const o = optsIn(dir, ["write_lat_log=@e", "log_unix_epoch=1"]);
    const c = collector();
    c.reset(0);
    const before = Date.now();
    const logs = new JobLogs(o, c, { slat: false, clat: true, lat: true });
    logs.io(0, 4096, 4096, 0, -1, 1, 1, 0);
    logs.io(0, 4096, 4096, 0, -1, 1, 1, 250 * MS);
    logs.close(300 * MS);
    const t = lines(`${dir}/e_clat.1.log`).map((l) => Number(l.split(", ")[0]));
    assert.ok(Math.abs(t[0] - before) < 1000, `${t[0]} vs ${before}`);
    assert.equal(t[1] - t[0], 250);
  });
});

Deno.test("JobLogs: per_job_logs=0 shares one file and appends to it", () => {
  withDir((dir) => {
    for (let run = 0; run < 2; run++) {
      const o = optsIn(dir, ["write_iops_log=@s", "per_job_logs=0"]);
      const c = collector(perIoRates(o));
      c.reset(0);
      const logs = new JobLogs(o, c, { slat: false, clat: true, lat: true });
      logs.io(1, 4096, 4096, 0, -1, 5, 5, 0);
      logs.close(MS);
    }
    assert.deepEqual(lines(`${dir}/s_iops.log`), ["0, 1, 1, 4096, 0", "0, 1, 1, 4096, 0"]);
  });
});
