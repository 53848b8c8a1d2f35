/**
 * The iolog part of a job's setup: with read_iolog the files and loop
 * options come from the trace (src/worker/iolog/replay.ts); with
 * write_iolog the job's files are set up as usual and the log is opened
 * with their `add` lines. A job with both only replays, as fio does.
 */

import type { JobSpec } from "../../job/spec.ts";
import type { JobRunOptions } from "../job_options.ts";
import type { SetupFiles } from "../run_job.ts";
import { makeNowNs } from "../../sys/clock.ts";
import { readOverridesWrite } from "./options.ts";
import { type IologReplay, setupReplay } from "./replay.ts";
import { IologWriter } from "./writer.ts";

/** A job's files and loop options after the iolog setup. */
export interface JobIolog {
  readonly files: SetupFiles;
  readonly opts: JobRunOptions;
  /** The replay source (read_iolog), or null. */
  readonly replay: IologReplay | null;
  /** The iolog writer (write_iolog), or null. */
  readonly writer: IologWriter | null;
}

/**
 * Sets up the job's files: from the trace when replaying, else with
 * `setupFiles` (the normal file setup). Throws what those throw.
 */
export function setupJobIolog(
  spec: JobSpec,
  opts: JobRunOptions,
  setupFiles: () => SetupFiles,
  log: (stream: "stdout" | "stderr", text: string) => void,
  runStartMs: number,
): JobIolog {
  const io = opts.iolog;
  if (io.read !== "") {
    if (readOverridesWrite(spec)) log("stderr", "fio: read iolog overrides write_iolog");
    const r = setupReplay(spec, opts, io, log, runStartMs);
    return { files: r.files, opts: r.opts, replay: r.replay, writer: null };
  }
  if (io.write === "") return { files: setupFiles(), opts, replay: null, writer: null };
  // fio opens the log before it sets up the files, which are then added.
  const writer = IologWriter.open(io.write, makeNowNs(), (l) => log("stderr", l));
  let files: SetupFiles;
  try {
    files = setupFiles();
  } catch (e) {
    writer.close();
    throw e;
  }
  writer.addFiles(files.files.map((f) => f.engineFile));
  return { files, opts, replay: null, writer };
}
