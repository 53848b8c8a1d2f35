import assert from "node:assert/strict";
import { parseTime } from "../../../src/options/values/time.ts";

// fio 3.33 "out=" for runtime=VALUE (bare unit: seconds), in microseconds.
const CASES: [string, number | undefined][] = [
  ["10", 10e6],
  ["10s", 10e6],
  ["10S", 10e6],
  ["10sec", 10],
  ["10ms", 10e3],
  ["10msec", 10e3],
  ["10Ms", 10e3],
  ["10mss", 10e3],
  ["10us", 10],
  ["10usec", 10],
  ["10usecx", 10],
  ["1m", 60e6],
  ["1M", 60e6],
  ["1min", 1],
  ["1h", 3600e6],
  ["1H", 3600e6],
  ["1hour", 1],
  ["1d", 86400e6],
  ["10ns", 10],
  ["10k", 10],
  ["10x", 16],
  ["1.5s", 1e6],
  ["0x10", 16],
  ["+10", 10e6],
  ["10 s", 10e6],
  ["10s5", 10],
  ["1sx", 1],
  ["1s:2s", 1],
  ["1s,2s", 1e6],
  ["abc", undefined],
  ["", undefined],
];

Deno.test("time values with seconds as bare unit", () => {
  for (const [text, want] of CASES) {
    const got = parseTime(text, "s");
    assert.equal(got === undefined ? undefined : Number(got), want, text);
  }
});

Deno.test("bare numbers follow the option's unit", () => {
  assert.equal(parseTime("1", "us"), 1n);
  assert.equal(parseTime("1", "ms"), 1000n);
  assert.equal(parseTime("1s", "us"), 1_000_000n);
});
