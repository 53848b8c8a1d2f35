import assert from "node:assert/strict";
import { parseJobText, readJobFile } from "../../src/jobfile/read.ts";
import { assertFioError, flat, memOpts } from "./_helpers.ts";

Deno.test("include pulls lines into the current section, nested, with their own file/line", () => {
  const opts = memOpts({
    "main.fio":
      "[global]\nfilesize=1m\ninclude glob.inc\n[test]\nrw=randread\ninclude test.inc\nbs=4k\n",
    "glob.inc": "thread=1\n; comment\ngroup_reporting=1\n",
    "test.inc": "ioengine=libaio\ninclude=depth.inc\n",
    "depth.inc": "\n\niodepth=4\n",
  });
  const s = readJobFile("main.fio", opts);
  assert.deepEqual(flat(s), [
    "[global]",
    "filesize=1m",
    "thread=1",
    "group_reporting=1",
    "[test]",
    "rw=randread",
    "ioengine=libaio",
    "iodepth=4",
    "bs=4k",
  ]);
  assert.deepEqual(
    s.flatMap((x) => x.entries.map((e) => `${e.file}:${e.line}`)),
    [
      "main.fio:2",
      "glob.inc:1",
      "glob.inc:3",
      "main.fio:5",
      "test.inc:1",
      "depth.inc:3",
      "main.fio:7",
    ],
  );
});

Deno.test("include tries the path as written first, then the including file's directory", () => {
  // Relative to the working directory wins when it exists (fio 3.33 does this).
  const both = memOpts({
    "P/m.fio": "[j]\ninclude z.inc\n",
    "z.inc": "bs=64k\n",
    "P/z.inc": "bs=4k\n",
  });
  assert.deepEqual(flat(readJobFile("P/m.fio", both)), ["[j]", "bs=64k"]);
  assert.deepEqual(both.reads, ["P/m.fio", "z.inc"]);
  // Otherwise the directory of the file holding the include line, nested ones included.
  const nested = memOpts({
    "/t/main.fio": "[j]\ninclude d/x.inc\n",
    "/t/d/x.inc": "iodepth=3\ninclude y.inc\n",
    "/t/d/y.inc": "bs=32k\n",
  });
  const s = readJobFile("/t/main.fio", nested);
  assert.deepEqual(flat(s), ["[j]", "iodepth=3", "bs=32k"]);
  assert.deepEqual(nested.reads, ["/t/main.fio", "d/x.inc", "/t/d/x.inc", "y.inc", "/t/d/y.inc"]);
  assert.equal(s[0].entries[1].file, "/t/d/y.inc");
});

Deno.test("include paths are taken verbatim: no ${VAR}, spaces after the separator kept", () => {
  const opts = memOpts({ "${INC}": "bs=1k\n", "  s.inc": "bs=2k\n", ".inc": "bs=3k\n" }, {
    INC: "x",
  });
  assert.deepEqual(
    flat(parseJobText("[j]\ninclude ${INC}\ninclude   s.inc\nincludes.inc\n", "k.fio", opts)),
    ["[j]", "bs=1k", "bs=2k", "bs=3k"],
  );
});

Deno.test("a missing include names the last path fio tried", () => {
  assertFioError(
    () => readJobFile("R/k.fio", memOpts({ "R/k.fio": "[j]\ninclude nothere.inc\n" })),
    "fio: unable to open 'R/nothere.inc' job file",
  );
  assertFioError(
    () => readJobFile("k.fio", memOpts({ "k.fio": "[j]\ninclude nothere.inc\n" })),
    "fio: unable to open 'nothere.inc' job file",
  );
  assertFioError(
    () => readJobFile("./k.fio", memOpts({ "./k.fio": "[j]\ninclude nothere.inc\n" })),
    "fio: unable to open './nothere.inc' job file",
  );
  assertFioError(
    () => readJobFile("k.fio", memOpts({ "k.fio": "[j]\ninclude\n" })),
    "fio: unable to open '' job file",
  );
  assertFioError(
    () => readJobFile("R/k.fio", memOpts({ "R/k.fio": "[j]\ninclude /abs/none.inc\n" })),
    "fio: unable to open '/abs/none.inc' job file",
  );
});

Deno.test("included files may not open sections", () => {
  assertFioError(
    () =>
      readJobFile("m.fio", memOpts({ "m.fio": "[j]\ninclude s.inc\n", "s.inc": "bs=4k\n[k]\n" })),
    "fio: No new sections in included files (s.inc:2: [k])",
  );
});

Deno.test("include loops stop with one line naming the include site", () => {
  assertFioError(
    () =>
      readJobFile(
        "L/m.fio",
        memOpts({
          "L/m.fio": "[j]\ninclude loop.inc\n",
          "L/loop.inc": "bs=4k\ninclude loop.inc\n",
        }),
      ),
    "fio: include loop: L/loop.inc:2 includes 'L/loop.inc', which is already being read",
  );
  assertFioError(
    () =>
      readJobFile(
        "a.fio",
        memOpts({ "a.fio": "[j]\ninclude b.inc\n", "b.inc": "include ./a.fio\n", "./a.fio": "x" }),
      ),
    "fio: include loop: b.inc:1 includes './a.fio', which is already being read",
  );
  // Including the same file twice side by side is no loop.
  const twice = memOpts({ "t.fio": "[j]\ninclude c.inc\ninclude c.inc\n", "c.inc": "bs=4k\n" });
  assert.deepEqual(flat(readJobFile("t.fio", twice)), ["[j]", "bs=4k", "bs=4k"]);
});

Deno.test("include depth is bounded even without a detectable loop", () => {
  const files: Record<string, string> = { "m.fio": "[j]\ninclude 0.inc\n" };
  for (let i = 0; i < 80; i++) files[`${i}.inc`] = `include ${i + 1}.inc\n`;
  files["80.inc"] = "bs=4k\n";
  assertFioError(
    () => readJobFile("m.fio", memOpts(files)),
    "fio: includes nested more than 64 deep at 63.inc:1",
  );
});
