/**
 * The names of a job's files, as fio 3.33 builds them (measured):
 *
 * - `filename=a:b` (with `\:` for a literal colon) names the files; every
 *   numjobs clone uses the same ones. `nrfiles` set after `filename` keeps
 *   only the first `nrfiles` names; set before, it is overridden.
 * - Otherwise `nrfiles` names come from `filename_format` (default
 *   `$jobname.$jobnum.$filenum`): `$jobnum` is the clone index (0-based),
 *   `$filenum` the file index, `$clientuid` is empty in a local run, other
 *   `$words` stay as written.
 * - `directory=d1:d2` prefixes `dir/` (even to absolute names). Generated
 *   names take directory `clone % count`; names from `filename` take the
 *   first directory, and only when `directory` was given before `filename`
 *   (fio adds those files while parsing, with the directory known so far).
 * - Missing parent directories of a file are created (when files may be).
 */

import { isSet, numberOption, optionValue, stringOption } from "../../job/options.ts";
import type { JobSpec } from "../../job/spec.ts";
import { errnoMessage, errnoNumber } from "../../sys/errno.ts";
import { FileSetupError } from "./errors.ts";

/** fio's default `filename_format`. */
export const DEFAULT_FILENAME_FORMAT = "$jobname.$jobnum.$filenum";

const TOKENS: readonly string[] = ["$jobname", "$jobnum", "$filenum", "$clientuid"];

/**
 * Expands a `filename_format` for one file: `$jobname`, `$jobnum` (clone
 * index), `$filenum` (file index) and `$clientuid` (empty locally).
 */
export function formatFilename(
  format: string,
  jobName: string,
  jobNum: number,
  fileNum: number,
): string {
  let out = "";
  for (let i = 0; i < format.length;) {
    const tok = format[i] === "$" ? TOKENS.find((t) => format.startsWith(t, i)) : undefined;
    if (tok === undefined) {
      out += format[i++];
      continue;
    }
    if (tok === "$jobname") out += jobName;
    else if (tok === "$jobnum") out += String(jobNum);
    else if (tok === "$filenum") out += String(fileNum);
    i += tok.length;
  }
  return out;
}

/** Position of option `name` among the job section's own options (-1: not there). */
function ownIndex(spec: JobSpec, name: string): number {
  return spec.jobOptions.findIndex((o) => o.name === name);
}

/**
 * Whether option `first` took effect before option `second` in fio's
 * parse order: both in the job section, by their order there; an inherited
 * option comes before any of the section's own; two inherited ones are
 * taken to be in the usual order (`first` first).
 */
function setBefore(spec: JobSpec, first: string, second: string): boolean {
  const a = ownIndex(spec, first), b = ownIndex(spec, second);
  if (a >= 0 && b >= 0) return a < b;
  if (a < 0 && b >= 0) return true;
  if (a >= 0 && b < 0) return false;
  return true;
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === "string");
  if (typeof v === "string" && v !== "") return [v];
  return [];
}

/**
 * fio's parse-time check of `directory`: each entry must be an existing
 * directory. Throws the lines fio prints (and the stdout line it writes).
 */
export function checkDirectories(dirs: readonly string[]): void {
  for (const d of dirs) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(d);
    } catch (e) {
      const code = errnoNumber((e as { code?: string }).code ?? "") ?? 2;
      throw new FileSetupError(`fio: ${d} is not a directory`, {
        extra: [`fio: failed parsing directory=${dirs.join(":")}`],
        stdout: [`fio: file:options.c:1457, func=lstat, error=${errnoMessage(code)}`],
        errno: code,
        func: "lstat",
      });
    }
    if (!info.isDirectory && !info.isSymlink) {
      throw new FileSetupError(`fio: ${d} is not a directory`, {
        extra: [`fio: failed parsing directory=${dirs.join(":")}`],
      });
    }
  }
}

/** The file names of a job, in order (directory prefixes applied). */
export function jobFileNames(spec: JobSpec): string[] {
  const dirs = stringList(optionValue(spec, "directory"));
  const given = stringList(optionValue(spec, "filename"));
  const prefix = (dir: string | undefined, name: string) =>
    dir === undefined ? name : `${dir}/${name}`;
  if (given.length > 0) {
    let names = given;
    if (isSet(spec, "nrfiles") && !setBefore(spec, "nrfiles", "filename")) {
      names = names.slice(0, Math.max(1, numberOption(spec, "nrfiles", 1)));
    }
    const dir = dirs.length > 0 && setBefore(spec, "directory", "filename") ? dirs[0] : undefined;
    return names.map((n) => prefix(dir, n));
  }
  const nr = Math.max(1, numberOption(spec, "nrfiles", 1));
  const format = stringOption(spec, "filename_format", DEFAULT_FILENAME_FORMAT) ||
    DEFAULT_FILENAME_FORMAT;
  const dir = dirs.length > 0 ? dirs[spec.clone % dirs.length] : undefined;
  const out: string[] = [];
  for (let i = 0; i < nr; i++) {
    out.push(prefix(dir, formatFilename(format, spec.name, spec.clone, i)));
  }
  return out;
}

/**
 * Creates the missing parent directories of `path` (mode 0755 less umask),
 * like fio before it uses a file. Throws fio's message naming the first
 * directory that could not be made.
 */
export function createParentDirs(path: string): void {
  const slash = path.lastIndexOf("/");
  if (slash <= 0) return;
  const parts = path.slice(0, slash).split("/");
  let cur = path.startsWith("/") ? "" : ".";
  let first = true;
  for (const part of parts) {
    if (part === "") {
      if (first) cur = "";
      first = false;
      continue;
    }
    cur = first && !path.startsWith("/") ? part : `${cur}/${part}`;
    first = false;
    try {
      Deno.mkdirSync(cur, { mode: 0o755 });
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) continue;
      const code = errnoNumber((e as { code?: string }).code ?? "") ?? 2;
      throw new FileSetupError(`fio: failed to create dir (${cur}): ${errnoMessage(code)}`, {
        errno: code,
        func: "mkdir",
      });
    }
  }
}
