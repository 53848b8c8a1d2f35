import assert from "node:assert/strict";
import { EngineFile, IoUnit } from "../../src/engines/types.ts";
import { readSyncRange, SyncRanges } from "../../src/worker/sync_range.ts";
import { specOf } from "./files/helpers.ts";
import { syncCollector } from "./_recording.ts";

Deno.test("readSyncRange: flags and N from the option", () => {
  assert.deepEqual(readSyncRange(specOf(["rw=write", "sync_file_range=wait_before,write:3"])), {
    flags: 3,
    nr: 3,
  });
  assert.deepEqual(readSyncRange(specOf(["rw=write", "sync_file_range=wait_after"])), {
    flags: 4,
    nr: 1,
  });
  assert.equal(readSyncRange(specOf(["rw=write"])), null);
});

Deno.test("SyncRanges: the range written since the last call, per file", () => {
  const a = new EngineFile("a"), b = new EngineFile("b");
  const r = new SyncRanges([a, b]);
  const io = new IoUnit(0);
  for (const off of [0, 4096, 8192]) r.wrote(a, off, 4096);
  r.wrote(b, 65536, 512);
  r.fill(io, a);
  assert.deepEqual([io.offset, io.buflen], [0, 12288]);
  for (const off of [12288, 16384, 20480]) r.wrote(a, off, 4096);
  r.fill(io, a);
  assert.deepEqual([io.offset, io.buflen], [12288, 12288]);
  // Nothing written since: an empty range.
  r.fill(io, a);
  assert.deepEqual([io.offset, io.buflen], [0, 0]);
  r.fill(io, b);
  assert.deepEqual([io.offset, io.buflen], [65536, 512]);
});

Deno.test("SyncRanges.completed: sync latency, no sync count, one short write", () => {
  const c = syncCollector(false);
  const r = new SyncRanges([]);
  r.completed(c, 5000);
  r.completed(c, 7000);
  assert.equal(c.syncIos, 0);
  assert.equal(c.syncLat.n, 2);
  assert.equal(c.short[1], 2);
});
