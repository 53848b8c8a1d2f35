import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const latency = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "I/O latency",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "I/O latency". */
export const latencyOptions: readonly OptionDef[] = [
  latency({
    name: "latency_target",
    type: "time",
    timeUnit: "us",
    help: "Find the deepest queue whose latency stays under this (usec)",
  }),
  latency({
    name: "latency_window",
    type: "time",
    timeUnit: "us",
    help: "How long latency_target must hold at a queue depth (usec)",
  }),
  latency({
    name: "latency_percentile",
    type: "float_list",
    help: "Share of I/Os (percent) that must meet latency_target",
    default: "100",
    min: 0,
    max: 100,
  }),
  latency({
    name: "latency_run",
    type: "bool",
    help: "Keep tuning the queue depth for latency_target for the whole run",
    default: "0",
    min: 0,
    max: 1,
  }),
  latency({
    name: "max_latency",
    type: "time",
    timeUnit: "us",
    perDirection: true,
    help: "Fail the job when an I/O takes longer than this (usec), per direction",
    min: 0,
  }),
  latency({
    name: "rate_cycle",
    aliases: ["ratecycle"],
    type: "int",
    help: "Window in milliseconds over which rate_min/rate_iops_min are averaged",
    default: "1000",
    min: 0,
    parent: "rate",
  }),
];
