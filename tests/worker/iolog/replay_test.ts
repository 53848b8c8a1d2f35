import assert from "node:assert/strict";
import { DDIR, IoUnit } from "../../../src/engines/types.ts";
import { FileSetupError } from "../../../src/worker/files/errors.ts";
import { readIologOptions } from "../../../src/worker/iolog/options.ts";
import { type ReplayHost, setupReplay } from "../../../src/worker/iolog/replay.ts";
import { readRunOptions } from "../../../src/worker/job_options.ts";
import type { LoopFile } from "../../../src/worker/loop_env.ts";
import { O } from "../../../src/sys/libc.ts";
import { specOf } from "../_files_standin.ts";

/** A host that records open/close calls instead of opening files. */
class Host implements ReplayHost {
  readonly open: boolean[];
  readonly calls: string[] = [];
  constructor(readonly env: { readonly files: readonly LoopFile[] }, readonly failOpen = false) {
    this.open = env.files.map(() => false);
  }
  isOpen(i: number): boolean {
    return this.open[i];
  }
  replayOpen(i: number): boolean {
    this.calls.push(`open ${i}`);
    if (this.failOpen) return false;
    this.open[i] = true;
    return true;
  }
  replayClose(i: number): void {
    this.calls.push(`close ${i}`);
    this.open[i] = false;
  }
}

function withLog(text: string, fn: (path: string, dir: string) => void) {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/t.log`;
    Deno.writeTextFileSync(path, text.replaceAll("DIR", dir));
    fn(path, dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function setup(path: string, opts: Record<string, string> = {}, said: string[] = []) {
  const spec = specOf({ read_iolog: path, ...opts });
  const run = readRunOptions(spec);
  return setupReplay(spec, run, readIologOptions(spec), (_s, t) => said.push(t), Date.now());
}

const MIXED = [
  "fio version 2 iolog",
  "DIR/a add",
  "DIR/b add",
  "DIR/a open",
  "DIR/a write 0 8192",
  "DIR/a read 4096 4096",
  "DIR/a sync 0 0",
  "DIR/b read 0 65536",
  "DIR/a close",
  "DIR/a open",
  "DIR/a trim 0 4096",
  "DIR/a read 0 512",
  "",
].join("\n");

Deno.test("setupReplay: the trace's files, directions and largest sizes", () => {
  withLog(MIXED, (path, dir) => {
    const said: string[] = [];
    const r = setup(path, { filename: `${dir}/ignored`, size: "1m", bs: "4k" }, said);
    // fio 3.33 does not replay trims.
    assert.deepEqual(said, ["bad ddir: 2\n"]);
    assert.deepEqual(r.files.files.map((f) => f.engineFile.name), [`${dir}/a`, `${dir}/b`]);
    const f0 = r.files.files[0].engineFile;
    assert.equal(f0.flags & O.RDWR, O.RDWR);
    assert.equal(f0.flags & O.CREAT, O.CREAT);
    assert.equal(f0.mode, 0o600);
    assert.equal(r.files.totalIoSize, 8192 + 4096 + 65536 + 512);
    assert.equal(r.files.files[1].ioSize, 65536);
    assert.deepEqual([r.opts.rw.read, r.opts.rw.write, r.opts.rw.trim], [true, true, false]);
    assert.deepEqual(r.opts.bs.maxBs, [65536, 8192, 4096]);
    assert.equal(r.opts.loops, 1);
    assert.equal(r.opts.numberIos, 0);
  });
});

Deno.test("IologReplay.next: entries in order, file actions, opens on demand", () => {
  withLog(MIXED, (path) => {
    const r = setup(path, { replay_no_stall: "1" });
    const host = new Host({ files: r.files.files });
    r.replay.attach(() => 0, () => false);
    const io = new IoUnit(0);
    const got: string[] = [];
    while (r.replay.next(io, host)) {
      got.push(`${io.file.name.slice(-1)} ${io.ddir} ${io.offset} ${io.buflen}`);
    }
    assert.deepEqual(got, [
      `a ${DDIR.WRITE} 0 8192`,
      `a ${DDIR.READ} 4096 4096`,
      `a ${DDIR.SYNC} 0 0`,
      `b ${DDIR.READ} 0 65536`,
      `a ${DDIR.READ} 0 512`,
    ]);
    // b was never opened by the trace: dfio opens it on first use.
    assert.deepEqual(host.calls, ["open 0", "open 1", "close 0", "open 0"]);
  });
});

Deno.test("IologReplay.next: a failed open ends the replay", () => {
  withLog(MIXED, (path) => {
    const r = setup(path);
    r.replay.attach(() => 0, () => false);
    assert.equal(r.replay.next(new IoUnit(0), new Host({ files: r.files.files }, true)), false);
  });
});

Deno.test("read-only traces open read-only; chunked replays read in pieces", () => {
  const lines = ["fio version 2 iolog", "DIR/a add", "DIR/a open"];
  for (let i = 0; i < 10000; i++) lines.push(`DIR/a read ${i * 512} 512`);
  withLog(lines.join("\n") + "\n", (path) => {
    const plain = setup(path);
    assert.equal(plain.files.files[0].engineFile.flags & (O.RDWR | O.CREAT), 0);
    const r = setup(path, { read_iolog_chunked: "1" });
    // fio treats a chunked trace as read-write whatever it holds.
    assert.equal(r.opts.rw.write, true);
    r.replay.attach(() => 0, () => false);
    const io = new IoUnit(0);
    const host = new Host({ files: r.files.files });
    let n = 0, sum = 0;
    while (r.replay.next(io, host)) {
      assert.equal(io.offset, n * 512);
      n++;
      sum += io.buflen;
    }
    assert.equal(n, 10000);
    assert.equal(sum, 10000 * 512);
  });
});

Deno.test("v3 timing: each entry waits its gap after the previous one was issued", () => {
  const text = [
    "fio version 3 iolog",
    "0 DIR/a add",
    "0 DIR/a open",
    "1000 DIR/a read 0 512",
    "31000 DIR/a read 512 512",
    "61000 DIR/a read 1024 512",
    "",
  ].join("\n");
  withLog(text, (path) => {
    for (const [opts, low, high] of [[{}, 55, 200], [{ replay_no_stall: "1" }, 0, 20]] as const) {
      const r = setup(path, opts);
      const now = () => performance.now() * 1e6;
      r.replay.attach(now, () => false);
      const io = new IoUnit(0);
      const host = new Host({ files: r.files.files });
      const t0 = performance.now();
      while (r.replay.next(io, host)) io.startNs = now();
      const ms = performance.now() - t0;
      assert.ok(ms >= low && ms < high, `${JSON.stringify(opts)}: ${ms} ms`);
    }
  });
});

Deno.test("setupReplay refuses unusable traces as fio does", () => {
  const cases: [string, string[]][] = [
    ["fio version 1 iolog\n", [
      "fio: short read on blktrace file",
      "fio: iolog version 1 is no longer supported",
    ]],
    ["fio version 2 iolog\nDIR/a add\nDIR/a open\nDIR/a close\n", []],
    ["fio version 2 iolog\nDIR/a add\nDIR/a open\nDIR/a sync 0 0\n", []],
    ["fio version 2 iolog\nDIR/a add\nDIR/b read 0 1\n", [
      "fio: iolog uses file DIR/b before adding it",
    ]],
  ];
  for (const [text, lines] of cases) {
    withLog(text, (path, dir) => {
      const said: string[] = [];
      assert.throws(
        () => setup(path, {}, said),
        (e) => e instanceof FileSetupError && e.errno === 22,
      );
      assert.deepEqual(said, lines.map((l) => l.replaceAll("DIR", dir)));
    });
  }
});
