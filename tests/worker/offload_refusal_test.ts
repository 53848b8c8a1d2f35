import assert from "node:assert/strict";
import { NullEngine } from "../../src/engines/null.ts";
import { EngineFile, type IoEngine, IoUnit } from "../../src/engines/types.ts";
import type { JobSpec } from "../../src/job/spec.ts";
import { offloadEngine } from "../../src/worker/offload.ts";
import {
  FIO_REFUSES_OFFLOAD,
  offloadRefusal,
  RefusedOffload,
} from "../../src/worker/offload_refusal.ts";

Deno.test("offload refusal: fio's lines, one pair per submit thread, then the job's error", () => {
  const f = offloadRefusal("io_uring", 2);
  assert.deepEqual(f.lines, [
    "io_uring: can't be used with offloaded submit. Use a sync engine",
    "fio: failed to load engine",
    "io_uring: can't be used with offloaded submit. Use a sync engine",
    "fio: failed to load engine",
    "Can't create rate workqueue",
  ]);
  assert.equal(f.errno, 3);
  assert.equal(f.text, "file:workqueue.c:370, func=workqueue_init, error=No such process");
});

Deno.test("offload refusal: the wrapped engine's own setup failure comes first", () => {
  const inner: IoEngine = new NullEngine();
  inner.init({ iodepth: 1, options: {} });
  const own = { lines: ["own"], errno: 22, text: "x" };
  inner.postInit = () => own;
  const e = new RefusedOffload(inner, offloadRefusal("io_uring", 1));
  assert.equal(e.postInit([], []), own);
  inner.postInit = () => null;
  assert.equal(e.postInit([], []).errno, 3);
  // Files still go to the job's engine.
  assert.equal(e.openFile(new EngineFile("x")), 0);
  e.cleanup();
});

Deno.test("offload refusal: offloadEngine gives io_uring jobs the refusing engine", () => {
  assert.ok(FIO_REFUSES_OFFLOAD.has("io_uring"));
  const spec = {
    name: "j",
    options: { io_submit_mode: "offload" },
    ioengine: "io_uring",
  } as unknown as JobSpec;
  const inner = new NullEngine();
  inner.init({ iodepth: 4, options: {} });
  const units = [0, 1, 2, 3].map((i) => new IoUnit(i));
  const e = offloadEngine(spec, inner, units, { iodepth: 4, options: {} });
  assert.ok(e instanceof RefusedOffload);
  // One refusal pair per io unit (fio's submit thread count).
  assert.equal(e.postInit!(units, [])!.lines.length, 4 * 2 + 1);
  e.cleanup();
});
