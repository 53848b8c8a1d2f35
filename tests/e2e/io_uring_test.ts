/**
 * ioengine=io_uring end to end: scripts/fio on small files in a temp dir,
 * and, where fio 3.33 is installed, the same job through fio with the
 * deterministic fields compared. The io_uring-unavailable report is driven
 * by the test-only DFIO_TEST_IO_URING_SETUP_ERRNO hook (io_uring works on
 * the test machines); fio's side uses strace fault injection when strace
 * is installed.
 */
import assert from "node:assert/strict";
import { DFIO, HAVE_FIO, reportJson, run, type RunResult } from "../helpers/run.ts";
import { SETUP_FAULT_ENV } from "../../src/sys/io_uring.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const tmp = Deno.makeTempDirSync({ prefix: "dfio_uring_" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

const HAVE_STRACE = (() => {
  try {
    return new Deno.Command("strace", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

const NO_FIO = HAVE_FIO ? "" : " (fio not on PATH: dfio side only)";

function jsonOf(r: RunResult): Json {
  assert.ok(r.stdout.includes("{"), `no JSON in stdout:\n${r.stdout}\n${r.stderr}`);
  return reportJson<Json>(r.stdout);
}

function dfio(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return run(DFIO, args, { cwd: tmp, env, cleanEnv: true });
}

function fio(args: string[], pre: string[] = []): Promise<RunResult> {
  return pre.length > 0
    ? run(pre[0], [...pre.slice(1), "fio", ...args], { cwd: tmp, cleanEnv: true })
    : run("fio", args, { cwd: tmp, cleanEnv: true });
}

function file(name: string, size: number): string {
  const p = `${tmp}/${name}`;
  Deno.writeFileSync(p, new Uint8Array(size).fill(0x5a));
  return p;
}

const job = (path: string, ...more: string[]) => [
  "--name=u",
  `--filename=${path}`,
  "--ioengine=io_uring",
  "--output-format=json",
  ...more,
];

/** The fields of a job that do not depend on timing. */
function shape(j: Json) {
  return {
    error: j.error,
    read: [j.read.total_ios, j.read.io_bytes, j.read.short_ios],
    write: [j.write.total_ios, j.write.io_bytes, j.write.short_ios],
    latency_depth: j.latency_depth,
    slatN: [j.read.slat_ns.N, j.write.slat_ns.N],
  };
}

Deno.test("io_uring e2e: writes land inside offset..offset+size with the pattern", async () => {
  const path = file("w.dat", 256 * 1024);
  const r = await dfio(job(
    path,
    "--rw=randwrite",
    "--bs=4k",
    "--iodepth=8",
    "--offset=64k",
    "--size=128k",
    "--buffer_pattern=0x11223344",
  ));
  assert.equal(r.code, 0, r.stderr);
  const j = jsonOf(r).jobs[0];
  assert.equal(j.write.io_bytes, 128 * 1024);
  assert.equal(j.write.total_ios, 32);
  const back = Deno.readFileSync(path);
  assert.equal(back.length, 256 * 1024);
  const pat = [0x11, 0x22, 0x33, 0x44];
  for (let i = 0; i < back.length; i++) {
    const want = i >= 65536 && i < 65536 + 131072 ? pat[(i - 65536) % 4] : 0x5a;
    if (back[i] !== want) assert.fail(`byte ${i}: ${back[i]} != ${want}`);
  }
});

Deno.test("io_uring e2e: mean(slat) + mean(clat) = mean(lat) within 1 ns", async () => {
  const path = file("m.dat", 1 << 20);
  for (const rw of ["randread", "randwrite"]) {
    const r = await dfio(job(path, `--rw=${rw}`, "--bs=4k", "--iodepth=16", "--invalidate=0"));
    assert.equal(r.code, 0, r.stderr);
    const d = jsonOf(r).jobs[0][rw === "randread" ? "read" : "write"];
    assert.equal(d.total_ios, 256);
    assert.ok(d.slat_ns.N === 256 && d.clat_ns.N === 256 && d.lat_ns.N === 256);
    const gap = Math.abs(d.slat_ns.mean + d.clat_ns.mean - d.lat_ns.mean);
    assert.ok(
      gap <= 1,
      `${rw}: slat ${d.slat_ns.mean} + clat ${d.clat_ns.mean} != ${d.lat_ns.mean}`,
    );
  }
});

Deno.test(`io_uring e2e: depth rounding, counts and depths as fio${NO_FIO}`, async () => {
  const path = file("d.dat", 1 << 20);
  const args = job(path, "--rw=randread", "--bs=4k", "--iodepth=3", "--invalidate=0");
  const dj = jsonOf(await dfio(args)).jobs[0];
  // fio rounds io_uring's depth up to a power of two: 4 io units run.
  assert.equal(dj.latency_depth, 4);
  assert.ok(dj.iodepth_level["4"] > 90, JSON.stringify(dj.iodepth_level));
  if (!HAVE_FIO) return;
  const fj = jsonOf(await fio(args)).jobs[0];
  assert.deepEqual(shape(dj), shape(fj));
  assert.deepEqual(dj.iodepth_level, fj.iodepth_level);
});

Deno.test(`io_uring e2e: every engine option runs as under fio${NO_FIO}`, async () => {
  const path = file("o.dat", 512 * 1024);
  const cases = [
    ["--fixedbufs=1"],
    ["--registerfiles=1"],
    ["--sqthread_poll=1"],
    ["--sqthread_poll=1", "--sqthread_poll_cpu=0"],
    ["--nonvectored=0"],
    ["--nonvectored=1"],
    ["--force_async=4"],
    ["--cmd_type=nvme"],
  ];
  for (const opt of cases) {
    const args = job(path, "--rw=randrw", "--bs=4k", "--iodepth=8", "--fsync=16", ...opt);
    const d = await dfio(args);
    assert.equal(d.code, 0, `${opt}: ${d.stderr}`);
    const dj = jsonOf(d).jobs[0];
    assert.equal(dj.read.io_bytes + dj.write.io_bytes, 512 * 1024, `${opt}`);
    if (opt[0] === "--sqthread_poll=1") {
      // fio turns slat off under SQPOLL.
      assert.deepEqual([dj.read.slat_ns.N, dj.write.slat_ns.N], [0, 0]);
    }
    if (!HAVE_FIO) continue;
    const fj = jsonOf(await fio(args)).jobs[0];
    assert.deepEqual(shape(dj), shape(fj), `${opt}`);
  }
});

Deno.test(`io_uring e2e: an I/O error from the kernel is the job's error${NO_FIO}`, async () => {
  // fio's uncached sets its RWF_UNCACHED (0x40), which Linux does not take
  // for these reads: every I/O completes with an error.
  const path = file("e.dat", 64 * 1024);
  const args = job(path, "--rw=randread", "--bs=4k", "--iodepth=4", "--uncached=1");
  const d = await dfio(args);
  const dj = jsonOf(d).jobs[0];
  assert.notEqual(dj.error, 0);
  assert.equal(d.code, 1);
  assert.match(d.stderr, /^fio: io_u error on file .*e\.dat: .*: read offset=\d+, buflen=4096$/m);
  assert.match(d.stderr, new RegExp(`err=${dj.error}/file:io_u.c:1876, func=io_u error`));
  if (!HAVE_FIO) return;
  const f = await fio(args);
  const fj = jsonOf(f).jobs[0];
  assert.equal(dj.error, fj.error);
  assert.equal(d.code, f.code);
});

Deno.test(`io_uring e2e: direct=1 with an odd bs ends as under fio${NO_FIO}`, async () => {
  // Whether the kernel refuses misaligned O_DIRECT (EINVAL) depends on the
  // filesystem; dfio must report whatever happens exactly as fio does.
  const path = file("x.dat", 256 * 1024);
  const args = job(path, "--rw=randread", "--bs=1000", "--iodepth=4", "--direct=1");
  const d = await dfio(args);
  const dj = jsonOf(d).jobs[0];
  if (dj.error !== 0) {
    assert.equal(dj.error, 22);
    assert.match(d.stderr, /Invalid argument: read offset=\d+, buflen=1000/);
  }
  if (!HAVE_FIO) return;
  const f = await fio(args);
  const fj = jsonOf(f).jobs[0];
  assert.equal(dj.error, fj.error);
  assert.equal(d.code, f.code);
  if (fj.error === 0) assert.deepEqual(shape(dj), shape(fj));
});

Deno.test(`io_uring e2e: registerfiles with openfiles < nrfiles fails as fio${NO_FIO}`, async () => {
  const dir = `${tmp}/rf`;
  Deno.mkdirSync(dir, { recursive: true });
  const args = [
    "--name=r",
    `--directory=${dir}`,
    "--nrfiles=2",
    "--openfiles=1",
    "--size=64k",
    "--ioengine=io_uring",
    "--registerfiles=1",
    "--rw=randread",
    "--bs=4k",
  ];
  const d = await dfio(args);
  assert.equal(d.code, 1);
  const want = [
    "fio: io_uring registered files require nr_files to be identical to open_files",
    "fio: io engine io_uring init failed.",
  ];
  const errLines = (s: string) =>
    s.split("\n").filter((l) => l.startsWith("fio: ")).map((l) => l.replace(/pid=\d+/, "pid=N"));
  assert.deepEqual(errLines(d.stderr), [...want, "fio: pid=N, err=1/"]);
  if (!HAVE_FIO) return;
  const f = await fio(args);
  assert.equal(f.code, 1);
  assert.deepEqual(errLines(f.stderr + f.stdout).filter((l) => want.includes(l)), want);
});

Deno.test("io_uring e2e: io_uring unavailable (EPERM) says so and names other engines", async () => {
  const path = file("n.dat", 64 * 1024);
  const args = job(path, "--rw=randread", "--bs=4k", "--iodepth=4");
  for (const [errno, text] of [[1, "Operation not permitted"], [38, "Function not implemented"]]) {
    const d = await dfio(args, { [SETUP_FAULT_ENV]: String(errno) });
    assert.equal(d.code, 1);
    assert.match(
      d.stderr,
      new RegExp(`^fio: io_uring is unavailable here: .*${text} \\(errno ${errno}\\).*psync`, "m"),
    );
    assert.match(
      d.stderr,
      new RegExp(
        `^fio: pid=\\d+, err=${errno}/file:engines/io_uring.c:998, ` +
          `func=io_queue_init, error=${text}$`,
        "m",
      ),
    );
    const dj = jsonOf(d).jobs[0];
    assert.equal(dj.error, errno);
    assert.equal(dj.read.total_ios, 0);
    if (!HAVE_FIO || !HAVE_STRACE) continue;
    // fio under strace with io_uring_setup failing the same way.
    const name = errno === 1 ? "EPERM" : "ENOSYS";
    const f = await fio(args, [
      "strace",
      "-f",
      "-o",
      "/dev/null",
      "-e",
      "trace=io_uring_setup",
      "-e",
      `inject=io_uring_setup:error=${name}`,
    ]);
    assert.equal(f.code, d.code);
    const fj = jsonOf(f).jobs[0];
    for (const k of Object.keys(fj)) {
      if (k === "elapsed" || k === "job options") continue;
      assert.deepEqual(dj[k], fj[k], `JSON key ${k}`);
    }
    assert.deepEqual(Object.keys(dj), Object.keys(fj));
  }
});
