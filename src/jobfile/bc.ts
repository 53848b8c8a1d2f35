/**
 * The arithmetic fio 3.33 applies to job-file values that used a reserved
 * keyword (`size=8*$mb_memory`): fio pipes the substituted value through the
 * external `bc` program with its default `scale=0`. dfio does not spawn `bc`;
 * this module evaluates the same subset of bc's language with bc's rules:
 *
 * - `+ - * / % ^` and parentheses; unary minus binds tighter than `^`
 *   (`-2^2` is 4) and `^` is right associative.
 * - Decimal fixed-point numbers: `+`/`-` keep the larger scale, `*` keeps the
 *   larger operand scale, `/` truncates to an integer (scale 0), `%` is
 *   `a - trunc(a/b)*b`, `^` takes an integer exponent (a negative one
 *   gives an integer result).
 * - Upper-case letters are digits (`A` is 10 alone; inside longer numbers
 *   every digit above 9 counts as 9); lower-case names are variables worth 0.
 * - Output as bc prints it: `.5` without a leading zero, `0` for zero.
 *
 * Not covered: bc functions, assignments, relational operators, `++`/`--`
 * (treated as syntax errors) and bc's line wrapping past 70 digits.
 */

/** A fixed-point number: `v / 10^s`. */
interface Num {
  v: bigint;
  s: number;
}

/** Why an expression could not be evaluated (bc's own complaint). */
export class BcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BcError";
  }
}

const TEN = 10n;
/** Beyond this an exponent would only make a huge number nobody asked for. */
const MAX_EXPONENT = 100_000n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Re-expresses `a` with scale `s`, truncating toward zero when shrinking. */
function rescale(a: Num, s: number): Num {
  if (s === a.s) return a;
  if (s > a.s) return { v: a.v * pow10(s - a.s), s };
  return { v: a.v / pow10(a.s - s), s };
}

function add(a: Num, b: Num, sign: bigint): Num {
  const s = Math.max(a.s, b.s);
  return { v: rescale(a, s).v + sign * rescale(b, s).v, s };
}

function mul(a: Num, b: Num): Num {
  return rescale({ v: a.v * b.v, s: a.s + b.s }, Math.max(a.s, b.s));
}

function div(a: Num, b: Num): Num {
  if (b.v === 0n) throw new BcError("Divide by zero");
  // (A/10^sa) / (B/10^sb), truncated to an integer because scale is 0.
  return { v: (a.v * pow10(b.s)) / (b.v * pow10(a.s)), s: 0 };
}

function mod(a: Num, b: Num): Num {
  if (b.v === 0n) throw new BcError("Modulo by zero");
  const q = div(a, b);
  return add(a, mul(q, b), -1n);
}

function power(a: Num, e: Num): Num {
  // bc warns about a fractional exponent and uses its integer part.
  const n = e.v / pow10(e.s);
  if (n > MAX_EXPONENT || n < -MAX_EXPONENT) throw new BcError("exponent too large");
  if (n === 0n) return { v: 1n, s: 0 };
  if (n > 0n) {
    const exact: Num = { v: a.v ** n, s: a.s * Number(n) };
    return rescale(exact, Math.min(exact.s, a.s));
  }
  if (a.v === 0n) throw new BcError("Divide by zero");
  const m = -n;
  // 1 / a^m is computed at bc's global scale, which fio leaves at 0.
  return { v: pow10(a.s * Number(m)) / a.v ** m, s: 0 };
}

/** Formats a number the way bc prints it. */
export function formatBc(a: Num): string {
  if (a.v === 0n) return "0";
  const neg = a.v < 0n;
  const digits = (neg ? -a.v : a.v).toString();
  let text: string;
  if (a.s === 0) {
    text = digits;
  } else {
    const padded = digits.padStart(a.s + 1, "0");
    const int = padded.slice(0, padded.length - a.s);
    text = (int === "0" ? "" : int) + "." + padded.slice(padded.length - a.s);
  }
  return neg ? "-" + text : text;
}

type Token =
  | { kind: "num"; num: Num }
  | { kind: "var" }
  | { kind: "op"; op: string };

function digitValue(c: string, alone: boolean): number {
  if (c >= "0" && c <= "9") return c.charCodeAt(0) - 48;
  return alone ? c.charCodeAt(0) - 55 : 9;
}

function numberToken(text: string): Num {
  const dot = text.indexOf(".");
  const intPart = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? "" : text.slice(dot + 1);
  const alone = text.length === 1;
  let v = 0n;
  for (const c of intPart + frac) v = v * TEN + BigInt(digitValue(c, alone));
  return { v, s: frac.length };
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === " " || c === "\t") {
      i++;
    } else if (/[0-9A-Z.]/.test(c)) {
      let j = i;
      let dots = 0;
      while (j < expr.length && /[0-9A-Z.]/.test(expr[j])) {
        if (expr[j] === "." && ++dots > 1) break;
        j++;
      }
      const text = expr.slice(i, j);
      if (text === ".") throw new BcError("syntax error");
      tokens.push({ kind: "num", num: numberToken(text) });
      i = j;
    } else if (/[a-z]/.test(c)) {
      let j = i + 1;
      while (j < expr.length && /[a-z0-9_]/.test(expr[j])) j++;
      tokens.push({ kind: "var" });
      i = j;
    } else if ("+-*/%^()".includes(c)) {
      // bc reads ++ and -- as increment/decrement, which need a variable.
      if ((c === "+" || c === "-") && expr[i + 1] === c) throw new BcError("syntax error");
      tokens.push({ kind: "op", op: c });
      i++;
    } else {
      throw new BcError(`illegal character: ${c}`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Num {
    const value = this.sum();
    if (this.pos !== this.tokens.length) throw new BcError("syntax error");
    return value;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === "op" ? t.op : undefined;
  }

  private sum(): Num {
    let left = this.product();
    for (let op = this.peekOp(); op === "+" || op === "-"; op = this.peekOp()) {
      this.pos++;
      left = add(left, this.product(), op === "+" ? 1n : -1n);
    }
    return left;
  }

  private product(): Num {
    let left = this.power();
    for (let op = this.peekOp(); op === "*" || op === "/" || op === "%"; op = this.peekOp()) {
      this.pos++;
      const right = this.power();
      left = op === "*" ? mul(left, right) : op === "/" ? div(left, right) : mod(left, right);
    }
    return left;
  }

  private power(): Num {
    const base = this.unary();
    if (this.peekOp() !== "^") return base;
    this.pos++;
    return power(base, this.power());
  }

  private unary(): Num {
    if (this.peekOp() === "-") {
      this.pos++;
      const n = this.unary();
      return { v: -n.v, s: n.s };
    }
    return this.primary();
  }

  private primary(): Num {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new BcError("syntax error");
    if (t.kind === "num") return t.num;
    if (t.kind === "var") return { v: 0n, s: 0 };
    if (t.op !== "(") throw new BcError("syntax error");
    const inner = this.sum();
    if (this.peekOp() !== ")") throw new BcError("syntax error");
    this.pos++;
    return inner;
  }
}

/**
 * Evaluates `expr` as `echo expr | bc` would and returns bc's output.
 * Throws BcError where bc reports an error (and fio then fails the option).
 */
export function evalBc(expr: string): string {
  return formatBc(new Parser(tokenize(expr)).parse());
}
