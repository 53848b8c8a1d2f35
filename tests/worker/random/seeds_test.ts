import assert from "node:assert/strict";
import {
  DEFAULT_RANDSEED,
  jobSeeds,
  SEED_SLOTS,
  seedHigh32,
  seedLow32,
  SeedSlot,
} from "../../../src/worker/random/seeds.ts";

Deno.test("jobSeeds: offset slot for randseed 137 job 1 and 2 (values fio's lfsr starts from)", () => {
  assert.equal(jobSeeds(137, 1)[SeedSlot.offset], 0x5e6a4773b256008fn);
  assert.equal(jobSeeds(137, 2)[SeedSlot.offset], 0xbcd48ee764ac0118n);
  assert.equal(jobSeeds(5, 2)[SeedSlot.offset], 0x2c438d9fcd7c0010n);
});

Deno.test("jobSeeds: slot i of job n is seed_i * n + i, wrapping at 64 bits", () => {
  const one = jobSeeds(DEFAULT_RANDSEED, 1);
  const three = jobSeeds(DEFAULT_RANDSEED, 3);
  assert.equal(one.length, SEED_SLOTS);
  for (let i = 0; i < SEED_SLOTS; i++) {
    const base = one[i] - BigInt(i);
    assert.equal(three[i], (base * 3n + BigInt(i)) & 0xffffffffffffffffn);
  }
});

Deno.test("seedLow32/seedHigh32 split a 64-bit seed", () => {
  assert.equal(seedLow32(0x5e6a4773b256008fn), 0xb256008f);
  assert.equal(seedHigh32(0x5e6a4773b256008fn), 0x5e6a4773);
});
