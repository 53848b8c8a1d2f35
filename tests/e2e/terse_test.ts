/**
 * Terse output from real runs of scripts/fio. Each run asks for
 * `--output-format=terse,json` so the terse line and the JSON document
 * describe the same run: field counts per version are checked, and the
 * quantities in the line must be the JSON's in terse units. Where fio is
 * installed, the same jobs (plus unified_rw_reporting, percentile and
 * multi-group jobs) run under both tools and every field must be of the
 * same kind (integer, float, percentage with the same decimals, percentile
 * slot, text, empty).
 */
import assert from "node:assert/strict";
import { HAVE_FIO, mapLimit } from "../helpers/run.ts";
import { FIO, LAUNCHER, type Launcher, runTimed } from "./_spawn.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

type Version = 2 | 3 | 4 | 5;
const VERSIONS: Version[] = [2, 3, 4, 5];

/** Fields per line before disks, errors and description (fio 3.33). */
const BASE: Record<Version, number> = { 2: 161, 3: 121, 4: 162, 5: 180 };

const JOBS: Record<string, (dir: string) => string[]> = {
  read: () => ["--name=r", "--ioengine=null", "--size=4m", "--rw=read"],
  write: (d) => ["--name=w", `--filename=${d}/w`, "--size=1m", "--rw=write"],
  randrw: (d) => [
    "--name=rw",
    `--filename=${d}/rw`,
    "--size=1m",
    "--rw=randrw",
    "--description=two words",
  ],
  trim: () => ["--name=t", "--ioengine=null", "--size=4m", "--rw=randtrim", "--bs=8k"],
  group: () => [
    "--name=g",
    "--ioengine=null",
    "--size=2m",
    "--rw=randrw",
    "--numjobs=2",
    "--group_reporting",
  ],
};

/** Jobs whose layout checkJob does not model: compared with fio only. */
const FIO_ONLY: Record<string, (dir: string) => string[]> = {
  mixed: () => [
    "--name=m",
    "--ioengine=null",
    "--size=2m",
    "--rw=randrw",
    "--unified_rw_reporting=mixed",
  ],
  both: () => [
    "--name=b",
    "--ioengine=null",
    "--size=2m",
    "--rw=randrw",
    "--unified_rw_reporting=both",
  ],
  plist: () => [
    "--name=p",
    "--ioengine=null",
    "--size=2m",
    "--lat_percentiles=1",
    "--percentile_list=99.99:50:1",
  ],
  groups: () => [
    "--ioengine=null",
    "--size=1m",
    "--name=a",
    "--name=b",
    "--stonewall",
    "--rw=write",
  ],
};

interface Output {
  /** Each job's terse fields (a v2 description line joined back on). */
  lines: string[][];
  json: Json;
}

async function runBoth(l: Launcher, job: string, v: Version): Promise<Output> {
  const dir = await Deno.makeTempDir({ prefix: "dfio_terse_" });
  try {
    const r = await runTimed(l, [
      ...(JOBS[job] ?? FIO_ONLY[job])(dir),
      "--output-format=terse,json",
      `--terse-version=${v}`,
    ], { cwd: dir });
    assert.equal(r.code, 0, `${l.name} ${job} v${v}: ${r.stderr}`);
    const cut = r.stdout.indexOf("\n{\n");
    // fio may put informational lines on stdout too; terse lines start with
    // their version, v2 description lines with ';'.
    const text = r.stdout.slice(0, cut + 1).split("\n").filter((s) => /^([2-5];|;)/.test(s));
    const lines: string[][] = [];
    for (const s of text) {
      if (s.startsWith(";")) lines[lines.length - 1].push(s.slice(1));
      else lines.push(s.split(";"));
    }
    return { lines, json: JSON.parse(r.stdout.slice(cut + 1)) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CASES = Object.keys(JOBS).flatMap((job) => VERSIONS.map((v) => ({ job, v })));

/** Field count fio 3.33 prints for a job of this JSON. */
function expectedCount(v: Version, json: Json, j: Json): number {
  const disks = v >= 3 ? (json.disk_util?.length ?? 0) : 0;
  return BASE[v] + 9 * disks + (j.desc ? 1 : 0);
}

/** Start of each direction's 41 (v5: 47) fields. */
function dirStarts(v: Version): number[] {
  const head = v === 2 ? 4 : 5;
  const size = v === 5 ? 47 : 41;
  const dirs = v === 3 ? 2 : 3;
  return Array.from({ length: dirs }, (_, i) => head + i * size);
}

const us = (ns: number) => Math.floor(ns / 1000);
const close = (text: string, want: number) => Math.abs(Number.parseFloat(text) - want) <= 1.5e-6;

function checkDir(f: string[], at: number, d: Json, v: Version, what: string): void {
  const msg = (k: string) => `${what} ${k}`;
  assert.equal(Number(f[at]), d.io_kbytes, msg("io_kbytes"));
  assert.equal(Number(f[at + 1]), d.bw, msg("bw"));
  const iops = d.runtime ? Math.floor(d.total_ios * 1000 / d.runtime) : 0;
  assert.equal(Number(f[at + 2]), iops, msg("iops"));
  assert.equal(Number(f[at + 3]), d.runtime, msg("runtime"));
  const stat = (o: number, s: Json, k: string) => {
    assert.equal(Number(f[o]), us(s.min), msg(`${k} min`));
    assert.equal(Number(f[o + 1]), us(s.max), msg(`${k} max`));
    assert.ok(close(f[o + 2], s.mean / 1000), msg(`${k} mean ${f[o + 2]} vs ${s.mean}`));
    assert.ok(close(f[o + 3], s.stddev / 1000), msg(`${k} stddev`));
  };
  stat(at + 4, d.slat_ns, "slat");
  stat(at + 8, d.clat_ns, "clat");
  const pct = Object.entries(d.clat_ns.percentile ?? {});
  for (let i = 0; i < 20; i++) {
    const field = f[at + 12 + i];
    // Without I/O JSON lists no percentiles, terse still lists them, at 0.
    if (!d.clat_ns.percentile) {
      assert.match(field, /^(\d+\.\d{6}|0)%=0$/, msg(`percentile slot ${i}`));
      continue;
    }
    if (i >= pct.length) {
      assert.equal(field, "0%=0", msg(`percentile slot ${i}`));
      continue;
    }
    const [p, ns] = pct[i];
    assert.equal(field, `${p}%=${us(ns as number)}`, msg(`percentile ${p}`));
  }
  stat(at + 32, d.lat_ns, "lat");
  assert.equal(Number(f[at + 36]), d.bw_min, msg("bw_min"));
  assert.equal(Number(f[at + 37]), d.bw_max, msg("bw_max"));
  assert.ok(close(f[at + 39], d.bw_mean), msg("bw_mean"));
  if (v === 5) {
    assert.equal(Number(f[at + 41]), d.bw_samples, msg("bw_samples"));
    assert.equal(Number(f[at + 42]), d.iops_min, msg("iops_min"));
    assert.equal(Number(f[at + 46]), d.iops_samples, msg("iops_samples"));
  }
}

function pct(text: string): number {
  assert.ok(text.endsWith("%"), text);
  return Number.parseFloat(text);
}

function checkJob(f: string[], json: Json, j: Json, v: Version, what: string): void {
  assert.equal(f.length, expectedCount(v, json, j), `${what}: field count`);
  assert.equal(f[0], String(v));
  const head = v === 2 ? 1 : 2;
  assert.deepEqual(f.slice(head, head + 3), [j.jobname, String(j.groupid), String(j.error)]);
  const dirs = ["read", "write", "trim"];
  const starts = dirStarts(v);
  starts.forEach((at, i) => checkDir(f, at, j[dirs[i]], v, `${what} ${dirs[i]}`));
  const cpu = starts[starts.length - 1] + (v === 5 ? 47 : 41);
  assert.ok(close(f[cpu].replace("%", ""), j.usr_cpu), `${what} usr_cpu`);
  assert.ok(close(f[cpu + 1].replace("%", ""), j.sys_cpu), `${what} sys_cpu`);
  assert.deepEqual(f.slice(cpu + 2, cpu + 5).map(Number), [j.ctx, j.majf, j.minf]);
  const depth = Object.values(j.iodepth_level) as number[];
  f.slice(cpu + 5, cpu + 12).forEach((t, i) =>
    assert.ok(Math.abs(pct(t) - depth[i]) <= 0.05, `${what} iodepth ${i}`)
  );
  const lu = Object.values(j.latency_us) as number[];
  const ns = (Object.values(j.latency_ns) as number[]).reduce((s, x) => s + x, 0);
  const lat = f.slice(cpu + 12, cpu + 34).map(pct);
  // The first usec bucket also holds every ns bucket (fio's terse rule); JSON
  // shows each tiny bucket as 0.01%, so its sum may run up to 0.11 high.
  assert.ok(Math.abs(lat[0] - (lu[0] + ns)) <= 0.12, `${what} lat_2us ${lat[0]}`);
  lu.slice(1).forEach((p, i) =>
    assert.ok(Math.abs(lat[i + 1] - p) <= 0.0051, `${what} us ${i}: ${lat[i + 1]} vs ${p}`)
  );
  const lm = Object.values(j.latency_ms) as number[];
  lm.forEach((p, i) => assert.ok(Math.abs(lat[10 + i] - p) <= 0.0051, `${what} ms ${i}`));
  let at = cpu + 34;
  if (v >= 3) {
    for (const d of json.disk_util ?? []) {
      assert.deepEqual(f.slice(at, at + 8), [
        d.name,
        ...[
          d.read_ios,
          d.write_ios,
          d.read_merges,
          d.write_merges,
          d.read_ticks,
          d.write_ticks,
          d.in_queue,
        ].map(String),
      ]);
      assert.ok(Math.abs(pct(f[at + 8]) - d.util) <= 0.0051, `${what} disk util`);
      at += 9;
    }
  }
  if (j.desc) assert.equal(f[at], j.desc);
}

for (const { job, v } of CASES) {
  Deno.test(`terse e2e: ${job} v${v} agrees with the same run's JSON`, async () => {
    const out = await runBoth(LAUNCHER, job, v);
    assert.equal(out.lines.length, out.json.jobs.length, "one line per reported job");
    out.lines.forEach((f, i) => checkJob(f, out.json, out.json.jobs[i], v, `${job} v${v}`));
  });
}

/** What a field is, as far as a parser of terse lines can tell. */
function kind(field: string): string {
  if (field === "") return "empty";
  if (/^\d+$/.test(field)) return "int";
  if (/^-?\d+\.\d+$/.test(field)) return "float";
  const p = /^-?(\d+\.(\d+)|nan)%$/.exec(field);
  if (p) return `percent.${p[2]?.length ?? 2}`;
  const slot = /^(\d+\.\d+|0)%=\d+$/.exec(field);
  if (slot) return `slot ${slot[1]}`;
  return "text";
}

Deno.test({
  name: "terse differential: field counts and kinds equal fio's for every job and version",
  ignore: !HAVE_FIO,
  async fn() {
    const extra = Object.keys(FIO_ONLY).flatMap((job) => VERSIONS.map((v) => ({ job, v })));
    await mapLimit([...CASES, ...extra], 4, async ({ job, v }) => {
      const [ours, fio] = await Promise.all([runBoth(LAUNCHER, job, v), runBoth(FIO, job, v)]);
      assert.equal(ours.lines.length, fio.lines.length, `${job} v${v}: lines`);
      fio.lines.forEach((f, i) => {
        const o = ours.lines[i];
        assert.equal(o.length, f.length, `${job} v${v}: field count`);
        f.forEach((x, k) => {
          assert.equal(kind(o[k]), kind(x), `${job} v${v} field ${k + 1}: fio ${x}, dfio ${o[k]}`);
        });
      });
    });
  },
});
if (!HAVE_FIO) console.log("terse differential: fio not on PATH, comparison with fio skipped");
