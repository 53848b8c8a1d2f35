import assert from "node:assert/strict";
import { parseRunTime, usToMs } from "../../src/cli/timeval.ts";

Deno.test("run-option times: bare seconds, fio's units, fractions", () => {
  assert.equal(parseRunTime("2"), 2_000_000);
  assert.equal(parseRunTime("1.5"), 1_500_000);
  assert.equal(parseRunTime("250ms"), 250_000);
  assert.equal(parseRunTime("300MS"), 300_000);
  assert.equal(parseRunTime("10msec"), 10_000);
  assert.equal(parseRunTime("7us"), 7);
  assert.equal(parseRunTime("7usec"), 7);
  assert.equal(parseRunTime("1s"), 1_000_000);
  assert.equal(parseRunTime("1m"), 60_000_000);
  assert.equal(parseRunTime("1h"), 3_600_000_000);
  assert.equal(parseRunTime("1d"), 86_400_000_000);
  assert.equal(parseRunTime("-1"), -1_000_000);
});

Deno.test("run-option times: fio reads unknown units as microseconds", () => {
  assert.equal(parseRunTime("1sec"), 1);
  assert.equal(parseRunTime("1min"), 1);
  assert.equal(parseRunTime("1000x"), 1000);
  assert.equal(parseRunTime("0x1"), 0);
  assert.equal(parseRunTime("1e3ms"), 1);
});

Deno.test("run-option times: no leading number is a parse failure", () => {
  assert.equal(parseRunTime("foo"), undefined);
  assert.equal(parseRunTime(""), undefined);
  assert.equal(parseRunTime("ms"), undefined);
});

Deno.test("usToMs truncates like integer division", () => {
  assert.equal(usToMs(999), 0);
  assert.equal(usToMs(1999), 1);
});
