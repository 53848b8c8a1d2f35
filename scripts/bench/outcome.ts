/**
 * Decides what a finished run means: figures, an engine or option the tool
 * does not support yet, or an error worth one line in the table.
 */

import { extractJson, figuresFromJson, type RunFigures } from "./fio_json.ts";

/** The meaning of one finished run. */
export type Outcome =
  | { readonly kind: "ok"; readonly figures: RunFigures }
  | { readonly kind: "unsupported" | "error"; readonly message: string };

// dfio's marker for features that are recognised but not implemented yet:
// "fio: ioengine 'X' is not supported yet", "fio: option 'X' is not supported yet".
const UNSUPPORTED = /not supported yet/;

function firstLine(text: string): string | undefined {
  return text.split("\n").map((l) => l.trim()).find((l) => l.length > 0);
}

/**
 * Interprets a run from its exit code and output. A non-zero exit, output
 * that is not fio's JSON, or a job with a non-zero `error` is a failure; a
 * failure whose output mentions "not supported yet" is "unsupported".
 */
export function interpretRun(code: number, stdout: string, stderr: string): Outcome {
  const all = stderr + "\n" + stdout;
  const unsupported = all.split("\n").find((l) => UNSUPPORTED.test(l));
  if (code !== 0) {
    if (unsupported !== undefined) return { kind: "unsupported", message: unsupported.trim() };
    return {
      kind: "error",
      message: firstLine(stderr) ?? firstLine(stdout) ?? `exit status ${code}`,
    };
  }
  let figures: RunFigures;
  try {
    figures = figuresFromJson(extractJson(stdout));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { kind: "error", message: firstLine(stderr) ?? `unreadable JSON: ${why}` };
  }
  if (figures.error !== 0) {
    return { kind: "error", message: firstLine(stderr) ?? `job error ${figures.error}` };
  }
  if (figures.ios === 0) {
    return { kind: "error", message: firstLine(stderr) ?? "no I/O was done" };
  }
  return { kind: "ok", figures };
}
