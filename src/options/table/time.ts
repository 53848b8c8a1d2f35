import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "Time related parameters", implemented: isImplemented(d.name), ...d };
}

/**
 * Options of the HOWTO section "Time related parameters". fio reads a bare
 * number as seconds for all three time options here (runtime=2 is 2000000
 * us), so none sets `timeUnit`.
 */
export const timeOptions: readonly OptionDef[] = [
  entry({
    name: "runtime",
    aliases: ["timeout"],
    type: "time",
    help: "Stop the job once this much time has passed",
    default: "0",
  }),
  entry({
    name: "time_based",
    type: "set",
    help: "Keep looping over the workload until runtime expires",
  }),
  entry({
    name: "startdelay",
    type: "special",
    parser: "time_range",
    help: "Wait this long (or a random time within a range) before starting",
    default: "0",
  }),
  entry({
    name: "ramp_time",
    type: "time",
    help: "Run this long before counting any statistics",
  }),
  entry({
    name: "clocksource",
    type: "enum",
    help: "Clock used for timestamps",
    values: [
      { name: "gettimeofday", help: "Time from gettimeofday(2)" },
      { name: "clock_gettime", help: "Time from clock_gettime(2)" },
      { name: "cpu", help: "Time from the CPU's own counter" },
    ],
  }),
  entry({
    name: "gtod_reduce",
    type: "bool",
    help: "Turn off the measurements that need frequent clock reads",
    default: "0",
  }),
  entry({
    name: "gtod_cpu",
    type: "int",
    help: "Run a thread on this CPU that keeps the time for all jobs",
    min: 0,
  }),
];
