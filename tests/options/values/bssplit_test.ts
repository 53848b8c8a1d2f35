import assert from "node:assert/strict";
import { parseBssplit } from "../../../src/options/values/bssplit.ts";
import { ValueRejected } from "../../../src/options/values/errors.ts";

const e = (bs: number, perc: number) => ({ bs, perc });

Deno.test("bssplit entries, blank percentages and direction fill", () => {
  const one = [e(4096, 50), e(8192, 50)];
  assert.deepEqual(parseBssplit("4k/50:8k/50", 1024), [one, one, one]);
  assert.deepEqual(parseBssplit("4k/50:1k/:32k/", 1024)[0], [
    e(4096, 50),
    e(1024, 25),
    e(32768, 25),
  ]);
  assert.deepEqual(parseBssplit("4k:8k", 1024)[0], one);
  assert.deepEqual(parseBssplit("2k/50:4k/50,4k/90:8k/10", 1024), [
    [e(2048, 50), e(4096, 50)],
    [e(4096, 90), e(8192, 10)],
    [e(4096, 90), e(8192, 10)],
  ]);
  assert.deepEqual(parseBssplit(",16k", 1024), [[], [e(16384, 100)], [e(16384, 100)]]);
  assert.deepEqual(parseBssplit("4k/100,,16k/100", 1024)[1], []);
  // fio 3.33 does not check the sum and reads the percentage with atoi.
  assert.deepEqual(parseBssplit("4k/50:8k/60", 1024)[0], [e(4096, 50), e(8192, 60)]);
  assert.deepEqual(parseBssplit("4k/10.5:8k", 1024)[0], [e(4096, 10), e(8192, 90)]);
  assert.deepEqual(parseBssplit("4k/x", 1024)[0], [e(4096, 0)]);
});

Deno.test("bssplit rejects only a bad block size", () => {
  assert.throws(
    () => parseBssplit("x/50", 1024),
    (err: ValueRejected) => err.lines[0] === "fio: split conversion failed",
  );
  assert.throws(() => parseBssplit("4k/50:x/50", 1024), ValueRejected);
});

Deno.test("cmdprio_bssplit keeps priority class and level", () => {
  assert.deepEqual(parseBssplit("64k/25/1/1:1024k/0", 1024, true)[0], [
    { bs: 65536, perc: 25, prioClass: 1, prioLevel: 1 },
    { bs: 1048576, perc: 0, prioClass: -1, prioLevel: -1 },
  ]);
});
