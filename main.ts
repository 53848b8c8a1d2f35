/** dfio entry point: argv in, exit code out. */
import { FioError } from "./src/errors.ts";

async function main(argv: string[]): Promise<number> {
  const { runCli } = await import("./src/cli/main.ts");
  return await runCli(argv);
}

try {
  Deno.exitCode = await main(Deno.args);
} catch (e) {
  if (e instanceof FioError) {
    for (const line of e.stdout) console.log(line);
    console.error(e.message);
    for (const line of e.extra) console.error(line);
    Deno.exitCode = e.exitCode;
  } else {
    throw e;
  }
}
// Ends the Workers runCli leaves behind, all at once.
Deno.exit();
