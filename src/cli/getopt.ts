/**
 * glibc's getopt_long_only, as fio calls it: argv is scanned left to right,
 * non-options are set aside (GNU permutation) and come back as operands,
 * `--` ends the options, and a single-dash word is tried as a long option
 * first. The diagnostics are glibc's, word for word, because fio lets glibc
 * print them. The long option table may change between calls (fio adds an
 * engine's options once `--ioengine` names it).
 */

/** Whether an option takes a value. */
export type HasArg = "none" | "required" | "optional";

/** One long option as getopt sees it. */
export interface LongOption {
  /** Full name without dashes. */
  readonly name: string;
  /** Value rule. */
  readonly hasArg: HasArg;
}

/** One step of the scan. */
export type GetoptResult =
  | {
    readonly kind: "long";
    /** Index of the matched option in the table given to `next`. */
    readonly index: number;
    /** The value, if one was given (or taken from the next word). */
    readonly value?: string;
  }
  | {
    readonly kind: "short";
    /** The option letter. */
    readonly letter: string;
    /** The value, if any. */
    readonly value?: string;
  }
  | {
    readonly kind: "error";
    /** glibc's message (a complete line without newline). */
    readonly message: string;
    /**
     * The word fio reports as unrecognised: glibc's `argv[optind - 1]`
     * right after the error (the offending word in all but odd cases).
     */
    readonly word: string;
  };

function isNonOption(word: string): boolean {
  return word[0] !== "-" || word.length === 1;
}

/** An incremental getopt_long_only scanner over one argv. */
export class Getopt {
  private readonly argv: string[];
  private optind = 1;
  private nextchar = "";
  private firstNonopt = 1;
  private lastNonopt = 1;
  private done = false;

  /**
   * @param args the arguments after the program name
   * @param shortOptions option letter -> value rule (fio's optstring)
   * @param program name used in messages and as `argv[0]`
   */
  constructor(
    args: readonly string[],
    private readonly shortOptions: ReadonlyMap<string, HasArg>,
    private readonly program = "fio",
  ) {
    this.argv = [program, ...args];
  }

  /** Operands (job files) in order; complete once `next` returned null. */
  operands(): string[] {
    return this.done ? this.argv.slice(this.optind) : [];
  }

  /** Moves the skipped non-options after the options scanned since. */
  private exchange(): void {
    const { firstNonopt: first, lastNonopt: last, optind } = this;
    const nonopts = this.argv.slice(first, last);
    const opts = this.argv.slice(last, optind);
    this.argv.splice(first, optind - first, ...opts, ...nonopts);
    this.firstNonopt = first + opts.length;
    this.lastNonopt = optind;
  }

  private error(message: string): GetoptResult {
    return {
      kind: "error",
      message: `${this.program}: ${message}`,
      word: this.argv[this.optind - 1],
    };
  }

  /** The next option, or null when only operands remain. */
  next(longOptions: readonly LongOption[]): GetoptResult | null {
    if (this.done) return null;
    const argc = this.argv.length;
    if (this.nextchar === "") {
      if (this.lastNonopt > this.optind) this.lastNonopt = this.optind;
      if (this.firstNonopt > this.optind) this.firstNonopt = this.optind;
      if (this.firstNonopt !== this.lastNonopt && this.lastNonopt !== this.optind) {
        this.exchange();
      } else if (this.lastNonopt !== this.optind) {
        this.firstNonopt = this.optind;
      }
      while (this.optind < argc && isNonOption(this.argv[this.optind])) this.optind++;
      this.lastNonopt = this.optind;
      if (this.optind !== argc && this.argv[this.optind] === "--") {
        this.optind++;
        if (this.firstNonopt !== this.lastNonopt && this.lastNonopt !== this.optind) {
          this.exchange();
        } else if (this.firstNonopt === this.lastNonopt) {
          this.firstNonopt = this.optind;
        }
        this.lastNonopt = argc;
        this.optind = argc;
      }
      if (this.optind === argc) {
        if (this.firstNonopt !== this.lastNonopt) this.optind = this.firstNonopt;
        this.done = true;
        return null;
      }
      const word = this.argv[this.optind];
      if (word[1] === "-") {
        this.nextchar = word.slice(2);
        return this.longOption(longOptions, "--")!;
      }
      this.nextchar = word.slice(1);
      if (word.length > 2 || !this.shortOptions.has(word[1])) {
        const res = this.longOption(longOptions, "-");
        if (res) return res;
      }
    }
    return this.shortOption();
  }

  /** Long option at `nextchar`; null means "try it as short options". */
  private longOption(table: readonly LongOption[], prefix: string): GetoptResult | null {
    const text = this.nextchar;
    const eq = text.indexOf("=");
    const name = eq < 0 ? text : text.slice(0, eq);
    let index = table.findIndex((o) => o.name === name);
    if (index < 0) {
      const matches: number[] = [];
      table.forEach((o, i) => {
        if (o.name.startsWith(name)) matches.push(i);
      });
      if (matches.length > 1) {
        this.nextchar = "";
        this.optind++;
        const list = matches.map((i) => ` '${prefix}${table[i].name}'`).join("");
        return this.error(`option '${prefix}${text}' is ambiguous; possibilities:${list}`);
      }
      index = matches.length === 1 ? matches[0] : -1;
    }
    if (index < 0) {
      if (prefix === "--" || !this.shortOptions.has(text[0])) {
        this.nextchar = "";
        this.optind++;
        return this.error(`unrecognized option '${prefix}${text}'`);
      }
      return null;
    }
    const opt = table[index];
    this.optind++;
    this.nextchar = "";
    if (eq >= 0) {
      if (opt.hasArg === "none") {
        return this.error(`option '${prefix}${opt.name}' doesn't allow an argument`);
      }
      return { kind: "long", index, value: text.slice(eq + 1) };
    }
    if (opt.hasArg === "required") {
      if (this.optind >= this.argv.length) {
        return this.error(`option '${prefix}${opt.name}' requires an argument`);
      }
      return { kind: "long", index, value: this.argv[this.optind++] };
    }
    return { kind: "long", index };
  }

  private shortOption(): GetoptResult {
    const letter = this.nextchar[0];
    this.nextchar = this.nextchar.slice(1);
    const rule = letter === ":" ? undefined : this.shortOptions.get(letter);
    if (this.nextchar === "") this.optind++;
    if (rule === undefined) return this.error(`invalid option -- '${letter}'`);
    if (rule === "none") return { kind: "short", letter };
    if (this.nextchar !== "") {
      const value = this.nextchar;
      this.nextchar = "";
      this.optind++;
      return { kind: "short", letter, value };
    }
    if (rule === "optional") return { kind: "short", letter };
    if (this.optind >= this.argv.length) {
      return this.error(`option requires an argument -- '${letter}'`);
    }
    return { kind: "short", letter, value: this.argv[this.optind++] };
  }
}
