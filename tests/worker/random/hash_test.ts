import assert from "node:assert/strict";
import { halves, scatter, scatterHalves } from "../../../src/worker/random/hash.ts";

const G = 0x61c8864680b583ebn;
const M64 = (1n << 64n) - 1n;

function reference(v: bigint, hash: boolean, off: bigint, n: bigint): number {
  const h = hash ? (v * G) & M64 : v;
  return Number(((h + off) & M64) % n);
}

Deno.test("scatter: golden-ratio hash, 64-bit wrapping add, modulo n", () => {
  let x = 12345n;
  for (let i = 0; i < 2000; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & M64;
    const v = x >> 12n; // below 2^52
    const off = (x * 31n) & M64;
    const n = BigInt(1 + Number(x % 1_000_000_007n));
    const [oh, ol] = halves(off);
    assert.equal(scatter(Number(v), true, oh, ol, Number(n)), reference(v, true, off, n));
    assert.equal(scatter(Number(v), false, oh, ol, Number(n)), reference(v, false, off, n));
  }
  assert.equal(scatter(0, true, 0, 128, 256), 128);
  assert.equal(scatter(1, true, 0, 128, 256), 107);
});

Deno.test("scatterHalves takes a full 64-bit value; halves wraps negatives", () => {
  assert.deepEqual(halves(-1n), [0xffffffff, 0xffffffff]);
  const v = (1n << 64n) - 5n;
  const [h, l] = halves(v);
  assert.equal(scatterHalves(h, l, true, 0, 7, 1000), reference(v, true, 7n, 1000n));
});
