/**
 * How value parsers report a rejected value. parse.ts turns a `ValueRejected`
 * into the FioError fio's messages call for (adding "fio: failed parsing").
 */

/** A value fio refuses. `lines` go to stderr before "fio: failed parsing". */
export class ValueRejected extends Error {
  /** Lines fio prints on stderr before its "failed parsing" line. */
  readonly lines: readonly string[];
  /** Lines fio prints on stdout (the list of valid values of an enum). */
  readonly stdout: readonly string[];
  /** Exit status when it is not fio's usual 1 (an assertion abort is 134). */
  readonly exitCode?: number;

  constructor(lines: readonly string[] = [], stdout: readonly string[] = [], exitCode?: number) {
    super(lines.join("\n") || "value rejected");
    this.name = "ValueRejected";
    this.lines = lines;
    this.stdout = stdout;
    this.exitCode = exitCode;
  }
}

/** Shorthand: reject with the given stderr lines. */
export function reject(...lines: string[]): never {
  throw new ValueRejected(lines);
}

/**
 * C's atoi: optional blanks and sign, then decimal digits; 0 when none.
 * Wrapped to a signed 32-bit int like C's int.
 */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return 0;
  return Number(BigInt.asIntN(32, BigInt(m[1])));
}

/**
 * C's strtod prefix: the longest leading decimal float (with exponent), or
 * undefined when none. `end` is where reading stopped.
 */
export function strtod(text: string): { value: number; end: number } | undefined {
  const m = /^[ \t\n\v\f\r]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
  if (!m) return undefined;
  return { value: parseFloat(m[0]), end: m[0].length };
}
