/**
 * A stand-in job Worker for coordinator tests: speaks the protocol of
 * src/worker/protocol.ts without doing I/O. It "reads" `size` bytes in
 * `bs` blocks, or for `runtime` it keeps going until the runtime passes or
 * the coordinator says stop. Behaviour by job name: `fail*` posts a
 * FailMessage, `crash*` throws, `stuck*` ignores stop requests, `slow*`
 * ignores its runtime (but stops when told), `err*` ends with errno 5,
 * `lazy*` takes 300 ms to set up. Every job logs `start NAME` and
 * `end NAME` on stderr and `info NAME` on stdout, so tests can see order
 * and routing. Like the real job it sets up after the job before it in its
 * batch (`setup NAME`), reports INITIALIZED (`ready NAME`) and begins only
 * when released (`go NAME`).
 */
/// <reference lib="deno.worker" />
import type { StartMessage, WorkerMessage } from "../../src/worker/protocol.ts";
import { numberOption, optionValue } from "../../src/job/options.ts";
import { emptyResult } from "../../src/run/report.ts";
import { RunState, Slot, ThreadArea } from "../../src/run/thread_area.ts";

const pause = new Int32Array(new SharedArrayBuffer(4));

function post(msg: WorkerMessage): void {
  self.postMessage(msg);
}

self.onmessage = (ev: MessageEvent<StartMessage>) => {
  const { spec, slot } = ev.data;
  const area = new ThreadArea(ev.data.threadArea);
  const name = spec.name;
  post({ type: "log", stream: "stderr", text: `start ${name}` });
  post({ type: "log", stream: "stdout", text: `info ${name}` });
  if (name.startsWith("fail")) {
    post({
      type: "fail",
      message: `fio: pid=0, err=21/file:fake, func=open, error=Is a directory`,
    });
    return;
  }
  if (name.startsWith("crash")) throw new Error("boom");
  area.waitForSetupOf(ev.data.setupAfter, slot);
  post({ type: "log", stream: "stderr", text: `setup ${name}` });
  if (name.startsWith("lazy")) Atomics.wait(pause, 0, 0, 300);
  area.markSetupDone(slot);
  area.setState(slot, RunState.INITIALIZED);
  post({ type: "log", stream: "stderr", text: `ready ${name}` });
  post({ type: "initialized" });
  area.waitForRelease(ev.data.batch, slot);
  post({ type: "log", stream: "stderr", text: `go ${name}` });
  area.setState(slot, RunState.RUNNING);
  const t0 = performance.now();
  const runtimeMs = numberOption(spec, "runtime") / 1000;
  const bsOpt = optionValue(spec, "bs");
  const bs = Array.isArray(bsOpt) ? Number(bsOpt[0]) : 4096;
  let bytes = 0;
  const stuck = name.startsWith("stuck");
  const slow = name.startsWith("slow");
  if (runtimeMs > 0 || stuck || slow) {
    while (true) {
      const stop = area.shouldStop(slot) && !stuck;
      const over = runtimeMs > 0 && !slow && !stuck && performance.now() - t0 >= runtimeMs;
      if (stop || over) break;
      Atomics.wait(pause, 0, 0, 5);
      bytes += bs;
      area.slots[area.at(slot, Slot.BYTES)] = bytes;
      area.slots[area.at(slot, Slot.IOS)] = bytes / bs;
    }
  } else {
    bytes = numberOption(spec, "size");
  }
  const result = emptyResult(
    spec,
    name.startsWith("err") ? 5 : 0,
    name.startsWith("err") ? "fake error" : "",
  );
  if (name.startsWith("err")) area.slots[area.at(slot, Slot.ERROR)] = 5;
  const ms = Math.max(1, Math.round(performance.now() - t0));
  const d = result.dirs[0];
  d.ioBytes = bytes;
  d.totalIos = bytes / bs;
  d.issuedIos = d.totalIos;
  d.runtimeMs = ms;
  d.clat = { n: d.totalIos, min: 1000, max: 1000, mean: 1000, m2: 0 };
  d.lat = { ...d.clat };
  d.clatHist = new Array(1856).fill(0);
  d.clatHist[317] = d.totalIos; // the bucket of 1000 ns
  result.jobRuntimeMs = ms;
  result.ioDepth[0] = d.totalIos;
  area.setState(slot, RunState.EXITED);
  post({ type: "log", stream: "stderr", text: `end ${name}` });
  post({ type: "done", result });
};
