/**
 * The options whose behaviour dfio implements, by canonical name. Every
 * table file marks its entries from this one list (`implemented`), so a
 * change that implements an option adds its name here; an option that is
 * not listed parses, but a run that sets it is refused with
 * `fio: option 'NAME' is not supported yet`.
 *
 * Engine options are listed by name: an engine that does not implement one
 * of its options is itself not implemented (and refused) yet.
 */
const IMPLEMENTED: ReadonlySet<string> = new Set([
  // Jobs, groups and their order.
  "numjobs",
  "thread",
  "stonewall",
  "new_group",
  "wait_for",
  "startdelay",
  "exitall",
  "exit_what",
  "exitall_on_error",
  "disk_util",
  // Job description and reporting.
  "name",
  "description",
  "kb_base",
  "unit_base",
  "group_reporting",
  "percentile_list",
  "clat_percentiles",
  "lat_percentiles",
  "slat_percentiles",
  "significant_figures",
  "unified_rw_reporting",
  "bwavgtime",
  "iopsavgtime",
  "disable_lat",
  "disable_clat",
  "disable_slat",
  "disable_bw_measurement",
  "gtod_reduce",
  // Files.
  "filename",
  "directory",
  "filename_format",
  "nrfiles",
  "filesize",
  "size",
  "offset",
  "offset_increment",
  "openfiles",
  "file_service_type",
  "create_on_open",
  "allow_file_create",
  "unlink",
  "unlink_each_loop",
  "overwrite",
  "fallocate",
  "pre_read",
  "invalidate",
  "direct",
  "buffered",
  "sync",
  "create_fsync",
  "file_append",
  "fadvise_hint",
  "fsync_on_close",
  // Buffers and memory.
  "mem",
  "iomem_align",
  "zero_buffers",
  "refill_buffers",
  "scramble_buffers",
  "buffer_pattern",
  // I/O type, block sizes and offsets.
  "rw",
  "rw_sequencer",
  "rwmixread",
  "rwmixwrite",
  "bs",
  "bsrange",
  "bssplit",
  "bs_unaligned",
  "ba",
  "bs_is_seq_rand",
  "percentage_random",
  "norandommap",
  "softrandommap",
  "random_generator",
  "randseed",
  "randrepeat",
  // Time and size bounds.
  "runtime",
  "time_based",
  "ramp_time",
  "loops",
  "number_ios",
  "io_size",
  "fsync",
  "fdatasync",
  "end_fsync",
  // Engine and queue depth.
  "ioengine",
  "iodepth",
  "iodepth_batch",
  "iodepth_batch_complete_min",
  "iodepth_batch_complete_max",
  "hipri",
  "hipri_percentage",
  "nowait",
  "uncached",
]);

/** Whether dfio implements option `name` (canonical name). */
export function isImplemented(name: string): boolean {
  return IMPLEMENTED.has(name);
}
