import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "I/O type", implemented: isImplemented(d.name), ...d };
}

/** Boolean with fio's 0/1 default. */
function flag(name: string, help: string, on: boolean, parent?: string): OptionDef {
  const d: Entry = { name, type: "bool", help, default: on ? "1" : "0" };
  return entry(parent === undefined ? d : { ...d, parent });
}

/** Options of the HOWTO section "I/O type". */
export const ioTypeOptions: readonly OptionDef[] = [
  flag("direct", "Open files with O_DIRECT, bypassing the page cache", false),
  flag("atomic", "Ask for atomic direct writes (implies direct)", false),
  flag("buffered", "Go through the page cache (the opposite of direct)", true),
  entry({
    name: "rw",
    aliases: ["readwrite"],
    type: "special",
    parser: "rw",
    help: "Kind of I/O; ':N' adds an offset step (sequential) or a run length (random)",
    default: "read",
    values: [
      { name: "read", help: "Sequential reads" },
      { name: "write", help: "Sequential writes" },
      { name: "trim", help: "Sequential trims" },
      { name: "randread", help: "Random reads" },
      { name: "randwrite", help: "Random writes" },
      { name: "randtrim", help: "Random trims" },
      { name: "rw", help: "Sequential mix of reads and writes" },
      { name: "readwrite", help: "Same as rw" },
      { name: "randrw", help: "Random mix of reads and writes" },
      { name: "trimwrite", help: "Sequential trim of each block followed by a write to it" },
      { name: "randtrimwrite", help: "Random trim of each block followed by a write to it" },
    ],
  }),
  entry({
    name: "rw_sequencer",
    type: "enum",
    help: "What the ':N' of rw means for the next offset",
    default: "sequential",
    values: [
      { name: "sequential", help: "Pick a new offset every N I/Os" },
      { name: "identical", help: "Repeat the same offset N times" },
    ],
  }),
  entry({
    name: "unified_rw_reporting",
    type: "enum",
    help: "Report reads, writes and trims separately, merged, or both",
    default: "none",
    values: [
      { name: "none", help: "One set of figures per direction" },
      { name: "mixed", help: "All directions summed into one set of figures" },
      { name: "both", help: "Per direction figures, then the summed ones" },
      { name: "0", help: "Same as none" },
      { name: "1", help: "Same as mixed" },
      { name: "2", help: "Same as both" },
    ],
  }),
  flag("randrepeat", "Seed the offset generator the same way on every run", true, "rw"),
  flag("allrandrepeat", "Seed every random generator the same way on every run", false),
  entry({
    name: "randseed",
    type: "int",
    help: "Base value all random seeds are derived from",
    default: "0x89",
    parent: "rw",
  }),
  entry({
    name: "fallocate",
    type: "enum",
    help: "How space is reserved when laying out files",
    default: "native",
    values: [
      { name: "none", help: "Reserve nothing" },
      { name: "native", help: "Use the platform's allocation call, if there is one" },
      { name: "posix", help: "Use posix_fallocate(3)" },
      { name: "keep", help: "Use fallocate(2) keeping the file size unchanged" },
      { name: "truncate", help: "Only set the file length with ftruncate(2)" },
      { name: "0", help: "Same as none" },
      { name: "1", help: "Same as posix" },
    ],
  }),
  entry({
    name: "fadvise_hint",
    type: "enum",
    help: "Tell the kernel the expected access pattern with fadvise",
    default: "1",
    values: [
      { name: "0", help: "Give no hint" },
      { name: "1", help: "Hint from the job's own pattern" },
      { name: "random", help: "Always hint random access" },
      { name: "sequential", help: "Always hint sequential access" },
    ],
  }),
  entry({
    name: "write_hint",
    type: "enum",
    help: "Expected lifetime of written data, passed to the kernel",
    values: [
      { name: "none", help: "No expectation" },
      { name: "short", help: "Data is overwritten soon" },
      { name: "medium", help: "Data lives a moderate time" },
      { name: "long", help: "Data lives long" },
      { name: "extreme", help: "Data is practically never overwritten" },
    ],
  }),
  entry({
    name: "offset",
    aliases: ["fileoffset"],
    type: "special",
    parser: "size_or_percent",
    help: "Where in each file I/O starts (bytes, % of the file, or zones with z)",
    default: "0",
  }),
  entry({
    name: "offset_align",
    type: "size",
    help: "Round a percentage offset down to this alignment",
    default: "0",
    min: 0,
  }),
  entry({
    name: "offset_increment",
    type: "special",
    parser: "size_or_percent",
    help: "Extra start offset per job number (bytes, % of the file, or zones)",
    default: "0",
    parent: "offset",
  }),
  entry({
    name: "number_ios",
    type: "int",
    help: "Stop after this many I/Os, whatever the size",
    default: "0",
  }),
  entry({
    name: "fsync",
    type: "int",
    help: "fsync the file after every N writes (0: never)",
    default: "0",
    min: 0,
  }),
  entry({
    name: "fdatasync",
    type: "int",
    help: "fdatasync the file after every N writes (0: never)",
    default: "0",
    min: 0,
  }),
  entry({
    name: "write_barrier",
    type: "int",
    help: "Send every Nth write as a barrier write (0: never)",
    default: "0",
    min: 0,
  }),
  entry({
    name: "sync_file_range",
    type: "special",
    parser: "sync_file_range",
    help: "Call sync_file_range with these flags after every N writes",
    values: [
      { name: "wait_before", help: "Wait for earlier writeback first" },
      { name: "write", help: "Start writeback of dirty pages" },
      { name: "wait_after", help: "Wait for the writeback to finish" },
    ],
  }),
  flag("overwrite", "Lay out the file first so that writes replace existing data", false),
  flag("end_fsync", "fsync the file when the job ends", false),
  flag("fsync_on_close", "fsync the file each time it is closed", false),
  entry({
    name: "rwmixread",
    type: "int",
    help: "Share of reads in a mixed workload, in percent",
    default: "50",
    min: 0,
    max: 100,
  }),
  entry({
    name: "rwmixwrite",
    type: "int",
    help: "Share of writes in a mixed workload, in percent",
    default: "50",
    min: 0,
    max: 100,
  }),
  entry({
    name: "random_distribution",
    type: "special",
    parser: "random_distribution",
    help: "How random offsets are spread over the file",
    default: "random",
    values: [
      { name: "random", help: "Uniform over the whole file" },
      { name: "zipf", help: "Zipf skew, zipf:theta" },
      { name: "pareto", help: "Pareto skew, pareto:h" },
      { name: "normal", help: "Gaussian around the middle, normal:deviation%" },
      { name: "zoned", help: "Access percentages over size percentages of the file" },
      { name: "zoned_abs", help: "Access percentages over absolute byte ranges" },
    ],
  }),
  entry({
    name: "percentage_random",
    type: "int",
    help: "Share of random (rather than sequential) I/O, in percent",
    default: "100,100,100",
    min: 0,
    max: 100,
    perDirection: true,
  }),
  entry({
    name: "norandommap",
    type: "set",
    help: "Do not track written blocks; random offsets may repeat",
    parent: "rw",
  }),
  {
    ...flag(
      "softrandommap",
      "Carry on without a block map if one cannot be allocated",
      false,
      "norandommap",
    ),
    hidden: true,
  },
  entry({
    name: "random_generator",
    type: "enum",
    help: "Generator for random offsets",
    default: "tausworthe",
    values: [
      { name: "tausworthe", help: "32-bit Tausworthe generator" },
      { name: "lfsr", help: "Linear feedback shift register: each block once" },
      { name: "tausworthe64", help: "64-bit Tausworthe generator" },
    ],
  }),
];
