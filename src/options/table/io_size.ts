import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "I/O size", implemented: isImplemented(d.name), ...d };
}

/** Options of the HOWTO section "I/O size". */
export const ioSizeOptions: readonly OptionDef[] = [
  entry({
    name: "size",
    type: "special",
    parser: "size_or_percent",
    help: "Bytes of the files the job covers (or % of the file or device, or zones)",
  }),
  entry({
    name: "io_size",
    aliases: ["io_limit"],
    type: "special",
    parser: "size_or_percent",
    help: "Bytes of I/O to do, if not the same as size (or % of size, or zones)",
  }),
  entry({
    name: "filesize",
    type: "special",
    parser: "size_range",
    help: "Size of each file, or a min-max range to pick each file's size from",
    min: 1,
  }),
  entry({
    name: "file_append",
    type: "bool",
    help: "Start the I/O at the end of each file",
    default: "0",
  }),
  entry({
    name: "fill_device",
    aliases: ["fill_fs"],
    type: "bool",
    help: "Keep writing until the device or file system is full",
    default: "0",
  }),
];
