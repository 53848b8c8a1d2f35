/** Trim verification: picks, batches, leak report, zero check (src/worker/verify/trim.ts). */
import assert from "node:assert/strict";
import { DDIR, EngineFile, IoUnit } from "../../../src/engines/types.ts";
import { jobSeeds, SeedSlot } from "../../../src/worker/random/seeds.ts";
import {
  firstNonZero,
  TRIM_DROPPED,
  TRIM_NONE,
  TRIM_ZERO,
  type TrimOptions,
  TrimVerify,
} from "../../../src/worker/verify/trim.ts";
import { Verifier } from "../../../src/worker/verify/verifier.ts";
import { verifyOptions } from "./_options.ts";

const SEED = jobSeeds(0x89n, 1)[SeedSlot.trim];

function trimOpts(over: Partial<TrimOptions> = {}): TrimOptions {
  return { percentage: 50, zero: true, backlog: 0, batch: 0, ...over };
}

/** Logs `n` writes and returns how many were picked (nothing trimmed: backlog 0). */
function picks(t: TrimVerify, n: number): number {
  for (let e = 0; e < n; e++) t.logged(e);
  return t.waiting;
}

Deno.test("trim_percentage picks as fio 3.33 does (131 of 256 at 50%, both generators)", () => {
  assert.equal(picks(new TrimVerify(trimOpts(), SEED, false), 256), 131);
  const all = new TrimVerify(trimOpts({ percentage: 100 }), SEED, false);
  assert.equal(picks(all, 256), 256);
  // Same picks again after a new loop (fio reseeds its trim state).
  const t = new TrimVerify(trimOpts(), SEED, false);
  picks(t, 256);
  t.clear();
  t.newPass();
  assert.equal(picks(t, 256), 131);
  // Measured: 392 trims = 256 trimwrite + 136 picks with tausworthe64.
  assert.equal(picks(new TrimVerify(trimOpts(), SEED, true), 256), 136);
});

Deno.test("trim_backlog: one trim when the history length is a multiple, then a batch", () => {
  const t = new TrimVerify(trimOpts({ percentage: 100, backlog: 4, batch: 2 }), SEED, false);
  for (let e = 0; e < 8; e++) t.logged(e);
  assert.equal(t.next(3, false), -1);
  assert.equal(t.next(4, true), -1, "not right after a verify read");
  // Trigger plus two batch trims, oldest first.
  assert.deepEqual([t.next(4, false), t.next(5, false), t.next(5, false)], [0, 1, 2]);
  assert.equal(t.next(5, false), -1);
  assert.equal(t.state[0], TRIM_ZERO);
  assert.equal(t.state[3], TRIM_NONE);
  assert.equal(t.leakReport(), "fio: 5 trim entries leaked?");
});

Deno.test("trim_verify_zero=0 drops trimmed entries; no backlog means nothing is trimmed", () => {
  const t = new TrimVerify(trimOpts({ percentage: 100, backlog: 1, zero: false }), SEED, false);
  t.logged(0);
  assert.equal(t.next(1, false), 0);
  assert.equal(t.state[0], TRIM_DROPPED);
  assert.equal(t.dropped, 1);
  assert.equal(t.leakReport(), "");
  const none = new TrimVerify(trimOpts({ percentage: 100 }), SEED, false);
  none.logged(0);
  assert.equal(none.next(1, false), -1);
  assert.equal(none.leakReport(), "fio: 1 trim entries leaked?");
});

Deno.test("firstNonZero finds the first set byte within the length", () => {
  const b = new Uint8Array(16);
  assert.equal(firstNonZero(b, 16), -1);
  b[9] = 1;
  assert.equal(firstNonZero(b, 16), 9);
  assert.equal(firstNonZero(b, 8), -1);
});

/** Two 4k writes through a Verifier; the first is trimmed; the phase reads `back`. */
function phase(zero: boolean, back: (off: number) => number) {
  const unit = new IoUnit(0);
  const mem = new Uint8Array(4096);
  unit.setBuffer(mem, Deno.UnsafePointer.of(mem)!);
  unit.file = new EngineFile("/dev/loopX");
  const lines: string[] = [];
  const opts = verifyOptions({
    trim: trimOpts({ percentage: 100, backlog: 1, zero }),
  });
  const v = new Verifier(opts, jobSeeds(0x89n, 1), [unit], 4096, () => 1e9, (l) => lines.push(l));
  const disk = new Uint8Array(8192);
  const ddirs: number[] = [];
  for (let b = 0; b < 2; b++) {
    unit.ddir = DDIR.WRITE;
    unit.offset = b * 4096;
    unit.buflen = 4096;
    v.write(unit, 0, false);
    disk.set(mem, b * 4096);
    v.completed(unit, 4096);
    if (b === 0) {
      // The next I/O is the backlog trim of block 0.
      assert.equal(v.nextRead(unit), 0);
      ddirs.push(unit.ddir);
      assert.equal(unit.offset, 0);
      assert.equal(v.isVerifyRead(unit), false);
      disk.fill(back(0), 0, 4096);
      v.completed(unit, 4096);
    }
  }
  v.passEnded();
  v.startPhase();
  const reads: number[] = [];
  let ok = true;
  while (v.nextRead(unit) >= 0) {
    reads.push(unit.offset);
    mem.set(disk.subarray(unit.offset, unit.offset + 4096));
    if (!v.completed(unit, 4096)) {
      ok = false;
      break;
    }
  }
  v.endPhase(1);
  return { ddirs, reads, ok, lines, errorText: v.errorText };
}

Deno.test("Verifier: trimmed blocks read back as zeroes pass, others fail as fio reports", () => {
  const good = phase(true, () => 0);
  assert.deepEqual(good.ddirs, [DDIR.TRIM]);
  assert.deepEqual(good.reads, [0, 4096]);
  assert.equal(good.ok, true);
  assert.deepEqual(good.lines, ["fio: 1 trim entries leaked?"]);
  const bad = phase(true, () => 7);
  assert.equal(bad.ok, false);
  assert.equal(
    bad.lines[1],
    "trim: verify failed at file /dev/loopX offset 0, length 4096, block offset 0",
  );
  assert.match(bad.errorText, /error=Invalid or incomplete multibyte/);
  // trim_verify_zero=0: the trimmed block is not read back at all.
  const dropped = phase(false, () => 7);
  assert.deepEqual(dropped.reads, [4096]);
  assert.equal(dropped.ok, true);
});
