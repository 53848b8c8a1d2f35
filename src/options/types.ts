/**
 * The shape of one entry in dfio's option table. Every job option (and every
 * engine option) of fio 3.33 is one `OptionDef`; parsing, defaults,
 * `--cmdhelp`, `--showcmd` and the JSON "job options" all read these.
 */

/** HOWTO section an option is documented under; `--cmdhelp=all` groups by it. */
export type Category =
  | "Job description"
  | "Time related parameters"
  | "Target file/device"
  | "I/O type"
  | "Block size"
  | "Buffers and memory"
  | "I/O size"
  | "I/O engine"
  | "I/O engine specific parameters"
  | "I/O depth"
  | "I/O rate"
  | "I/O latency"
  | "I/O replay"
  | "Threads, processes and job synchronization"
  | "Verification"
  | "Steady state"
  | "Measurements and reporting"
  | "Error handling"
  | "Profile options";

/**
 * How a value is read. The generic kinds cover most options; options with a
 * syntax of their own name a `SpecialParser` instead (type "special").
 *
 * - `str`: stored as given (after fio's whitespace trimming).
 * - `enum`: one of `values` (case-sensitive, as in fio).
 * - `int`: integer; accepts fio's k/m/g suffixes and `$(expr)` like fio's
 *   str_to_decimal does.
 * - `size`: byte count with k/m/g/t/p suffixes under kb_base/unit_base.
 * - `time`: duration with us/ms/s/m/h/d suffixes; bare numbers are in
 *   `timeUnit` (default seconds). Parsed to microseconds.
 * - `bool`: 0/1 (fio also takes a bare key as 1 for some).
 * - `set`: fio's "empty or boolean": a bare key means 1.
 * - `range`: `min-max` (or `min:max`) sizes, per direction.
 * - `float_list`: `:`-separated floats.
 * - `special`: see `parser`.
 * - `deprecated`: accepted and ignored with fio's deprecation warning.
 */
export type OptionType =
  | "str"
  | "enum"
  | "int"
  | "size"
  | "time"
  | "bool"
  | "set"
  | "range"
  | "float_list"
  | "special"
  | "deprecated";

/** Names of the value parsers for options with a syntax of their own. */
export type SpecialParser =
  | "rw" // rw=randread:8, rw=read:-4k
  | "bssplit" // 4k/50:8k/50, per direction with ','
  | "filename" // ':'-separated list with '\:' escapes
  | "directory" // ':'-separated list
  | "size_or_percent" // size=10g or size=50% (also offset, filesize-like)
  | "size_range" // filesize=4k or 1k-4k / 1k:4k (one size or a min-max pair)
  | "time_range" // startdelay=10s or 2s-10s (a time, or a range to pick from)
  | "mem" // mem=malloc, mem=mmap:/path/file, mem=mmaphuge:/hugetlbfs/file
  | "sync_file_range" // wait_before,write,wait_after flags then :N (every N writes)
  | "cpumask" // integer bit mask
  | "cpulist" // cpus_allowed=0-3,5
  | "ignore_error" // per-direction lists of errno names/numbers
  | "random_distribution" // random, zipf:1.2, pareto:0.3, normal:5, zoned:..., zoned_abs:...
  | "file_service_type" // random, roundrobin, sequential, zipf:1.2, ..., with :N
  | "pattern" // buffer_pattern / verify_pattern: hex, decimal, "str", %o, *N
  | "cmdprio_bssplit" // per direction bssplit with priority fields
  | "steadystate" // iops:10%, bw_slope:0.1, ...
  | "thinktime_blocks_type" // "complete" | "issue"
  | "ioengine" // engine name as fio lists it, external:/path/x.so, or a .so path
  | "deprecated_fatal" // always fails: "Option NAME is deprecated" + failed parsing
  | "percentage_list" // per-direction integer percentages
  | "zone_size"; // zone sizes that may be given as % of the device

/** One accepted value of an `enum` option. */
export interface EnumValue {
  /** The value as written in a job file. */
  readonly name: string;
  /** One line in our own words for `--cmdhelp`. */
  readonly help: string;
}

/** Units a bare number of a `time` option is taken in. */
export type TimeUnit = "us" | "ms" | "s";

/** One option of the table. Plain data: no functions. */
export interface OptionDef {
  /** Canonical name, as fio spells it. */
  readonly name: string;
  /** Other names fio accepts for it. */
  readonly aliases?: readonly string[];
  /** How the value is read. */
  readonly type: OptionType;
  /** For `type: "special"`: which parser reads the value. */
  readonly parser?: SpecialParser;
  /** One line in our own words (never fio's text). */
  readonly help: string;
  /** HOWTO section. */
  readonly category: Category;
  /**
   * Default as fio shows it in `--cmdhelp` (a string to be parsed by the
   * same parser), or undefined when fio has none.
   */
  readonly default?: string;
  /** Smallest accepted value (in the parsed unit: bytes, us, count). */
  readonly min?: number;
  /** Largest accepted value. */
  readonly max?: number;
  /** Value may be given per direction as `read,write,trim`. */
  readonly perDirection?: boolean;
  /** Accepted values of an `enum` (or the keywords of a special parser). */
  readonly values?: readonly EnumValue[];
  /** For `time`: the unit of a bare number (fio's per-option default). */
  readonly timeUnit?: TimeUnit;
  /**
   * For engine options: the ioengines that provide this option. Such an
   * option is valid only after `ioengine=` names one of them.
   */
  readonly engines?: readonly string[];
  /**
   * A bare key is accepted although the option takes a value (fio's log
   * options: `write_bw_log` alone uses the job name as prefix). Parses to "".
   */
  readonly optionalValue?: boolean;
  /**
   * fio accepts the option but leaves it out of `--cmdhelp=all` (deprecated
   * or undocumented); `--cmdhelp=NAME` still shows it.
   */
  readonly hidden?: boolean;
  /** fio's parent option (cmdhelp=all indents children under it). */
  readonly parent?: string;
  /**
   * Whether dfio implements the behaviour. An option that parses but is not
   * implemented makes a run (not `--parse-only`) fail with
   * `fio: option 'NAME' is not supported yet`.
   */
  readonly implemented: boolean;
}

/**
 * A parsed value. Plain, structured-clone-able data so a JobSpec can be
 * posted to a Worker as is.
 *
 * Conventions: sizes are byte counts (number), times are microseconds,
 * booleans are `true`/`false`, per-direction options are a 3-element array
 * `[read, write, trim]`, ranges are `{ min, max }`.
 */
export type ParsedValue =
  | boolean
  | number
  | string
  | null
  | readonly ParsedValue[]
  | { readonly [key: string]: ParsedValue };

/** Settings that change how values are read (fio parses these first). */
export interface ParseContext {
  /** 1024 (default) or 1000: what `k` means in sizes. */
  readonly kbBase: 1024 | 1000;
  /** 0 (auto), 1 (bits) or 8 (bytes): unit of rate values. */
  readonly unitBase: 0 | 1 | 8;
}

/** The context fio starts from. */
export const DEFAULT_PARSE_CONTEXT: ParseContext = { kbBase: 1024, unitBase: 0 };
