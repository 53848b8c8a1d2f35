/**
 * How a verify failure is reported, in fio's words (measured on fio 3.33),
 * plus dfio's own line naming the first differing byte, and verify_dump's
 * files `<file basename>.<chunk offset>.received` / `.expected`.
 */

/** fio's `%02x` dump of bytes. */
export function hex(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}

/** The tail fio appends to a header mismatch. */
export function headerWhere(
  file: string,
  chunkOffset: number,
  chunkLen: number,
  ioOffset: number,
  ioLen: number,
): string {
  return ` at file ${file} offset ${chunkOffset}, length ${chunkLen} (requested block: offset=${ioOffset}, length=${ioLen})`;
}

/** fio's first line of a data mismatch. */
export function dataFailure(
  method: string,
  file: string,
  chunkOffset: number,
  chunkLen: number,
  ioOffset: number,
  ioLen: number,
  flags: number,
): string {
  return `${method}: verify failed at file ${file} offset ${chunkOffset}, length ${chunkLen} (requested block: offset=${ioOffset}, length=${ioLen}, flags=${
    flags.toString(16)
  })`;
}

/** dfio's line: where the received data first differs from the expected. */
export function firstDifference(
  fileOffset: number,
  chunkByte: number,
  expected: number,
  received: number,
): string {
  const h = (v: number) => "0x" + v.toString(16).padStart(2, "0");
  return `       dfio: first differing byte at file offset ${fileOffset} (byte ${chunkByte} of the chunk): expected ${
    h(expected)
  }, received ${h(received)}`;
}

/** Base name of a path (what fio names dump files after). */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Writes `data` to `<dir>/<basename>.<offset>.<what>` and returns fio's
 * report line for it (or a failure line).
 */
export function dumpBuffer(
  dir: string,
  file: string,
  offset: number,
  what: "received" | "expected",
  data: Uint8Array,
): string {
  const name = `${baseName(file)}.${offset}.${what}`;
  const path = dir === "." ? name : `${dir}/${name}`;
  try {
    Deno.writeFileSync(path, data);
  } catch (e) {
    return `fio: failed to write verify dump ${path}: ${(e as Error).message}`;
  }
  return `       ${what} data dumped as ${name}`;
}
