import assert from "node:assert/strict";
import { randBetween, type UnitRandom } from "../../../src/worker/random/unit.ts";
import { chooseGenerator } from "../../../src/worker/random/generator.ts";

Deno.test("randBetween scales the unit value into [start, end]", () => {
  const fixed = (u: number): UnitRandom => ({ nextUnit: () => u });
  assert.equal(randBetween(fixed(0), 1, 100), 1);
  assert.equal(randBetween(fixed(0.999999), 1, 100), 100);
  assert.equal(randBetween(fixed(0.5), 1, 100), 51);
});

Deno.test("chooseGenerator: 32-bit limit and fio's messages", () => {
  assert.deepEqual(chooseGenerator("tausworthe", false, 2 ** 32 - 1, "f"), {
    kind: "tausworthe",
    messages: [],
  });
  const auto = chooseGenerator("tausworthe", false, 2 ** 32, "a.0.0");
  assert.equal(auto.kind, "tausworthe64");
  assert.deepEqual(auto.messages, [
    "fio: file a.0.0 exceeds 32-bit tausworthe random generator.",
    "fio: Switching to tausworthe64. Use the random_generator= option to get rid of this warning.",
  ]);
  const explicit = chooseGenerator("tausworthe", true, 2 ** 33, "a.0.0");
  assert.equal(explicit.kind, "tausworthe");
  assert.equal(explicit.messages.length, 2);
  assert.equal(chooseGenerator("lfsr", false, 2 ** 40, "f").messages.length, 0);
});
