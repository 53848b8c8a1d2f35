import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An entry of this section (implementation status from src/options/implemented.ts). */
const err = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "Error handling",
  implemented: isImplemented(d.name),
  ...d,
});

/**
 * Options of the HOWTO section "Error handling" (which also documents
 * `profile`), plus the two options fio 3.33 still knows but always rejects.
 */
export const errorOptions: readonly OptionDef[] = [
  err({
    name: "exitall_on_error",
    type: "set",
    help: "When this job fails, stop every other job too",
  }),
  err({
    name: "continue_on_error",
    type: "enum",
    help: "Which kinds of errors the job records and carries on after",
    default: "none",
    values: [
      { name: "none", help: "Stop the job at the first error" },
      { name: "read", help: "Carry on after read errors" },
      { name: "write", help: "Carry on after write errors" },
      { name: "io", help: "Carry on after any I/O error" },
      { name: "verify", help: "Carry on after verify mismatches" },
      { name: "all", help: "Carry on after I/O errors and verify mismatches" },
      { name: "0", help: "Same as none" },
      { name: "1", help: "Same as all" },
    ],
  }),
  err({
    name: "ignore_error",
    type: "special",
    parser: "ignore_error",
    help: "Errors (names or numbers, per direction) that do not count as failures",
    parent: "rw",
  }),
  err({
    name: "error_dump",
    type: "bool",
    help: "Print a line for every error, even ignored ones",
    default: "0",
    min: 0,
    max: 1,
  }),
  err({
    name: "profile",
    type: "enum",
    help: "Run one of fio's built-in benchmark profiles",
    values: [
      { name: "tiobench", help: "tiotest/tiobench style file benchmark" },
      { name: "act", help: "Aerospike ACT style flash benchmark" },
    ],
  }),
  {
    name: "percentage_sequential",
    hidden: true,
    type: "special",
    parser: "deprecated_fatal",
    help: "Removed option; fio names it deprecated and fails the job",
    category: "I/O type",
    implemented: true,
  },
  {
    name: "rwmixcycle",
    hidden: true,
    type: "special",
    parser: "deprecated_fatal",
    help: "Removed option; fio names it deprecated and fails the job",
    category: "I/O type",
    implemented: true,
  },
];
