/**
 * Whole-table checks: every job option name fio 3.33 accepts resolves, no
 * name is defined twice, and every entry is complete enough for --cmdhelp.
 */
import assert from "node:assert/strict";
import { findJobOption, JOB_OPTIONS, PROFILE_OPTIONS } from "../../src/options/registry.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const FIXTURE = new URL("../fixtures/fio_job_option_names.txt", import.meta.url);

/** One fixture line: a canonical name, or an alias and its canonical name. */
interface FixtureName {
  readonly name: string;
  readonly canonical: string;
}

function readFixture(): FixtureName[] {
  return Deno.readTextFileSync(FIXTURE)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [name, canonical] = l.split(/\s+/);
      return { name, canonical: canonical ?? name };
    });
}

if (!HAVE_FIO) console.warn("registry_test: fio not on PATH, skipping live comparisons");

Deno.test("fixture holds fio 3.33's 226 job options and 21 aliases", () => {
  const rows = readFixture();
  assert.equal(rows.filter((r) => r.name === r.canonical).length, 226);
  assert.equal(rows.filter((r) => r.name !== r.canonical).length, 21);
  assert.equal(new Set(rows.map((r) => r.name)).size, rows.length);
});

Deno.test("every fio 3.33 job option name and alias resolves to the right entry", () => {
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const { name, canonical } of readFixture()) {
    const def = findJobOption(name);
    if (!def) missing.push(name);
    else if (def.name !== canonical) wrong.push(`${name} -> ${def.name} (want ${canonical})`);
  }
  assert.deepEqual(missing, [], `missing job options: ${missing.join(" ")}`);
  assert.deepEqual(wrong, []);
});

Deno.test("the table defines no job option fio 3.33 lacks", () => {
  const known = new Set(readFixture().map((r) => r.name));
  const extra = JOB_OPTIONS.flatMap((d) => [d.name, ...(d.aliases ?? [])])
    .filter((n) => !known.has(n));
  assert.deepEqual(extra, []);
});

Deno.test("no option name or alias appears twice across JOB_OPTIONS", () => {
  const seen = new Map<string, number>();
  for (const def of JOB_OPTIONS) {
    for (const n of [def.name, ...(def.aliases ?? [])]) seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  const dups = [...seen].filter(([, c]) => c > 1).map(([n]) => n);
  assert.deepEqual(dups, []);
});

Deno.test("every entry has a help line and a category", () => {
  for (const def of [...JOB_OPTIONS, ...PROFILE_OPTIONS]) {
    assert.ok(def.help.trim().length > 0, `${def.name}: empty help`);
    assert.ok(!def.help.includes("\n"), `${def.name}: help spans lines`);
    assert.ok(def.category.length > 0, `${def.name}: no category`);
  }
});

Deno.test("enum entries list their values, each with help", () => {
  for (const def of JOB_OPTIONS.filter((d) => d.type === "enum")) {
    assert.ok((def.values?.length ?? 0) > 0, `${def.name}: enum without values`);
    for (const v of def.values ?? []) assert.ok(v.help.trim().length > 0, `${def.name}=${v.name}`);
  }
});

Deno.test("special entries name their parser, others do not", () => {
  for (const def of JOB_OPTIONS) {
    assert.equal(def.type === "special", def.parser !== undefined, def.name);
  }
});

Deno.test("job options carry no engine restriction", () => {
  for (const def of JOB_OPTIONS) assert.equal(def.engines, undefined, def.name);
});

Deno.test("parents named by job options exist", () => {
  for (const def of JOB_OPTIONS.filter((d) => d.parent !== undefined)) {
    assert.ok(findJobOption(def.parent!), `${def.name}: unknown parent ${def.parent}`);
  }
});

Deno.test({
  name: "fixture covers every name of live `fio --cmdhelp=all`",
  ignore: !HAVE_FIO,
  fn() {
    const out = new Deno.Command("fio", { args: ["--cmdhelp=all"], stdout: "piped" }).outputSync();
    const names = new TextDecoder().decode(out.stdout).split("\n")
      .map((l) => l.match(/^\s*(\S+)\s*:/)?.[1])
      .filter((n): n is string => n !== undefined);
    assert.equal(names.length, 217);
    const known = new Set(readFixture().map((r) => r.name));
    assert.deepEqual(names.filter((n) => !known.has(n)), []);
  },
});
