/**
 * Issue 2 acceptance: for every fio example job file, `--parse-only` exits
 * zero exactly when fio 3.33's does. The expected codes are a fixture
 * captured from fio 3.33 (with a minimal environment, so `${VAR}` files see
 * unset variables); where fio is installed the test also checks it live.
 */
import assert from "node:assert/strict";
import {
  exampleFiles,
  EXAMPLES_DIR,
  HAVE_EXAMPLES,
  HAVE_FIO,
  mapLimit,
  ROOT,
  runDfio,
  runFio,
} from "../helpers/run.ts";

const expected: Record<string, number> = JSON.parse(
  Deno.readTextFileSync(`${ROOT}tests/fixtures/examples_parse_only.json`),
);

Deno.test({
  name: "examples: --parse-only exit status matches fio 3.33 for every example",
  ignore: !HAVE_EXAMPLES,
  async fn() {
    const files = exampleFiles();
    assert.ok(files.length > 50, `expected fio's examples in ${EXAMPLES_DIR}`);
    const results = await mapLimit(files, 4, async (f) => {
      const r = await runDfio(["--parse-only", f], { cwd: EXAMPLES_DIR, cleanEnv: true });
      return { f, code: r.code, stderr: r.stderr };
    });
    const wrong = results.filter((r) => (r.code === 0) !== (expected[r.f] === 0));
    assert.deepEqual(
      wrong.map((r) => `${r.f}: dfio ${r.code}, fio ${expected[r.f]}: ${r.stderr.trim()}`),
      [],
    );
    for (const r of results) {
      assert.ok(!r.stderr.includes("    at "), `stack trace for ${r.f}`);
    }
  },
});

Deno.test({
  name: "examples: the fixture still matches live fio",
  ignore: !HAVE_EXAMPLES || !HAVE_FIO,
  async fn() {
    const files = exampleFiles();
    const codes = await mapLimit(files, 4, async (f) => {
      const r = await runFio(["--parse-only", f], { cwd: EXAMPLES_DIR, cleanEnv: true });
      return [f, r.code] as const;
    });
    for (const [f, code] of codes) assert.equal(code === 0, expected[f] === 0, f);
  },
});

if (!HAVE_EXAMPLES) console.warn(`skipping example tests: ${EXAMPLES_DIR} not found`);
if (!HAVE_FIO) console.warn("skipping live fio checks: fio is not installed");
