/**
 * Integer arithmetic for job-file keyword math. fio 3.33 (the Debian build
 * used as reference) has no built-in expression support in values:
 * `size=(1+2)` and `size=$(1+2)` fail to parse. What it does do: after a job
 * file value had a keyword replaced (`$pagesize`, `$mb_memory`, `$ncpus`),
 * a value containing + - * or / is handed to `bc`, so `size=$pagesize*2`
 * is 8192 and `numjobs=$ncpus/2` is 1 on 2 CPUs, while `size=4*2` (no
 * keyword) stays "4*2" (read as 4). This module evaluates such text the way
 * bc does with scale=0: + - * / % ^, unary minus, parentheses, integer
 * division truncating toward zero.
 */

type Tok = { kind: "num"; value: bigint } | { kind: "op"; op: string };

function tokenize(text: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t") {
      i++;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9]/.test(text[j])) j++;
      out.push({ kind: "num", value: BigInt(text.slice(i, j)) });
      i = j;
    } else if ("+-*/%^()".includes(c)) {
      out.push({ kind: "op", op: c });
      i++;
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * Evaluates an integer expression like bc (scale=0). Undefined when the
 * text is not a valid expression or divides by zero.
 */
export function evaluateIntegerExpression(text: string): bigint | undefined {
  const toks = tokenize(text);
  if (!toks || toks.length === 0) return undefined;
  let pos = 0;
  const peek = (): Tok | undefined => toks[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === "op" && t.op === op;
  };
  const fail = (): never => {
    throw new RangeError("bad expression");
  };
  const primary = (): bigint => {
    const t = peek();
    if (!t) return fail();
    if (t.kind === "num") {
      pos++;
      return t.value;
    }
    if (t.op === "(") {
      pos++;
      const v = sum();
      if (!isOp(")")) fail();
      pos++;
      return v;
    }
    if (t.op === "-") {
      pos++;
      return -primary();
    }
    return fail();
  };
  // bc's ^ is right-associative; unary minus binds tighter (-2^2 is 4).
  const power = (): bigint => {
    const base = primary();
    if (isOp("^")) {
      pos++;
      const exp = power();
      if (exp < 0n) return exp === -1n && (base === 1n || base === -1n) ? base : 0n;
      return base ** exp;
    }
    return base;
  };
  const product = (): bigint => {
    let v = power();
    while (isOp("*") || isOp("/") || isOp("%")) {
      const op = (peek() as { op: string }).op;
      pos++;
      const r = power();
      if (op === "*") v *= r;
      else if (r === 0n) fail();
      else v = op === "/" ? v / r : v % r;
    }
    return v;
  };
  const sum = (): bigint => {
    let v = product();
    while (isOp("+") || isOp("-")) {
      const op = (peek() as { op: string }).op;
      pos++;
      const r = product();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  };
  try {
    const v = sum();
    return pos === toks.length ? v : undefined;
  } catch {
    return undefined;
  }
}
