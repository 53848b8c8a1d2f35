/** Every example job file shipped with fio reads into sections without error. */

import assert from "node:assert/strict";
import { readJobFile } from "../../src/jobfile/read.ts";
import { flat } from "./_helpers.ts";

const EXAMPLES = "/work/shared/fio-examples";

function listExamples(): string[] {
  try {
    return [...Deno.readDirSync(EXAMPLES)]
      .filter((e) => e.isFile && e.name.endsWith(".fio"))
      .map((e) => e.name)
      .sort();
  } catch {
    console.log(`${EXAMPLES} not found: skipping the example job files`);
    return [];
  }
}
const names = listExamples();
const ignore = names.length === 0;
const opts = {
  env: new Map<string, string>(),
  keywords: { pagesize: 4096, mb_memory: 24105, ncpus: 2 },
};

Deno.test({
  name: "every example job file reads into at least one section",
  ignore,
  fn() {
    for (const name of names) {
      const sections = readJobFile(`${EXAMPLES}/${name}`, opts);
      assert.ok(sections.length > 0, name);
      for (const s of sections) {
        assert.equal(s.file, `${EXAMPLES}/${name}`);
        for (const e of s.entries) {
          assert.ok(e.key !== "" && e.line! > s.line!, `${name}: ${e.raw}`);
        }
      }
    }
  },
});

Deno.test({
  name: "fio-rand-read.fio reads as written",
  ignore,
  fn() {
    const s = readJobFile(`${EXAMPLES}/fio-rand-read.fio`, opts);
    assert.deepEqual(flat(s), [
      "[global]",
      "name=fio-rand-read",
      "filename=fio-rand-read",
      "rw=randread",
      "bs=4K",
      "direct=0",
      "numjobs=1",
      "time_based",
      "runtime=900",
      "[file1]",
      "size=10G",
      "ioengine=libaio",
      "iodepth=16",
    ]);
    assert.deepEqual([s[0].line, s[1].line, s[1].entries[2].line], [3, 13, 16]);
  },
});

Deno.test({
  name: "page_fault.fio: reserved keywords and bc arithmetic, trailing comment dropped",
  ignore,
  fn() {
    const s = readJobFile(`${EXAMPLES}/page_fault.fio`, opts);
    assert.deepEqual(flat(s.slice(0, 4)), [
      "[global]",
      "stonewall",
      "ioengine=page_fault",
      "size=15797452800",
      "bs=4096",
      "[page_fault_write]",
      "rw=write",
      "[page_fault_mixed]",
      "rw=randrw",
      "rwmixread=50",
      "[page_fault_process_storm]",
      "size=33554432",
      "rw=randrw",
      "rwmixread=50",
      "numjobs=2",
    ]);
    assert.equal(s[0].entries[2].raw, "size=5*1024*1024*$mb_memory/8");
  },
});

Deno.test({
  name: "sprandom.fio: unset ${FIO_BS} reads as empty, raw text kept for fio's error",
  ignore,
  fn() {
    const s = readJobFile(`${EXAMPLES}/sprandom.fio`, opts);
    assert.deepEqual(s.map((x) => x.name), ["global", "preconditioning"]);
    const bs = s[0].entries.find((e) => e.key === "bs")!;
    assert.deepEqual([bs.value, bs.raw], ["", "bs=${FIO_BS}"]);
    const withEnv = readJobFile(`${EXAMPLES}/sprandom.fio`, {
      ...opts,
      env: new Map([["FIO_BS", "4096"]]),
    });
    assert.deepEqual(
      withEnv[0].entries.filter((e) => e.value === "4096").map((e) => e.key),
      ["bs", "blockalign"],
    );
  },
});
