import assert from "node:assert/strict";
import {
  addErrorReport,
  ErrorKind,
  errorKind,
  ErrorPolicy,
  readErrorPolicy,
} from "../../src/worker/errors_policy.ts";
import { emptyResult } from "../../src/stats/job_result.ts";
import { specOf } from "./files/helpers.ts";

const EIO = 5, ENOSPC = 28, EILSEQ = 84, EINVAL = 22;

const policy = (args: string[]) => readErrorPolicy(specOf(["rw=write", ...args]));

Deno.test("errorKind: EILSEQ is verify, reads are read, the rest write", () => {
  assert.equal(errorKind(0, EIO), ErrorKind.READ);
  assert.equal(errorKind(1, EIO), ErrorKind.WRITE);
  assert.equal(errorKind(2, EIO), ErrorKind.WRITE);
  assert.equal(errorKind(3, EIO), ErrorKind.WRITE);
  assert.equal(errorKind(0, EILSEQ), ErrorKind.VERIFY);
});

Deno.test("readErrorPolicy: continue_on_error masks", () => {
  const masks = ["none", "read", "write", "io", "verify", "all", "0", "1"].map((v) =>
    policy([`continue_on_error=${v}`]).mask
  );
  assert.deepEqual(masks, [0, 1, 2, 3, 4, 7, 0, 7]);
  assert.equal(policy([]).mask, 0);
});

Deno.test("readErrorPolicy: ignore_error lists set their kinds, order decides", () => {
  const p = policy(["ignore_error=,ENOSPC:EIO"]);
  assert.equal(p.mask, 2);
  assert.deepEqual(p.ignored, [[EIO, EILSEQ], [ENOSPC, EIO], [EIO, EILSEQ]]);
  // Earlier continue_on_error: ORed; later: replaces.
  assert.equal(policy(["continue_on_error=read", "ignore_error=,ENOSPC"]).mask, 3);
  assert.equal(policy(["ignore_error=,ENOSPC", "continue_on_error=none"]).mask, 0);
  assert.equal(policy(["ignore_error=,ENOSPC", "continue_on_error=verify"]).mask, 4);
  // An empty kind sets nothing.
  assert.equal(policy(["ignore_error=,,EIO"]).mask, 4);
});

Deno.test("readErrorPolicy: engine error text per engine", () => {
  assert.equal(policy([]).engineFunc, "file:engines/sync.c:126, func=xfer");
  assert.equal(policy(["ioengine=vsync"]).engineFunc, "file:engines/sync.c:364, func=xfer vsync");
  assert.equal(policy(["ioengine=io_uring"]).engineFunc, "");
});

Deno.test("ErrorPolicy.record: counts kinds in the mask, goes on for listed errnos", () => {
  const e = new ErrorPolicy(policy(["continue_on_error=write", "ignore_error=,ENOSPC"]));
  assert.equal(e.record(0, EIO), false); // read: not in the mask, not counted
  assert.equal(e.totalErrors, 0);
  assert.equal(e.record(1, EINVAL), false); // counted, fatal
  assert.equal(e.record(1, ENOSPC), true);
  assert.equal(e.record(3, ENOSPC), true); // a sync is a write-kind error
  assert.equal(e.totalErrors, 3);
  assert.equal(e.firstError, EINVAL);
  assert.equal(e.lastText, "file:engines/sync.c:126, func=xfer, error=No space left on device");
  assert.deepEqual(e.report(), { continueOnError: true, totalErrors: 3, firstError: EINVAL });
  assert.equal(new ErrorPolicy(policy([])).report(), null);
});

Deno.test("ErrorPolicy.directHint: once, for EINVAL on a direct job before any bytes", () => {
  const e = new ErrorPolicy(policy(["direct=1"]));
  assert.equal(e.directHint(EIO, 0), null);
  assert.equal(e.directHint(EINVAL, 4096), null);
  assert.match(e.directHint(EINVAL, 0) ?? "", /^fio: first direct IO errored\./);
  assert.equal(e.directHint(EINVAL, 0), null);
  assert.equal(new ErrorPolicy(policy([])).directHint(EINVAL, 0), null);
});

Deno.test("addErrorReport: ignored errors keep error 0 with the engine's text", () => {
  const spec = specOf(["rw=write", "ignore_error=,ENOSPC"]);
  const e = new ErrorPolicy(readErrorPolicy(spec));
  e.record(1, ENOSPC);
  const r = emptyResult(spec);
  addErrorReport(r, e);
  assert.equal(r.error, 0);
  assert.equal(r.continueOnError, true);
  assert.equal(r.totalErrors, 1);
  assert.equal(r.firstError, ENOSPC);
  assert.equal(r.errorText, "file:engines/sync.c:126, func=xfer, error=No space left on device");
  const off = emptyResult(spec);
  addErrorReport(off, new ErrorPolicy(readErrorPolicy(specOf(["rw=write"]))));
  assert.equal(off.continueOnError, undefined);
});
