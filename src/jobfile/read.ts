/**
 * Reads fio job files into sections. Line rules are in lines.ts,
 * substitutions in expand.ts, include lookup in include.ts. Errors mirror
 * fio 3.33's wording; where fio names no place, dfio adds `file:line`.
 */

import { FioError } from "../errors.ts";
import type { Section, SectionEntry } from "./types.ts";
import { type EnvLookup, expandEnv, expandKeywords } from "./expand.ts";
import { type KeywordValues, machineKeywords } from "./keywords.ts";
import {
  fileKey,
  includeLoop,
  includeTooDeep,
  MAX_INCLUDE_DEPTH,
  readInclude,
  type ReadText,
  unableToOpen,
} from "./include.ts";
import {
  cleanLine,
  headerName,
  includeTarget,
  splitLines,
  splitOption,
  startsSection,
} from "./lines.ts";

export { expandEnv } from "./expand.ts";
export type { EnvLookup } from "./expand.ts";
export type { KeywordValues } from "./keywords.ts";
export type { ReadText } from "./include.ts";

/** Where the reader gets its inputs; every field has a real-system default. */
export interface JobFileOptions {
  /** `${NAME}` values; defaults to `Deno.env`. */
  readonly env?: EnvLookup;
  /**
   * Returns a file's text (`-` is stdin). Must throw `Deno.errors.NotFound`
   * for a missing path so `include` can try the including file's directory.
   * Defaults to reading the file; a directory reads as empty, as in fio.
   */
  readonly readText?: ReadText;
  /** Values for `$pagesize`, `$mb_memory`, `$ncpus`; defaults to this machine's. */
  readonly keywords?: KeywordValues;
}

/** Keeps U+FEFF: fio does not skip a byte order mark. */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function readStdin(): Uint8Array {
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(65536);
  for (;;) {
    const n = Deno.stdin.readSync(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
  }
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** Default ReadText: the file's UTF-8 text, stdin for `-`, "" for a directory. */
export function readTextDefault(path: string): string {
  if (path === "-") return decoder.decode(readStdin());
  try {
    return decoder.decode(Deno.readFileSync(path));
  } catch (e) {
    // fio opens a directory fine and then reads nothing from it.
    if (e instanceof Deno.errors.IsADirectory) return "";
    throw e;
  }
}

interface DraftSection {
  name: string;
  entries: SectionEntry[];
  file: string;
  line: number;
}

interface Context {
  readonly env: EnvLookup;
  readonly readText: ReadText;
  readonly keywords: () => KeywordValues;
  readonly sections: DraftSection[];
  /** Files being read, outermost first (see fileKey). */
  readonly stack: string[];
  current?: DraftSection;
}

function outsideSection(raw: string): FioError {
  return new FioError(`fio: option <${raw}> outside of [] job section`);
}

function entryFor(raw: string, file: string, line: number, ctx: Context): SectionEntry {
  const { key, value } = splitOption(expandEnv(raw, ctx.env));
  if (value === undefined) return { key, file, line, raw };
  const result = expandKeywords(value, ctx.keywords);
  if (!result.ok) {
    throw new FioError(`fio: failed parsing ${raw}`, {
      extra: [`fio: job ${ctx.current?.name} dropped`],
    });
  }
  return { key, value: result.value, file, line, raw };
}

function parseInto(text: string, file: string, ctx: Context, included: boolean): void {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = cleanLine(lines[i]);
    if (raw === "") continue;
    const lineNo = i + 1;
    if (startsSection(raw)) {
      if (included) {
        throw new FioError(`fio: No new sections in included files (${file}:${lineNo}: ${raw})`);
      }
      const name = headerName(raw);
      if (name === undefined) throw outsideSection(raw);
      ctx.current = { name, entries: [], file, line: lineNo };
      ctx.sections.push(ctx.current);
      continue;
    }
    if (ctx.current === undefined) throw outsideSection(raw);
    const target = includeTarget(raw);
    if (target === undefined) {
      ctx.current.entries.push(entryFor(raw, file, lineNo, ctx));
      continue;
    }
    const inc = readInclude(target, file, ctx.readText);
    const key = fileKey(inc.path);
    if (ctx.stack.includes(key)) throw includeLoop(file, lineNo, inc.path);
    if (ctx.stack.length > MAX_INCLUDE_DEPTH) throw includeTooDeep(file, lineNo);
    ctx.stack.push(key);
    parseInto(inc.text, inc.path, ctx, true);
    ctx.stack.pop();
  }
}

/**
 * Turns job-file text into its sections, in order, `[global]` ones included.
 * `file` names the text in entries and errors and anchors relative includes.
 * Throws FioError with fio's message for anything fio rejects while reading.
 */
export function parseJobText(text: string, file: string, opts: JobFileOptions = {}): Section[] {
  let keywordValues = opts.keywords;
  const ctx: Context = {
    env: opts.env ?? Deno.env,
    readText: opts.readText ?? readTextDefault,
    keywords: () => (keywordValues ??= machineKeywords()),
    sections: [],
    stack: [fileKey(file)],
  };
  parseInto(text, file, ctx, false);
  return ctx.sections;
}

/** Reads the job file at `path` (`-` for stdin) into sections; see parseJobText. */
export function readJobFile(path: string, opts: JobFileOptions = {}): Section[] {
  const readText = opts.readText ?? readTextDefault;
  let text: string;
  try {
    text = readText(path);
  } catch {
    throw unableToOpen(path);
  }
  return parseJobText(text, path, opts);
}
