import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const depth = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "I/O depth",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "I/O depth". */
export const depthOptions: readonly OptionDef[] = [
  depth({
    name: "iodepth",
    type: "int",
    help: "How many requests the job keeps queued at the engine at once",
    default: "1",
    min: 1,
  }),
  depth({
    name: "iodepth_batch",
    aliases: ["iodepth_batch_submit"],
    type: "int",
    help: "How many queued requests are handed to the engine per submit",
    default: "1",
    min: 0,
    parent: "iodepth",
  }),
  depth({
    name: "iodepth_batch_complete_min",
    aliases: ["iodepth_batch_complete"],
    type: "int",
    help: "Fewest completions to wait for each time the engine is reaped",
    default: "1",
    min: 0,
    parent: "iodepth",
  }),
  depth({
    name: "iodepth_batch_complete_max",
    type: "int",
    help: "Most completions to collect each time the engine is reaped",
    min: 0,
    parent: "iodepth",
  }),
  depth({
    name: "iodepth_low",
    type: "int",
    help: "Queue level the job drains down to before it refills the queue",
    min: 0,
    parent: "iodepth",
  }),
  depth({
    name: "serialize_overlap",
    type: "bool",
    help: "Hold back a request that overlaps one still in flight",
    default: "0",
    min: 0,
    max: 1,
    parent: "iodepth",
  }),
  depth({
    name: "io_submit_mode",
    type: "enum",
    help: "Whether the job thread itself submits and reaps I/O",
    default: "inline",
    values: [
      { name: "inline", help: "The job thread submits and completes its own I/O" },
      { name: "offload", help: "Worker threads submit and complete I/O for the job" },
    ],
  }),
];
