import assert from "node:assert/strict";
import { grown } from "../../src/worker/typed_grow.ts";

Deno.test("grown keeps the kind and the entries, zero past them", () => {
  const f = Float64Array.from([1.5, -2, 3e15]);
  const g = grown(f, 6);
  assert.ok(g instanceof Float64Array);
  assert.deepEqual([...g], [1.5, -2, 3e15, 0, 0, 0]);
  assert.notEqual(g, f);
  const u = grown(Uint32Array.from([0xffffffff, 7]), 4);
  assert.ok(u instanceof Uint32Array);
  assert.deepEqual([...u], [0xffffffff, 7, 0, 0]);
  const b = grown(Uint8Array.from([9]), 2);
  assert.ok(b instanceof Uint8Array);
  assert.deepEqual([...b], [9, 0]);
});
