/**
 * cmdprio: option reading, cmdprio_bssplit parsing, and which I/Os get a
 * priority. The counts come from fio 3.33 runs of the same jobs (job 1,
 * default randseed, 1024 4k random reads of a 4 MiB file): fio reported
 * 529 prioritized reads for cmdprio_percentage=50, and 300 + 328 for
 * cmdprio_bssplit=4k/30/3/0:4k/30/1/4.
 */
import assert from "node:assert/strict";
import {
  Cmdprio,
  CmdprioError,
  cmdprioFailure,
  cmdprioSetup,
  ioprioClass,
  ioprioLevel,
  ioprioValue,
  jobIoprio,
  parseCmdprioBssplit,
  readCmdprioOptions,
} from "../../src/engines/cmdprio.ts";
import { DDIR, IoUnit } from "../../src/engines/types.ts";
import { specOf } from "../worker/files/helpers.ts";

const RT = (l: number) => ioprioValue(1, l);
const BE = (l: number) => ioprioValue(2, l);
const IDLE = (l: number) => ioprioValue(3, l);

function uringSpec(args: string[]) {
  return specOf(["ioengine=io_uring", ...args]);
}

/** Counts the I/Os `cp` prioritizes over `n` reads of `bs`, per ioprio. */
function tally(cp: Cmdprio, n: number, bs = 4096, ddir: number = DDIR.READ): Map<number, number> {
  const io = new IoUnit(0);
  io.ddir = ddir as 0 | 1;
  io.buflen = bs;
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const p = cp.select(io);
    assert.equal(p, io.ioprio);
    if (io.prioIndex !== 0) out.set(p, (out.get(p) ?? 0) + 1);
  }
  return out;
}

Deno.test("ioprio values: class << 13 | level; class 0 is best effort", () => {
  assert.equal(ioprioValue(1, 0), 0x2000);
  assert.equal(ioprioValue(3, 7), 0x6007);
  assert.equal(ioprioValue(0, 3), 0x4003);
  assert.equal(ioprioClass(0x6007), 3);
  assert.equal(ioprioLevel(0x6007), 7);
});

Deno.test("jobIoprio: 0 unless prio/prioclass is set; prio alone is best effort", () => {
  assert.equal(jobIoprio(uringSpec([])), 0);
  assert.equal(jobIoprio(uringSpec(["prio=3"])), 0x4003);
  assert.equal(jobIoprio(uringSpec(["prioclass=3"])), 0x6000);
  assert.equal(jobIoprio(uringSpec(["prioclass=1", "prio=2"])), 0x2002);
});

Deno.test("readCmdprioOptions: null without cmdprio; RT level 0 by default; r,w forms", () => {
  assert.equal(readCmdprioOptions(uringSpec(["cmdprio_class=3"])), null);
  const a = readCmdprioOptions(uringSpec(["cmdprio_percentage=50"]))!;
  assert.deepEqual(a.percentage, [50, 50]);
  assert.deepEqual(a.ioprio, [RT(0), RT(0)]);
  assert.equal(a.bssplit, null);
  const b = readCmdprioOptions(
    uringSpec(["cmdprio_percentage=0,40", "cmdprio_class=2,3", "cmdprio=4,1"]),
  )!;
  assert.deepEqual(b.percentage, [0, 40]);
  assert.deepEqual(b.ioprio, [BE(4), IDLE(1)]);
});

Deno.test("readCmdprioOptions: percentage and bssplit are mutually exclusive (fio's line)", () => {
  assert.throws(
    () => readCmdprioOptions(uringSpec(["cmdprio_percentage=5", "cmdprio_bssplit=4k/5"])),
    (e: unknown) =>
      e instanceof CmdprioError &&
      e.lines[0] === "j: cmdprio_percentage and cmdprio_bssplit options are mutually exclusive",
  );
});

Deno.test("parseCmdprioBssplit: both formats, clamps, and dropped entries as fio 3.33", () => {
  const d: [number, number] = [RT(0), IDLE(2)];
  // Format 1 takes the direction's class/level; a single list serves both.
  assert.deepEqual(parseCmdprioBssplit("4k/30:8k/20", 1024, d), [
    [{ bs: 4096, perc: 30, ioprio: RT(0) }, { bs: 8192, perc: 20, ioprio: RT(0) }],
    [{ bs: 4096, perc: 30, ioprio: IDLE(2) }, { bs: 8192, perc: 20, ioprio: IDLE(2) }],
  ]);
  // Format 2; class 0 -> best effort, 9 -> 3, level 9 -> 7, -1 wraps and clamps.
  const [r] = parseCmdprioBssplit("4k/10/0/0:4k/10/9/9:8k/10/-1/-1:16k/5/1/2/3", 1024, d);
  assert.deepEqual(r.map((e) => e.ioprio), [BE(0), IDLE(7), IDLE(7), RT(2)]);
  // No percentage (or 0): the entry never draws (fio measured).
  assert.deepEqual(parseCmdprioBssplit("4k:8k/0:16k/5,", 1024, d)[0], [
    { bs: 16384, perc: 5, ioprio: RT(0) },
  ]);
  assert.deepEqual(parseCmdprioBssplit("4k/5,8k/6", 1024, d)[1], [
    { bs: 8192, perc: 6, ioprio: IDLE(2) },
  ]);
});

Deno.test("parseCmdprioBssplit: fio's errors", () => {
  const d: [number, number] = [RT(0), RT(0)];
  const lines = (text: string) => {
    try {
      parseCmdprioBssplit(text, 1024, d);
    } catch (e) {
      if (e instanceof CmdprioError) return e.lines;
      throw e;
    }
    return [];
  };
  assert.deepEqual(lines("xx/50"), [
    "fio: split conversion failed",
    "fio: failed to parse cmdprio_bssplit entry",
  ]);
  assert.deepEqual(lines("4k/50/1"), [
    "fio: invalid cmdprio_bssplit format",
    "fio: failed to parse cmdprio_bssplit entry",
  ]);
  assert.deepEqual(lines("4k/60:4k/60/3/1"), [
    "fio: cmdprio_bssplit total percentage for bs: 4096 exceeds 100",
  ]);
  assert.deepEqual(lines("4k/60:8k/60"), []);
});

Deno.test("cmdprioFailure: fio's init failure report", () => {
  const f = cmdprioFailure(["x"], "libaio", "file:engines/libaio.c:510, func=fio_libaio_init");
  assert.deepEqual(f.lines, ["x", "fio: io engine libaio init failed."]);
  assert.equal(f.errno, 22);
  assert.equal(f.text, "file:engines/libaio.c:510, func=fio_libaio_init, error=Invalid argument");
});

Deno.test("cmdprioSetup: the error lines instead of a throw; job ioprio kept", () => {
  const s = cmdprioSetup(uringSpec(["prio=1", "cmdprio_bssplit=4k/50/1"]));
  assert.equal(s.prio, null);
  assert.equal(s.ioprio, BE(1));
  assert.equal(s.errorLines?.[0], "fio: invalid cmdprio_bssplit format");
  const none = cmdprioSetup(uringSpec([]));
  assert.deepEqual([none.prio, none.errorLines, none.ioprio], [null, null, 0]);
});

Deno.test("Cmdprio percentage: fio 3.33's 529 of 1024 reads at 50%", () => {
  const s = cmdprioSetup(uringSpec(["cmdprio_percentage=50"]));
  assert.deepEqual(s.prio!.statPrios, [[0, RT(0)], [0, RT(0)]]);
  assert.deepEqual([...tally(s.prio!, 1024)], [[RT(0), 529]]);
});

Deno.test("Cmdprio percentage: 0 for a direction means no stats there and no draw", () => {
  const s = cmdprioSetup(uringSpec(["cmdprio_percentage=0,30", "cmdprio_class=3"]));
  assert.deepEqual(s.prio!.statPrios, [null, [0, IDLE(0)]]);
  assert.equal(tally(s.prio!, 100, 4096, DDIR.READ).size, 0);
  const w = tally(s.prio!, 10000, 4096, DDIR.WRITE).get(IDLE(0))!;
  assert.ok(Math.abs(w / 10000 - 0.3) < 0.02, `${w}`);
});

Deno.test("Cmdprio bssplit: cumulative shares per block size, fio's 300 + 328", () => {
  const s = cmdprioSetup(uringSpec(["cmdprio_bssplit=4k/30/3/0:4k/30/1/4"]));
  assert.deepEqual(s.prio!.statPrios[0], [0, IDLE(0), RT(4)]);
  assert.deepEqual([...tally(s.prio!, 1024)], [[IDLE(0), 300], [RT(4), 328]]);
});

Deno.test("Cmdprio bssplit: other block sizes draw nothing; same priorities share an index", () => {
  const s = cmdprioSetup(uringSpec(["cmdprio_bssplit=4k/50:8k/20/1/0:16k/10/2/0"]));
  const cp = s.prio!;
  assert.deepEqual(cp.statPrios[0], [0, RT(0), BE(0)]);
  const ref = cmdprioSetup(uringSpec(["cmdprio_bssplit=4k/50:8k/20/1/0:16k/10/2/0"])).prio!;
  const io = new IoUnit(0);
  io.ddir = DDIR.READ;
  const other = new IoUnit(1);
  other.ddir = DDIR.READ;
  other.buflen = 2048;
  for (let i = 0; i < 200; i++) {
    io.buflen = 4096;
    // An unmatched size between two matched ones must not move the stream.
    assert.equal(cp.select(other), 0);
    assert.equal(other.prioIndex, 0);
    assert.equal(cp.select(io), ref.select(io));
  }
  const counts = tally(cmdprioSetup(uringSpec(["cmdprio_bssplit=8k/20/1/0"])).prio!, 10000, 8192);
  assert.ok(Math.abs(counts.get(RT(0))! / 10000 - 0.2) < 0.02);
});

Deno.test("Cmdprio: trims and syncs run at the job's priority", () => {
  const s = cmdprioSetup(uringSpec(["prioclass=3", "cmdprio_percentage=100"]));
  const io = new IoUnit(0);
  io.ddir = DDIR.TRIM;
  io.ioprio = 123;
  io.prioIndex = 2;
  assert.equal(s.prio!.select(io), IDLE(0));
  assert.deepEqual([io.ioprio, io.prioIndex], [IDLE(0), 0]);
  io.ddir = DDIR.READ;
  io.buflen = 4096;
  assert.equal(s.prio!.select(io), RT(0));
  assert.equal(io.prioIndex, 1);
});
