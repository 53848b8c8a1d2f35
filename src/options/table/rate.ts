import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const rate = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "I/O rate",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "I/O rate". */
export const rateOptions: readonly OptionDef[] = [
  rate({
    name: "thinktime",
    type: "time",
    timeUnit: "us",
    help: "Pause between I/Os, as if the job were thinking (bare number: usec)",
    default: "0",
    min: 0,
  }),
  rate({
    name: "thinktime_spin",
    type: "time",
    timeUnit: "us",
    help: "Busy-loop this long at the start of each thinktime pause (usec)",
    default: "0",
    min: 0,
    parent: "thinktime",
  }),
  rate({
    name: "thinktime_blocks",
    type: "int",
    help: "Number of blocks issued between two thinktime pauses",
    default: "1",
    min: 0,
    parent: "thinktime",
  }),
  rate({
    name: "thinktime_blocks_type",
    type: "enum",
    help: "Whether thinktime_blocks counts completed or issued blocks",
    default: "complete",
    parent: "thinktime",
    values: [
      { name: "complete", help: "Count blocks as they complete" },
      { name: "issue", help: "Count blocks as they are submitted" },
    ],
  }),
  rate({
    name: "thinktime_iotime",
    type: "time",
    timeUnit: "s",
    help: "Think only after this much time spent doing I/O (bare number: seconds)",
    default: "0",
    min: 0,
    parent: "thinktime",
  }),
  rate({
    name: "rate",
    type: "size",
    perDirection: true,
    help: "Cap the job's bandwidth, in bytes per second, per direction",
    min: 0,
  }),
  rate({
    name: "rate_min",
    aliases: ["ratemin"],
    type: "size",
    perDirection: true,
    help: "Stop the job if its bandwidth falls below this, per direction",
    min: 0,
    parent: "rate",
  }),
  rate({
    name: "rate_process",
    type: "enum",
    help: "How rate-limited I/Os are spaced in time",
    default: "linear",
    parent: "rate",
    values: [
      { name: "linear", help: "Evenly spaced requests" },
      { name: "poisson", help: "Exponentially distributed gaps between requests" },
    ],
  }),
  rate({
    name: "rate_ignore_thinktime",
    type: "bool",
    help: "Let rate limiting catch up regardless of thinktime pauses",
    min: 0,
    max: 1,
    parent: "rate",
  }),
  rate({
    name: "rate_iops",
    type: "int",
    perDirection: true,
    help: "Cap the job's I/Os per second, per direction",
    min: 0,
  }),
  rate({
    name: "rate_iops_min",
    type: "int",
    perDirection: true,
    help: "Stop the job if its IOPS falls below this, per direction",
    min: 0,
    parent: "rate_iops",
  }),
];
