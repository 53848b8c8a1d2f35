/**
 * Reads small /proc files through libc. Deno refuses /proc/self and
 * /proc/PID paths unless run with --allow-all, which the bench task does
 * not grant; --allow-ffi is enough for plain open/read.
 */

let libc:
  | Deno.DynamicLibrary<{
    open: { parameters: ["buffer", "i32"]; result: "i32" };
    read: { parameters: ["i32", "buffer", "usize"]; result: "isize" };
    close: { parameters: ["i32"]; result: "i32" };
  }>
  | undefined;

function lib() {
  libc ??= Deno.dlopen("libc.so.6", {
    open: { parameters: ["buffer", "i32"], result: "i32" },
    read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
    close: { parameters: ["i32"], result: "i32" },
  });
  return libc;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Contents of a /proc (or any small) file, or undefined if it cannot be read. */
export function readProcText(path: string): string | undefined {
  const l = lib().symbols;
  const fd = l.open(encoder.encode(path + "\0"), 0);
  if (fd < 0) return undefined;
  try {
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(65536);
    // /proc files are generated per read call: read until 0 (or an error).
    for (;;) {
      const n = Number(l.read(fd, buf, BigInt(buf.length)));
      if (n <= 0) break;
      chunks.push(buf.slice(0, n));
    }
    const total = chunks.reduce((s, c) => s + c.length, 0);
    const all = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      all.set(c, off);
      off += c.length;
    }
    return decoder.decode(all);
  } finally {
    l.close(fd);
  }
}

/**
 * Filesystem type of the mount holding `path` (longest matching mount point
 * in /proc/self/mounts), or "unknown".
 */
export function filesystemOf(path: string): string {
  let real: string;
  try {
    real = Deno.realPathSync(path);
  } catch {
    return "unknown";
  }
  const mounts = readProcText("/proc/self/mounts");
  if (mounts === undefined) return "unknown";
  let best = { mount: "", type: "unknown" };
  for (const line of mounts.split("\n")) {
    const [, mount, type] = line.split(" ");
    if (!mount || !type) continue;
    const prefix = mount.endsWith("/") ? mount : mount + "/";
    const under = real === mount || real.startsWith(prefix);
    if (under && mount.length >= best.mount.length) best = { mount, type };
  }
  return best.type;
}
