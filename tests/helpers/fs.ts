/**
 * File-system helpers. Apart from run.ts so that helper programs (the FUSE
 * daemon of fixed_latency_fs.ts) import them without run.ts's probes for fio.
 */

/** Whether anything (file, directory, device) stands at `path`. */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
