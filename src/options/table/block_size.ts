import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "Block size", implemented: isImplemented(d.name), ...d };
}

/**
 * Options of the HOWTO section "Block size". The sizes take `read,write,trim`
 * values; fio's `--cmdhelp=all` lists them under rw.
 */
export const blockSizeOptions: readonly OptionDef[] = [
  entry({
    name: "bs",
    aliases: ["blocksize"],
    type: "size",
    help: "Size of each I/O, per direction as read,write,trim",
    default: "4096",
    min: 1,
    perDirection: true,
    parent: "rw",
  }),
  entry({
    name: "bsrange",
    aliases: ["blocksize_range"],
    type: "range",
    help: "Pick each I/O size within min-max, per direction",
    min: 1,
    perDirection: true,
    parent: "rw",
  }),
  entry({
    name: "bssplit",
    type: "special",
    parser: "bssplit",
    help: "Weighted mix of I/O sizes, size/percent joined by ':', per direction",
    perDirection: true,
    parent: "rw",
  }),
  entry({
    name: "bs_unaligned",
    aliases: ["blocksize_unaligned"],
    type: "set",
    help: "Allow I/O sizes that are not multiples of the sector size",
    parent: "rw",
  }),
  entry({
    name: "bs_is_seq_rand",
    hidden: true,
    type: "bool",
    help: "Read the bs pair as sequential,random instead of read,write",
    default: "0",
    parent: "bs",
  }),
  entry({
    name: "ba",
    aliases: ["blockalign"],
    type: "size",
    help: "Alignment of random offsets, per direction",
    min: 1,
    perDirection: true,
    parent: "rw",
  }),
];
