/**
 * dfio's json+ from real runs: every reported percentile equals the one
 * recomputed from the same stat's `bins` with fio's rule, and fio's own
 * converter, fio_jsonplus_clat2csv, turns the document into CSV rows that
 * match the bins (and passes its --validate check).
 */
import assert from "node:assert/strict";
import { bucketIndex, calcPercentiles, PLAT_NR } from "../../src/stats/histogram.ts";
import { mapLimit, runDfio } from "../helpers/run.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const TOOL = "/usr/bin/fio_jsonplus_clat2csv";
const HAVE_TOOL = (() => {
  try {
    return Deno.statSync(TOOL).isFile;
  } catch {
    return false;
  }
})();
if (!HAVE_TOOL) console.log(`json+ e2e: ${TOOL} not installed, CSV test skipped`);

const JOBS: Record<string, (dir: string) => string[]> = {
  // slat, clat and lat percentiles, a custom list, fsync latencies ("sync").
  randrw_all: (d) => [
    "--name=rw",
    "--ioengine=psync",
    "--rw=randrw",
    "--size=512k",
    "--fsync=4",
    "--lat_percentiles=1",
    "--slat_percentiles=1",
    "--percentile_list=1:10:50:90:99.5:99.99",
    `--filename=${d}/data`,
  ],
  // Histograms merged over clones, default list; a second job of its own.
  grouped: () => [
    "--ioengine=null",
    "--size=1m",
    "--name=g",
    "--rw=randrw",
    "--numjobs=2",
    "--group_reporting",
    "--name=w",
    "--rw=write",
    "--new_group",
  ],
};

let docs: Promise<Map<string, string>> | undefined;
function allDocs(): Promise<Map<string, string>> {
  docs ??= (async () => {
    const names = Object.keys(JOBS);
    const texts = await mapLimit(names, 4, async (name) => {
      const dir = await Deno.makeTempDir({ prefix: "dfio_jsonplus_" });
      try {
        const r = await runDfio(["--output-format=json+", ...JOBS[name](dir)], {
          cwd: dir,
          cleanEnv: true,
        });
        assert.equal(r.code, 0, `${name}: ${r.stderr}`);
        return r.stdout;
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
    return new Map(names.map((n, i) => [n, texts[i]]));
  })();
  return docs;
}

/** Every latency stat (an object with "N") in the document, with its path. */
function latencyStats(v: Json, path = ""): [string, Json][] {
  if (v === null || typeof v !== "object") return [];
  const here: [string, Json][] = "N" in v && "min" in v ? [[path, v]] : [];
  return here.concat(
    ...Object.entries(v).map(([k, x]) => latencyStats(x, `${path}.${k}`)),
  );
}

/** A json+ `bins` object as fio's histogram array. */
function histogramOf(bins: Record<string, number>): Float64Array {
  const hist = new Float64Array(PLAT_NR);
  for (const [ns, count] of Object.entries(bins)) hist[bucketIndex(Number(ns))] += count;
  return hist;
}

for (const name of Object.keys(JOBS)) {
  Deno.test(`json+ e2e: ${name} percentiles equal those recomputed from its bins`, async () => {
    const doc = JSON.parse((await allDocs()).get(name)!);
    let checked = 0;
    for (const [path, stat] of latencyStats(doc)) {
      if (!stat.percentile) continue;
      assert.ok(stat.bins, `${path} has percentiles but no bins`);
      const binSum = Object.values(stat.bins as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.equal(binSum, stat.N, `${path}: bins hold every sample`);
      const keys = Object.keys(stat.percentile);
      const got = calcPercentiles(histogramOf(stat.bins), stat.N, keys.map(Number));
      const want = Object.fromEntries(keys.map((k, i) => [k, got.values[i]]));
      assert.deepEqual(stat.percentile, want, path);
      checked++;
    }
    // randrw_all: clat and lat for read and write plus sync; grouped: clat x 2 dirs + 1.
    assert.ok(checked >= (name === "randrw_all" ? 5 : 3), `only ${checked} stats checked`);
  });
}

function runTool(args: string[], cwd: string): { code: number; out: string } {
  const r = new Deno.Command(TOOL, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

const DIRS = ["read", "write", "trim"];
const KINDS = ["slat_ns", "clat_ns", "lat_ns"];

for (const name of Object.keys(JOBS)) {
  Deno.test({
    name: `json+ e2e: fio_jsonplus_clat2csv converts dfio's ${name} document`,
    ignore: !HAVE_TOOL,
    async fn() {
      const text = (await allDocs()).get(name)!;
      const doc = JSON.parse(text);
      const dir = await Deno.makeTempDir({ prefix: "dfio_clat2csv_" });
      try {
        await Deno.writeTextFile(`${dir}/in.json`, text);
        const made = runTool(["in.json", "out.csv"], dir);
        assert.equal(made.code, 0, made.out);
        const valid = runTool(["--validate", "in.json", "out.csv"], dir);
        assert.equal(valid.code, 0, valid.out);
        doc.jobs.forEach((job: Json, n: number) => {
          const lines = Deno.readTextFileSync(`${dir}/out_job${n}.csv`).trimEnd().split("\n");
          const header = lines[0].split(", ").filter((s) => s.trim() !== "");
          const cols = DIRS.flatMap((d) => KINDS.map((k) => `${d}_${k}`));
          assert.deepEqual(header, [
            "nsec",
            ...cols.flatMap((c) =>
              [c, "cumulative", "percentile"]
                .map((s, i) => i === 0 ? `${c}_count` : `${c}_${s}`)
            ),
          ]);
          const rows = lines.slice(1).map((l) => l.split(",").map((s) => s.trim()));
          // One row per latency found in any stat's bins, ascending.
          const allNs = new Set<number>();
          for (const c of cols) {
            const [d, k] = [c.split("_")[0], c.slice(c.indexOf("_") + 1)];
            for (const ns of Object.keys(job[d][k].bins ?? {})) allNs.add(Number(ns));
          }
          assert.deepEqual(rows.map((r) => Number(r[0])), [...allNs].sort((a, b) => a - b));
          cols.forEach((c, ci) => {
            const [d, k] = [c.split("_")[0], c.slice(c.indexOf("_") + 1)];
            const bins: Record<string, number> = job[d][k].bins ?? {};
            let cum = 0;
            for (const r of rows) {
              const count = bins[r[0]];
              const cell = r.slice(1 + ci * 3, 4 + ci * 3);
              if (count === undefined) {
                assert.deepEqual(cell, ["", "", ""], `${c} at ${r[0]}`);
                continue;
              }
              cum += count;
              assert.equal(Number(cell[0]), count, `${c} count at ${r[0]}`);
              assert.equal(Number(cell[1]), cum, `${c} cumulative at ${r[0]}`);
            }
            if (cum) assert.equal(cum, job[d][k].N, `${c} rows hold every sample`);
          });
          assert.ok(rows.length > 0, `job ${n}: no CSV rows`);
        });
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
