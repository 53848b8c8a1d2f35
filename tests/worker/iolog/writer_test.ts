import assert from "node:assert/strict";
import { DDIR, EngineFile, IoUnit } from "../../../src/engines/types.ts";
import { FileSetupError } from "../../../src/worker/files/errors.ts";
import { IologWriter } from "../../../src/worker/iolog/writer.ts";

Deno.test("IologWriter writes fio 3.33's v3 lines: add, open, I/O, sync, close", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/w.log`;
    let t = 1_000_000; // ns
    const clock = () => t;
    const w = IologWriter.open(path, clock, () => {});
    const a = new EngineFile("/tmp/a"), b = new EngineFile("/tmp/b");
    t += 20_000;
    w.addFiles([a, b]);
    t += 100_000;
    w.opened(a);
    const io = new IoUnit(0);
    io.file = a;
    io.ddir = DDIR.WRITE;
    io.offset = 32768;
    io.buflen = 4096;
    t += 7_900;
    w.io(io);
    // A sync keeps the unit's last offset and has length 0.
    io.ddir = DDIR.SYNC;
    io.buflen = 0;
    w.io(io);
    io.ddir = DDIR.TRIM;
    io.offset = 0;
    io.buflen = 12345678901;
    w.io(io);
    io.ddir = DDIR.DATASYNC;
    io.buflen = 0;
    io.file = b;
    w.io(io);
    t += 1_000_000_000;
    w.closedFile(a);
    w.close();
    w.close();
    assert.equal(
      Deno.readTextFileSync(path),
      [
        "fio version 3 iolog",
        "20 /tmp/a add",
        "20 /tmp/b add",
        "120 /tmp/a open",
        "127 /tmp/a write 32768 4096",
        "127 /tmp/a sync 32768 0",
        "127 /tmp/a trim 0 12345678901",
        "127 /tmp/b datasync 0 0",
        "1000127 /tmp/a close",
        "",
      ].join("\n"),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("IologWriter appends, flushes a full buffer, and survives long names", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/w.log`;
    Deno.writeTextFileSync(path, "earlier run\n");
    const w = IologWriter.open(path, () => 0, () => {});
    const f = new EngineFile(`/${"x".repeat(3000)}`);
    w.addFiles([f]);
    const io = new IoUnit(0);
    io.file = f;
    io.ddir = DDIR.READ;
    io.buflen = 4096;
    for (let i = 0; i < 1000; i++) {
      io.offset = i * 4096;
      w.io(io);
    }
    w.close();
    const lines = Deno.readTextFileSync(path).split("\n");
    assert.equal(lines[0], "earlier run");
    assert.equal(lines[1], "fio version 3 iolog");
    assert.equal(lines.length, 2 + 1 + 1000 + 1);
    assert.equal(lines[1002], `0 ${f.name} read ${999 * 4096} 4096`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("IologWriter.open fails the job as fio does when the file cannot be made", () => {
  const said: string[] = [];
  assert.throws(
    () => IologWriter.open("/nonexistent-dir/x/w.log", () => 0, (l) => said.push(l)),
    (e) =>
      e instanceof FileSetupError && e.errno === 22 &&
      e.message.includes("func=failed initializing iolog, error=Invalid argument"),
  );
  assert.deepEqual(said, ["fopen write iolog: No such file or directory"]);
});
