/**
 * Keyword matching as fio 3.33 does it for its string-choice options:
 * case-sensitive, and the keyword must equal the value up to the first ','
 * (or, when there is none, the first ':'). So `rw=read,write` and
 * `rw=randread:8` match, `rw=READ`, `rw=readx` and `rw=write:1,2` do not.
 * What follows ':' is left to the option (rw's `:N`, zipf's theta, ...).
 */
import type { EnumValue } from "../types.ts";

/** The head of `text` a keyword must equal. */
export function keywordHead(text: string): string {
  const comma = text.indexOf(",");
  if (comma >= 0) return text.slice(0, comma);
  const colon = text.indexOf(":");
  return colon >= 0 ? text.slice(0, colon) : text;
}

/** The keyword of `names` that `text` selects, if any. */
export function matchKeyword(names: readonly string[], text: string): string | undefined {
  const head = keywordHead(text);
  return names.find((n) => n === head);
}

/**
 * fio's listing of accepted values, printed (on stdout) when a value is
 * rejected: a "valid values:" line, one continuation line per value, then
 * an empty line. Help texts are dfio's own words.
 */
export function validValuesListing(values: readonly EnumValue[]): string[] {
  const lines = values.map((v, i) =>
    `${i === 0 ? "        valid values:" : "                    :"} ${v.name.padEnd(10)} ${v.help}`
  );
  lines.push("");
  return lines;
}
