/**
 * `ioengine=`: an engine fio 3.33 can load (see src/engines/catalog.ts for
 * the name, `:suffix`, alias and `external:` rules). Parsed value: the
 * engine's canonical name (`aio` -> "libaio").
 *
 * fio checks this even under --parse-only. An engine it cannot load prints
 * two stderr lines and no "failed parsing" line:
 *   fio: engine NAME not loadable
 *   fio: failed to load engine
 * plus, on STDOUT, the loader error:
 *   fio: file:ioengines.c:134, func=dlopen, error=NAME: cannot open shared object file: No such file or directory
 * `external:PATH` with PATH not a regular file says
 * `fio: invalid external ioengine path "PATH"` (then "failed parsing"). An
 * existing external file cannot be loaded by dfio and ends as not loadable
 * (fio's dlopen message would then name the real loader error).
 */
import { engineRequestOf, resolveEngine } from "../../engines/catalog.ts";
import { reject, ValueRejected } from "./errors.ts";

function isRegularFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Parses an ioengine value. */
export function parseIoengine(text: string): string {
  const req = engineRequestOf(text);
  if (req.externalPath !== undefined && !isRegularFile(req.externalPath)) {
    reject(`fio: invalid external ioengine path "${req.externalPath}"`);
  }
  const info = resolveEngine(text);
  if (info) return info.name;
  throw new ValueRejected(
    [`fio: engine ${req.name} not loadable`, "fio: failed to load engine"],
    [
      `fio: file:ioengines.c:134, func=dlopen, error=${req.name}: ` +
      "cannot open shared object file: No such file or directory",
    ],
    1,
  );
}
