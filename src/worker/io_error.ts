/**
 * A failed I/O on completion, as fio handles it: continue_on_error and
 * ignore_error decide whether the job goes on (errors_policy.ts),
 * fill_device ends the job quietly on ENOSPC, and otherwise fio's
 * "io_u error" line (or the engine's own error site) becomes the job's
 * error. Only failed I/Os come here, so a clean completion never pays for
 * building these strings.
 */

import { DDIR, type IoUnit } from "../engines/types.ts";
import { errnoMessage } from "../sys/errno.ts";
import type { JobLoop } from "./loop.ts";

/** fio's names of the I/O directions in its error line, by DDIR. */
const DDIR_NAMES = ["read", "write", "trim", "sync", "datasync", "sync_file_range"];

/** Reports the failed `io` (io.error set). False: the job stops. */
export function failedIo(loop: JobLoop, io: IoUnit): boolean {
  const d = io.ddir;
  // A non-fatal error prints nothing; fill_device: ENOSPC ends the job without an error.
  const b = loop.collector.bytes, hint = loop.errors.directHint(io.error, b[0] + b[1] + b[2]);
  const full = loop.errors.deviceFull(d, io.error);
  const goOn = !full && loop.errors.record(d, io.error);
  const line = `fio: io_u error on file ${io.file.name}: ${errnoMessage(io.error)}: ${
    DDIR_NAMES[d]
  } offset=${io.offset}, buflen=${io.buflen}`;
  const site = d <= DDIR.TRIM ? loop.env.engine.xferErrorSite : undefined;
  if (full) loop.env.log("stderr", line);
  else if (!goOn && site !== undefined) {
    loop.fail(io.error, "", `${site}, error=${errnoMessage(io.error)}`);
  } else if (!goOn) loop.fail(io.error, line);
  if (hint !== null) loop.env.log("stderr", hint);
  return goOn;
}
