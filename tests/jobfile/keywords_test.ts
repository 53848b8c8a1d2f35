import assert from "node:assert/strict";
import { countCpuList, machineKeywords } from "../../src/jobfile/keywords.ts";

Deno.test("countCpuList counts kernel CPU lists", () => {
  assert.equal(countCpuList("0\n"), 1);
  assert.equal(countCpuList("0-1\n"), 2);
  assert.equal(countCpuList("0-3,6,8-9\n"), 7);
  assert.equal(countCpuList(""), 0);
});

function getconf(name: string): number | undefined {
  try {
    const out = new Deno.Command("getconf", { args: [name], stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? Number(new TextDecoder().decode(out.stdout).trim()) : undefined;
  } catch {
    return undefined;
  }
}

Deno.test("machineKeywords agrees with sysconf as getconf reports it", () => {
  const kw = machineKeywords();
  assert.equal(machineKeywords(), kw, "values are cached");
  const page = getconf("PAGESIZE");
  const cpus = getconf("_NPROCESSORS_ONLN");
  const pages = getconf("_PHYS_PAGES");
  if (page === undefined || cpus === undefined || pages === undefined) {
    console.log("getconf unavailable: checking plausibility only");
    assert.ok(kw.pagesize >= 4096 && kw.ncpus >= 1 && kw.mb_memory > 0);
    return;
  }
  assert.equal(kw.pagesize, page);
  assert.equal(kw.ncpus, cpus);
  assert.equal(kw.mb_memory, Math.floor((pages * page) / (1024 * 1024)));
});
