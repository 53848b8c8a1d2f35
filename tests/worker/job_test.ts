import assert from "node:assert/strict";
import { RunState, Slot, ThreadArea } from "../../src/run/thread_area.ts";
import { FILES_API } from "../../src/worker/job.ts";
import type { StartMessage, WorkerMessage } from "../../src/worker/protocol.ts";
import { runJob } from "../../src/worker/run_job.ts";
import { specOf } from "./_files_standin.ts";

function tempDir(): string {
  return Deno.makeTempDirSync({ prefix: "dfio-job-" });
}

Deno.test("runJob: a psync randread on a temp file moves exactly size bytes", () => {
  const dir = tempDir();
  try {
    const area = new ThreadArea(2);
    const spec = specOf({
      filename: `${dir}/f`,
      size: "256k",
      rw: "randread",
      bs: "4k",
      invalidate: "0",
    });
    const lines: string[] = [];
    const r = runJob(
      spec,
      { threadArea: area.buffer, slot: 1, runStartMs: Date.now() },
      FILES_API,
      (_s, t) => lines.push(t),
    );
    assert.equal(r.error, 0);
    assert.equal(r.dirs[0].ioBytes, 256 * 1024);
    assert.equal(r.dirs[0].totalIos, 64);
    assert.equal(r.dirs[0].issuedIos, 64);
    assert.equal(r.dirs[0].clat.n, 64);
    assert.equal(r.dirs[0].lat.n, 64);
    assert.equal(r.dirs[0].slat.n, 0); // sync engine: no slat, as fio
    assert.equal(r.dirs[1].totalIos, 0);
    assert.deepEqual(r.ioDepth, [64, 0, 0, 0, 0, 0, 0]);
    assert.equal(r.latNs.concat(r.latUs, r.latMs).reduce((a, b) => a + b), 64);
    assert.equal(area.slots[area.at(1, Slot.STATE)], RunState.EXITED);
    assert.equal(area.slots[area.at(1, Slot.IOS)], 64);
    assert.equal(area.slots[area.at(1, Slot.BYTES)], 256 * 1024);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("runJob: sequential writes land at the expected offsets", () => {
  const dir = tempDir();
  try {
    const area = new ThreadArea(1);
    const path = `${dir}/w`;
    // rw=write:4k writes 4k, skips 4k: every other block is written, and
    // (as fio 3.33 does) the job wraps to the start until 64k are written.
    const spec = specOf({
      filename: path,
      size: "64k",
      rw: "write:4k",
      bs: "4k",
      buffer_pattern: "0x5a",
    });
    Deno.writeFileSync(path, new Uint8Array(64 * 1024));
    const r = runJob(
      spec,
      { threadArea: area.buffer, slot: 0, runStartMs: Date.now() },
      FILES_API,
      () => {},
    );
    assert.equal(r.error, 0);
    assert.equal(r.dirs[1].totalIos, 16);
    assert.equal(r.dirs[1].ioBytes, 64 * 1024);
    const data = Deno.readFileSync(path);
    for (let b = 0; b < 16; b++) {
      const want = b % 2 === 0 ? 0x5a : 0;
      assert.equal(data[b * 4096], want, `block ${b}`);
      assert.equal(data[b * 4096 + 4095], want, `block ${b} end`);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("runJob: ENOSPC stops the job with fio's error report", () => {
  const area = new ThreadArea(1);
  const spec = specOf({ filename: "/dev/full", size: "1m", rw: "write", bs: "4k" });
  const lines: string[] = [];
  const r = runJob(
    spec,
    { threadArea: area.buffer, slot: 0, runStartMs: Date.now() },
    FILES_API,
    (_s, t) => lines.push(t),
  );
  assert.equal(r.error, 28);
  assert.equal(r.errorText, "file:io_u.c:1876, func=io_u error, error=No space left on device");
  assert.ok(lines.includes(
    "fio: io_u error on file /dev/full: No space left on device: write offset=0, buflen=4096",
  ));
  assert.equal(r.dirs[1].issuedIos, 1);
  // fio's total_ios counts issued I/Os, the failed one included.
  assert.equal(r.dirs[1].totalIos, 1);
});

Deno.test("runJob: 'Laying out IO file' only when normal output is selected", () => {
  const dir = tempDir();
  try {
    const area = new ThreadArea(1);
    const spec = specOf({ directory: dir, size: "64k", rw: "read", bs: "4k" });
    const run = (normalOutput?: boolean) => {
      const lines: string[] = [];
      const ctx = { threadArea: area.buffer, slot: 0, runStartMs: Date.now(), normalOutput };
      const r = runJob(spec, ctx, FILES_API, (_s, t) => lines.push(t));
      Deno.removeSync(`${dir}/job.0.0`);
      assert.equal(r.dirs[0].ioBytes, 64 * 1024);
      return lines.filter((l) => l.includes("Laying out"));
    };
    assert.deepEqual(run(false), []);
    assert.deepEqual(run(true), ["job: Laying out IO file (1 file / 0MiB)"]);
    assert.deepEqual(run(undefined), ["job: Laying out IO file (1 file / 0MiB)"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("Worker: job.ts runs a StartMessage and posts a complete DoneMessage", async () => {
  const dir = tempDir();
  const worker = new Worker(new URL("../../src/worker/job.ts", import.meta.url), {
    type: "module",
  });
  try {
    const area = new ThreadArea(1);
    const spec = specOf({ filename: `${dir}/f`, size: "128k", rw: "randrw", bs: "4k" });
    const msgs: WorkerMessage[] = [];
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => (initialized = resolve));
    const done = new Promise<WorkerMessage>((resolve) => {
      worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
        msgs.push(ev.data);
        if (ev.data.type === "initialized") initialized();
        else if (ev.data.type !== "log") resolve(ev.data);
      };
    });
    const start: StartMessage = {
      type: "start",
      spec,
      threadArea: area.buffer,
      slot: 0,
      runStartMs: Date.now(),
      groupJobs: 1,
      normalOutput: true,
      setupAfter: -1,
      batch: 1,
    };
    worker.postMessage(start);
    // Set up, it waits for its release without doing any I/O.
    await ready;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(area.slots[area.at(0, Slot.STATE)], RunState.INITIALIZED);
    assert.equal(area.slots[area.at(0, Slot.IOS)] + area.slots[area.at(0, Slot.IOS + 1)], 0);
    area.release(1);
    const end = await done;
    assert.equal(end.type, "done");
    if (end.type !== "done") return;
    const r = end.result;
    assert.equal(r.error, 0);
    assert.equal(r.dirs[0].ioBytes + r.dirs[1].ioBytes, 128 * 1024);
    assert.equal(r.dirs[0].totalIos + r.dirs[1].totalIos, 32);
    assert.equal(r.dirs[0].clatHist!.length, 1856);
    assert.equal(area.slots[area.at(0, Slot.STATE)], RunState.EXITED);
  } finally {
    worker.terminate();
    Deno.removeSync(dir, { recursive: true });
  }
});
