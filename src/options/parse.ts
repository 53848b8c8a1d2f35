/**
 * Parses one option value with the option table, the way fio 3.33 does
 * (every rule below was measured with `fio --debug=parse --parse-only`).
 *
 * ParsedValue shapes by type:
 * - `str`: the string as given. `enum`: the matched keyword (a string, also
 *   for numeric keywords such as kb_base's "1000").
 * - `int`: number (k/m/g suffixes and hex accepted: `iodepth=1k` is 1024).
 * - `size`: bytes as a number. `time`: microseconds as a number.
 *   Values fio keeps as unsigned 64-bit that are >= 2^63 (a negative input)
 *   come out negative; a `N%` in a plain size/int gives fio's marker -(N+1).
 * - `bool` / `set`: boolean (any nonzero number is true).
 * - per-direction options (`perDirection`): `[read, write, trim]`.
 * - `range`: `{ min, max }` (swapped when given reversed), per direction.
 * - `float_list`: number[].
 * - `deprecated`: null.
 * - special parsers: see the modules in ./values (`rw` -> `{rw, seqNr,
 *   seqAdd}`, `bssplit` -> per-direction lists of `{bs, perc}`, `filename`
 *   and `directory` -> string[], `size_or_percent` -> bytes | `{percent}` |
 *   `{zones}`, `cpumask`/`cpulist` -> CPU numbers, `pattern` -> `{bytes,
 *   offsets}`, `ignore_error` -> three errno lists, `random_distribution`,
 *   `file_service_type`, `steadystate` -> objects, `percentage_list` ->
 *   `[r, w, t]` numbers, `zone_size` -> bytes | `{percent}`).
 *
 * kb_base ordering (for whoever builds jobs): in a JOB FILE fio applies
 * kb_base (and unit_base, lockfile, cpus_allowed_policy) before every other
 * option of the same section, wherever it is written, and a section starts
 * from its [global], so `size=1k` then `kb_base=1000` gives 1000. On the
 * COMMAND LINE options are applied in order: `--size=1k --kb_base=1000`
 * gives 1024, `--kb_base=1000 --size=1k` gives 1000. unit_base does not
 * change how values are read (`rate=1k` is 1024 with any unit_base).
 *
 * Arithmetic: the Debian fio 3.33 reference is built without fio's
 * expression support, so `size=(1+2)` and `size=$(1+2)` are rejected here
 * too ("fio: failed parsing"). Job-file keyword math (`$ncpus*2`) is done
 * before values reach this module (see src/jobfile/bc.ts).
 *
 * Errors: a rejected value throws `OptionValueError` whose message is every
 * line fio prints on stderr, ending with "fio: failed parsing KEY=VALUE"
 * ("fio: failed parsing KEY" for a bare key), exit status 1. fio prints an
 * enum's list of valid values on STDOUT; those lines are in `stdout` (and
 * in `extra`). Messages fio prints for values it still accepts go to
 * `opts.warn`. Under `--parse-only` fio skips some checks done in a real
 * run (rw postfix, CPU numbers, errno names): pass `parseOnly`.
 */
import { FioError } from "../errors.ts";
import type { OptionDef, ParseContext, ParsedValue } from "./types.ts";
import { ValueRejected } from "./values/errors.ts";
import { matchKeyword, validValuesListing } from "./values/enum.ts";
import { parseScalarOption } from "./values/scalar.ts";
import { parseSpecial, specialKeywords } from "./values/special.ts";

/** Extra inputs of `parseOptionValue`. */
export interface ParseOptions {
  /** The option name as written (alias or canonical), for messages. */
  readonly key?: string;
  /** True under `--parse-only`, where fio skips some checks. */
  readonly parseOnly?: boolean;
  /** Receives lines fio prints on stderr for values it accepts anyway. */
  readonly warn?: (line: string) => void;
  /**
   * The option's value before this assignment (inherited from [global] or
   * set earlier). Directions a value leaves out (`bs=,8k`) keep it; when
   * absent they keep the parsed default.
   */
  readonly previous?: ParsedValue;
}

/** A value fio rejects. `stdout` holds lines fio prints on stdout. */
export class OptionValueError extends FioError {
  constructor(message: string, stdout: readonly string[], exitCode = 1) {
    super(message, { exitCode, stdout });
    this.name = "OptionValueError";
  }
}

/**
 * Parses `raw` (undefined for a bare key) for option `def`. Throws
 * `OptionValueError` when fio would reject the value.
 */
export function parseOptionValue(
  def: OptionDef,
  raw: string | undefined,
  ctx: ParseContext,
  opts: ParseOptions = {},
): ParsedValue {
  const key = opts.key ?? def.name;
  const failed = raw === undefined
    ? `fio: failed parsing ${key}`
    : `fio: failed parsing ${key}=${raw}`;
  try {
    return parseInner(def, raw, ctx, opts);
  } catch (e) {
    if (!(e instanceof ValueRejected)) throw e;
    if (e.exitCode !== undefined) {
      throw new OptionValueError(e.lines.join("\n"), e.stdout, e.exitCode);
    }
    throw new OptionValueError([...e.lines, failed].join("\n"), e.stdout);
  }
}

/** The keywords an option accepts: its table values, else the parser's own. */
function keywordsOf(def: OptionDef): string[] | undefined {
  // Only parsers that start with a keyword match here; the others (pattern,
  // ignore_error, sync_file_range, ...) read their whole value themselves.
  const builtIn = def.type === "special" && def.parser ? specialKeywords(def.parser) : undefined;
  if (def.type === "special" && !builtIn) return undefined;
  if (def.values && def.values.length > 0) return def.values.map((v) => v.name);
  return builtIn;
}

function rejectKeyword(def: OptionDef, names: readonly string[]): never {
  const values = def.values && def.values.length > 0
    ? def.values
    : names.map((name) => ({ name, help: "" }));
  throw new ValueRejected([], validValuesListing(values));
}

function parseInner(
  def: OptionDef,
  raw: string | undefined,
  ctx: ParseContext,
  opts: ParseOptions,
): ParsedValue {
  const warn = opts.warn ?? (() => {});
  switch (def.type) {
    case "deprecated":
      warn(`Option ${def.name} is deprecated`);
      return null;
    case "set":
      if (raw === undefined) return true;
      break;
    case "enum": {
      const names = keywordsOf(def) ?? [];
      const hit = raw === undefined ? undefined : matchKeyword(names, raw);
      if (hit === undefined) rejectKeyword(def, names);
      return hit;
    }
    case "str":
      if (raw === undefined && def.optionalValue) return "";
      if (raw === undefined) throw new ValueRejected([`Option ${def.name} requires an argument`]);
      return raw;
    case "special": {
      const names = keywordsOf(def);
      let keyword: string | undefined;
      if (names) {
        keyword = raw === undefined ? undefined : matchKeyword(names, raw);
        if (keyword === undefined) rejectKeyword(def, names);
      }
      return parseSpecial(def, raw, keyword, ctx, opts.parseOnly ?? false, warn, opts.previous);
    }
  }
  if (raw === undefined) throw new ValueRejected([`Option ${def.name} requires an argument`]);
  return parseScalarOption(def, raw, ctx, warn, opts.previous);
}

/**
 * The option's default parsed like a written value, or undefined when the
 * option has no default (or fio's default text is not a value, e.g. "none"
 * for an option that takes a size).
 */
export function parseDefault(def: OptionDef, ctx: ParseContext): ParsedValue | undefined {
  if (def.default === undefined) return undefined;
  try {
    return parseInner(def, def.default, ctx, { parseOnly: true, previous: null });
  } catch {
    return undefined;
  }
}
