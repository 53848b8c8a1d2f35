/**
 * --showcmd against fio 3.33 on every example job file. Files fio accepts
 * must print byte for byte the same command line. For files fio rejects,
 * the exit status and fio's closing "job X dropped" line must match (the
 * option-value diagnostics in between belong to the option parsers and
 * carry dfio's own help wording).
 */
import assert from "node:assert/strict";
import { showJobFile } from "../../src/cli/showcmd.ts";
import type { CliSink } from "../../src/cli/args.ts";
import { readJobFile } from "../../src/jobfile/read.ts";
import { FioError } from "../../src/errors.ts";
import { HAVE_FIO } from "../helpers/run.ts";

const EXAMPLES = "/work/shared/fio-examples";

let files: string[] = [];
try {
  files = [...Deno.readDirSync(EXAMPLES)].map((e) => e.name).filter((n) => n.endsWith(".fio"))
    .sort();
} catch {
  // No example directory: the tests below are skipped.
}
const SKIP = !HAVE_FIO
  ? " (skipped: fio not on PATH)"
  : files.length === 0
  ? ` (skipped: no ${EXAMPLES})`
  : "";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function fioShowcmd(file: string): Outcome {
  const r = new Deno.Command("fio", { args: ["--showcmd", file], cwd: EXAMPLES, stdin: "null" })
    .outputSync();
  const dec = new TextDecoder();
  return { code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) };
}

function dfioShowcmd(file: string): Outcome {
  let stdout = "";
  let stderr = "";
  const sink: CliSink = { out: (t) => stdout += t, err: (t) => stderr += t };
  try {
    const code = showJobFile(readJobFile(`${EXAMPLES}/${file}`), [], sink);
    return { code, stdout, stderr };
  } catch (e) {
    if (!(e instanceof FioError)) throw e;
    stderr += [e.message, ...e.extra].map((l) => `${l}\n`).join("");
    return { code: e.exitCode, stdout, stderr };
  }
}

const lastLine = (s: string) => s.trimEnd().split("\n").at(-1);

Deno.test({
  name: `--showcmd matches fio on every example job file${SKIP}`,
  ignore: SKIP !== "",
  async fn(t) {
    const bad: string[] = [];
    for (const file of files) {
      const want = fioShowcmd(file);
      const got = dfioShowcmd(file);
      const ok = await t.step({
        name: file,
        fn() {
          assert.equal(got.code, want.code, `exit status; dfio stderr: ${got.stderr}`);
          if (want.code === 0) {
            assert.equal(got.stdout, want.stdout);
          } else {
            assert.equal(lastLine(got.stderr), lastLine(want.stderr));
          }
        },
      });
      if (!ok) bad.push(file);
    }
    assert.deepEqual(bad, [], `${bad.length} of ${files.length} files differ`);
  },
});

Deno.test("--showcmd layout: canonical names, fio's option order, quoted description", () => {
  let out = "";
  const sink: CliSink = { out: (t) => out += t, err: () => {} };
  const code = showJobFile(
    [
      {
        name: "global",
        entries: [
          { key: "readwrite", value: "randread" },
          { key: "filename", value: "/tmp/x" },
          { key: "kb_base", value: "1000" },
          { key: "description", value: "two words" },
          { key: "time_based" },
        ],
      },
      { name: "job1", entries: [{ key: "blocksize", value: "8k" }] },
      { name: "job2", entries: [] },
    ],
    [],
    sink,
  );
  assert.equal(code, 0);
  assert.equal(
    out,
    'fio --kb_base=1000 --rw=randread --description="two words" --time_based --filename=/tmp/x ' +
      "--name=job1 --bs=8k --name=job2 \n",
  );
});

Deno.test("--showcmd with --section prints only the chosen jobs (and globals)", () => {
  let out = "";
  const sink: CliSink = { out: (t) => out += t, err: () => {} };
  showJobFile(
    [
      { name: "global", entries: [{ key: "size", value: "4k" }] },
      { name: "a", entries: [{ key: "bs", value: "4k" }] },
      { name: "b", entries: [{ key: "bs", value: "8k" }] },
    ],
    ["b"],
    sink,
  );
  assert.equal(out, "fio --size=4k --name=b --bs=8k \n");
});
