import assert from "node:assert/strict";
import { BufRand, fillFromSeed, fillSeedWords } from "../../src/worker/buffer_rand.ts";
import { jobSeeds, SeedSlot } from "../../src/worker/random/seeds.ts";
import { Tausworthe64 } from "../../src/worker/random/tausworthe64.ts";

const M = (1n << 64n) - 1n;
const GOLDEN = 0x61c88646_80b583ebn;

/** fio's fill for seed `s`, `len` bytes, in BigInt (the reference). */
function reference(s: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  let i = 0;
  for (; i + 32 <= len; i += 32) {
    [1n, 2n, 3n, 5n].forEach((m, j) => dv.setBigUint64(i + 8 * j, (s * m) & M, true));
    s = (s * GOLDEN) & M;
  }
  for (; i + 8 <= len; i += 8) {
    dv.setBigUint64(i, s, true);
    s = (s * GOLDEN) & M;
  }
  for (let b = 0; i < len; i++, b++) out[i] = Number((s >> BigInt(8 * b)) & 0xffn);
  return out;
}

const seedOf = (r: BufRand) => (BigInt(r.hi) << 32n) | BigInt(r.lo);

Deno.test("the verify stream gives fio's per-block seeds (job 1, default randseed)", () => {
  const s = new BufRand(false, jobSeeds(0x89n, 1)[SeedSlot.verify]);
  s.nextSeed();
  assert.deepEqual([s.hi, s.lo], [0x00a4cc01, 0xc509543c]);
  s.nextSeed();
  // Block 2 of the same fio run carried rand_seed 0x88bb0a8cf6db562e.
  assert.deepEqual([s.hi, s.lo], [0x88bb0a8c, 0xf6db562e]);
});

Deno.test("a 64-bit generator's seed is the product of two draws mod 2^64", () => {
  const r = new BufRand(true, 12345n), t = new Tausworthe64(12345n);
  for (let n = 0; n < 50; n++) {
    r.nextSeed();
    t.next();
    const a = (BigInt(t.hi) << 32n) | BigInt(t.lo);
    t.next();
    const b = (BigInt(t.hi) << 32n) | BigInt(t.lo);
    assert.equal(seedOf(r), (a * b) & M);
    assert.ok(r.hi >= 0 && r.lo >= 0, "halves are uint32");
  }
});

Deno.test("fillSeedWords: s, 2s, 3s, 5s per 32 bytes, then s *= golden ratio", () => {
  const buf = new Uint8Array(72);
  fillSeedWords(buf, new Uint32Array(buf.buffer), 0, 70, 0x00a4cc01, 0xc509543c);
  const dv = new DataView(buf.buffer);
  const s = 0x00a4cc01c509543cn;
  assert.equal(dv.getBigUint64(0, true), s);
  assert.equal(dv.getBigUint64(8, true), (2n * s) & M);
  assert.equal(dv.getBigUint64(16, true), (3n * s) & M);
  assert.equal(dv.getBigUint64(24, true), (5n * s) & M);
  const s2 = (s * GOLDEN) & M;
  assert.equal(dv.getBigUint64(32, true), s2);
  assert.equal(dv.getBigUint64(56, true), (5n * s2) & M);
  // A 6-byte tail takes the low bytes of the next seed.
  const s3 = (s2 * GOLDEN) & M;
  for (let i = 0; i < 6; i++) assert.equal(buf[64 + i], Number((s3 >> BigInt(8 * i)) & 0xffn));
  assert.equal(buf[70], 0);
});

Deno.test("fillFromSeed equals the BigInt reference for any seed, start and length", () => {
  for (const use64 of [false, true]) {
    const r = new BufRand(use64, 99n);
    for (let n = 0; n < 40; n++) {
      r.nextSeed();
      const len = [0, 5, 8, 31, 32, 33, 100, 4096, 4099][n % 9];
      const at = n % 7;
      const buf = new Uint8Array(at + len + 8).fill(0xee);
      const w = n % 3 === 0 ? null : new Uint32Array(buf.buffer, 0, buf.length >>> 2);
      fillFromSeed(r, buf, at, len, w);
      const want = reference(seedOf(r), len);
      assert.deepEqual(buf.subarray(at, at + len), want, `at ${at} len ${len}`);
      assert.ok(buf.subarray(0, at).every((x) => x === 0xee), "nothing before `at`");
      assert.ok(buf.subarray(at + len).every((x) => x === 0xee), "nothing past the end");
    }
  }
});

Deno.test("fillFromSeed: the same bytes through a word view, bytes, and at any start", () => {
  const a = new BufRand(false, 137n), b = new BufRand(false, 137n);
  a.nextSeed();
  b.nextSeed();
  assert.deepEqual([a.hi, a.lo], [b.hi, b.lo]);
  const x = new Uint8Array(1000), y = new Uint8Array(1003);
  fillFromSeed(a, x, 0, 1000, new Uint32Array(x.buffer));
  fillFromSeed(b, y, 3, 1000, new Uint32Array(y.buffer, 0, 250));
  assert.deepEqual(x, y.subarray(3));
  // The first word is the seed itself, little-endian.
  const w = new DataView(x.buffer);
  assert.equal(w.getUint32(0, true), a.lo);
  assert.equal(w.getUint32(4, true), a.hi);
});

Deno.test("copyFrom and saveTo/loadFrom replay a generator state", () => {
  for (const use64 of [false, true]) {
    const a = new BufRand(use64, 5n), b = new BufRand(use64, 0n);
    a.nextSeed();
    b.copyFrom(a);
    const store = new Uint32Array(a.stateSize * 2);
    a.saveTo(store, 1);
    a.nextSeed();
    b.nextSeed();
    assert.deepEqual([a.hi, a.lo], [b.hi, b.lo]);
    const c = new BufRand(use64, 1n);
    c.loadFrom(store, 1);
    c.nextSeed();
    assert.deepEqual([c.hi, c.lo], [a.hi, a.lo]);
  }
});
