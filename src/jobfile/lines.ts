/**
 * Line-level rules of fio's job-file dialect, measured against fio 3.33:
 *
 * - A `;` or `#` anywhere in a line starts a comment, even inside quotes
 *   (`description="a;b"` is read as `description="a`).
 * - Only C whitespace (space, tab, CR, LF, VT, FF) is stripped from both ends,
 *   so CRLF files work and a UTF-8 byte order mark is kept (fio then rejects
 *   the first line, and so do we).
 * - A line starting with `[` and at least two characters long is a section
 *   header; the name is everything between its first and last character
 *   (`[j] foo` names the job `j] fo`, `[a` names it ``); names are case
 *   sensitive, so `[GLOBAL]` is an ordinary job.
 * - `include` is recognised by prefix: the file name is whatever follows the
 *   next character (`include\tx`, `include=x` and even `includex.fio`).
 */

/** Characters C's isspace() accepts; JS trim() would also strip U+FEFF and U+00A0. */
const SPACE = " \t\n\r\v\f";

/** Strips C whitespace from both ends. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && SPACE.includes(s[start])) start++;
  while (end > start && SPACE.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Removes a `;` or `#` comment and surrounding whitespace; "" means nothing to read. */
export function cleanLine(line: string): string {
  const semi = line.indexOf(";");
  const hash = line.indexOf("#");
  let cut = line.length;
  if (semi >= 0) cut = semi;
  if (hash >= 0 && hash < cut) cut = hash;
  return trimSpace(line.slice(0, cut));
}

/** Splits text into lines the way fgets() does: on LF only. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  // A final newline does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** True when a cleaned line ends the current section (starts with `[`). */
export function startsSection(clean: string): boolean {
  return clean.startsWith("[");
}

/** Section name of a cleaned header line, or undefined when it is too short to be one. */
export function headerName(clean: string): string | undefined {
  if (clean.length < 2 || clean[0] !== "[") return undefined;
  return clean.slice(1, -1);
}

/** File name of an `include` line, or undefined when the line is not one. */
export function includeTarget(clean: string): string | undefined {
  if (!clean.startsWith("include")) return undefined;
  return clean.slice("include".length + 1);
}

/**
 * Splits `key[=value]` at the first `=`; key and value are trimmed. (fio keeps
 * the spaces after `=` in string values, e.g. in the JSON "job options"; the
 * SectionEntry contract trims them and `raw` keeps the text as written.)
 */
export function splitOption(text: string): { key: string; value?: string } {
  const eq = text.indexOf("=");
  if (eq < 0) return { key: trimSpace(text) };
  return { key: trimSpace(text.slice(0, eq)), value: trimSpace(text.slice(eq + 1)) };
}
