import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const replay = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "I/O replay",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "I/O replay". */
export const replayOptions: readonly OptionDef[] = [
  replay({
    name: "write_iolog",
    type: "str",
    help: "Record every I/O the job issues into this trace file",
  }),
  replay({
    name: "read_iolog",
    type: "str",
    help: "Replay the I/Os of this iolog or blktrace file",
  }),
  replay({
    name: "read_iolog_chunked",
    type: "bool",
    help: "Read the replay trace a piece at a time instead of all up front",
    default: "0",
    min: 0,
    max: 1,
    parent: "read_iolog",
  }),
  replay({
    name: "merge_blktrace_file",
    type: "str",
    help: "Where to write the trace made by merging several blktrace files",
  }),
  replay({
    name: "merge_blktrace_scalars",
    type: "float_list",
    help: "Per-trace time scaling, in percent, when merging blktraces",
  }),
  replay({
    name: "merge_blktrace_iters",
    type: "float_list",
    help: "How many times each blktrace is repeated when merging",
  }),
  replay({
    name: "replay_no_stall",
    type: "bool",
    help: "Replay as fast as possible, ignoring the trace's timestamps",
    default: "0",
    min: 0,
    max: 1,
    parent: "read_iolog",
  }),
  replay({
    name: "replay_redirect",
    type: "str",
    help: "Send every replayed I/O to this device instead of the traced ones",
    parent: "read_iolog",
  }),
  replay({
    name: "replay_scale",
    type: "int",
    help: "Divide replayed offsets by this factor",
    default: "1",
    min: 0,
    parent: "read_iolog",
  }),
  replay({
    name: "replay_align",
    type: "size",
    help: "Round replayed offsets down to this power-of-2 boundary",
    min: 0,
    parent: "read_iolog",
  }),
  replay({
    name: "replay_time_scale",
    type: "int",
    help: "Replay timing as a percentage of the trace's own timing",
    default: "100",
    min: 1,
    parent: "read_iolog",
  }),
  replay({
    name: "replay_skip",
    type: "str",
    help: "Comma list of I/O kinds to drop on replay: read, write, trim, sync",
    parent: "read_iolog",
  }),
];
