import assert from "node:assert/strict";
import {
  ACT,
  EntryQueue,
  IologParser,
  LineReader,
  type ParseSettings,
  probeTrace,
  scanLine,
  type ScannedLine,
} from "../../../src/worker/iolog/reader.ts";

const PLAIN: ParseSettings = { redirect: "", scale: 1, align: 0, timeScale: 100, noStall: false };

function scan(line: string, v: 2 | 3): ScannedLine {
  return scanLine(line, v, { count: 0, ts: 0, name: "", action: "", offset: 0, len: 0 });
}

/** Parses `lines` (after the header); returns the queue and fio's complaints. */
function parse(v: 2 | 3, lines: string[], settings: ParseSettings = PLAIN) {
  const said: string[] = [];
  const p = new IologParser(v, settings, (t) => said.push(t));
  const q = new EntryQueue();
  for (const l of lines) p.line(l, q);
  const entries = [];
  for (let i = 0; i < q.count; i++) {
    entries.push([q.kind[i], q.file[i], q.offset[i], q.len[i], q.delay[i]]);
  }
  return { p, entries, said };
}

Deno.test("scanLine splits like sscanf: counts, trailing junk, signs", () => {
  assert.deepEqual(
    { ...scan("/f read 4096 512\n", 2) },
    { count: 4, ts: 0, name: "/f", action: "read", offset: 4096, len: 512 },
  );
  // The offset stops at the first non-digit; the length then fails.
  assert.equal(scan("/f read 4096abc 4096xyz", 2).count, 3);
  assert.equal(scan("/f   write   0   4096 trailing", 2).count, 4);
  assert.equal(scan("/f read +8192 4096", 2).offset, 8192);
  assert.equal(scan("/f read x 4096", 2).count, 2);
  assert.equal(scan("/f add\r\n", 2).action, "add");
  assert.equal(scan("", 2).count, -1);
  assert.equal(scan("\n", 2).count, -1);
  assert.equal(scan("junk", 2).count, 1);
  const v3 = scan("123 /f write 8 16", 3);
  assert.deepEqual([v3.count, v3.ts, v3.offset, v3.len], [5, 123, 8, 16]);
  assert.equal(scan("x /f read 0 4096", 3).count, 0);
  // %u wraps a negative length modulo 2^32.
  assert.equal(scan("/f read 0 -1", 2).len, 4294967295);
});

Deno.test("v2 lines become entries; bad ones are reported as fio does and skipped", () => {
  const { entries, said } = parse(2, [
    "/f add",
    "/f open",
    "/f bogus 0 4096",
    "/f read 0 4096",
    "junk",
    "/f frob",
    "a b c d e f",
    "/f read 4096",
    "/f read x 4096",
    "/f write 8192 512",
    "/f sync 8192 0",
    "/f datasync 0 0",
    "/f trim 0 4096",
    "/f close",
  ]);
  assert.deepEqual(said, [
    "fio: bad iolog file action: bogus\n",
    "bad iolog2: junk\n\n",
    "fio: bad iolog file action: frob\n",
    "fio: bad iolog file action: b\n",
    "bad iolog2: /f read 4096\n\n",
    "fio: bad iolog file action: read\n",
    "bad ddir: 2\n",
  ]);
  assert.deepEqual(entries, [
    [ACT.ADD, 0, 0, 0, 0],
    [ACT.OPEN, 0, 0, 0, 0],
    [ACT.READ, 0, 0, 4096, 0],
    [ACT.WRITE, 0, 8192, 512, 0],
    [ACT.SYNC, 0, 8192, 0, 0],
    [ACT.DATASYNC, 0, 0, 0, 0],
    [ACT.CLOSE, 0, 0, 0, 0],
  ]);
});

Deno.test("the last line without a newline is reported without the blank line", () => {
  const said: string[] = [];
  const p = new IologParser(2, PLAIN, (t) => said.push(t));
  p.line("junk", null, false);
  assert.deepEqual(said, ["bad iolog2: junk\n"]);
});

Deno.test("summary: counts, largest lengths, total bytes, file extents", () => {
  const { p } = parse(2, [
    "/a add",
    "/b add",
    "/a read 0 4096",
    "/b write 8192 65536",
    "/a read 100 8",
  ]);
  assert.deepEqual(p.names, ["/a", "/b"]);
  assert.deepEqual(p.summary.counts.slice(0, 2), [2, 1]);
  assert.deepEqual(p.summary.maxLen, [4096, 65536, 0]);
  assert.equal(p.summary.totalBytes, 4096 + 65536 + 8);
  assert.deepEqual(p.summary.extent, [4096, 73728]);
});

Deno.test("v3 delays: gap to the previous timestamp, none while it is 0, scaled", () => {
  const lines = [
    "0 /f add",
    "0 /f open",
    "300000 /f read 0 4096", // previous timestamp 0: replayed at once (fio 3.33)
    "310000 /f read 4096 4096",
    "450000 /f close",
  ];
  assert.deepEqual(parse(3, lines).entries.map((e) => e[4]), [0, 0, 0, 10000, 140000]);
  const half = { ...PLAIN, timeScale: 50 };
  assert.deepEqual(parse(3, lines, half).entries.map((e) => e[4]), [0, 0, 0, 20000, 280000]);
  const twice = { ...PLAIN, timeScale: 200 };
  assert.deepEqual(parse(3, lines, twice).entries.map((e) => e[4]), [0, 0, 0, 5000, 70000]);
});

Deno.test("v3 refuses wait; v2 wait keeps its value unless replay_no_stall", () => {
  const v3 = parse(3, ["0 /f add", "10 /f wait 100 0"]);
  assert.deepEqual(v3.said, ["iolog: ignoring wait command with version 3 for file /f\n"]);
  assert.equal(v3.entries.length, 1);
  const v2 = parse(2, ["/f add", "/f wait 400 0"]);
  assert.deepEqual(v2.entries[1], [ACT.WAIT, -1, 0, 0, 400]);
  assert.equal(
    parse(2, ["/f add", "/f wait 400 0"], { ...PLAIN, noStall: true }).entries.length,
    1,
  );
});

Deno.test("replay_scale divides offsets, replay_align rounds them down", () => {
  const lines = ["/f add", "/f read 4100 4096", "/f write 10000 4096"];
  const offs = (s: Partial<ParseSettings>) =>
    parse(2, lines, { ...PLAIN, ...s }).entries.slice(1).map((e) => e[2]);
  assert.deepEqual(offs({}), [4100, 10000]);
  assert.deepEqual(offs({ scale: 2 }), [2050, 5000]);
  assert.deepEqual(offs({ align: 4096 }), [4096, 8192]);
  assert.deepEqual(offs({ scale: 3, align: 1024 }), [1024, 3072]);
});

Deno.test("replay_redirect folds every file into one", () => {
  const { p, entries } = parse(2, ["/a add", "/b add", "/b read 0 1", "/a read 0 2"], {
    ...PLAIN,
    redirect: "/dev/x",
  });
  assert.deepEqual(p.names, ["/dev/x"]);
  assert.deepEqual(entries.map((e) => e[1]), [0, 0, 0, 0]);
});

Deno.test("an I/O on a file never added marks the trace unusable", () => {
  const { p, entries } = parse(2, ["/a add", "/b read 0 4096"]);
  assert.equal(p.unknownFile, "/b");
  assert.equal(entries.length, 1);
});

Deno.test("probeTrace: versions, fio's messages for short, bad, empty, missing files", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const at = (name: string, text: string | Uint8Array) => {
      const p = `${dir}/${name}`;
      if (typeof text === "string") Deno.writeTextFileSync(p, text);
      else Deno.writeFileSync(p, text);
      return p;
    };
    assert.deepEqual(probeTrace(at("v2", "fio version 2 iolog\n")), {
      kind: "iolog",
      version: 2,
      messages: ["fio: short read on blktrace file"],
    });
    const long = "fio version 3 iolog\n" + "0 /some/long/file/name add\n".repeat(3);
    assert.deepEqual(probeTrace(at("v3", long)), { kind: "iolog", version: 3, messages: [] });
    assert.deepEqual(probeTrace(at("v1", "fio version 1 iolog\n")).kind, "bad");
    assert.deepEqual(
      (probeTrace(at("hello", "hello\n".repeat(20))) as { messages: string[] }).messages,
      [
        "fio: iolog version 1 is no longer supported",
      ],
    );
    assert.deepEqual((probeTrace(at("empty", "")) as { messages: string[] }).messages, [
      "fio: short read on blktrace file",
      "fio: unable to read iolog",
    ]);
    assert.deepEqual((probeTrace(`${dir}/missing`) as { messages: string[] }).messages, [
      "fopen read iolog: No such file or directory",
    ]);
    const blk = new Uint8Array(64);
    new DataView(blk.buffer).setUint32(0, 0x65617407, true);
    assert.deepEqual(probeTrace(at("blk", blk)), { kind: "blktrace" });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("LineReader: lines across 1 MiB reads, last line without newline", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const lines = Array.from({ length: 60000 }, (_, i) => `/f read ${i * 4096} 4096`);
    Deno.writeTextFileSync(`${dir}/t`, lines.join("\n"));
    const r = new LineReader(`${dir}/t`);
    const got: string[] = [];
    let newlines = 0;
    for (let l = r.line(); l !== null; l = r.line()) {
      got.push(l);
      if (r.newline) newlines++;
    }
    r.close();
    assert.deepEqual(got, lines);
    assert.equal(newlines, lines.length - 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
