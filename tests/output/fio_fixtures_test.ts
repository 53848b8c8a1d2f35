/**
 * Re-renders fio 3.33's own results (tests/fixtures/output, made by
 * generate.sh) through dfio's writers and compares the text with fio's.
 *
 * Two things fio prints cannot be rebuilt from its JSON and are patched or
 * masked: the pid/date of normal job lines, and the error text in
 * `err=N (...)` (taken from fio's normal output). "bw_agg"/"per=" below
 * 100% may differ in the last digits: fio's value implies an aggregate a
 * few hundred bytes/s off the one its own io_bytes and runtime give, so it
 * is compared with a relative tolerance.
 */
import assert from "node:assert/strict";
import { renderJson } from "../../src/output/json.ts";
import { renderNormal } from "../../src/output/normal.ts";
import { VERSION_STRING } from "../../src/version.ts";
import { CASES, fixtureRun, maskNormal, readFixture } from "./fixtures.ts";

/** Lets `pattern`'s number differ by a relative 2e-5 between two texts. */
function tolerate(ours: string[], fio: string[], pattern: RegExp): string[] {
  return ours.map((line, i) => {
    const a = line.match(pattern);
    const b = fio[i]?.match(pattern);
    if (!a || !b || line.replace(pattern, "") !== fio[i].replace(pattern, "")) return line;
    const x = Number(a[1]), y = Number(b[1]);
    return Math.abs(x - y) <= 2e-5 * Math.max(x, y) ? fio[i] : line;
  });
}

for (const name of CASES) {
  Deno.test(`json+ of fio fixture ${name} re-renders byte for byte`, () => {
    const fio = readFixture(`${name}.jsonplus`)
      .replace(`"fio version" : "fio-3.33"`, `"fio version" : "${VERSION_STRING}"`)
      .split("\n");
    const ours = renderJson(fixtureRun(name), { plus: true }).split("\n");
    // "time" is local time: equal here, but the fixtures may be read in another zone.
    const noTime = (lines: string[]) => lines.map((l) => l.replace(/^ {2}"time" : ".*",$/, "TIME"));
    assert.deepEqual(noTime(tolerate(ours, fio, /"bw_agg" : ([0-9.]+)/)), noTime(fio));
  });

  Deno.test(`normal output of fio fixture ${name} matches line for line`, () => {
    const ours = maskNormal(renderNormal(fixtureRun(name))).split("\n");
    const fio = maskNormal(readFixture(`${name}.normal`)).split("\n");
    assert.deepEqual(tolerate(ours, fio, /per=([0-9.]+)%/), fio);
  });
}
