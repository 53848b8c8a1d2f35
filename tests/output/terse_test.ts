/**
 * The terse writer against fio 3.33's own terse lines
 * (tests/fixtures/output/terse, made by generate.sh there): each case's
 * json+ document is turned back into a RunResult and re-rendered, and every
 * field must equal fio's.
 *
 * Three kinds of field are compared loosely, because fio's JSON does not
 * carry them exactly: the bandwidth share of the group ("agg", relative
 * 2e-5, as in fio_fixtures_test.ts), means and deviations recomputed for
 * unified "both" (last printed digit), and the latency distribution
 * (0.01): JSON shows a tiny bucket as 0.01%, so the ns counts that terse
 * adds into its first usec bucket cannot be recovered exactly.
 */
import assert from "node:assert/strict";
import { defaultRunConfig } from "../../src/cli/config.ts";
import { renderReports } from "../../src/run/report.ts";
import { diskFields, renderTerse, terseJob, type TerseVersion } from "../../src/output/terse.ts";
import type { RunResult } from "../../src/stats/result.ts";
import { VERSION_STRING } from "../../src/version.ts";
import { fromFioJson } from "./from_fio_json.ts";

const DIR = new URL("../fixtures/output/terse/", import.meta.url);

const CASES = [...Deno.readDirSync(DIR)]
  .filter((e) => e.name.endsWith(".terse"))
  .map((e) => e.name.slice(0, -".terse".length))
  .sort();

function read(name: string): string {
  return Deno.readTextFileSync(new URL(name, DIR));
}

function fixtureRun(name: string): RunResult {
  return fromFioJson(JSON.parse(read(`${name}.jsonplus`)));
}

/** fio's terse lines with dfio's version string, as dfio prints them. */
function fioTerse(name: string): string {
  return read(`${name}.terse`).replaceAll(";fio-3.33;", `;${VERSION_STRING};`);
}

const FLOAT = /^-?\d+\.\d+%?$/;

/** Whether fio's field `a` and ours `b` agree within what JSON preserves. */
function agree(a: string, b: string): boolean {
  if (a === b) return true;
  if (!FLOAT.test(a) || !FLOAT.test(b)) return false;
  const x = Number.parseFloat(a), y = Number.parseFloat(b);
  const places = a.replace("%", "").split(".")[1].length;
  // %3.2f distribution fields: one print step.
  if (places === 2) return Math.abs(x - y) <= 0.0100001;
  // %f fields: the last digit, or a relative 2e-5 for the "agg" share.
  return Math.abs(x - y) <= 1.5e-6 ||
    (a.endsWith("%") && Math.abs(x - y) <= 2e-5 * Math.max(x, y));
}

for (const name of CASES) {
  Deno.test(`terse: fio fixture ${name} re-renders field for field`, () => {
    const fio = fioTerse(name);
    const version = Number(fio.slice(0, 1)) as TerseVersion;
    const ours = renderTerse(fixtureRun(name), version);
    const fl = fio.split("\n"), ol = ours.split("\n");
    assert.equal(ol.length, fl.length, "line count");
    fl.forEach((line, i) => {
      const a = line.split(";"), b = ol[i].split(";");
      assert.equal(b.length, a.length, `line ${i + 1}: field count`);
      a.forEach((x, j) => {
        assert.ok(agree(x, b[j]), `line ${i + 1} field ${j + 1}: fio ${x}, dfio ${b[j]}`);
      });
    });
  });
}

/** Base fields per version without disks, errors or description. */
const BASE: Record<TerseVersion, number> = { 2: 161, 3: 121, 4: 162, 5: 180 };

Deno.test("terse: field counts per version, with disks, errors, description", () => {
  const run = fixtureRun("null_read");
  const ts = run.jobs[0];
  for (const v of [2, 3, 4, 5] as const) {
    assert.equal(terseJob(ts, run.groups[0], [], v).trimEnd().split(";").length, BASE[v]);
  }
  const disk = fixtureRun("file_randrw").disks[0];
  const slave = { ...disk, aggr: { ...disk, util: 12.5 } };
  const coe = { ...ts, continueOnError: true, totalErrors: 3, firstError: 5 };
  for (const v of [3, 4, 5] as const) {
    const line = terseJob(coe, run.groups[0], [disk, slave], v).trimEnd().split(";");
    assert.equal(line.length, BASE[v] + 9 + 18 + 2);
    assert.deepEqual(line.slice(-2), ["3", "5"]);
    assert.deepEqual(line.slice(-11, -9), ["slaves", String(disk.readIos)]);
    assert.equal(line.at(-3), "12.50%");
  }
  // v2 has no disk fields.
  assert.equal(terseJob(coe, run.groups[0], [disk], 2).split(";").length, BASE[2] + 2);
});

Deno.test("terse: the description ends the line, or is a line of its own in v2", () => {
  const run = fixtureRun("null_read");
  const ts = { ...run.jobs[0], description: "x; y" };
  const v3 = terseJob(ts, run.groups[0], [], 3);
  assert.ok(v3.endsWith(";0.00%;x; y\n"));
  assert.equal(v3.split("\n").length, 2);
  const v2 = terseJob(ts, run.groups[0], [], 2).split("\n");
  assert.deepEqual(v2.slice(1), [";x; y", ""]);
});

Deno.test("terse: a job without I/O prints fio's -nan% in the first usec bucket", () => {
  const run = fixtureRun("null_read");
  const ts = run.jobs[0];
  const none = {
    ...ts,
    dirs: ts.dirs.map((d) => ({ ...d, totalIos: 0 })) as typeof ts.dirs,
    latNs: ts.latNs.map(() => 0),
    latUs: ts.latUs.map(() => 0),
    latMs: ts.latMs.map(() => 0),
    ioDepth: ts.ioDepth.map(() => 0),
  };
  const f = terseJob(none, run.groups[0], [], 3).trimEnd().split(";");
  assert.deepEqual(f.slice(-22, -19), ["-nan%", "0.00%", "0.00%"]);
  assert.deepEqual(f.slice(-29, -22), Array(7).fill("0.0%"));
});

Deno.test("terse: disk fields as fio prints them", () => {
  const d = {
    name: "sda",
    readIos: 1,
    writeIos: 2,
    readMerges: 3,
    writeMerges: 4,
    readTicks: 5,
    writeTicks: 6,
    inQueue: 7,
    util: 8.125,
  };
  assert.deepEqual(diskFields(d), ["sda", "1", "2", "3", "4", "5", "6", "7", "8.12%"]);
});

Deno.test("reports: terse, then JSON, then normal, whatever the order given", () => {
  const run = fixtureRun("null_read");
  const cfg = {
    ...defaultRunConfig(),
    outputFormats: ["normal" as const, "json+" as const, "terse" as const],
    terseVersion: 4 as const,
  };
  const text = renderReports(run, cfg);
  assert.ok(text.startsWith(`4;${VERSION_STRING};null;0;0;65536;`));
  const json = text.indexOf("\n{\n");
  const normal = text.indexOf("\nnull: (groupid=0");
  assert.ok(json > 0 && normal > json, "json before normal");
  assert.ok(text.slice(json, normal).includes('"bins"'), "json+ document");
  const minimal = renderReports(run, { ...defaultRunConfig(), outputFormats: ["terse"] });
  assert.equal(minimal, renderTerse(run, 3));
  assert.equal(minimal.split("\n").length, 2);
});
