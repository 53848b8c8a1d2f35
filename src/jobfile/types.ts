/** One `key[=value]` line of a job section, as written (after expansion). */
export interface SectionEntry {
  /** Option name as written (may be an alias or an unknown name). */
  readonly key: string;
  /** Value after `=`, trimmed; undefined for a bare key such as `time_based`. */
  readonly value?: string;
  /** File the line came from (undefined for the command line). */
  readonly file?: string;
  /** 1-based line number in `file`. */
  readonly line?: number;
  /**
   * The option text as written in the job file, before any expansion, with
   * comments and surrounding whitespace removed (e.g. `bs  =  ${FIO_BS}`).
   * fio quotes this form in `failed parsing ...` and `Bad option <...>`;
   * undefined for the command line.
   */
  readonly raw?: string;
}

/** A `[name]` section (or `[global]`), or the equivalent from the command line. */
export interface Section {
  /** Section name; `global` for global sections. */
  readonly name: string;
  /** Entries in the order written. */
  readonly entries: readonly SectionEntry[];
  /** File the section came from (undefined for the command line). */
  readonly file?: string;
  /** 1-based line of the `[name]` header. */
  readonly line?: number;
}

/** One ordered source of jobs: the command line or one job file. */
export interface JobSource {
  /** Where the sections came from. */
  readonly kind: "cmdline" | "file";
  /** Path of the job file (`-` for stdin); undefined for the command line. */
  readonly path?: string;
  /** Sections in order, `[global]` ones included. */
  readonly sections: readonly Section[];
}
