/**
 * Substitutions fio 3.33 makes in job-file option lines (never in section
 * names, include paths, or on the command line):
 *
 * 1. `${NAME}` becomes the environment variable NAME, over the whole
 *    `key=value` text, before it is split at `=`. Unset or empty gives "".
 *    NAME is everything up to the next `}`, so `${ A }` and `${A:-x}` look up
 *    odd names and give "". An unterminated `${` stays as written; the result
 *    is not rescanned. `$NAME` without braces is left alone.
 * 2. In the value, `$pagesize`, `$mb_memory` and `$ncpus` become the machine's
 *    values, matched as prefixes (`$pagesizex` gives `4096x`). If one was
 *    replaced and the value then holds `+ - * /`, the whole value is replaced
 *    by what bc prints for it (see bc.ts); a bc error fails the option.
 *
 * `$(...)` is not touched here: fio hands it to the option value parser.
 */

import { BcError, evalBc } from "./bc.ts";
import type { KeywordValues } from "./keywords.ts";

/** Where `${NAME}` values come from; `Deno.env` and a `Map` both fit. */
export interface EnvLookup {
  /** The variable's value, or undefined when unset. */
  get(name: string): string | undefined;
}

function lookup(env: EnvLookup, name: string): string {
  try {
    return env.get(name) ?? "";
  } catch {
    // Deno.env.get throws on names it cannot hold (empty, `=`, NUL); fio finds nothing.
    return "";
  }
}

/** Replaces every `${NAME}` in `value` with NAME's value from `env` (unset: ""). */
export function expandEnv(value: string, env: EnvLookup): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = value.indexOf("${", from);
    if (open < 0) break;
    const close = value.indexOf("}", open + 2);
    if (close < 0) break;
    out += value.slice(from, open) + lookup(env, value.slice(open + 2, close));
    from = close + 1;
  }
  return out + value.slice(from);
}

const KEYWORDS: readonly (keyof KeywordValues)[] = ["pagesize", "mb_memory", "ncpus"];

/** Outcome of keyword substitution: the new value, or bc's complaint. */
export type KeywordResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Replaces fio's reserved keywords in an option value and, when fio would,
 * evaluates the result as bc does. `values` is called only if a keyword occurs.
 */
export function expandKeywords(value: string, values: () => KeywordValues): KeywordResult {
  if (!value.includes("$")) return { ok: true, value };
  let out = "";
  let replaced = false;
  let i = 0;
  while (i < value.length) {
    const word = value[i] === "$" ? KEYWORDS.find((k) => value.startsWith(k, i + 1)) : undefined;
    if (word === undefined) {
      out += value[i++];
      continue;
    }
    out += String(values()[word]);
    i += word.length + 1;
    replaced = true;
  }
  if (!replaced || !/[+\-*/]/.test(out)) return { ok: true, value: out };
  try {
    return { ok: true, value: evalBc(out) };
  } catch (e) {
    if (e instanceof BcError) return { ok: false, reason: e.message };
    throw e;
  }
}
