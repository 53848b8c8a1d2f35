/**
 * experimental_verify end to end: the verify phase reads back the write
 * pass's blocks in write order (fio replays its offsets), every write
 * included, so an overwritten block (norandommap) fails on its numberio as
 * in fio 3.33; verify_backlog is ignored; byte counts match fio's.
 */
import assert from "node:assert/strict";
import { HAVE_FIO, runDfio, runFio } from "../helpers/run.ts";
import { verifyJob as job } from "./_verify.ts";

const tmp = Deno.makeTempDirSync({ prefix: "dfio_vexp_" });

function args(extra: string[]): string[] {
  return [
    "--output-format=json",
    "--name=t",
    `--filename=${tmp}/f`,
    "--size=256k",
    "--bs=4k",
    "--verify=crc32c",
    "--experimental_verify=1",
    ...extra,
  ];
}

/** (ddir, offset) of each data I/O in a write_iolog file. */
function ios(path: string): [string, number][] {
  return Deno.readTextFileSync(path).split("\n").map((l) => l.split(" "))
    .filter((f) => f[1] === "read" || f[1] === "write")
    .map((f) => [f[1], Number(f[2])]);
}

Deno.test("experimental_verify reads back in write order and ignores verify_backlog", async () => {
  const log = `${tmp}/a.log`;
  const r = await runDfio(
    args(["--rw=randwrite", "--verify_backlog=8", `--write_iolog=${log}`]),
    { cwd: tmp },
  );
  assert.equal(r.code, 0, r.stderr);
  const j = job(r.stdout);
  assert.deepEqual([j.error, j.read.total_ios, j.write.total_ios], [0, 64, 64]);
  const seq = ios(log);
  const writes = seq.slice(0, 64), reads = seq.slice(64);
  assert.ok(writes.every(([d]) => d === "write"));
  assert.deepEqual(reads.map(([, o]) => o), writes.map(([, o]) => o));
});

Deno.test("experimental_verify with norandommap fails on an overwritten block's numberio", async () => {
  const r = await runDfio(args(["--rw=randwrite", "--norandommap"]), { cwd: tmp });
  assert.notEqual(r.code, 0);
  assert.equal(job(r.stdout).error, 84);
  assert.match(r.stderr, /^verify: bad header numberio \d+, wanted \d+ at file /m);
});

Deno.test("experimental_verify with loops > 1 is refused (fio 3.33 skips later verifies)", async () => {
  const r = await runDfio(args(["--rw=write", "--loops=2"]), { cwd: tmp });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /experimental_verify with loops > 1 is not supported yet/);
});

Deno.test(
  { name: "experimental_verify byte counts match fio", ignore: !HAVE_FIO },
  async () => {
    for (const extra of [["--rw=write"], ["--rw=randwrite"], ["--rw=randwrite", "--verify_only"]]) {
      const d = await runDfio(args(extra), { cwd: tmp });
      const f = await runFio(args(extra), { cwd: tmp });
      assert.equal(d.code, 0, d.stderr);
      assert.equal(f.code, 0, f.stderr);
      const a = job(d.stdout), b = job(f.stdout);
      assert.deepEqual(
        [a.error, a.read.io_bytes, a.write.io_bytes],
        [b.error, b.read.io_bytes, b.write.io_bytes],
        extra.join(" "),
      );
    }
  },
);
