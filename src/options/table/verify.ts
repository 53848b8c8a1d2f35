import type { EnumValue, OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/**
 * An entry of this section (implementation status from
 * src/options/implemented.ts; the no-op deprecated ones say so themselves).
 */
const verify = (
  d: Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean },
): OptionDef => ({
  category: "Verification",
  implemented: isImplemented(d.name),
  ...d,
});

const checksum = (name: string): EnumValue => ({
  name,
  help: `Store a ${name} checksum of each block and check it on read`,
});

/**
 * The `verify=` methods fio 3.33 accepts, in the order it lists them. Matching
 * is case-sensitive in fio (verify=MD5 is rejected), and pattern_hdr is not a
 * 3.33 value.
 */
export const VERIFY_VALUES: readonly EnumValue[] = [
  { name: "0", help: "No verification" },
  checksum("md5"),
  checksum("crc64"),
  checksum("crc32"),
  { name: "crc32c-intel", help: "Same as crc32c (hardware CRC when the CPU has it)" },
  { name: "crc32c", help: "Store a crc32c checksum, hardware-assisted when possible" },
  checksum("crc16"),
  checksum("crc7"),
  checksum("sha1"),
  checksum("sha256"),
  checksum("sha512"),
  checksum("sha3-224"),
  checksum("sha3-256"),
  checksum("sha3-384"),
  checksum("sha3-512"),
  checksum("xxhash"),
  { name: "meta", help: "Check only the block header (offset, time); now always done" },
  { name: "pattern", help: "Check that blocks hold exactly verify_pattern" },
  { name: "null", help: "Go through the motions of verifying without checking" },
];

/** Options of the HOWTO section "Verification" (plus its deprecated leftovers). */
export const verifyOptions: readonly OptionDef[] = [
  verify({
    name: "verify_only",
    type: "set",
    help: "Skip the write phase and only verify what an earlier run wrote",
  }),
  verify({
    name: "do_verify",
    type: "bool",
    help: "Run the verify pass after writing (with verify= set)",
    default: "1",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "verify",
    type: "enum",
    help: "How written data is checked when it is read back",
    default: "0",
    values: VERIFY_VALUES,
  }),
  verify({
    name: "verify_offset",
    type: "size",
    help: "Move the verify header this many bytes into the block",
    min: 40,
    parent: "verify",
  }),
  verify({
    name: "verify_interval",
    type: "size",
    help: "Put a verify header every this many bytes inside a block",
    min: 80,
    parent: "verify",
  }),
  verify({
    name: "verify_pattern",
    type: "special",
    parser: "pattern",
    help: "Data pattern written and then checked by verify",
    parent: "verify",
  }),
  verify({
    name: "verify_fatal",
    type: "bool",
    help: "Stop the job at the first verify mismatch",
    default: "0",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "verify_dump",
    type: "bool",
    help: "On a mismatch, save the expected and received data to files",
    default: "0",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "verify_async",
    type: "int",
    help: "Number of helper threads that do the verifying",
    default: "0",
    min: 0,
    parent: "verify",
  }),
  verify({
    name: "verify_async_cpus",
    hidden: true,
    type: "special",
    parser: "cpulist",
    help: "CPUs the async verify threads may run on",
    parent: "verify",
  }),
  verify({
    name: "verify_backlog",
    type: "size",
    help: "Verify after every this many written blocks instead of at the end",
    parent: "verify",
  }),
  verify({
    name: "verify_backlog_batch",
    type: "int",
    help: "How many blocks each backlog verify pass checks",
    min: 0,
    parent: "verify",
  }),
  verify({
    name: "verify_state_save",
    type: "bool",
    help: "Save how far writing got when the job stops, for a later verify",
    default: "1",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "verify_state_load",
    type: "bool",
    help: "Load a saved verify state and check only what was written",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "trim_percentage",
    type: "int",
    help: "Percentage of verified blocks to trim before checking them",
    default: "0",
    min: 0,
    max: 100,
    parent: "verify",
  }),
  verify({
    name: "trim_verify_zero",
    type: "bool",
    help: "Expect trimmed blocks to read back as zeroes",
    default: "1",
    min: 0,
    max: 1,
    parent: "trim_percentage",
  }),
  verify({
    name: "trim_backlog",
    type: "size",
    help: "Trim after every this many written blocks",
    parent: "trim_percentage",
  }),
  verify({
    name: "trim_backlog_batch",
    type: "int",
    help: "How many blocks each backlog trim pass trims",
    min: 0,
    parent: "trim_percentage",
  }),
  verify({
    name: "experimental_verify",
    type: "bool",
    help: "Verify by replaying the offsets instead of tracking written blocks",
    min: 0,
    max: 1,
    parent: "verify",
  }),
  verify({
    name: "verifysort",
    hidden: true,
    type: "deprecated",
    help: "Old verify ordering switch; accepted with a deprecation warning",
    implemented: true,
  }),
  verify({
    name: "verifysort_nr",
    hidden: true,
    type: "deprecated",
    help: "Old verify ordering batch size; accepted with a deprecation warning",
    implemented: true,
  }),
];
