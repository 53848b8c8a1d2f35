import type { OptionDef } from "../types.ts";
import { isImplemented } from "../implemented.ts";

/** Fields every entry of this file shares. */
type Entry = Omit<OptionDef, "category" | "implemented"> & { implemented?: boolean };

function entry(d: Entry): OptionDef {
  return { category: "Target file/device", implemented: isImplemented(d.name), ...d };
}

/** Boolean with fio's 0/1 default. */
function flag(name: string, help: string, on: boolean): OptionDef {
  return entry({ name, type: "bool", help, default: on ? "1" : "0" });
}

/** Options of the HOWTO section "Target file/device". */
export const fileOptions: readonly OptionDef[] = [
  entry({
    name: "directory",
    type: "special",
    parser: "directory",
    help: "Where to put the job's files (':' separates several directories)",
  }),
  entry({
    name: "filename",
    type: "special",
    parser: "filename",
    help: "File or device to do I/O on (':' separates several; '\\:' is a literal colon)",
  }),
  entry({
    name: "filename_format",
    type: "str",
    help: "Pattern for generated file names ($jobname, $jobnum, $filenum, $clientuid)",
    default: "$jobname.$jobnum.$filenum",
  }),
  flag("unique_filename", "Prefix generated file names with the client address", true),
  entry({
    name: "opendir",
    type: "str",
    help: "Use every file found under this directory tree",
  }),
  entry({
    name: "lockfile",
    type: "enum",
    help: "How to lock a file around each I/O",
    default: "none",
    parent: "filename",
    values: [
      { name: "none", help: "Never lock" },
      { name: "exclusive", help: "One I/O at a time per file" },
      { name: "readwrite", help: "Reads may share the lock, writes hold it alone" },
    ],
  }),
  entry({
    name: "nrfiles",
    aliases: ["nr_files"],
    type: "int",
    help: "How many files to spread the job's I/O over",
    default: "1",
    min: 0,
  }),
  entry({
    name: "openfiles",
    type: "int",
    help: "Most files the job keeps open at once",
    min: 0,
  }),
  entry({
    name: "file_service_type",
    type: "special",
    parser: "file_service_type",
    help: "How the next file to use is chosen (optionally switching every N I/Os)",
    default: "roundrobin",
    parent: "nrfiles",
    values: [
      { name: "random", help: "Any file, uniformly at random" },
      { name: "zipf", help: "Random with a Zipf skew" },
      { name: "pareto", help: "Random with a Pareto skew" },
      { name: "normal", help: "Random with a Gaussian skew" },
      { name: "gauss", help: "Same as normal" },
      { name: "roundrobin", help: "Each file in turn" },
      { name: "sequential", help: "Finish a file before going to the next" },
    ],
  }),
  entry({
    name: "ioscheduler",
    type: "str",
    help: "Switch the device's I/O scheduler to this one before running",
  }),
  flag("create_serialize", "Lay out the files of the jobs one job at a time", true),
  flag("create_fsync", "fsync a file after laying it out", true),
  flag("create_on_open", "Create a file only when it is first opened for I/O", false),
  flag("create_only", "Lay out the files and stop without doing I/O", false),
  flag("allow_file_create", "Allow creating files that do not exist yet", true),
  flag("allow_mounted_write", "Allow writing to a device that has a mounted file system", false),
  flag("pre_read", "Read the files into the page cache before the job starts", false),
  flag("unlink", "Delete the job's files when it finishes", false),
  flag("unlink_each_loop", "Delete the job's files after every loop", false),
  entry({
    name: "zonemode",
    type: "enum",
    help: "How zonesize, zonerange and zoneskip shape the I/O",
    default: "none",
    values: [
      { name: "none", help: "Ignore zones" },
      { name: "strided", help: "Work through zones one after another, skipping zoneskip" },
      { name: "zbd", help: "Zoned block device rules (write pointers, zone limits)" },
    ],
  }),
  entry({
    name: "zonerange",
    type: "size",
    help: "Size of a zone for strided mode",
    default: "0",
  }),
  entry({
    name: "zonesize",
    type: "size",
    help: "Bytes of I/O to do in a zone before moving on",
    default: "0",
  }),
  entry({
    name: "zonecapacity",
    type: "size",
    help: "Usable bytes of each zone when the device reports none",
    default: "0",
  }),
  entry({
    name: "zoneskip",
    type: "special",
    parser: "size_or_percent",
    help: "Bytes (or zones, with a z suffix) to skip after each zone",
    default: "0",
  }),
  flag("read_beyond_wp", "Let reads go past a zone's write pointer", false),
  entry({
    name: "max_open_zones",
    type: "int",
    help: "Most sequential-write zones open at once (zbd mode)",
    default: "0",
    min: 0,
    max: 4096,
  }),
  entry({
    name: "job_max_open_zones",
    type: "int",
    help: "Most sequential-write zones one job may keep open (zbd mode)",
    default: "0",
    min: 0,
    max: 4096,
  }),
  flag("ignore_zone_limits", "Do not apply the device's open/active zone limits", false),
  entry({
    name: "zone_reset_threshold",
    type: "float_list",
    help: "Fraction of zone space written that triggers zone resets",
    min: 0,
    max: 1,
  }),
  entry({
    name: "zone_reset_frequency",
    type: "float_list",
    help: "Fraction of writes after which zones are reset",
    min: 0,
    max: 1,
  }),
];
