/** The io history the verify phase reads back. */
import assert from "node:assert/strict";
import { History } from "../../../src/worker/verify/history.ts";

Deno.test("log order by default; grows past its first capacity", () => {
  const h = new History();
  for (let i = 0; i < 3000; i++) h.add(0, (2999 - i) * 4096, 4096, i, 0, i, true);
  assert.equal(h.pending, 3000);
  const got: number[] = [];
  for (let e = h.peek(); e >= 0; e = h.peek()) {
    got.push(h.numberio[e]);
    h.take();
  }
  assert.deepEqual(got, Array.from({ length: 3000 }, (_, i) => i));
});

Deno.test("sorted: by file and offset, the latest write of a range wins", () => {
  const h = new History();
  h.add(0, 8192, 4096, 0, 0, 0, true);
  h.add(1, 0, 4096, 0, 0, 1, true);
  h.add(0, 0, 4096, 0, 0, 2, true);
  h.add(0, 8192, 4096, 0, 0, 3, true);
  // 4096..12288 overlaps the 8192 entries, so both of those are dropped.
  h.add(0, 4096, 8192, 0, 0, 4, true);
  h.sortPending();
  const got: [number, number, number][] = [];
  for (let e = h.peek(); e >= 0; e = h.peek()) {
    got.push([h.file[e], h.offset[e], h.numberio[e]]);
    h.take();
  }
  assert.deepEqual(got, [[0, 0, 2], [0, 4096, 4], [1, 0, 1]]);
});

Deno.test("clear forgets everything", () => {
  const h = new History();
  h.add(0, 0, 512, 0, 0, 0, false);
  h.clear();
  assert.equal(h.pending, 0);
  assert.equal(h.peek(), -1);
});
