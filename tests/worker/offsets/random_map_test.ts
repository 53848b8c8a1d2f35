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

/** A plain array model of the map: what pick and setRun must agree with. */
function modelNextFree(used: Uint8Array, b: number): number {
  for (let i = b + 1; i < used.length; i++) if (!used[i]) return i;
  for (let i = 0; i < used.length; i++) if (!used[i]) return i;
  return -1;
}

Deno.test("random map: pick and multi-block setRun agree with a plain model", () => {
  let x = 777;
  const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  for (const size of [1, 7, 31, 32, 33, 64, 1000, 1025, 33000]) {
    const m = new RandomMap(size);
    const used = new Uint8Array(size);
    let count = 0;
    for (let i = 0; i < size * 3; i++) {
      if (count === size) {
        assert.equal(m.pick(rnd() % size), -1, "a full map has no pick");
        m.reset();
        used.fill(0);
        count = 0;
      }
      const b = rnd() % size;
      const want = used[b] ? modelNextFree(used, b) : b;
      assert.equal(m.pick(b), want, `size ${size} pick ${b}`);
      // Runs of 1..40 blocks from the pick, crossing word boundaries.
      const n = 1 + (rnd() % 40);
      let run = 0;
      while (run < n && want + run < size && !used[want + run]) used[want + run++] = 1;
      count += run;
      assert.equal(m.setRun(want, n), run, `size ${size} run at ${want}`);
      assert.equal(m.usedBlocks, count);
    }
    assert.equal(m.pick(size + 5), size + 5, "outside the map the pick stays");
  }
});
