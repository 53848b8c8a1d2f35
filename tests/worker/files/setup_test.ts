import assert from "node:assert/strict";
import { createEngine } from "../../../src/engines/registry.ts";
import type { IoEngine } from "../../../src/engines/types.ts";
import { O } from "../../../src/sys/libc.ts";
import {
  closeJobFile,
  finishJobFiles,
  type JobFiles,
  loopJobFiles,
  openFilesLimit,
  openJobFile,
  setupJobFiles,
} from "../../../src/worker/files/setup.ts";
import { FileSetupError } from "../../../src/worker/files/errors.ts";
import { HAVE_FIO, inTempDir, listFiles, runFio, specOf, specsOf } from "./helpers.ts";

function engineOf(name = "psync"): IoEngine {
  const e = createEngine(name);
  if (!e) throw new Error(`no engine ${name}`);
  return e;
}

function setup(args: string[], lines: string[] = []): JobFiles {
  const spec = specOf(args);
  return setupJobFiles(spec, engineOf(spec.ioengine), (s, t) => lines.push(`${s}: ${t}`));
}

Deno.test("read job lays out its files with fio's message", async () => {
  await inTempDir((dir) => {
    const lines: string[] = [];
    const jf = setup(["rw=read", "size=4m", "nrfiles=3"], lines);
    assert.deepEqual(lines, ["stdout: j: Laying out IO files (3 files / total 3MiB)"]);
    assert.deepEqual(listFiles(dir), ["j.0.0=1398101", "j.0.1=1398101", "j.0.2=1398101"]);
    assert.equal(jf.totalIoSize, 4194303);
    assert.deepEqual(jf.files.map((f) => [f.ioOffset, f.ioSize, f.realSize]), [
      [0, 1398101, 1398101],
      [0, 1398101, 1398101],
      [0, 1398101, 1398101],
    ]);
    const one: string[] = [];
    setup(["rw=read", "size=4m", "filename=big"], one);
    assert.deepEqual(one, ["stdout: j: Laying out IO file (1 file / 4MiB)"]);
  });
});

Deno.test("no layout line when normal output is off", async () => {
  await inTempDir(() => {
    const lines: string[] = [];
    const spec = specOf(["rw=read", "size=64k"]);
    setupJobFiles(spec, engineOf(), (s, t) => lines.push(`${s}: ${t}`), { normalOutput: false });
    assert.deepEqual(lines, []);
  });
});

Deno.test("fallocate modes leave fio's sizes for a write job", async () => {
  await inTempDir(() => {
    const cases: Array<[string, number, boolean]> = [
      ["none", 0, false],
      ["0", 0, false],
      ["native", 65536, true],
      ["posix", 65536, true],
      ["1", 65536, true],
      ["keep", 0, true],
      ["truncate", 65536, false],
    ];
    for (const [mode, size, allocated] of cases) {
      setup(["rw=write", "size=64k", "filename=x", `fallocate=${mode}`]);
      const st = Deno.statSync("x");
      assert.equal(st.size, size, `fallocate=${mode} size`);
      assert.equal((st.blocks ?? 0) >= 128, allocated, `fallocate=${mode} blocks`);
      Deno.removeSync("x");
    }
  });
});

Deno.test("existing files: kept when big enough, extended when not", async () => {
  await inTempDir(() => {
    Deno.writeFileSync("x", new Uint8Array(131072).fill(7));
    const lines: string[] = [];
    const jf = setup(["rw=write", "size=64k", "filename=x"], lines);
    assert.deepEqual([lines, Deno.statSync("x").size], [[], 131072]);
    assert.equal(Deno.readFileSync("x")[100000], 7);
    setup(["rw=read", "size=64k", "offset=100k", "filename=x"], lines);
    assert.equal(Deno.statSync("x").size, 167936);
    assert.equal(jf.files[0].ioSize, 65536);
  });
});

Deno.test("open flags: direct, sync, dsync, create_on_open, read-only", async () => {
  await inTempDir(() => {
    const flags = (args: string[]) =>
      setup(["size=64k", "filename=x", ...args]).files[0].engineFile.flags;
    assert.equal(flags(["rw=read"]) & 3, O.RDONLY);
    assert.equal(flags(["rw=write"]) & (O.RDWR | O.CREAT), O.RDWR | O.CREAT);
    assert.ok(flags(["rw=read", "direct=1"]) & O.DIRECT);
    assert.ok(flags(["rw=read", "buffered=0"]) & O.DIRECT);
    assert.equal(flags(["rw=write", "sync=1"]) & O.SYNC, O.SYNC);
    assert.equal(flags(["rw=write", "sync=dsync"]) & O.SYNC, O.DSYNC);
    assert.equal(flags(["rw=write", "sync=none"]) & O.DSYNC, 0);
    Deno.removeSync("x");
    const coo = setup(["rw=read", "size=64k", "filename=x", "create_on_open=1"]);
    assert.ok(coo.files[0].engineFile.flags & O.CREAT);
    assert.throws(() => Deno.statSync("x"));
  });
});

Deno.test("open/close: invalidate, fsync_on_close, unlink, unlink_each_loop", async () => {
  await inTempDir(() => {
    const spec = specOf(["rw=write", "size=64k", "filename=x", "fsync_on_close=1", "unlink=1"]);
    const eng = engineOf();
    const jf = setupJobFiles(spec, eng, () => {});
    const f = jf.files[0];
    assert.equal(openJobFile(f, eng), 0);
    assert.ok(f.engineFile.fd >= 0);
    assert.equal(closeJobFile(f, eng, spec), 0);
    assert.equal(f.engineFile.fd, -1);
    assert.equal(openFilesLimit(spec, jf), 1);
    loopJobFiles(jf, spec);
    assert.equal(Deno.statSync("x").size, 65536, "no unlink_each_loop");
    finishJobFiles(jf, spec);
    assert.throws(() => Deno.statSync("x"), Deno.errors.NotFound);

    const spec2 = specOf(["rw=read", "size=64k", "filename=y", "unlink_each_loop=1"]);
    const jf2 = setupJobFiles(spec2, eng, () => {});
    assert.equal(openJobFile(jf2.files[0], eng), 0);
    assert.equal(closeJobFile(jf2.files[0], eng, spec2), 0);
    loopJobFiles(jf2, spec2);
    assert.throws(() => Deno.statSync("y"), Deno.errors.NotFound);
    // fio's next open of a read job then fails with ENOENT.
    assert.equal(openJobFile(jf2.files[0], eng), -2);
  });
});

Deno.test("char devices keep their unknown size and are never laid out", () => {
  const jf = setup(["rw=read", "size=64k", "filename=/dev/zero"]);
  assert.deepEqual([jf.files[0].isCharDevice, jf.files[0].ioSize, jf.totalIoSize], [
    true,
    65536,
    65536,
  ]);
  assert.ok(jf.files[0].engineFile.flags & O.RDWR);
});

Deno.test("errors as fio prints them", async () => {
  await inTempDir(() => {
    assert.throws(() => setup(["rw=read", "size=64k", "filename=nofile", "allow_file_create=0"]), {
      message: "fio: file creation disallowed by allow_file_create=0",
    });
    assert.throws(() => setup(["rw=read", "filename=/dev/zero"]), (e: unknown) => {
      assert.ok(e instanceof FileSetupError);
      assert.equal(e.message, "j: you need to specify size=");
      assert.equal(e.errno, 22);
      return true;
    });
    assert.throws(() => setup(["rw=read", "size=64k", "directory=/nonexistent_dfio"]), {
      message: "fio: /nonexistent_dfio is not a directory",
    });
  });
});

Deno.test("pre_read reads the region through the page cache", async () => {
  await inTempDir(() => {
    const jf = setup(["rw=read", "size=64k", "filename=x", "pre_read=1"]);
    assert.equal(jf.files[0].ioSize, 65536);
  });
});

const DIFF_CASES: string[][] = [
  ["rw=read", "size=64k", "filename=a\\:b:c"],
  ["rw=read", "size=64k", "directory=d1:d2", "nrfiles=3", "numjobs=2"],
  ["rw=read", "size=64k", "filesize=16k-32k", "nrfiles=4"],
  ["rw=read", "size=64k", "offset_increment=8k", "numjobs=2", "filename_format=f$jobnum"],
  ["rw=read", "size=20000", "bs=4100", "filename=x", "randseed=77"],
  ["rw=randrw", "size=64k", "bs=8k", "random_generator=tausworthe64", "nrfiles=2"],
  ["rw=write", "size=64k", "filename_format=sub/f$filenum", "fallocate=truncate"],
];

Deno.test({
  name: "files, sizes and bytes equal fio 3.33's layout",
  ignore: !HAVE_FIO,
  fn: async () => {
    for (const args of DIFF_CASES) {
      const ours = await inTempDir((dir) => {
        Deno.mkdirSync("d1");
        Deno.mkdirSync("d2");
        for (const spec of specsOf(args)) setupJobFiles(spec, engineOf(), () => {});
        return contents(dir);
      });
      const theirs = await inTempDir((dir) => {
        Deno.mkdirSync("d1");
        Deno.mkdirSync("d2");
        const r = runFio(["--name=j", "--create_only=1", ...args.map((a) => `--${a}`)], dir);
        assert.equal(r.code, 0, r.stderr);
        return contents(dir);
      });
      assert.deepEqual(ours, theirs, args.join(" "));
    }
  },
});

function contents(dir: string): string[] {
  return listFiles(dir).map((e) => {
    const name = e.slice(0, e.lastIndexOf("="));
    const bytes = Deno.readFileSync(`${dir}/${name}`);
    let h = 0;
    for (let i = 0; i < bytes.length; i++) h = (Math.imul(h, 31) + bytes[i]) | 0;
    return `${e}#${h}`;
  });
}
