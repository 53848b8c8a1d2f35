import assert from "node:assert/strict";
import { AGG_LOG_NAMES, AggBandwidthLog } from "../../../src/worker/logs/agg_log.ts";
import { RunState, Slot, ThreadArea } from "../../../src/run/thread_area.ts";

function lines(path: string): string[] {
  return Deno.readTextFileSync(path).split("\n").filter((l) => l !== "");
}

Deno.test("AggBandwidthLog: the summed KiB/s of running jobs in fio's three files", () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_agg_" });
  try {
    const area = new ThreadArea(3);
    const log = new AggBandwidthLog(area, 3, 500, dir);
    const set = (slot: number, d: number, bytes: number) =>
      area.slots[area.at(slot, Slot.BYTES + d)] = bytes;
    area.setState(0, RunState.RUNNING);
    area.setState(1, RunState.RUNNING);
    area.setState(2, RunState.RAMP);
    set(0, 0, 200 * 1024);
    set(1, 0, 100 * 1024);
    set(1, 1, 50 * 1024);
    set(2, 0, 999 * 1024); // in ramp_time: left out
    log.tick(300); // not due yet
    log.tick(500);
    // The ramping job restarts its counts; job 1 ends.
    area.setState(2, RunState.RUNNING);
    set(2, 0, 10 * 1024);
    set(0, 0, 400 * 1024);
    area.setState(1, RunState.EXITED);
    log.tick(1000);
    area.setState(0, RunState.EXITED);
    area.setState(2, RunState.EXITED);
    log.tick(1600); // nothing runs: no entry
    log.close();
    assert.deepEqual(lines(`${dir}/${AGG_LOG_NAMES[0]}`), [
      "500, 600, 0, 0, 0",
      "1000, 420, 0, 0, 0",
    ]);
    assert.deepEqual(lines(`${dir}/${AGG_LOG_NAMES[1]}`), [
      "500, 100, 1, 0, 0",
      "1000, 0, 1, 0, 0",
    ]);
    assert.deepEqual(lines(`${dir}/${AGG_LOG_NAMES[2]}`), ["500, 0, 2, 0, 0", "1000, 0, 2, 0, 0"]);
    assert.deepEqual([...AGG_LOG_NAMES], [
      "agg-read_bw.log",
      "agg-write_bw.log",
      "agg-trim_bw.log",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("AggBandwidthLog: a job still laying out its files (SETTING_UP) is not running", () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_agg_" });
  try {
    const area = new ThreadArea(2);
    const log = new AggBandwidthLog(area, 2, 500, dir);
    area.setState(0, RunState.SETTING_UP);
    area.setState(1, RunState.CREATED);
    log.tick(500);
    area.setState(0, RunState.RUNNING);
    area.slots[area.at(0, Slot.BYTES)] = 512 * 1024;
    log.tick(1000);
    log.close();
    assert.deepEqual(lines(`${dir}/${AGG_LOG_NAMES[0]}`), ["1000, 1024, 0, 0, 0"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
