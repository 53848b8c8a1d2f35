/**
 * `filename=` and `directory=`: ':'-separated lists where '\:' stands for a
 * literal colon (so Windows-style or device paths with ':' can be given).
 *
 * Parsed value: the list of names, in order, empty items dropped. A single
 * name gives a one-element array.
 */

/** Splits a ':' list honouring '\:' escapes. */
export function splitColonList(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === ":") {
      cur += ":";
      i++;
    } else if (c === ":") {
      if (cur !== "") out.push(cur);
      cur = "";
    } else {
      cur += c;
    }
  }
  if (cur !== "") out.push(cur);
  return out;
}
