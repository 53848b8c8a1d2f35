import assert from "node:assert/strict";
import { BufRand, fillFromSeed } from "../../src/worker/buffer_rand.ts";
import { Dedupe, type DedupeOptions } from "../../src/worker/dedupe.ts";
import { jobSeeds } from "../../src/worker/random/seeds.ts";

const OPTS: DedupeOptions = {
  percentage: 50,
  mode: "repeat",
  workingSetPercentage: 5,
  size: 1 << 20,
  minWriteBs: 4096,
  chunk: 0,
};

/** One buffer's first 8 bytes (its seed) drawn through the dedupe state, as fio fills. */
function buffer(d: Dedupe): string {
  const rs = d.pick();
  rs.nextSeed();
  const b = new Uint8Array(8);
  fillFromSeed(rs, b, 0, 8, null);
  d.save(rs);
  return [...b].join(",");
}

Deno.test("repeat mode: a repeated buffer equals the next unique one", () => {
  const main = new BufRand(false, jobSeeds(137, 1)[9]);
  const d = new Dedupe(main, OPTS, jobSeeds(137, 1, 21), false);
  const seq = Array.from({ length: 400 }, () => buffer(d));
  const distinct = new Set(seq).size;
  assert.ok(Math.abs(distinct / 400 - 0.5) < 0.08, String(distinct));
  // Every repeat shows up again as the next new buffer: each value's runs are adjacent.
  const firstAt = new Map<string, number>();
  seq.forEach((v, i) => firstAt.has(v) || firstAt.set(v, i));
  const order = [...firstAt.values()];
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
});

Deno.test("dedupe_percentage=100: every buffer is the same", () => {
  const main = new BufRand(false, 7n);
  const d = new Dedupe(main, { ...OPTS, percentage: 100 }, jobSeeds(1, 1, 21), false);
  assert.equal(new Set(Array.from({ length: 20 }, () => buffer(d))).size, 1);
});

Deno.test("working_set: repeats come from size * ws% / bs saved states", () => {
  const main = new BufRand(true, 99n);
  const o: DedupeOptions = { ...OPTS, mode: "working_set", percentage: 90, size: 4096 * 100 };
  const d = new Dedupe(main, o, jobSeeds(5, 1, 21), true);
  const seq = Array.from({ length: 1000 }, () => buffer(d));
  // 5 pages in the set plus about 10% unique buffers.
  assert.ok(new Set(seq).size <= 5 + 140, String(new Set(seq).size));
});
