/**
 * verify_async end to end: helper Workers check the verify reads with the
 * same verdicts and byte counts as inline checking, and a corrupt block
 * they find fails the job as fio reports an async verify failure. The
 * reads are rate limited so the run outlasts the helpers' start-up (a
 * Worker started from a Worker takes 0.5-1 s in Deno; reads before that
 * are checked inline).
 */
import assert from "node:assert/strict";
import { runDfio } from "../helpers/run.ts";
import { verifyJob as job } from "./_verify.ts";

const tmp = Deno.makeTempDirSync({ prefix: "dfio_vasync_" });
const SIZE = 4 * 1024 * 1024;

function args(engine: string, extra: string[]): string[] {
  return [
    "--output-format=json",
    "--name=t",
    `--filename=${tmp}/${engine}.dat`,
    `--size=${SIZE}`,
    "--bs=4k",
    `--ioengine=${engine}`,
    "--iodepth=4",
    "--verify=md5",
    ...extra,
  ];
}

for (const engine of ["psync", "libaio"]) {
  Deno.test(`verify_async=2 on ${engine}: same result as inline, and it finds a bad block`, async () => {
    const w = await runDfio(args(engine, ["--rw=write", "--do_verify=0"]), { cwd: tmp });
    assert.equal(w.code, 0, w.stderr);
    // Sequential, so the last block is read last.
    const verify = ["--rw=write", "--verify_only", "--rate=2m"];
    const inline = await runDfio(args(engine, [...verify, "--verify_async=0"]), { cwd: tmp });
    const helped = await runDfio(args(engine, [...verify, "--verify_async=2"]), { cwd: tmp });
    assert.equal(inline.code, 0, inline.stderr);
    assert.equal(helped.code, 0, helped.stderr);
    const a = job(inline.stdout), b = job(helped.stdout);
    assert.deepEqual(
      [b.error, b.read.io_bytes, b.read.total_ios, b.write.io_bytes],
      [a.error, a.read.io_bytes, a.read.total_ios, a.write.io_bytes],
    );
    assert.equal(b.read.io_bytes, SIZE);
    // Corrupt the last block: the helpers are up by the time it is read.
    const f = Deno.openSync(`${tmp}/${engine}.dat`, { write: true });
    f.seekSync(SIZE - 4096 + 2000, Deno.SeekMode.Start);
    f.writeSync(new Uint8Array([0xee]));
    f.close();
    const bad = await runDfio(args(engine, [...verify, "--verify_async=2"]), { cwd: tmp });
    assert.notEqual(bad.code, 0);
    assert.equal(job(bad.stdout).error, 84);
    assert.match(
      bad.stderr,
      new RegExp(
        `md5: verify failed at file \\S+ offset ${SIZE - 4096}, length 4096 .*flags=84\\)`,
      ),
    );
    assert.match(bad.stderr, /err=84\/file:verify\.c:1441, func=async_verify, error=/);
  });
}
