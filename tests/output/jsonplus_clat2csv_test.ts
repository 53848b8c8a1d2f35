/**
 * fio's own json+ consumer, fio_jsonplus_clat2csv, must read dfio's json+
 * and produce the same CSV as from fio's document (and validate it).
 */
import assert from "node:assert/strict";
import { renderJson } from "../../src/output/json.ts";
import { CASES, fixtureRun, readFixture } from "./fixtures.ts";

const TOOL = "/usr/bin/fio_jsonplus_clat2csv";
const present = (() => {
  try {
    return Deno.statSync(TOOL).isFile;
  } catch {
    return false;
  }
})();
if (!present) console.log(`skipping clat2csv tests: ${TOOL} not installed`);

function run(args: string[], cwd: string): { code: number; out: string } {
  const r = new Deno.Command(TOOL, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

/** The CSV files the tool writes for one json+ document, by name. */
function csvFor(doc: string, dir: string): Map<string, string> {
  Deno.writeTextFileSync(`${dir}/in.json`, doc);
  const made = run(["in.json", "out"], dir);
  assert.equal(made.code, 0, made.out);
  const checked = run(["--validate", "in.json", "out"], dir);
  assert.equal(checked.code, 0, checked.out);
  const files = new Map<string, string>();
  for (const e of Deno.readDirSync(dir)) {
    if (e.name.startsWith("out")) {
      files.set(e.name, Deno.readTextFileSync(`${dir}/${e.name}`));
      Deno.removeSync(`${dir}/${e.name}`);
    }
  }
  return files;
}

for (const name of ["randrw_fsync", "latpct", "jobfile", "both"].filter((n) => CASES.includes(n))) {
  Deno.test({
    name: `fio_jsonplus_clat2csv reads dfio's json+ for ${name} like fio's`,
    ignore: !present,
    fn() {
      const dir = Deno.makeTempDirSync();
      try {
        const ours = csvFor(renderJson(fixtureRun(name), { plus: true }), dir);
        const fio = csvFor(readFixture(`${name}.jsonplus`), dir);
        assert.ok(ours.size > 0);
        assert.deepEqual(ours, fio);
      } finally {
        Deno.removeSync(dir, { recursive: true });
      }
    },
  });
}
