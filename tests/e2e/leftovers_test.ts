/**
 * The run core's leftover options end to end: mem=shm/shmhuge,
 * continue_on_error/ignore_error, short transfers. Expected values are fio
 * 3.33's, measured here; where fio is on PATH every case also runs live
 * beside dfio and the compared fields must agree.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, reportJobs, reportJson, runDfio, runFio } from "../helpers/run.ts";
import { FIO, LAUNCHER, type Launcher, runTimed } from "./_spawn.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const tmp = Deno.makeTempDirSync({ prefix: "dfio_leftovers_" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
let dirs = 0;

/** The first job of a JSON run, its exit code and stderr lines. */
interface JobRun {
  code: number;
  job: Json;
  stderr: string[];
}

async function runJson(l: Launcher, args: (dir: string) => string[]): Promise<JobRun> {
  const dir = `${tmp}/d${dirs++}`;
  Deno.mkdirSync(dir);
  const r = await runTimed(l, [...args(dir), "--output-format=json"], { cwd: dir });
  assert.ok(!r.timedOut, `${l.name} hung`);
  // fio prints its "fio: pid=..." error line on stdout before the JSON.
  const stderr = r.stderr.split("\n").filter((s) => s !== "");
  return { code: r.code, job: reportJobs<JobRun["job"]>(r.stdout)[0], stderr };
}

/** Fields a case compares: [path, value] pairs from a job. */
function fields(job: Json, paths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    let v: Json = job;
    for (const k of p.split(".")) v = v?.[k];
    out[p] = v;
  }
  return out;
}

/** Runs dfio, checks `expect`, and (with fio) checks fio gives the same. */
async function check(
  args: (dir: string) => string[],
  expect: Record<string, unknown>,
  code: number,
): Promise<JobRun> {
  const paths = Object.keys(expect);
  const d = await runJson(LAUNCHER, args);
  assert.deepEqual(fields(d.job, paths), expect);
  assert.equal(d.code, code);
  if (HAVE_FIO) {
    const f = await runJson(FIO, args);
    assert.deepEqual(fields(f.job, paths), fields(d.job, paths));
    assert.equal(f.code, d.code);
  }
  return d;
}

const full = (extra: string[]) => () => [
  "--name=t",
  "--filename=/dev/full",
  "--size=64k",
  "--bs=4k",
  "--rw=write",
  ...extra,
];

Deno.test("continue_on_error=write with ENOSPC listed: every write fails, the job goes on", async () => {
  const d = await check(
    full(["--continue_on_error=write", "--ignore_error=,ENOSPC"]),
    {
      "error": 28,
      "total_err": 16,
      "first_error": 28,
      "write.io_bytes": 0,
      "write.total_ios": 16,
      "write.clat_ns.N": 0,
    },
    0,
  );
  // Ignored errors print nothing.
  assert.deepEqual(d.stderr, []);
});

Deno.test("continue_on_error alone: ENOSPC is not in the default list, the job stops (counted)", async () => {
  const d = await check(
    full(["--continue_on_error=all"]),
    { "error": 28, "total_err": 1, "first_error": 28, "write.total_ios": 1 },
    1,
  );
  assert.ok(d.stderr.includes(
    "fio: io_u error on file /dev/full: No space left on device: write offset=0, buflen=4096",
  ));
});

Deno.test("ignore_error alone turns its kind on; a later continue_on_error=none turns it off", async () => {
  await check(
    full(["--ignore_error=,ENOSPC"]),
    { "error": 28, "total_err": 16, "first_error": 28, "write.total_ios": 16 },
    0,
  );
  await check(
    full(["--ignore_error=,ENOSPC", "--continue_on_error=none"]),
    { "error": 28, "total_err": undefined, "first_error": undefined, "write.total_ios": 1 },
    1,
  );
});

Deno.test("continue_on_error of another kind: keys printed, nothing counted", async () => {
  await check(
    full(["--continue_on_error=read"]),
    { "error": 28, "total_err": 0, "first_error": 0, "write.total_ios": 1 },
    1,
  );
});

Deno.test("continue_on_error: normal output shows the errors line and the engine's text", async () => {
  const dir = `${tmp}/d${dirs++}`;
  Deno.mkdirSync(dir);
  const r = await runTimed(LAUNCHER, full(["--ignore_error=,ENOSPC"])(), { cwd: dir });
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /err=28 \(file:engines\/sync\.c:126, func=xfer, error=No space left on device\)/,
  );
  assert.match(r.stdout, /errors {4}: total=16, first_error=28\/<No space left on device>/);
});

Deno.test("continue_on_error=verify: every mismatch is reported, the job reads on", async () => {
  const d = await check(
    (dir) => {
      Deno.writeFileSync(`${dir}/z`, new Uint8Array(16384));
      return [
        "--name=t",
        `--filename=${dir}/z`,
        "--size=16k",
        "--bs=4k",
        "--rw=read",
        "--verify=crc32c",
        "--continue_on_error=verify",
      ];
    },
    {
      "error": 84,
      "total_err": 4,
      "first_error": 84,
      "read.io_bytes": 16384,
      "read.total_ios": 4,
    },
    0,
  );
  assert.equal(d.stderr.filter((l) => l.startsWith("verify: bad magic header 0")).length, 4);
});

Deno.test("short read: the rest is resubmitted; a zero-byte rest ends the job with 'full resid'", async () => {
  const d = await check(
    (dir) => [
      "--name=t",
      `--filename=${dir}/s`,
      "--size=16k",
      "--bs=4k",
      "--rw=read",
      `--exec_prerun=truncate -s 10000 ${dir}/s`,
    ],
    {
      "error": 5,
      "read.io_bytes": 8192,
      "read.total_ios": 4,
      "read.short_ios": 1,
      "read.clat_ns.N": 2,
    },
    1,
  );
  assert.ok(
    d.stderr.some((l) =>
      l.endsWith("err=5/file:backend.c:471, func=full resid, error=Input/output error")
    ),
  );
});

Deno.test("sync_file_range=write:2: a call every 2 writes, counted as fio 3.33 counts it", async () => {
  await check(
    (dir) => [
      "--name=t",
      `--filename=${dir}/w`,
      "--size=32k",
      "--bs=4k",
      "--rw=write",
      "--sync_file_range=write:2",
    ],
    {
      "error": 0,
      "write.total_ios": 8,
      // fio counts every call as a short write, and not in the sync total.
      "write.short_ios": 3,
      "sync.total_ios": 0,
      "sync.lat_ns.N": 3,
    },
    0,
  );
});

Deno.test("create_only: files laid out, no I/O", async () => {
  let path = "";
  await check(
    (dir) => {
      path = `${dir}/c`;
      return ["--name=t", `--filename=${path}`, "--size=32k", "--rw=read", "--create_only=1"];
    },
    { "error": 0, "read.total_ios": 0, "job_runtime": 0, "latency_depth": undefined },
    0,
  );
  assert.equal(Deno.statSync(path).size, 32768);
});

Deno.test("fill_device: ENOSPC ends the job without an error", async () => {
  const d = await check(
    full(["--fill_device=1"]),
    { "error": 0, "write.total_ios": 1, "write.io_bytes": 0, "total_err": undefined },
    0,
  );
  assert.deepEqual(d.stderr, [
    "fio: io_u error on file /dev/full: No space left on device: write offset=0, buflen=4096",
  ]);
});

Deno.test("mem=shm runs like malloc", async () => {
  await check(
    (dir) => [
      "--name=t",
      `--filename=${dir}/f`,
      "--size=64k",
      "--bs=4k",
      "--rw=write",
      "--mem=shm",
      "--iodepth=2",
    ],
    { "error": 0, "write.io_bytes": 65536, "write.total_ios": 16 },
    0,
  );
});

const noHugePages = (() => {
  try {
    const m = /^HugePages_Total:\s*(\d+)/m.exec(Deno.readTextFileSync("/proc/meminfo"));
    return m !== null && Number(m[1]) === 0;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "mem=shmhuge without huge pages: fio's hint and ENOMEM from shmget",
  ignore: !noHugePages,
  async fn() {
    const d = await runJson(LAUNCHER, (dir) => [
      "--name=t",
      `--filename=${dir}/f`,
      "--size=64k",
      "--bs=4k",
      "--rw=read",
      "--mem=shmhuge",
    ]);
    assert.equal(d.code, 1);
    assert.equal(d.job.error, 12);
    assert.equal(
      d.stderr[0],
      "fio: no huge pages available, do you need to allocate some? See HOWTO.",
    );
    assert.match(
      d.stderr[1],
      /^fio: pid=\d+, err=12\/file:memory\.c:78, func=shmget, error=Cannot allocate memory$/,
    );
    // fio 3.33 goes on to issue one read into a NULL buffer (EFAULT,
    // total_ios 1); dfio issues none.
    assert.equal(d.job.read.total_ios, 0);
  },
});

Deno.test("lockfile: two jobs on one file both progress (a lock per I/O, as fio)", async () => {
  for (const mode of ["exclusive", "readwrite"]) {
    const args = (dir: string) => {
      Deno.writeFileSync(`${dir}/lk`, new Uint8Array(1 << 20));
      return [
        `--filename=${dir}/lk`,
        "--size=1m",
        "--rw=randrw",
        "--time_based",
        "--runtime=1",
        `--lockfile=${mode}`,
        "--name=a",
        "--name=b",
      ];
    };
    for (const l of HAVE_FIO ? [LAUNCHER, FIO] : [LAUNCHER]) {
      const dir = `${tmp}/d${dirs++}`;
      Deno.mkdirSync(dir);
      const r = await runTimed(l, ["--output-format=json", ...args(dir)], { cwd: dir });
      assert.equal(r.code, 0, `${l.name} ${mode}: ${r.stderr}`);
      const jobs: Json[] = JSON.parse(r.stdout).jobs;
      assert.equal(jobs.length, 2);
      for (const j of jobs) {
        assert.equal(j.error, 0);
        assert.ok(j.read.total_ios > 0 && j.write.total_ios > 0, `${l.name} ${mode} ${j.jobname}`);
      }
    }
  }
});

Deno.test({
  name:
    "continue_on_error: a failed libaio commit is counted in total_err and still ends the job, as fio",
  ignore: !(() => {
    try {
      return Deno.statSync("/dev/full").isCharDevice === true;
    } catch {
      return false;
    }
  })(),
  async fn() {
    const args = [
      "--name=j",
      "--ioengine=libaio",
      "--filename=/dev/full",
      "--rw=write",
      "--size=64k",
      "--iodepth=2",
      "--continue_on_error=all",
      "--output-format=json",
    ];
    const runs: [string, { code: number; stdout: string }][] = [["dfio", await runDfio(args)]];
    if (HAVE_FIO) runs.push(["fio", await runFio(args)]);
    for (const [who, r] of runs) {
      assert.equal(r.code, 1, who);
      const j = reportJobs<Record<string, number>>(r.stdout)[0];
      assert.equal(j.error, 22, who);
      assert.equal(j.total_err, 1, who);
      assert.equal(j.first_error, 22, who);
    }
  },
});

Deno.test({
  name: "create_only: the disks behind the laid-out files are still reported, as fio",
  ignore: !HAVE_FIO,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const args = (f: string) => [
        "--name=t",
        `--filename=${dir}/${f}`,
        "--size=32k",
        "--rw=write",
        "--create_only=1",
        "--output-format=json",
      ];
      const d = JSON.parse((await runDfio(args("d"))).stdout);
      const f = await runFio(args("f"));
      const fdoc = reportJson<{ disk_util?: { name: string }[] }>(f.stdout);
      const names = (doc: { disk_util?: { name: string }[] }) =>
        (doc.disk_util ?? []).map((x) => x.name);
      assert.deepEqual(names(d), names(fdoc));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
