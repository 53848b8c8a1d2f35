import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "Job description", implemented: isImplemented(d.name), ...d };
}

/**
 * Options of the HOWTO sections "Units" and "Job description". `Category`
 * has no "Units" member, so kb_base and unit_base are filed under
 * "Job description", the section that follows them in the HOWTO.
 */
export const descriptionOptions: readonly OptionDef[] = [
  entry({
    name: "kb_base",
    type: "enum",
    help: "Whether k/m/g in input sizes means powers of 1024 or of 1000",
    default: "1024",
    values: [
      { name: "1024", help: "k is 1024 (KiB spelled as kB is also 1024); binary units in output" },
      {
        name: "1000",
        help: "k is 1000 and KiB is 1024, as SI/IEC define them; SI units in output",
      },
    ],
  }),
  entry({
    name: "unit_base",
    type: "enum",
    help: "Report rates in bytes or in bits",
    values: [
      { name: "0", help: "Pick the unit automatically" },
      { name: "8", help: "Report in bytes" },
      { name: "1", help: "Report in bits" },
    ],
  }),
  entry({
    name: "name",
    type: "str",
    help: "Job name; on the command line it also begins a new job",
    implemented: true,
  }),
  entry({
    name: "description",
    type: "str",
    help: "Free text describing the job, printed when it runs",
    implemented: true,
  }),
  entry({
    name: "loops",
    type: "int",
    help: "How many times to repeat the whole workload",
    default: "1",
    min: 0,
  }),
  entry({
    name: "numjobs",
    type: "int",
    help: "How many identical copies of this job to run",
    default: "1",
    min: 0,
  }),
];
