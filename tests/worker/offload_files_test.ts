import assert from "node:assert/strict";
import { PsyncEngine } from "../../src/engines/psync.ts";
import { EngineFile } from "../../src/engines/types.ts";
import { O } from "../../src/sys/libc.ts";
import { WorkerFiles } from "../../src/worker/offload_files.ts";

const tmp = Deno.makeTempDirSync({ prefix: "dfio_offload_files_" });
globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

/** The file a descriptor of this process points at, or null when it is closed. */
function target(fd: number): string | null {
  try {
    return Deno.readLinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

function opened(path: string, flags: number): EngineFile {
  const f = new EngineFile(path, flags);
  assert.equal(new PsyncEngine().openFile(f), 0);
  return f;
}

Deno.test("offload files: without reopening the job's descriptor is used as is", () => {
  const engine = new PsyncEngine();
  const files = new WorkerFiles(engine, false);
  const a = files.file(7, O.RDONLY, 1, true);
  assert.ok(a !== null);
  assert.equal(a.fd, 7);
  assert.equal(a.isBlockDevice, true);
  a.lastPos = 4096;
  const b = files.file(7, O.RDONLY, 2, false);
  // The same mirror, its per-I/O fields rewritten.
  assert.equal(b, a);
  assert.equal(b.isBlockDevice, false);
  assert.equal(b.lastPos, -1);
});

Deno.test("offload files: a reopened file has a descriptor (and position) of its own", () => {
  const path = `${tmp}/own`;
  const job = opened(path, O.RDWR | O.CREAT | O.TRUNC);
  Deno.writeFileSync(path, new Uint8Array(8192).fill(3));
  const engine = new PsyncEngine();
  const files = new WorkerFiles(engine, true);
  const f = files.file(job.fd, job.flags, 1, false);
  assert.ok(f !== null);
  assert.notEqual(f.fd, job.fd);
  assert.equal(target(f.fd), path);
  // Reopening never truncates nor creates again.
  assert.equal(f.flags, O.RDWR);
  assert.equal(Deno.statSync(path).size, 8192);
  // The same opening: the same file, position kept.
  f.lastPos = 4096;
  assert.equal(files.file(job.fd, job.flags, 1, false), f);
  assert.equal(f.lastPos, 4096);
  const own = f.fd;
  files.closeAll();
  assert.equal(target(own), null);
  // The job's descriptor stays open.
  assert.equal(target(job.fd), path);
  engine.closeFile(job);
});

Deno.test("offload files: a new opening of the same number is reopened, the old one closed", () => {
  const a = `${tmp}/a`, b = `${tmp}/b`;
  Deno.writeFileSync(a, new Uint8Array(16));
  Deno.writeFileSync(b, new Uint8Array(16));
  const engine = new PsyncEngine();
  const files = new WorkerFiles(engine, true);
  const ja = opened(a, O.RDONLY);
  const fa = files.file(ja.fd, ja.flags, 1, false)!;
  const ownA = fa.fd;
  assert.equal(target(ownA), a);
  const num = ja.fd;
  engine.closeFile(ja);
  const jb = opened(b, O.RDONLY);
  assert.equal(jb.fd, num, "the lowest free number is reused");
  const fb = files.file(jb.fd, jb.flags, 2, false)!;
  assert.notEqual(fb, fa);
  assert.equal(target(fb.fd), b);
  assert.equal(fa.fd, -1);
  assert.ok(target(ownA) === null || target(ownA) === b, "the old descriptor was closed");
  files.closeAll();
  engine.closeFile(jb);
});

Deno.test("offload files: a failed reopen reports its errno", () => {
  const files = new WorkerFiles(new PsyncEngine(), true);
  assert.equal(files.file(1 << 20, O.RDONLY, 1, false), null);
  assert.equal(files.error, 2); // ENOENT: no such descriptor under /proc/self/fd
});
