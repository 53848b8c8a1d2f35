import assert from "node:assert/strict";
import { applyPieces, splitPieces } from "../../../src/options/values/pieces.ts";

Deno.test("splitting follows fio's ',' then ':' then '-' rule", () => {
  assert.deepEqual(splitPieces("4k,8k", true), [{ text: "4k,8k", more: true }, {
    text: "8k",
    more: false,
  }]);
  assert.deepEqual(splitPieces("4k,8k,", true).map((p) => p.text), ["4k,8k,", "8k", ""]);
  assert.deepEqual(splitPieces("4k:8k-1", true).map((p) => p.text), ["4k:8k-1", "8k-1", "1"]);
  assert.deepEqual(splitPieces("4k-16k", false).map((p) => p.text), ["4k-16k"]);
  assert.deepEqual(splitPieces("-1", true).map((p) => p.text), ["-1", "1"]);
});

Deno.test("per-direction fill: the last piece fills the rest", () => {
  const run = (raw: string) =>
    applyPieces(splitPieces(raw, true), 3, [0, 0, 0], (t) => {
      const n = parseInt(t, 10);
      return Number.isNaN(n) ? { ok: false, messages: [] } : { ok: true, value: n };
    });
  assert.deepEqual(run("1").values, [1, 1, 1]);
  assert.deepEqual(run("1,2").values, [1, 2, 2]);
  assert.deepEqual(run(",2").values, [0, 2, 2]);
  assert.deepEqual(run("1,2,").values, [1, 2, 0]);
  assert.deepEqual(run(",,3").values, [0, 0, 3]);
  assert.equal(run("x,y").ok, false);
});
