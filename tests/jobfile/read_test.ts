import assert from "node:assert/strict";
import { parseJobText, readJobFile } from "../../src/jobfile/read.ts";
import { assertFioError, flat, memOpts } from "./_helpers.ts";

const BASIC = `; comment
# hash comment
[global]
  bs = 4k   
rw=read ; trailing
size=1m # trailing hash
time_based

[job1]
filename=/tmp/x;y
description=hello ; world # x
[job 2]
ioengine=null
`;

Deno.test("parseJobText: sections, entries, comments, whitespace, lines", () => {
  const s = parseJobText(BASIC, "a.fio", memOpts({}));
  assert.deepEqual(s, [
    {
      name: "global",
      file: "a.fio",
      line: 3,
      entries: [
        { key: "bs", value: "4k", file: "a.fio", line: 4, raw: "bs = 4k" },
        { key: "rw", value: "read", file: "a.fio", line: 5, raw: "rw=read" },
        { key: "size", value: "1m", file: "a.fio", line: 6, raw: "size=1m" },
        { key: "time_based", file: "a.fio", line: 7, raw: "time_based" },
      ],
    },
    {
      name: "job1",
      file: "a.fio",
      line: 9,
      entries: [
        { key: "filename", value: "/tmp/x", file: "a.fio", line: 10, raw: "filename=/tmp/x" },
        {
          key: "description",
          value: "hello",
          file: "a.fio",
          line: 11,
          raw: "description=hello",
        },
      ],
    },
    {
      name: "job 2",
      file: "a.fio",
      line: 12,
      entries: [{ key: "ioengine", value: "null", file: "a.fio", line: 13, raw: "ioengine=null" }],
    },
  ]);
});

Deno.test("parseJobText keeps order: repeated [global], duplicate names and options", () => {
  const text = "[global]\nbs=4k\n[j]\nbs=8k\nbs=16k\n[global]\nrw=write\n[j]\n[GLOBAL]\nsize=1m\n";
  assert.deepEqual(flat(parseJobText(text, "d.fio", memOpts({}))), [
    "[global]",
    "bs=4k",
    "[j]",
    "bs=8k",
    "bs=16k",
    "[global]",
    "rw=write",
    "[j]",
    "[GLOBAL]",
    "size=1m",
  ]);
});

Deno.test("parseJobText: header quirks follow fio", () => {
  const text = "[j] foo\n[ k ]\n[a\n[]\n  [global]  \n[x;y]\n[z] ; c\n";
  assert.deepEqual(
    parseJobText(text, "h.fio", memOpts({})).map((s) => s.name),
    ["j] fo", " k ", "", "", "global", "", "z"],
  );
});

Deno.test("parseJobText: CRLF, tabs, UTF-8, empty values and odd keys", () => {
  const text =
    "[global]\r\nioengine=null\r\n[jöb ünï]\r\n\tioengine\t=\tnull\t\r\ndescription=héllo wörld\r\n" +
    "bs=\r\n=4k\r\ntime based\r\ndescription=a=b\r\n";
  assert.deepEqual(flat(parseJobText(text, "c.fio", memOpts({}))), [
    "[global]",
    "ioengine=null",
    "[jöb ünï]",
    "ioengine=null",
    "description=héllo wörld",
    "bs=",
    "=4k",
    "time based",
    "description=a=b",
  ]);
});

Deno.test("parseJobText keeps a 10000-character line whole", () => {
  const long = "a".repeat(10000) + "Z";
  const s = parseJobText(`[j]\ndescription=${long}\nbs=4k\n`, "l.fio", memOpts({}));
  assert.deepEqual(flat(s), ["[j]", `description=${long}`, "bs=4k"]);
});

Deno.test("parseJobText: empty and comment-only text give no sections", () => {
  assert.deepEqual(parseJobText("", "e.fio", memOpts({})), []);
  assert.deepEqual(parseJobText("; x\n\n# y\n   \n", "e.fio", memOpts({})), []);
});

Deno.test("parseJobText rejects options before the first section, as fio does", () => {
  assertFioError(
    () => parseJobText("  bs  =  4k  ; c\n[j]\n", "o.fio", memOpts({})),
    "fio: option <bs  =  4k> outside of [] job section",
  );
  assertFioError(
    () => parseJobText("include x.inc\n[j]\n", "o.fio", memOpts({ "x.inc": "bs=4k\n" })),
    "fio: option <include x.inc> outside of [] job section",
  );
  // A lone "[" ends the section it is in and is then no header.
  assertFioError(
    () => parseJobText("[j]\nbs=4k\n[\n", "o.fio", memOpts({})),
    "fio: option <[> outside of [] job section",
  );
  // fio keeps a UTF-8 byte order mark, so the first header is not one.
  assertFioError(
    () => parseJobText("\uFEFF[j]\nbs=4k\n", "o.fio", memOpts({})),
    "fio: option <\uFEFF[j]> outside of [] job section",
  );
});

Deno.test("parseJobText expands ${VAR} over whole option lines only", () => {
  const text = "[job$ncpus-${FOO}]\n${K}=4k\ndescription=${SEMI}\n${BARE}\nsize=${UNSET}\n" +
    "rw=$FOO\nbs=$(1+2)k\n";
  const env = { FOO: "foo", K: "bs", SEMI: "x;y # z", BARE: "time_based" };
  const s = parseJobText(text, "v.fio", memOpts({}, env));
  assert.deepEqual(flat(s), [
    "[job$ncpus-${FOO}]",
    "bs=4k",
    "description=x;y # z",
    "time_based",
    "size=",
    "rw=$FOO",
    "bs=$(1+2)k",
  ]);
  assert.equal(s[0].entries[0].raw, "${K}=4k");
  assert.equal(s[0].entries[3].raw, "size=${UNSET}");
});

Deno.test("parseJobText substitutes fio's reserved keywords in values", () => {
  const text = "[global]\nsize=5*1024*1024*$mb_memory/8 # 5/8\nbs=$pagesize\n[j]\n" +
    "numjobs=$ncpus\nsize=8*1024*$pagesize\nfilename_format=f.$jobnum\ndescription=${KW}\n";
  const s = parseJobText(text, "k.fio", memOpts({}, { KW: "$ncpus*3" }));
  assert.deepEqual(flat(s), [
    "[global]",
    "size=15797452800",
    "bs=4096",
    "[j]",
    "numjobs=2",
    "size=33554432",
    "filename_format=f.$jobnum",
    "description=6",
  ]);
});

Deno.test("parseJobText fails an option whose keyword arithmetic bc rejects", () => {
  assertFioError(
    () =>
      parseJobText(
        "[j]\nbs=4k\ndescription=${HOME}$ncpus\n",
        "b.fio",
        memOpts({}, { HOME: "/root" }),
      ),
    "fio: failed parsing description=${HOME}$ncpus",
    ["fio: job j dropped"],
  );
  assertFioError(
    () => parseJobText("[global]\nbs=$ncpus*2k\n", "b.fio", memOpts({})),
    "fio: failed parsing bs=$ncpus*2k",
    ["fio: job global dropped"],
  );
});

Deno.test("readJobFile reads through readText and names unopenable files", () => {
  const opts = memOpts({ "dir/j.fio": "[j]\nbs=4k\n", "-": "[s]\nrw=write\n" });
  const s = readJobFile("dir/j.fio", opts);
  assert.deepEqual(flat(s), ["[j]", "bs=4k"]);
  assert.equal(s[0].file, "dir/j.fio");
  assert.deepEqual(flat(readJobFile("-", opts)), ["[s]", "rw=write"]);
  assert.equal(readJobFile("-", opts)[0].entries[0].file, "-");
  assertFioError(
    () => readJobFile("nonexist.fio", opts),
    "fio: unable to open 'nonexist.fio' job file",
  );
  const denied = {
    ...opts,
    readText: (): string => {
      throw new Deno.errors.PermissionDenied("no");
    },
  };
  assertFioError(
    () => readJobFile("secret.fio", denied),
    "fio: unable to open 'secret.fio' job file",
  );
});

Deno.test("readJobFile on the real file system: files, directories, missing", () => {
  const dir = Deno.makeTempDirSync({ prefix: "dfio-jobfile-" });
  try {
    Deno.writeTextFileSync(`${dir}/j.fio`, "[j]\r\nbs=4k\r\n");
    Deno.writeTextFileSync(`${dir}/empty.fio`, "");
    assert.deepEqual(flat(readJobFile(`${dir}/j.fio`)), ["[j]", "bs=4k"]);
    assert.deepEqual(readJobFile(`${dir}/empty.fio`), []);
    // fio opens a directory and reads nothing from it (then says "No job(s) defined").
    assert.deepEqual(readJobFile(dir), []);
    assertFioError(
      () => readJobFile(`${dir}/none.fio`),
      `fio: unable to open '${dir}/none.fio' job file`,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readJobFile('-') reads stdin", async () => {
  const url = new URL("../../src/jobfile/read.ts", import.meta.url).href;
  const code = `import { readJobFile } from "${url}";\n` +
    `console.log(JSON.stringify(readJobFile("-").map((s) => [s.name, s.entries.map((e) => e.key + "=" + e.value)])));`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode("[global]\nbs=4k\n[job]\nrw=write\n"));
  await w.close();
  const out = await child.output();
  assert.equal(new TextDecoder().decode(out.stderr), "");
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), [
    ["global", ["bs=4k"]],
    ["job", ["rw=write"]],
  ]);
});
