/**
 * write_iolog and read_iolog end to end: dfio's iolog against fio 3.33's
 * for the same job, a replay against the trace it came from, fio's own
 * trace replayed by both tools, and the trace's timing.
 */
import assert from "node:assert/strict";
import { HAVE_FIO } from "../helpers/run.ts";
import { FIO, LAUNCHER, type Launcher, runTimed } from "./_spawn.ts";

const NO_FIO = { ignore: !HAVE_FIO };
if (!HAVE_FIO) console.log("iolog_test: fio not on PATH, skipping the comparisons with fio 3.33");

/** A trace's lines without their timestamps (they differ run to run). */
function untimed(text: string): string[] {
  const lines = text.trimEnd().split("\n");
  return [lines[0], ...lines.slice(1).map((l) => l.slice(l.indexOf(" ") + 1))];
}

async function ok(l: Launcher, args: string[]): Promise<string> {
  const r = await runTimed(l, args, { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `${l.name} ${args.join(" ")}\n${r.stderr}`);
  return r.stdout;
}

/** The job's JSON entry. */
async function jsonJob(l: Launcher, args: string[]) {
  const out = await ok(l, [...args, "--output-format=json"]);
  return JSON.parse(out).jobs[0];
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = Deno.makeTempDirSync({ prefix: "dfio-iolog-" });
    try {
      await fn(dir);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  };
}

const JOBS: Record<string, string[]> = {
  "randrw, fsync=3": [
    "--rw=randrw",
    "--norandommap",
    "--randrepeat=0",
    "--randseed=1234",
    "--size=256k",
    "--bs=4k",
    "--fsync=3",
  ],
  "two files, two loops": ["--rw=write", "--nrfiles=2", "--size=32k", "--bs=4k", "--loops=2"],
  "three files, openfiles=1": [
    "--rw=randread",
    "--norandommap",
    "--randrepeat=0",
    "--randseed=99",
    "--nrfiles=3",
    "--openfiles=1",
    "--file_service_type=sequential",
    "--size=48k",
    "--bs=4k",
  ],
};

for (const [title, job] of Object.entries(JOBS)) {
  Deno.test(
    `write_iolog equals fio 3.33's line for line: ${title}`,
    NO_FIO,
    withDir(async (dir) => {
      const logs: string[][] = [];
      for (const l of [FIO, LAUNCHER]) {
        const log = `${dir}/${l === FIO ? "fio" : "dfio"}.log`;
        await ok(l, [
          "--name=j",
          `--directory=${dir}`,
          "--ioengine=psync",
          ...job,
          `--write_iolog=${log}`,
        ]);
        logs.push(untimed(Deno.readTextFileSync(log)));
        for (const e of Deno.readDirSync(dir)) {
          if (e.name.startsWith("j.")) Deno.removeSync(`${dir}/${e.name}`);
        }
      }
      assert.equal(logs[1][0], "fio version 3 iolog");
      assert.ok(logs[1].length > 10);
      assert.deepEqual(logs[1], logs[0]);
    }),
  );
}

Deno.test(
  "a replay issues the offsets, sizes and directions of the trace it replays",
  withDir(async (dir) => {
    const trace = `${dir}/t.log`;
    await ok(LAUNCHER, [
      "--name=j",
      `--filename=${dir}/f`,
      "--ioengine=psync",
      ...JOBS["randrw, fsync=3"],
      "--bsrange=512-16k",
      "--size=1m",
      `--write_iolog=${trace}`,
    ]);
    const want = Deno.readTextFileSync(trace).trimEnd().split("\n").slice(1)
      .map((l) => l.split(" "))
      .filter((w) => w[2] === "read" || w[2] === "write")
      .map((w) => `${w[2] === "read" ? 0 : 1} ${w[4]} ${w[3]}`);
    const job = await jsonJob(LAUNCHER, [
      "--name=r",
      `--read_iolog=${trace}`,
      "--replay_no_stall=1",
      `--write_lat_log=${dir}/r`,
      "--log_offset=1",
    ]);
    const got = Deno.readTextFileSync(`${dir}/r_clat.1.log`).trimEnd().split("\n")
      .map((l) => l.split(", "))
      .map((c) => `${c[2]} ${c[3]} ${c[4]}`);
    assert.ok(want.length > 50);
    assert.deepEqual(got, want);
    const syncs = Deno.readTextFileSync(trace).split("\n").filter((l) =>
      l.includes(" sync ")
    ).length;
    assert.equal(job.sync.total_ios, syncs);
  }),
);

Deno.test(
  "fio's own trace replays to the same counts in dfio as in fio",
  NO_FIO,
  withDir(async (dir) => {
    const trace = `${dir}/fio.log`;
    await ok(FIO, [
      "--name=j",
      `--filename=${dir}/f`,
      "--ioengine=psync",
      ...JOBS["randrw, fsync=3"],
      "--bssplit=4k/50:16k/30:64k/20",
      `--write_iolog=${trace}`,
    ]);
    // With a queueing engine fio leaves the I/Os in flight at the end of
    // the trace out of the byte counts; dfio does the same.
    for (
      const engine of [["--ioengine=psync"], ["--ioengine=null", "--iodepth=4"], [
        "--ioengine=libaio",
        "--iodepth=4",
      ]]
    ) {
      const counts = [];
      for (const l of [FIO, LAUNCHER]) {
        const j = await jsonJob(l, ["--name=r", `--read_iolog=${trace}`, ...engine]);
        counts.push({
          error: j.error,
          read: [j.read.io_bytes, j.read.total_ios],
          write: [j.write.io_bytes, j.write.total_ios],
          sync: j.sync.total_ios,
          depth: j.iodepth_level,
        });
      }
      assert.ok(counts[0].read[0] > 0 && counts[0].write[0] > 0);
      assert.deepEqual(counts[1], counts[0], engine.join(" "));
    }
  }),
);

Deno.test(
  "v3 timestamps are honoured; replay_no_stall and replay_time_scale change the pace",
  withDir(async (dir) => {
    const f = `${dir}/f`;
    Deno.writeFileSync(f, new Uint8Array(16384));
    const lines = ["fio version 3 iolog", `0 ${f} add`, `0 ${f} open`, `1000 ${f} read 0 4096`];
    for (let i = 1; i <= 3; i++) lines.push(`${1000 + i * 100_000} ${f} read ${i * 4096} 4096`);
    lines.push(`301000 ${f} close`);
    Deno.writeTextFileSync(`${dir}/t.log`, lines.join("\n") + "\n");
    const runtime = async (extra: string[]) =>
      (await jsonJob(LAUNCHER, ["--name=r", `--read_iolog=${dir}/t.log`, ...extra])).job_runtime;
    const paced = await runtime([]);
    assert.ok(paced >= 290 && paced < 600, `paced ${paced} ms`);
    const fast = await runtime(["--replay_no_stall=1"]);
    assert.ok(fast < 100, `no stall ${fast} ms`);
    const half = await runtime(["--replay_time_scale=200"]);
    assert.ok(half >= 140 && half < 290, `time scale 200: ${half} ms`);
  }),
);

Deno.test(
  "bad trace lines print what fio prints",
  NO_FIO,
  withDir(async (dir) => {
    const f = `${dir}/f`;
    Deno.writeFileSync(f, new Uint8Array(8192));
    const text = [
      "fio version 2 iolog",
      "",
      `${f} add`,
      "# comment",
      `${f} open`,
      `${f} bogus 0 4096`,
      `${f} read 4096abc 4096`,
      `${f} read 4096`,
      `${f} read 0 4096`,
      `${f} close`,
    ].join("\n");
    Deno.writeTextFileSync(`${dir}/t.log`, text + "\n");
    const out = [];
    for (const l of [FIO, LAUNCHER]) {
      const r = await runTimed(l, [
        "--name=r",
        `--read_iolog=${dir}/t.log`,
        "--output-format=json",
      ]);
      assert.equal(r.code, 0);
      out.push({ stderr: r.stderr, read: JSON.parse(r.stdout).jobs[0].read.io_bytes });
    }
    assert.equal(out[0].read, 4096);
    assert.deepEqual(out[1], out[0]);
  }),
);

Deno.test(
  "an unusable trace fails the job with fio's error, other jobs still run",
  withDir(async (dir) => {
    Deno.writeTextFileSync(`${dir}/bad.log`, "hello\n");
    const r = await runTimed(LAUNCHER, [
      "--name=r",
      `--read_iolog=${dir}/bad.log`,
      "--name=s",
      `--filename=${dir}/f`,
      "--size=8k",
      "--output-format=json",
    ]);
    assert.equal(r.code, 1);
    const jobs = JSON.parse(r.stdout).jobs;
    assert.deepEqual(jobs.map((j: { error: number }) => j.error), [22, 0]);
    assert.equal(jobs[1].read.io_bytes, 8192);
    assert.match(
      r.stderr,
      /fio: short read on blktrace file\nfio: iolog version 1 is no longer supported\n/,
    );
    assert.match(
      r.stderr,
      /err=22\/file:iolog.c:795, func=failed initializing iolog, error=Invalid argument/,
    );
  }),
);

Deno.test(
  "a replay reports disk stats only for an explicit filename, as fio does",
  withDir(async (dir) => {
    const f = `${dir}/f`;
    Deno.writeFileSync(f, new Uint8Array(8192));
    Deno.writeTextFileSync(
      `${dir}/t.log`,
      `fio version 2 iolog\n${f} add\n${f} open\n${f} read 0 4096\n${f} close\n`,
    );
    const base = ["--name=r", `--read_iolog=${dir}/t.log`];
    assert.doesNotMatch(await ok(LAUNCHER, base), /Disk stats/);
    if (
      Deno.build.os === "linux" &&
      (await ok(LAUNCHER, ["--name=s", `--filename=${f}`])).includes("Disk stats")
    ) {
      assert.match(await ok(LAUNCHER, [...base, `--filename=${dir}/unused`]), /Disk stats/);
    }
  }),
);
