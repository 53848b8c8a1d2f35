import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "Buffers and memory", implemented: isImplemented(d.name), ...d };
}

/** A whole-number percentage. */
function percent(name: string, help: string, extra: Partial<Entry> = {}): OptionDef {
  return entry({ name, type: "int", help, min: 0, max: 100, ...extra });
}

/** Options of the HOWTO section "Buffers and memory". */
export const bufferOptions: readonly OptionDef[] = [
  entry({ name: "zero_buffers", type: "set", help: "Fill I/O buffers with zeroes" }),
  entry({
    name: "refill_buffers",
    type: "set",
    help: "Write fresh buffer contents before every write",
  }),
  entry({
    name: "scramble_buffers",
    type: "bool",
    help: "Change a little of each buffer before every write to defeat dedupe",
    default: "1",
  }),
  percent("buffer_compress_percentage", "How compressible write data should be, in percent"),
  entry({
    name: "buffer_compress_chunk",
    type: "size",
    help: "Size of the compressible and random pieces of a buffer",
    default: "512",
    min: 0,
    parent: "buffer_compress_percentage",
  }),
  entry({
    name: "buffer_pattern",
    type: "special",
    parser: "pattern",
    help: "Bytes to fill write buffers with (hex, number, quoted text, or a mix)",
  }),
  percent("dedupe_percentage", "Share of writes that repeat earlier data, in percent"),
  entry({
    name: "dedupe_mode",
    type: "enum",
    help: "Where the repeated data of dedupe_percentage comes from",
    default: "repeat",
    parent: "dedupe_percentage",
    values: [
      { name: "repeat", help: "Reuse an earlier buffer of this job" },
      {
        name: "working_set",
        help: "Reuse a random buffer from a set sized by dedupe_working_set_percentage",
      },
    ],
  }),
  percent(
    "dedupe_working_set_percentage",
    "Size of the dedupe working set, in percent of the file size",
    { default: "5", parent: "dedupe_percentage" },
  ),
  entry({
    name: "dedupe_global",
    type: "bool",
    help: "Let jobs dedupe against each other's data",
    default: "0",
  }),
  entry({
    name: "invalidate",
    type: "bool",
    help: "Drop the file's page cache before the job starts",
    default: "1",
  }),
  entry({
    name: "sync",
    type: "enum",
    help: "Open files for synchronous writes",
    default: "none",
    values: [
      { name: "none", help: "Ordinary buffered writes" },
      { name: "0", help: "Same as none" },
      { name: "sync", help: "O_SYNC: data and metadata reach storage on each write" },
      { name: "1", help: "Same as sync" },
      { name: "dsync", help: "O_DSYNC: data reaches storage on each write" },
    ],
  }),
  entry({
    name: "mem",
    aliases: ["iomem"],
    type: "special",
    parser: "mem",
    help: "Where I/O buffers come from (mmap kinds may name a backing file after ':')",
    default: "malloc",
    values: [
      { name: "malloc", help: "Ordinary heap memory" },
      { name: "shm", help: "A System V shared memory segment" },
      { name: "shmhuge", help: "Shared memory backed by huge pages" },
      { name: "mmap", help: "Anonymous mapping, or a mapped file given as mmap:/path" },
      { name: "mmapshared", help: "Shared mapping, or a shared mapped file" },
      { name: "mmaphuge", help: "Huge page mapping of a hugetlbfs file, mmaphuge:/path" },
    ],
  }),
  entry({
    name: "iomem_align",
    hidden: true,
    aliases: ["mem_align"],
    type: "size",
    help: "Alignment of I/O buffers in memory",
    default: "0",
    min: 0,
    parent: "mem",
  }),
  entry({
    name: "hugepage-size",
    type: "size",
    help: "Huge page size used to round shmhuge and mmaphuge buffers",
    default: "2097152",
    min: 0,
  }),
  entry({
    name: "lockmem",
    type: "size",
    help: "Lock this much memory per job so the rest of the system has less",
    default: "0",
  }),
];
