import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** An option of one profile; profiles do not run yet. */
const prof = (d: Omit<OptionDef, "category" | "implemented">): OptionDef => ({
  category: "Profile options",
  implemented: isImplemented(d.name),
  ...d,
});

/** Options that exist once `--profile=act` is loaded. */
export const actProfileOptions: readonly OptionDef[] = [
  prof({ name: "device-names", type: "str", help: "Devices the ACT test runs against" }),
  prof({
    name: "load",
    type: "int",
    help: "Multiplier of the base ACT transaction rate",
    default: "1",
    min: 0,
  }),
  prof({
    // fio parses this like other times (bare number = usec) but then reads the
    // stored number as seconds: bare numbers work as seconds, suffixed values
    // come out a million times too long.
    name: "test-duration",
    type: "time",
    timeUnit: "us",
    help: "Length of the whole ACT test",
    default: "24h",
  }),
  prof({
    name: "threads-per-queue",
    type: "int",
    help: "Reader threads per device",
    default: "8",
    min: 0,
  }),
  prof({
    name: "read-req-num-512-blocks",
    type: "int",
    help: "Size of each read, in 512-byte sectors",
    default: "3",
    min: 0,
  }),
  prof({
    name: "large-block-op-kbytes",
    type: "int",
    help: "Size of the large block writes, in KiB",
    default: "131072",
    min: 0,
  }),
  prof({ name: "prep", type: "set", help: "Run the ACT device preparation phase first" }),
];

/** Options that exist once `--profile=tiobench` is loaded. */
export const tiobenchProfileOptions: readonly OptionDef[] = [
  prof({ name: "size", type: "size", help: "Size of each thread's file, in MiB" }),
  prof({
    name: "block",
    type: "int",
    help: "Block size of the I/Os, in bytes",
    default: "4096",
    min: 0,
  }),
  prof({ name: "numruns", type: "int", help: "How many times each test runs", min: 0 }),
  prof({ name: "dir", type: "str", help: "Directory the test files go in" }),
  prof({ name: "threads", type: "int", help: "Number of threads per test", min: 0 }),
];

/** Options of the HOWTO sections "Act profile options" and "Tiobench profile options". */
export const profileOptions: readonly OptionDef[] = [
  ...actProfileOptions,
  ...tiobenchProfileOptions,
];
