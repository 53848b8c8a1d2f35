import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const ss = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "Steady state",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options of the HOWTO section "Steady state". */
export const steadyStateOptions: readonly OptionDef[] = [
  ss({
    name: "steadystate",
    aliases: ["ss"],
    type: "special",
    parser: "steadystate",
    help: "Metric and limit (metric:value[%]) that count as steady state",
    default: "iops_slope:0.01%",
    values: [
      { name: "iops", help: "IOPS stay within this deviation of their mean" },
      { name: "iops_slope", help: "Slope of the IOPS trend stays below this" },
      { name: "bw", help: "Bandwidth stays within this deviation of its mean" },
      { name: "bw_slope", help: "Slope of the bandwidth trend stays below this" },
    ],
  }),
  ss({
    name: "steadystate_duration",
    aliases: ["ss_dur"],
    type: "time",
    help: "End the job once steady state has held for this long (0: never)",
    default: "0",
    parent: "steadystate",
  }),
  ss({
    name: "steadystate_ramp_time",
    aliases: ["ss_ramp"],
    type: "time",
    help: "Wait this long before collecting steady state samples",
    default: "0",
    parent: "steadystate",
  }),
];
