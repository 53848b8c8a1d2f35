import assert from "node:assert/strict";
import { Lfsr, lfsrWidth } from "../../../src/worker/random/lfsr.ts";
import { jobSeeds, SeedSlot } from "../../../src/worker/random/seeds.ts";

const SEED = jobSeeds(137, 1)[SeedSlot.offset];

Deno.test("lfsr width: smallest n >= 3 with 2^n > count", () => {
  assert.equal(lfsrWidth(1), 3);
  assert.equal(lfsrWidth(7), 3);
  assert.equal(lfsrWidth(8), 4);
  assert.equal(lfsrWidth(255), 8);
  assert.equal(lfsrWidth(256), 9);
  assert.equal(lfsrWidth(2 ** 40), 41);
});

Deno.test("lfsr matches fio's first blocks (256 blocks of 4k, randseed 137)", () => {
  const l = new Lfsr(256, SEED);
  const got = Array.from({ length: 10 }, () => l.next());
  assert.deepEqual(got, [228, 98, 33, 152, 92, 62, 15, 224, 96, 32]);
});

Deno.test("lfsr visits every block once per pass, then reports the end", () => {
  for (const count of [1, 5, 200, 255, 256, 1000]) {
    const l = new Lfsr(count, SEED);
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) seen.add(l.next());
    assert.equal(seen.size, count);
    assert.ok([...seen].every((b) => b >= 0 && b < count));
    assert.equal(l.next(), -1);
  }
});

Deno.test("lfsr: a later pass is the first rotated by one step (fio loops=2)", () => {
  const l = new Lfsr(255, SEED);
  const first = Array.from({ length: 255 }, () => l.next());
  l.reset();
  const second = Array.from({ length: 255 }, () => l.next());
  assert.deepEqual(second, [first[254], ...first.slice(0, 254)]);
  assert.deepEqual(first.slice(0, 3), [227, 241, 248]);
});

Deno.test("lfsr: widths above 32 bits (fio, size 2^63-1 bytes, bs=1)", () => {
  const l = new Lfsr(2 ** 53, SEED);
  assert.equal(l.bits, 54);
  const big = new Lfsr(Number.MAX_SAFE_INTEGER, SEED);
  assert.equal(big.bits, 53);
  for (let i = 0; i < 100; i++) assert.ok(big.next() <= Number.MAX_SAFE_INTEGER);
});
