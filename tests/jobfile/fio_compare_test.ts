/**
 * Differential tests: the sections dfio reads against what fio 3.33 hands its
 * option parser (`fio --debug=parse --parse-only`), and dfio's error messages
 * against fio's stderr. Skipped when fio is not installed.
 */

import assert from "node:assert/strict";
import { FioError } from "../../src/errors.ts";
import { readJobFile } from "../../src/jobfile/read.ts";
import { exists } from "../helpers/fs.ts";

const EXAMPLES = "/work/shared/fio-examples";

function haveFio(): boolean {
  try {
    new Deno.Command("fio", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    console.log("fio not on PATH: skipping comparisons with real fio");
    return false;
  }
}
const ignore = !haveFio();

interface FioRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runFio(args: string[], cwd: string, env: Record<string, string> = {}): FioRun {
  const out = new Deno.Command("fio", { args, cwd, env, stdout: "piped", stderr: "piped" })
    .outputSync();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Per section, the `key=value` pairs fio parsed, sorted (fio applies options
 * in option-table order, not file order). Values lose the leading blanks fio
 * keeps; bare keys have no `=`.
 */
function fioSections(stdout: string): string[][] {
  const sections: string[][] = [];
  for (const line of stdout.split("\n")) {
    const body = line.replace(/^parse\s+\d+\s+/, "");
    if (body.startsWith("Parsing section [")) sections.push([]);
    // A last line without a newline runs into the next debug line, so search anywhere.
    const m = /(?:^|[^_])handle_option=([^,]*), ptr=(.*)$/.exec(body);
    if (m && sections.length > 0) {
      const v = m[2].replace(/^[ \t]+/, "");
      sections[sections.length - 1].push(m[2] === "(null)" ? m[1] : `${m[1]}=${v}`);
    }
  }
  return sections.map((s) => s.sort());
}

function dfioSections(path: string, env: Record<string, string>): string[][] {
  const sections = readJobFile(path, { env: new Map(Object.entries(env)) });
  return sections.map((s) =>
    s.entries.map((e) => (e.value === undefined ? e.key : `${e.key}=${e.value}`)).sort()
  );
}

function dfioError(path: string, env: Record<string, string> = {}): string {
  try {
    readJobFile(path, { env: new Map(Object.entries(env)) });
  } catch (e) {
    if (e instanceof FioError) return [e.message, ...e.extra].join("\n");
    throw e;
  }
  return "(no error)";
}

/** Writes files into a fresh temp dir and returns its path. */
function tree(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "dfio-jobfile-fio-" });
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(path, text);
  }
  return dir;
}

const ENV = { FOO: "foo", K: "bs", SEMI: "x;y # z", BARE: "time_based", KW: "$ncpus*3" };

const GOOD: Record<string, string> = {
  "basic.fio": "; c\n# c\n[global]\n  bs = 4k   \nrw=read ; x\nsize=1m # y\ntime_based\n\n" +
    "[job1]\nfilename=/tmp/dfio-x;y\ndescription=hello ; world # x\n[job 2]\nioengine=null\n",
  "crlf.fio": "[global]\r\nioengine=null\r\n[j]\r\n\tsize\t=\t1m\t\r\ntime_based\r\nruntime=1\r\n",
  "env.fio": "[j]\nioengine=null\nsize=1m\n${K}=4k\ndescription=${SEMI}\n${BARE}\n" +
    "filename=/tmp/dfio-${FOO}-$FOO-x${UNSET}y-$(1+2)\n",
  "keywords.fio": "[global]\nioengine=null\nsize=2*$mb_memory\nbs=$pagesize\n[j]\n" +
    "numjobs=$ncpus\ndescription=$ncpus+1.5\n[k]\ndescription=$pagesize%3\nbs=$pagesize*2\n" +
    "[l]\ndescription=${KW}\nsize=8*1024*$pagesize\n",
  "headers.fio": "[j] foo\nioengine=null\n[ k ]\nsize=1m\n[a\nbs=8k\n[GLOBAL]\nrw=write\n" +
    "[j] foo\nbs=4k\nbs=8k\n[jöb ünï]\ndescription=héllo\n",
  "inc/main.fio": "[global]\nioengine=null\ninclude glob.inc\n[t]\nrw=randread\ninclude d/x.inc\n" +
    "include=d/x.inc\nbs=4k\n",
  "inc/glob.inc": "thread=1\ngroup_reporting=1\n",
  "inc/d/x.inc": "iodepth=3\ninclude y.inc\n",
  "inc/d/y.inc": "size=32k\n",
};

Deno.test({
  name: "sections match what fio parses (comments, spaces, env, keywords, headers, includes)",
  ignore,
  fn() {
    const dir = tree(GOOD);
    try {
      for (const name of Object.keys(GOOD).filter((n) => n.endsWith(".fio"))) {
        // Run from the temp root so includes must resolve via the including file.
        const fio = runFio(["--debug=parse", "--parse-only", name], dir, ENV);
        assert.equal(fio.code, 0, `${name}: ${fio.stderr}`);
        assert.deepEqual(dfioSections(`${dir}/${name}`, ENV), fioSections(fio.stdout), name);
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "example job files fio accepts read into the same sections",
  ignore: ignore || !exists(EXAMPLES),
  fn() {
    let compared = 0;
    for (const entry of Deno.readDirSync(EXAMPLES)) {
      if (!entry.name.endsWith(".fio")) continue;
      const fio = runFio(["--debug=parse", "--parse-only", entry.name], EXAMPLES);
      if (fio.code !== 0) continue; // engine or option not built into this fio
      const mine = dfioSections(`${EXAMPLES}/${entry.name}`, {});
      const theirs = fioSections(fio.stdout);
      assert.equal(mine.length, theirs.length, entry.name);
      // fio logs options under their canonical names (nr_files as nrfiles) and also
      // logs the engine-option defaults it applies: require our values among fio's.
      const values = (list: string[]) => list.map((kv) => kv.slice(kv.indexOf("=") + 1));
      mine.forEach((entries, i) =>
        assertSubMultiset(values(entries), values(theirs[i]), `${entry.name} #${i}`)
      );
      compared++;
    }
    assert.ok(compared >= 40, `only ${compared} examples compared`);
  },
});

const BAD: [string, string, Record<string, string>][] = [
  ["outside.fio", "  bs  =  4k  ; c\n[j]\nioengine=null\n", {}],
  ["bracket.fio", "[j]\nioengine=null\nsize=1m\n[\n", {}],
  ["bom.fio", "\uFEFF[j]\nioengine=null\n", {}],
  ["include-first.fio", "include x.inc\n[j]\nioengine=null\n", {}],
  ["missing-include.fio", "[j]\nioengine=null\nsize=1m\ninclude sub/none.inc\n", {}],
  ["bc.fio", "[j]\nioengine=null\nsize=1m\ndescription=${HOME}$ncpus\n", { HOME: "/root" }],
  ["bc-global.fio", "[global]\nbs=$ncpus*2k\n[j]\nioengine=null\n", {}],
];

Deno.test({
  name: "error messages appear in fio's stderr, and fio fails too",
  ignore,
  fn() {
    const dir = tree(Object.fromEntries(BAD.map(([n, t]) => [n, t])));
    try {
      for (const [name, , env] of BAD) {
        const fio = runFio(["--parse-only", name], dir, env);
        const mine = dfioError(`${dir}/${name}`, env).replaceAll(`${dir}/`, "");
        for (const line of mine.split("\n")) {
          assert.ok(
            fio.stderr.split("\n").includes(line),
            `${name}: "${line}" not in:\n${fio.stderr}`,
          );
        }
      }
      const missing = runFio(["--parse-only", "none.fio"], dir);
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, dfioError(`none.fio`) + "\n");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

function assertSubMultiset(part: string[], whole: string[], what: string): void {
  const left = [...whole];
  for (const item of part) {
    const at = left.indexOf(item);
    assert.ok(at >= 0, `${what}: fio did not parse "${item}" (it parsed ${JSON.stringify(whole)})`);
    left.splice(at, 1);
  }
}
