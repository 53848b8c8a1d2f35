import assert from "node:assert/strict";
import { closestTableName, fioOrderOf, jobHasArg } from "../../src/cli/optable.ts";
import type { LongOption } from "../../src/cli/getopt.ts";
import { FIO_OPTION_ORDER } from "../../src/options/fio_order.ts";
import type { OptionDef } from "../../src/options/types.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const SKIP = HAVE_FIO ? "" : " (skipped: fio not on PATH)";

function runFio(args: string[]): { code: number; stderr: string } {
  const r = new Deno.Command("fio", { args, stdout: "null", stderr: "piped", stdin: "null" })
    .outputSync();
  return { code: r.code, stderr: new TextDecoder().decode(r.stderr) };
}

const names = (...n: string[]): LongOption[] => n.map((name) => ({ name, hasArg: "required" }));

Deno.test("suggestion: nearest name, first of equals, within half the word's length", () => {
  const table = names("rw", "bs", "ba", "nice", "loops", "flow", "output");
  assert.equal(closestTableName("--abc", table), "bs"); // bs and ba tie at 2: first wins
  assert.equal(closestTableName("--abcd", table), undefined); // 3 > (4+1)/2
  assert.equal(closestTableName("--foo", table), "flow");
  assert.equal(closestTableName("--foo=1", table), "loops"); // the =value counts
  assert.equal(closestTableName("---foo", table), "flow"); // all leading dashes dropped
  assert.equal(closestTableName("--SIZE=1", names("size")), undefined); // case matters
  assert.equal(closestTableName("--Size=1", names("size")), "size");
});

Deno.test("job options take an optional value only when they are switches", () => {
  const d = (type: OptionDef["type"]): OptionDef => ({
    name: "x",
    type,
    help: "",
    category: "I/O type",
    implemented: true,
  });
  assert.equal(jobHasArg(d("set")), "optional");
  assert.equal(jobHasArg(d("bool")), "required");
  assert.equal(jobHasArg(d("size")), "required");
});

Deno.test("fio's option order is known for ties", () => {
  assert.ok(fioOrderOf("rw") < fioOrderOf("bs"));
  assert.ok(fioOrderOf("bs") < fioOrderOf("blocksize"));
  assert.equal(fioOrderOf("no-such-option"), FIO_OPTION_ORDER.length);
});

Deno.test({
  name: `suggestion matches fio's "Did you mean" on fio's own table${SKIP}`,
  ignore: !HAVE_FIO,
  fn() {
    // `--=x` matches every long option, so glibc lists fio's whole table.
    const all = runFio(["--=x"]).stderr.split("\n")[0];
    const table = names(...[...all.matchAll(/ '--([^']*)'/g)].map((m) => m[1]));
    assert.ok(table.length > 250, `fio table has ${table.length} names`);
    const words = [
      "--foo=1",
      "--foo",
      "--fooo=1",
      "--ver",
      "--outpux=3",
      "--hipri",
      "--abc",
      "--abcd",
      "--abcde",
      "--numjobss=1",
      "--Size=1",
      "--SIZE=1",
      "--dev-names=1",
      "--threadz=1",
      "--sss=1",
      "--hugepagesize=1",
      "--iodepht=4",
      "--randrw=1",
      "--direktt=1",
      "--blocksise=4k",
      "--ramptime=1",
      "--write_lat",
      "-q",
      "--zonemod",
      "--iodepth_bat=2",
      "--exitalll",
    ];
    for (const word of words) {
      const r = runFio([word]);
      const fioHint = /Did you mean (.*)\?/.exec(r.stderr)?.[1];
      const fioLine = r.stderr.split("\n").filter((l) => l.includes("unrecognized option")).at(-1);
      assert.ok(fioLine, `fio accepted ${word}`);
      const word2 = fioLine.slice(fioLine.indexOf("'") + 1, -1);
      assert.equal(closestTableName(word2, table), fioHint, `word ${word}`);
    }
  },
});
