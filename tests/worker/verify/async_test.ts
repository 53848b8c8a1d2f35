/**
 * verify_async's helper pool in process: reads are checked by helper
 * Workers with the same verdicts as inline checking, a bad block is
 * reported as fio reports an async verify failure, and a drained pool
 * leaves nothing behind.
 */
import assert from "node:assert/strict";
import { DDIR, EngineFile, IoUnit } from "../../../src/engines/types.ts";
import { jobSeeds } from "../../../src/worker/random/seeds.ts";
import { AsyncVerify, finishAsyncVerify, poolLayout } from "../../../src/worker/verify/async.ts";
import type { VerifyOptions } from "../../../src/worker/verify/options.ts";
import { Verifier } from "../../../src/worker/verify/verifier.ts";
import { verifyOptions } from "./_options.ts";

const BLOCKS = 200;

function options(method: string): VerifyOptions {
  return verifyOptions({}, method);
}

/** Writes BLOCKS blocks, then reads them back with `helpers` async helpers. */
async function run(method: string, helpers: number, corruptBlock = -1) {
  const unit = new IoUnit(0);
  const mem = new Uint8Array(4096);
  unit.setBuffer(mem, Deno.UnsafePointer.of(mem)!);
  const ef = new EngineFile("f.dat");
  unit.file = ef;
  const lines: string[] = [];
  const o = options(method);
  const v = new Verifier(o, jobSeeds(0x89n, 1), [unit], 4096, () => 1.5e9, (l) => lines.push(l));
  const file = new Uint8Array(BLOCKS * 4096);
  for (let b = 0; b < BLOCKS; b++) {
    unit.ddir = DDIR.WRITE;
    unit.offset = b * 4096;
    unit.buflen = 4096;
    v.write(unit, 0, false);
    file.set(unit.buf.subarray(0, 4096), b * 4096);
    v.completed(unit, 4096);
  }
  if (corruptBlock >= 0) file[corruptBlock * 4096 + 1000] ^= 0x40;
  const pool = new AsyncVerify(o, helpers, null, 4096, [ef], (l) => lines.push(l));
  v.async = pool;
  // Wait until a helper is up, so every read below goes to the pool.
  for (let i = 0; i < 400 && !pool.ready(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(pool.ready(), "helpers started");
  v.startPhase();
  let stopped = false;
  while (v.nextRead(unit) >= 0) {
    unit.buf.set(file.subarray(unit.offset, unit.offset + unit.buflen));
    if (!v.completed(unit, unit.buflen)) {
      stopped = true;
      break;
    }
  }
  const ok = finishAsyncVerify(v) && !stopped;
  v.endPhase(1);
  return { ok, lines, errorText: v.errorText };
}

Deno.test("helpers check every block and pass clean data", async () => {
  for (const m of ["crc32c", "md5", "sha256"]) {
    const r = await run(m, 2);
    assert.equal(r.ok, true, `${m}: ${r.lines.join("\n")}`);
    assert.deepEqual(r.lines, []);
  }
});

Deno.test("a bad block found by a helper is reported as fio's async verify", async () => {
  const r = await run("crc32c", 2, 77);
  assert.equal(r.ok, false);
  assert.equal(r.lines.length, 1, r.lines.join("\n---\n"));
  assert.match(
    r.lines[0],
    /^crc32c: verify failed at file f\.dat offset 315392, length 4096 \(requested block: offset=315392, length=4096, flags=84\)\n/,
  );
  assert.match(r.lines[0], /first differing byte at file offset 316392/);
  assert.equal(
    r.errorText,
    "file:verify.c:1441, func=async_verify, error=Invalid or incomplete multibyte or wide character",
  );
});

Deno.test("the shared layout keeps every part apart and blocks page aligned", () => {
  const l = poolLayout(16, 6000);
  assert.equal(l.stride, 8192);
  assert.equal(l.data % 4096, 0);
  assert.ok(l.ring >= l.state + 4 * 16 && l.textLen >= l.ring + 4 * 16);
  assert.ok(l.fields >= l.textLen + 4 * 16 && l.text >= l.fields + 8 * 9 * 16);
  assert.ok(l.data >= l.text + 4096 * 16);
  assert.equal(l.bytes, l.data + 16 * 8192);
});

Deno.test("many checks through four helpers: none lost, none taken twice", async () => {
  const unit = new IoUnit(0);
  const mem = new Uint8Array(4096);
  unit.setBuffer(mem, Deno.UnsafePointer.of(mem)!);
  const ef = new EngineFile("f.dat");
  unit.file = ef;
  const lines: string[] = [];
  const o = options("crc32c");
  const v = new Verifier(o, jobSeeds(0x89n, 1), [unit], 4096, () => 1.5e9, (l) => lines.push(l));
  const file = new Uint8Array(64 * 4096);
  for (let b = 0; b < 64; b++) {
    unit.ddir = DDIR.WRITE;
    unit.offset = b * 4096;
    unit.buflen = 4096;
    v.write(unit, 0, false);
    file.set(unit.buf.subarray(0, 4096), b * 4096);
    v.completed(unit, 4096);
  }
  const pool = new AsyncVerify(o, 4, null, 4096, [ef], (l) => lines.push(l));
  try {
    for (let i = 0; i < 400 && !pool.ready(); i++) await new Promise((r) => setTimeout(r, 10));
    unit.ddir = DDIR.READ;
    // Each block many times over: a slot read from a reused ring position
    // would check the wrong block and fail, or never finish. (That race
    // needs a helper preempted between claiming an item and reading its
    // slot, so this only catches it under CPU contention.)
    for (let n = 0; n < 20_000; n++) {
      const e = n % 64;
      unit.offset = e * 4096;
      unit.buflen = 4096;
      unit.buf.set(file.subarray(e * 4096, e * 4096 + 4096));
      assert.equal(pool.submit(unit, v.history, e, 4096), true, lines.join("\n"));
    }
    assert.equal(pool.drain(), true, lines.join("\n"));
  } finally {
    pool.close();
  }
  assert.deepEqual(lines, []);
});
