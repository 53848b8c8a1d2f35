/**
 * random_distribution and zonemode=strided offsets against fio 3.33: each
 * case of _distribution_cases.ts is read through the option table
 * (readRunOptions, offsetOptions) and replayed through JobOffsets in the
 * directions fio chose; the offsets must be fio's. Live where fio is on
 * PATH (every I/O of the run), else against the captured fixture.
 */

import assert from "node:assert/strict";
import { offsetOptions } from "../../../src/worker/iogen.ts";
import { readRunOptions } from "../../../src/worker/job_options.ts";
import { readDistribution } from "../../../src/worker/offsets/distribution.ts";
import { JobOffsets } from "../../../src/worker/offsets/offsets.ts";
import { jobSeeds } from "../../../src/worker/random/seeds.ts";
import { HAVE_FIO, specOf } from "../files/helpers.ts";
import { DIST_CASES, type DistCase, type LoggedIo, runFio } from "./_distribution_cases.ts";
import { DIST_FIXTURE } from "./_distribution_fixture.ts";

if (!HAVE_FIO) console.log("distribution_test: live cases skipped, fio is not on PATH");

/** dfio's offsets for `c`, issuing in the directions of `fio`. */
function ours(c: DistCase, fio: readonly LoggedIo[]): LoggedIo[] {
  const spec = specOf([
    "ioengine=null",
    "randrepeat=0",
    "randseed=137",
    `size=${c.size}`,
    `bs=${c.bs}`,
    ...c.args,
  ]);
  const opts = offsetOptions(readRunOptions(spec));
  const job = new JobOffsets(opts, jobSeeds(spec.seed, 1), c.size / c.bs, "j.0.0");
  const file = job.addFile({ name: "j.0.0", realFileSize: c.size, fileOffset: 0, ioSize: c.size });
  const out: LoggedIo[] = [];
  for (const { ddir } of fio) {
    const offset = job.next(file, ddir);
    if (offset < 0 || job.commit(file, ddir, offset, c.bs) < 0) break;
    out.push({ ddir, offset });
  }
  return out;
}

function check(c: DistCase, fio: readonly LoggedIo[]): void {
  assert.ok(fio.length > 0, "fio logged no I/O");
  const mine = ours(c, fio);
  const first = mine.findIndex((m, i) => m.offset !== fio[i].offset);
  assert.equal(first, -1, `first difference at I/O ${first}`);
  assert.equal(mine.length, fio.length);
}

for (const c of DIST_CASES) {
  Deno.test({
    name: `offsets match fio 3.33 (live): ${c.name}`,
    ignore: !HAVE_FIO,
    fn: () => check(c, runFio(c)),
  });
  Deno.test(`offsets match fio 3.33 (captured): ${c.name}`, () => {
    const fx = DIST_FIXTURE[c.name];
    assert.ok(fx, "no fixture for this case");
    const ios = fx.blocks.map((b, i) => ({ ddir: fx.dirs[i] === "r" ? 0 : 1, offset: b * c.bs }));
    check(c, ios);
  });
}

Deno.test("random_distribution: defaults, centers and zones as read from the job", () => {
  const d = (v: string) => readDistribution(specOf([`random_distribution=${v}`]));
  assert.deepEqual([d("zipf").value, d("pareto").value, d("normal").value], [1.1, 0.2, 0]);
  assert.equal(d("zipf:1.2").center, -1);
  assert.equal(d("zipf:1.2:0").center, 0);
  assert.equal(d("pareto:0.3:0.25").center, 0.25);
  assert.deepEqual(d("zoned:60/10:40/90").zones[1], [
    { access: 60, size: 10 },
    { access: 40, size: 90 },
  ]);
  assert.equal(readDistribution(specOf([])).type, "random");
});

Deno.test("zoned_abs past the end of the file ends the pass with fio's message", () => {
  const spec = specOf(["rw=randread", "random_distribution=zoned_abs:50/512k:50/1M"]);
  const job = new JobOffsets(offsetOptions(readRunOptions(spec)), jobSeeds(137, 1), 128, "f");
  const lines: string[] = [];
  job.log = (l) => lines.push(l);
  const file = job.addFile({ name: "f", realFileSize: 512 * 1024, fileOffset: 0, ioSize: 524288 });
  let n = 0;
  while (job.next(file, 0) >= 0 && n < 10000) n++;
  assert.ok(n < 10000);
  assert.deepEqual(lines, ["fio: zoned_abs sizes exceed file size"]);
});
