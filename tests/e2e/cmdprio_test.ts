/**
 * cmdprio end to end, dfio beside fio 3.33 (skipped per engine when fio or
 * the engine is missing): the JSON `prios` key paths and types, the exact
 * per-priority counts (both tools draw from the same seeded stream), the
 * normal output's per-priority lines, the log_prio column I/O by I/O, and
 * fio's init errors. The kernel really gets the priority: as a non-root
 * user a real-time one fails the reads with EPERM (root + setpriv only).
 */
import assert from "node:assert/strict";
import { HAVE_FIO } from "../helpers/run.ts";
import { jsonShape } from "./_json_shape.ts";
import { FIO, LAUNCHER, type Launcher, runTimed, type TimedResult } from "./_spawn.ts";
import { uringAvailable } from "../engines/helpers.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const tmp = Deno.makeTempDirSync({ prefix: "dfio_cmdprio_" });
Deno.chmodSync(tmp, 0o755);
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
const FILE = `${tmp}/data`;
Deno.writeFileSync(FILE, new Uint8Array(4 << 20).fill(0x5a));
Deno.chmodSync(FILE, 0o644);

const URING_OK = uringAvailable();

const ENGINES = [
  { name: "io_uring", ok: URING_OK },
  { name: "libaio", ok: true },
];

const job = (engine: string, ...more: string[]) => [
  "--name=p",
  `--filename=${FILE}`,
  "--size=4m",
  "--bs=4k",
  "--invalidate=0",
  `--ioengine=${engine}`,
  ...more,
];

async function both(args: string[]): Promise<[TimedResult, TimedResult]> {
  const d = await runTimed(LAUNCHER, args, { cwd: tmp, timeoutMs: 60_000 });
  const f = await runTimed(FIO, args, { cwd: tmp, timeoutMs: 60_000 });
  return [d, f];
}

function json(r: TimedResult): Json {
  const at = r.stdout.indexOf("{");
  assert.ok(at >= 0, `no JSON:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.slice(at));
}

/** (dir, class, level, N) of every prios entry of the first job. */
function prioCounts(doc: Json): string[] {
  const out: string[] = [];
  for (const dir of ["read", "write", "trim", "mixed"]) {
    for (const p of doc.jobs[0][dir]?.prios ?? []) {
      const lat = p.clat_ns ?? p.lat_ns;
      out.push(`${dir} ${p.prioclass}/${p.prio} N=${lat.N}`);
    }
  }
  return out;
}

const prioShape = (r: TimedResult) =>
  jsonShape(r.stdout.slice(r.stdout.indexOf("{"))).filter((l) => l.includes(`"prios"`));

for (const eng of ENGINES) {
  const skip = !HAVE_FIO || !eng.ok;
  const why = !HAVE_FIO ? " (skipped: fio not on PATH)" : !eng.ok ? " (engine unavailable)" : "";

  Deno.test({
    name: `cmdprio e2e ${eng.name}: JSON prios paths, types and counts as fio${why}`,
    ignore: skip,
    async fn() {
      for (
        const extra of [
          ["--rw=randrw", "--cmdprio_percentage=50,30", "--cmdprio_class=1,3", "--iodepth=4"],
          ["--rw=randread", "--cmdprio_bssplit=4k/30/3/0:4k/30/1/4", "--lat_percentiles=1"],
          ["--rw=randrw", "--cmdprio_percentage=40", "--unified_rw_reporting=both"],
        ]
      ) {
        for (const fmt of ["json", "json+"]) {
          const [d, f] = await both(job(eng.name, `--output-format=${fmt}`, ...extra));
          assert.equal(d.code, 0, d.stderr);
          assert.equal(f.code, 0, f.stderr);
          assert.deepEqual(prioShape(d), prioShape(f), `${extra.join(" ")} ${fmt}`);
          assert.ok(prioShape(d).length > 10);
          assert.deepEqual(prioCounts(json(d)), prioCounts(json(f)), extra.join(" "));
        }
      }
    },
  });

  Deno.test({
    name: `cmdprio e2e ${eng.name}: per-priority lines of the normal output as fio${why}`,
    ignore: skip,
    async fn() {
      const [d, f] = await both(
        job(eng.name, "--rw=randrw", "--cmdprio_percentage=0,50", "--cmdprio_class=3"),
      );
      // Labels and shares ("clat prio 3/0 (48.67% of IOs) percentiles") are exact;
      // the unit follows the measured values.
      const labels = (r: TimedResult) =>
        r.stdout.split("\n").filter((l) => / prio \d\/\d/.test(l)).map((l) =>
          l.replace(/\):.*/, ")").replace(/\((nsec|usec|msec)\)/, "(unit)")
        );
      assert.deepEqual(labels(d), labels(f));
      assert.equal(labels(d).length, 4);
    },
  });

  Deno.test({
    name: `cmdprio e2e ${eng.name}: log_prio column I/O by I/O as fio${why}`,
    ignore: skip,
    async fn() {
      const cols = async (l: Launcher, prefix: string) => {
        const r = await runTimed(
          l,
          job(
            eng.name,
            "--rw=randread",
            // One block size: the bs stream itself is not what is tested here.
            "--cmdprio_bssplit=4k/30/2/3:4k/20:8k/50",
            `--write_lat_log=${prefix}`,
            "--log_prio=1",
            "--number_ios=300",
          ),
          { cwd: tmp, timeoutMs: 60_000 },
        );
        assert.equal(r.code, 0, r.stderr);
        return Deno.readTextFileSync(`${tmp}/${prefix}_clat.1.log`).trim().split("\n")
          .map((line) => line.split(", ").slice(3).join(" "));
      };
      const d = await cols(LAUNCHER, "dp"), f = await cols(FIO, "fp");
      assert.equal(d.length, 300);
      assert.deepEqual(d, f);
      assert.ok(d.includes("4096 0x4003") && d.includes("4096 0x2000"));
      assert.ok(d.includes("4096 0x0000"));
    },
  });

  Deno.test({
    name: `cmdprio e2e ${eng.name}: init errors as fio${why}`,
    ignore: skip,
    async fn() {
      for (
        const bad of [
          ["--cmdprio_percentage=50", "--cmdprio_bssplit=4k/50"],
          ["--cmdprio_bssplit=xx/50"],
          ["--cmdprio_bssplit=4k/50/1"],
          ["--cmdprio_bssplit=4k/60:4k/60/3/1"],
        ]
      ) {
        const [d, f] = await both(job(eng.name, "--rw=read", ...bad));
        // fio 3.33 prints its "fio: pid=" line on stdout; dfio on stderr.
        const lines = (r: TimedResult) =>
          [
            ...r.stderr.trim().split("\n"),
            ...r.stdout.split("\n").filter((l) => l.startsWith("fio: pid=")),
          ]
            .map((l) => l.replace(/pid=\d+/, "pid=N"));
        assert.deepEqual(lines(d), lines(f), bad.join(" "));
        assert.equal(d.code, f.code);
        assert.match(
          lines(d).at(-1)!,
          /^fio: pid=N, err=22\/file:engines\/.*, error=Invalid argument$/,
        );
      }
    },
  });
}

Deno.test({
  name: "cmdprio e2e: prioritized share within 2% of cmdprio_percentage",
  ignore: !URING_OK,
  async fn() {
    const r = await runTimed(
      LAUNCHER,
      job("io_uring", "--rw=randread", "--cmdprio_percentage=25", "--output-format=json"),
      { cwd: tmp, timeoutMs: 60_000 },
    );
    const read = json(r).jobs[0].read;
    const hi = read.prios.find((p: Json) => p.prioclass === 1).clat_ns.N;
    assert.equal(read.total_ios, 1024);
    assert.ok(Math.abs(hi / 1024 - 0.25) < 0.02, `${hi} of 1024`);
  },
});

const CAN_DROP_ROOT = Deno.uid() === 0 && (() => {
  try {
    return new Deno.Command("setpriv", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "cmdprio e2e: the kernel gets the priority (RT as non-root: EPERM, as in fio)",
  ignore: !CAN_DROP_ROOT,
  async fn() {
    const home = `${tmp}/home`;
    Deno.mkdirSync(home, { mode: 0o777 });
    Deno.chmodSync(home, 0o777);
    const asNobody: Launcher = {
      name: "nobody",
      cmd: "setpriv",
      pre: [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "env",
        `HOME=${home}`,
        `DENO_DIR=${home}/deno`,
        LAUNCHER.cmd,
      ],
    };
    for (const eng of ENGINES.filter((e) => e.ok)) {
      const run = (cls: number) =>
        runTimed(
          asNobody,
          job(
            eng.name,
            "--rw=randread",
            "--readonly",
            "--cmdprio_percentage=50",
            `--cmdprio_class=${cls}`,
          ),
          { cwd: tmp, timeoutMs: 120_000 },
        );
      const rt = await run(1);
      if (!rt.stdout.includes("Starting 1 process")) {
        console.log(`dfio did not start as nobody, skipped: ${rt.stderr.slice(0, 200)}`);
        return;
      }
      if (eng.name === "io_uring") {
        // The completion carries the error (fio 3.33 prints the same lines).
        assert.match(rt.stderr, /io_u error on file .*: Operation not permitted: read offset=/);
        assert.match(rt.stderr, /err=1\/file:io_u\.c:1876, func=io_u error/);
      } else {
        // io_submit refuses it: fio's "io commit" error, and no hang.
        assert.match(
          rt.stderr,
          /err=1\/file:ioengines\.c:496, func=io commit, error=Operation not permitted/,
        );
      }
      const idle = await run(3);
      assert.equal(idle.code, 0, idle.stderr);
      assert.equal(idle.stderr, "");
    }
  },
});
