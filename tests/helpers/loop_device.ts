/** Loop block devices for tests that need a real block device (root and losetup only). */

/** Runs losetup with `args`; its stdout, or null when it fails or is missing. */
export function losetup(args: string[]): string | null {
  try {
    const o = new Deno.Command("losetup", { args, stdout: "piped", stderr: "null" }).outputSync();
    return o.success ? new TextDecoder().decode(o.stdout).trim() : null;
  } catch {
    return null;
  }
}

/** Whether this process can attach loop devices. */
export const CAN_LOOP: boolean = Deno.uid() === 0 && losetup(["--version"]) !== null;
