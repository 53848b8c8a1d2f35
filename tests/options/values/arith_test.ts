import assert from "node:assert/strict";
import { evaluateIntegerExpression } from "../../../src/options/values/arith.ts";

// Expected results are bc's (fio 3.33 hands keyword math to bc).
Deno.test("integer expressions evaluate like bc with scale=0", () => {
  const cases: [string, bigint | undefined][] = [
    ["4096*2", 8192n],
    ["3/2", 1n],
    ["-2^2", 4n],
    ["2^3^2", 512n],
    ["7/-2", -3n],
    ["-7%3", -1n],
    ["2*-3", -6n],
    ["2^-1", 0n],
    ["10-2-3", 5n],
    ["(1+2)*3", 9n],
    [" 1 + 1 ", 2n],
    ["1/0", undefined],
    ["1+", undefined],
    ["abc", undefined],
    ["", undefined],
    ["(1", undefined],
  ];
  for (const [text, want] of cases) assert.equal(evaluateIntegerExpression(text), want, text);
});
