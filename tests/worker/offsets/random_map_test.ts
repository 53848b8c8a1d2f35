import assert from "node:assert/strict";
import { RandomMap } from "../../../src/worker/offsets/random_map.ts";

Deno.test("random map: a used pick moves to the next free block, wrapping", () => {
  const m = new RandomMap(10);
  assert.equal(m.setRun(3, 1), 1);
  assert.equal(m.setRun(4, 1), 1);
  assert.ok(m.isSet(3) && m.isSet(4) && !m.isSet(5));
  assert.equal(m.nextFree(3), 5);
  m.setRun(9, 1);
  assert.equal(m.nextFree(9), 0);
  assert.equal(m.isSet(10), false, "outside the map counts as free");
});

Deno.test("random map: setRun marks only a contiguous free run", () => {
  const m = new RandomMap(100);
  m.setRun(10, 1);
  assert.equal(m.setRun(6, 8), 4);
  assert.equal(m.setRun(98, 8), 2);
  assert.equal(m.usedBlocks, 7);
});

Deno.test("random map: full map gives -1, reset frees all", () => {
  for (const size of [1, 31, 32, 33, 1024, 1025, 40000]) {
    const m = new RandomMap(size);
    for (let b = 0; b < size; b++) assert.equal(m.setRun(b, 1), 1);
    assert.equal(m.nextFree(0), -1);
    assert.equal(m.firstFreeFrom(0), -1);
    m.reset();
    assert.equal(m.firstFreeFrom(0), 0);
    assert.equal(m.usedBlocks, 0);
  }
});

Deno.test("random map: search across levels agrees with a linear scan", () => {
  const size = 70000;
  const m = new RandomMap(size);
  const used = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < 60000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const b = x % size;
    if (!used[b]) {
      used[b] = 1;
      m.setRun(b, 1);
    }
  }
  // Fill one whole 32K region so the upper levels have full words.
  for (let b = 32768; b < 65536; b++) {
    if (!used[b]) {
      used[b] = 1;
      m.setRun(b, 1);
    }
  }
  for (let from = 0; from < size; from += 97) {
    let want = -1;
    for (let b = from; b < size; b++) {
      if (!used[b]) {
        want = b;
        break;
      }
    }
    assert.equal(m.firstFreeFrom(from), want, `from ${from}`);
  }
});
