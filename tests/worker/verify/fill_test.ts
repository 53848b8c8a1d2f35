/** The pattern data of verified writes (seeded data: tests/worker/buffer_rand_test.ts). */
import assert from "node:assert/strict";
import { fillPattern } from "../../../src/worker/verify/fill.ts";

Deno.test("fillPattern repeats from the block start with %o as the block offset", () => {
  // verify_pattern=0xaa%o"xy": aa, 8 offset bytes, x, y.
  const pat = Uint8Array.from([0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 0x78, 0x79]);
  const buf = new Uint8Array(30);
  fillPattern(buf, 30, pat, [1], 4096);
  const want = [0xaa, 0, 0x10, 0, 0, 0, 0, 0, 0, 0x78, 0x79];
  for (let i = 0; i < 30; i++) assert.equal(buf[i], want[i % 11], `byte ${i}`);
});
