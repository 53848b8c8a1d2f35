import { strict as assert } from "node:assert";
import { execCommand, jobCpus } from "../../src/worker/process.ts";
import type { JobSpec } from "../../src/job/spec.ts";

function spec(options: Record<string, unknown>, jobNumber = 1): JobSpec {
  return {
    name: "p",
    jobNumber,
    clone: 0,
    groupId: 0,
    stonewall: false,
    sourceIndex: 0,
    options: options as JobSpec["options"],
    jobOptions: [],
    ioengine: "null",
    seed: 0x89n,
  };
}

Deno.test("jobCpus: shared keeps the list, split gives job n the ((n-1) mod count)-th CPU", () => {
  assert.equal(jobCpus(spec({})), null);
  assert.deepEqual(jobCpus(spec({ cpus_allowed: [0, 2, 3] })), [0, 2, 3]);
  const split = (n: number) =>
    jobCpus(spec({ cpus_allowed: [0, 2, 3], cpus_allowed_policy: "split" }, n));
  assert.deepEqual([1, 2, 3, 4].map(split), [[0], [2], [3], [0]]);
  assert.deepEqual(jobCpus(spec({ cpumask: [1] })), [1]);
});

Deno.test("execCommand: output to <name>.<mode>.txt, fio's line, the shell's status", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines: string[] = [];
    const log = (_s: string, t: string) => void lines.push(t);
    const name = `${dir}/j`;
    assert.equal(execCommand(name, "echo out; echo err >&2", "prerun", log), 0);
    assert.equal(await Deno.readTextFile(`${name}.prerun.txt`), "err\n");
    assert.deepEqual(lines, [`${name} : Saving output of prerun in ${name}.prerun.txt`]);
    assert.equal(execCommand(name, "exit 3", "postrun", log) >> 8, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
