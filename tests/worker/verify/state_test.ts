/**
 * The verify state file: fio 3.33's layout both ways, the completion rings
 * and the limit a loaded state sets.
 */
import assert from "node:assert/strict";
import {
  decodeVerifyState,
  encodeVerifyState,
  stateFilePath,
  StateLimit,
  WriteCompletions,
} from "../../../src/worker/verify/state.ts";

/**
 * Written by fio 3.33: job "j", libaio iodepth=8, rw=write bs=4k on one
 * file, stopped by SIGINT after 89 writes (fio-verify-state lists the
 * completions 331776 .. 360448).
 */
const FIO_STATE =
  "AwAAAAAAAAAYAQAAAAAAALLXSr8AAAAACAAAAAAAAAAIAAAAAQAAAFkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACABQAAAAAAAAAAAAAAAAAAcAUAAAAAAAAAAAAAAAAAAGAFAAAAAAAAAAAAAAAAAABQBQAAAAAAAAAAAAAAAAAAQAUAAAAAAAAAAAAAAAAAADAFAAAAAAAAAAAAAAAAAAAgBQAAAAAAAAAAAAAAAAAAEAUAAAAAAA==";

function fioBytes(): Uint8Array {
  return Uint8Array.from(atob(FIO_STATE), (c) => c.charCodeAt(0));
}

Deno.test("decodes a state file fio 3.33 wrote", () => {
  const s = decodeVerifyState(fioBytes());
  assert.ok(typeof s !== "string", String(s));
  assert.equal(s.name, "j");
  assert.equal(s.depth, 8);
  assert.equal(s.files, 1);
  assert.equal(s.writes, 89);
  assert.equal(s.index, 0);
  assert.deepEqual(
    s.comps.map((c) => [c.file, c.offset / 4096]),
    [88, 87, 86, 85, 84, 83, 82, 81].map((b) => [0, b]),
  );
});

Deno.test("encoding what was decoded gives fio's bytes back", () => {
  const bytes = fioBytes();
  const s = decodeVerifyState(bytes);
  assert.ok(typeof s !== "string");
  assert.deepEqual(encodeVerifyState(s), bytes);
});

Deno.test("bad files get fio's complaints", () => {
  const b = fioBytes();
  assert.equal(decodeVerifyState(b.subarray(0, 10)), "fio: failed reading verify state header");
  assert.equal(decodeVerifyState(b.subarray(0, 100)), "fio: failed reading verity state");
  const v = b.slice();
  v[0] = 4;
  assert.equal(decodeVerifyState(v), "fio: unsupported (4) version in verify state header");
  const c = b.slice();
  c[200] ^= 1;
  assert.equal(decodeVerifyState(c), "fio: verify state is corrupt");
});

Deno.test("completion rings: per file, newest first, min(writes, depth) entries each", () => {
  const w = new WriteCompletions(2, 3);
  for (const [f, o] of [[0, 0], [1, 10], [0, 4], [0, 8], [0, 12]]) w.wrote(f, o);
  const s = w.snapshot("job", 3, 6);
  assert.equal(s.index, 2);
  assert.equal(s.writes, 6);
  // File 1 wrote once; like fio it still reports depth entries (zeros unwritten).
  assert.deepEqual(s.comps.map((c) => [c.file, c.offset]), [
    [0, 12],
    [0, 8],
    [0, 4],
    [1, 10],
    [1, 0],
    [1, 0],
  ]);
  const r = decodeVerifyState(encodeVerifyState(s));
  assert.ok(typeof r !== "string");
  assert.deepEqual(r.comps, s.comps);
  assert.equal(r.name, "job");
});

Deno.test("the limit stops at the first block past the saved completions", () => {
  const s = decodeVerifyState(fioBytes());
  assert.ok(typeof s !== "string");
  const lim = new StateLimit(s);
  // Sequential reads: block k is read after k completed reads.
  let stop = -1;
  for (let k = 0; k < 256; k++) {
    if (lim.stops(0, k * 4096, k)) {
      stop = k;
      break;
    }
  }
  assert.equal(stop, 89);
  // Inside the window a block of another file is not completed.
  assert.equal(lim.stops(1, 88 * 4096, 88), true);
  // Before the window nothing is checked.
  assert.equal(lim.stops(0, 999 * 4096, 10), false);
});

Deno.test("state file names follow fio (job index = job number - 1, aux path)", () => {
  assert.equal(stateFilePath(undefined, "j", 1), "local-j-0-verify.state");
  assert.equal(stateFilePath("/tmp/x/", "b", 3), "/tmp/x/local-b-2-verify.state");
});
