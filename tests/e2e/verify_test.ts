/**
 * verify= end to end: every method round-trips on psync, io_uring and
 * libaio (write + verify in one job, then a separate verify_only run);
 * corruption between a write run and a verify_only run is caught with a
 * non-zero exit and a report naming the offset; verify_backlog reads back
 * what it wrote; and, where fio is installed, each tool verifies the
 * other's files and reports a bad block in the same words.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, reportJobs, runDfio as dfioIn, runFio as fioIn } from "../helpers/run.ts";
import { VERIFY_CHECKSUMS } from "../helpers/verify_methods.ts";

// Every method but "pattern", which needs a verify_pattern to check against.
const METHODS = [...VERIFY_CHECKSUMS, "meta", "null"] as const;

const tmp = Deno.makeTempDirSync({ prefix: "dfio_verify_" });

// Both tools leave verify state files in the working directory: run them in tmp.
const runDfio = (a: string[], o: Parameters<typeof dfioIn>[1] = {}) =>
  dfioIn(a, { cwd: tmp, ...o });
const runFio = (a: string[], o: Parameters<typeof fioIn>[1] = {}) => fioIn(a, { cwd: tmp, ...o });
const SIZE = 64 * 1024;

interface JobOut {
  jobname: string;
  error: number;
  read: { io_bytes: number };
  write: { io_bytes: number };
}

function jobsOf(stdout: string): JobOut[] {
  return reportJobs<JobOut>(stdout);
}

/** One job per method on its own file, all in one run. */
function methodJobs(engine: string, dir: string, extra: string[]): string[] {
  const args = ["--output-format=json", `--ioengine=${engine}`, `--size=${SIZE}`, "--bs=4k"];
  if (engine !== "psync") args.push("--iodepth=8");
  for (const m of METHODS) {
    args.push(`--name=${m}`, `--filename=${dir}/${m}.dat`, `--verify=${m}`, ...extra);
  }
  return args;
}

for (const engine of ["psync", "io_uring", "libaio"]) {
  Deno.test(`every verify method round-trips on ${engine} (same job, then verify_only)`, async () => {
    const dir = `${tmp}/${engine}`;
    Deno.mkdirSync(dir);
    const w = await runDfio(methodJobs(engine, dir, ["--rw=randwrite"]));
    assert.equal(w.code, 0, w.stderr);
    for (const j of jobsOf(w.stdout)) {
      assert.equal(j.error, 0, j.jobname);
      assert.equal(j.write.io_bytes, SIZE, j.jobname);
      // The verify phase reads back every block written.
      assert.equal(j.read.io_bytes, SIZE, j.jobname);
    }
    const v = await runDfio(methodJobs(engine, dir, ["--rw=randwrite", "--verify_only"]));
    assert.equal(v.code, 0, v.stderr);
    for (const j of jobsOf(v.stdout)) {
      assert.equal(j.error, 0, j.jobname);
      assert.equal(j.read.io_bytes, SIZE, j.jobname);
    }
    assert.doesNotMatch(v.stderr, /verify/);
  });
}

/** Writes a crc32c file with dfio; returns its bytes. */
async function writeReference(path: string, extra: string[] = []): Promise<Uint8Array> {
  const r = await runDfio([
    "--name=j",
    `--filename=${path}`,
    "--size=16k",
    "--bs=4k",
    "--rw=write",
    "--verify=crc32c",
    "--do_verify=0",
    "--output-format=terse",
    ...extra,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return Deno.readFileSync(path);
}

function verifyOnlyArgs(path: string): string[] {
  return [
    "--name=j",
    `--filename=${path}`,
    "--size=16k",
    "--bs=4k",
    "--rw=write",
    "--verify=crc32c",
    "--verify_only",
    "--output-format=terse",
  ];
}

const CORRUPTIONS: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
  [
    "one data byte flipped",
    (b) => {
      b[5000] ^= 0xff;
      return b;
    },
    /^crc32c: verify failed at file \S+ offset 4096, length 4096 .*\n.*Expected CRC: 0b5c4cb7|first differing byte at file offset 5000/m,
  ],
  ["one header byte flipped", (b) => {
    b[4096 + 17] ^= 0x10;
    return b;
  }, /verify: bad header offset 0, wanted 4096 at file \S+ offset 4096/],
  ["a block zeroed", (b) => {
    b.fill(0, 8192, 12288);
    return b;
  }, /verify: bad magic header 0, wanted acca at file \S+ offset 8192/],
  ["two blocks swapped", (b) => {
    const a = b.slice(4096, 8192);
    b.copyWithin(4096, 8192, 12288);
    b.set(a, 8192);
    return b;
  }, /verify: bad header offset 8192, wanted 4096 at file \S+ offset 4096/],
  [
    "the file truncated",
    (b) => b.slice(0, 10000),
    /verify: bad magic header 0, wanted acca at file \S+ offset 0/,
  ],
];

for (const [what, corrupt, report] of CORRUPTIONS) {
  Deno.test(`verify_only catches corruption: ${what}`, async () => {
    const path = `${tmp}/corrupt_${what.replaceAll(" ", "_")}.dat`;
    const good = await writeReference(path);
    Deno.writeFileSync(path, corrupt(good.slice()));
    const r = await runDfio(verifyOnlyArgs(path));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, report);
    assert.match(
      r.stderr,
      /err=84\/file:io_u\.c:2152, func=io_u_sync_complete, error=Invalid or incomplete multibyte/,
    );
  });
}

Deno.test("a data mismatch names the first differing byte; verify_dump saves both blocks", async () => {
  const path = `${tmp}/dump.dat`;
  const good = await writeReference(path);
  const bad = good.slice();
  bad[5000] ^= 0x01;
  Deno.writeFileSync(path, bad);
  const r = await runDfio([...verifyOnlyArgs(path), "--verify_dump=1"], { cwd: tmp });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Received CRC: [0-9a-f]{8}\n/);
  assert.match(
    r.stderr,
    new RegExp(
      `first differing byte at file offset 5000 \\(byte 904 of the chunk\\): expected 0x${
        good[5000].toString(16).padStart(2, "0")
      }, received 0x${bad[5000].toString(16).padStart(2, "0")}`,
    ),
  );
  assert.deepEqual(Deno.readFileSync(`${tmp}/dump.dat.4096.received`), bad.slice(4096, 8192));
  const expected = Deno.readFileSync(`${tmp}/dump.dat.4096.expected`);
  // The data part is what was written (the header's time differs).
  assert.deepEqual(expected.subarray(44), good.subarray(4096 + 44, 8192));
});

Deno.test("verify_backlog with rw=write reads back exactly what it wrote", async () => {
  const r = await runDfio([
    "--name=j",
    `--filename=${tmp}/backlog.dat`,
    "--size=256k",
    "--bs=4k",
    "--rw=write",
    "--verify=crc32c",
    "--verify_backlog=4",
    "--verify_backlog_batch=3",
    "--output-format=json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const [j] = jobsOf(r.stdout);
  assert.equal(j.write.io_bytes, 256 * 1024);
  assert.equal(j.read.io_bytes, 256 * 1024);
});

Deno.test("verify_interval and verify_offset round-trip", async () => {
  const r = await runDfio([
    "--name=j",
    `--filename=${tmp}/interval.dat`,
    "--size=64k",
    "--bs=4k",
    "--rw=randwrite",
    "--verify=md5",
    "--verify_interval=1024",
    "--verify_offset=64",
    "--output-format=json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jobsOf(r.stdout)[0].read.io_bytes, 64 * 1024);
});

const fioOpts = { ignore: !HAVE_FIO };
const skipNote = HAVE_FIO ? "" : " (skipped: fio not on PATH)";

Deno.test(
  `fio verifies dfio's files and dfio verifies fio's, every method${skipNote}`,
  fioOpts,
  async () => {
    const dir = `${tmp}/cross`;
    Deno.mkdirSync(dir);
    const extra = ["--rw=write", "--verify_interval=2048"];
    const w = await runDfio(methodJobs("psync", dir, [...extra, "--do_verify=0"]));
    assert.equal(w.code, 0, w.stderr);
    const f = await runFio(methodJobs("psync", dir, [...extra, "--verify_only"]));
    assert.equal(f.code, 0, f.stdout + f.stderr);
    for (const j of jobsOf(f.stdout)) assert.equal(j.error, 0, j.jobname);
    const fw = await runFio(methodJobs("psync", dir, [...extra, "--do_verify=0"]));
    assert.equal(fw.code, 0, fw.stderr);
    const d = await runDfio(methodJobs("psync", dir, [...extra, "--verify_only"]));
    assert.equal(d.code, 0, d.stderr);
    for (const j of jobsOf(d.stdout)) assert.equal(j.error, 0, j.jobname);
  },
);

Deno.test(`a corrupt block is reported in fio's words${skipNote}`, fioOpts, async () => {
  const path = `${tmp}/words.dat`;
  const good = await writeReference(path);
  good[6000] ^= 0x40;
  Deno.writeFileSync(path, good);
  const d = await runDfio(verifyOnlyArgs(path));
  const f = await runFio(verifyOnlyArgs(path));
  assert.notEqual(d.code, 0);
  assert.notEqual(f.code, 0);
  const fioLines = f.stderr.split("\n").filter((l) => l.trim() !== "");
  const dfioLines = d.stderr.split("\n").filter((l) =>
    !l.includes("dfio:") && !l.startsWith("fio: pid=")
  );
  assert.deepEqual(dfioLines.filter((l) => l.trim() !== ""), fioLines);
});

Deno.test("fio's verify warnings: shared file with numjobs, time_based write-only", async () => {
  const shared = await runDfio([
    "--name=j",
    `--filename=${tmp}/shared.dat`,
    "--size=16k",
    "--rw=write",
    "--verify=crc32c",
    "--numjobs=2",
    "--output-format=terse",
  ]);
  const warn =
    "fio: multiple writers may overwrite blocks that belong to other jobs. This can cause verification failures.";
  assert.equal(shared.stderr.split("\n").filter((l) => l === warn).length, 2);
  const timed = await runDfio([
    "--name=j",
    `--filename=${tmp}/timed.dat`,
    "--size=16k",
    "--rw=write",
    "--verify=crc32c",
    "--runtime=100ms",
    "--time_based",
    "--output-format=json",
  ]);
  assert.equal(timed.code, 0, timed.stderr);
  assert.match(
    timed.stderr,
    /^fio: verification read phase will never start because write phase uses all of runtime$/m,
  );
  assert.equal(jobsOf(timed.stdout)[0].read.io_bytes, 0);
});

Deno.test("a diskless engine (null) goes through the verify motions without checking, as fio", async () => {
  const r = await runDfio([
    "--name=j",
    "--ioengine=null",
    "--size=64k",
    "--rw=write",
    "--verify=crc32c",
    "--output-format=json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const [j] = jobsOf(r.stdout);
  assert.equal(j.error, 0);
  assert.equal(j.read.io_bytes, 64 * 1024);
});
