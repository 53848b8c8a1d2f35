import assert from "node:assert/strict";
import { roundupPow2, setupFlags, uringOptions } from "../../src/engines/io_uring_options.ts";
import { IORING_SETUP } from "../../src/sys/io_uring.ts";

const BASE = IORING_SETUP.CQSIZE | IORING_SETUP.COOP_TASKRUN | IORING_SETUP.TASKRUN_FLAG |
  IORING_SETUP.SINGLE_ISSUER | IORING_SETUP.DEFER_TASKRUN;

Deno.test("io_uring options: fio's defaults", () => {
  assert.deepEqual(uringOptions({}), {
    hipri: false,
    fixedbufs: false,
    registerfiles: false,
    sqpoll: false,
    sqpollCpu: -1,
    nonvectored: -1,
    uncached: false,
    nowait: false,
    forceAsync: 0,
  });
  // fio 3.33 asks for CQSIZE | COOP_TASKRUN | SINGLE_ISSUER | DEFER_TASKRUN
  // (strace: flags=IORING_SETUP_CQSIZE|IORING_SETUP_COOP_TASKRUN|0x3000);
  // dfio adds TASKRUN_FLAG (0x200) to learn when a submit must reap too.
  assert.equal(setupFlags(uringOptions({})), 0x3308);
  assert.equal(BASE, 0x3308);
});

Deno.test("io_uring options: sqthread_poll implies registered files, SQ_AFF with a cpu", () => {
  const o = uringOptions({ sqthread_poll: true, sqthread_poll_cpu: 1 });
  assert.equal(o.registerfiles, true);
  assert.equal(o.sqpollCpu, 1);
  assert.equal(setupFlags(o), BASE | IORING_SETUP.SQPOLL | IORING_SETUP.SQ_AFF);
  assert.equal(
    setupFlags(uringOptions({ sqthread_poll: 1 })),
    BASE | IORING_SETUP.SQPOLL,
  );
  assert.equal(setupFlags(uringOptions({ hipri: 1 })), BASE | IORING_SETUP.IOPOLL);
});

Deno.test("io_uring options: values as the option parser stores them", () => {
  const o = uringOptions({
    fixedbufs: 1,
    nonvectored: "0",
    uncached: 1,
    nowait: true,
    force_async: 3,
  });
  assert.equal(o.fixedbufs, true);
  assert.equal(o.nonvectored, 0);
  assert.equal(o.uncached, true);
  assert.equal(o.nowait, true);
  assert.equal(o.forceAsync, 3);
  assert.equal(uringOptions({ force_async: -2 }).forceAsync, 0);
});

Deno.test("io_uring options: roundupPow2 as fio's", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 31, 32, 33, 1000].map(roundupPow2), [
    1,
    1,
    2,
    4,
    4,
    8,
    32,
    32,
    64,
    1024,
  ]);
});
