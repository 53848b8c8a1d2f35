/**
 * Finding the file an `include` line names, as fio 3.33 does: first the path
 * as written (relative to the working directory), and only if that does not
 * exist, the same path under the directory of the file holding the `include`
 * (joined as text, so `R/k.fio` including `x.inc` tries `R/x.inc`).
 * fio has no loop detection (it recurses until it runs out of file
 * descriptors); dfio stops at the first file that includes itself.
 */

import { resolve } from "node:path";
import { FioError } from "../errors.ts";

/** Reads a job file's text; must throw `Deno.errors.NotFound` for a missing path. */
export type ReadText = (path: string) => string;

/** The message fio prints for a job file it cannot open. */
export function unableToOpen(path: string): FioError {
  return new FioError(`fio: unable to open '${path}' job file`);
}

/** An included file's text and the path it was found under. */
export interface IncludedFile {
  /** Path as fio would name it in messages (as written, or joined). */
  readonly path: string;
  /** File contents. */
  readonly text: string;
}

/** Reads the file named by `include <name>` in `fromFile`. */
export function readInclude(name: string, fromFile: string, readText: ReadText): IncludedFile {
  try {
    return { path: name, text: readText(name) };
  } catch (e) {
    const slash = fromFile.lastIndexOf("/");
    if (!(e instanceof Deno.errors.NotFound) || slash < 0 || name.startsWith("/")) {
      throw unableToOpen(name);
    }
    const joined = fromFile.slice(0, slash + 1) + name;
    try {
      return { path: joined, text: readText(joined) };
    } catch {
      throw unableToOpen(joined);
    }
  }
}

/** Key identifying a file on the include stack (stdin has no path). */
export function fileKey(path: string): string {
  return path === "-" ? "<stdin>" : resolve(path);
}

/** Deep enough for any real job tree; guards against loops through symlinks. */
export const MAX_INCLUDE_DEPTH = 64;

/** Error for `include` at `file:line` reopening a file already being read. */
export function includeLoop(file: string, line: number, path: string): FioError {
  return new FioError(
    `fio: include loop: ${file}:${line} includes '${path}', which is already being read`,
  );
}

/** Error for includes nested past MAX_INCLUDE_DEPTH. */
export function includeTooDeep(file: string, line: number): FioError {
  return new FioError(
    `fio: includes nested more than ${MAX_INCLUDE_DEPTH} deep at ${file}:${line}`,
  );
}
