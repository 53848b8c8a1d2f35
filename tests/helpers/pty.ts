/** Runs commands in a pseudo-terminal through util-linux `script`, as a user at a terminal. */
import { minimalEnv } from "./run.ts";

/** Whether `script` is installed (pty tests skip without it). */
export const HAVE_SCRIPT: boolean = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

/** Runs `cmd` (joined with spaces) in a pty; its exit code and everything it printed. */
export async function runInPty(cmd: string[]): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command("script", {
    args: ["-qfec", cmd.join(" "), "/dev/null"],
    env: minimalEnv(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, text: new TextDecoder().decode(out.stdout) };
}
