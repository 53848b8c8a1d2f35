import assert from "node:assert/strict";
import {
  OptionValueError,
  parseDefault,
  type ParseOptions,
  parseOptionValue,
} from "../../src/options/parse.ts";
import type { ParseContext, ParsedValue } from "../../src/options/types.ts";
import { FIXTURES } from "./fixtures.ts";

const K1024: ParseContext = { kbBase: 1024, unitBase: 0 };
const K1000: ParseContext = { kbBase: 1000, unitBase: 0 };

function p(
  opt: string,
  raw: string | undefined,
  opts: ParseOptions = {},
  ctx = K1024,
): ParsedValue {
  return parseOptionValue(FIXTURES[opt], raw, ctx, opts);
}

/** The error message fio prints (stderr lines), or undefined when accepted. */
function err(opt: string, raw: string | undefined, opts: ParseOptions = {}): string | undefined {
  try {
    p(opt, raw, opts);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof OptionValueError);
    return e.message;
  }
}

Deno.test("per-direction values use fio's fill rule", () => {
  assert.deepEqual(p("bs", "4k"), [4096, 4096, 4096]);
  assert.deepEqual(p("bs", "4k,8k"), [4096, 8192, 8192]);
  assert.deepEqual(p("bs", ",8k"), [4096, 8192, 8192]); // read keeps the default 4k
  assert.deepEqual(p("bs", ",8k", { previous: [512, 512, 512] }), [512, 8192, 8192]);
  assert.deepEqual(p("bs", "4k,8k,"), [4096, 8192, 4096]);
  assert.deepEqual(p("bs", "1k,2k,3k"), [1024, 2048, 3072]);
  assert.deepEqual(p("bs", "4k-8k"), [4096, 8192, 8192]); // '-' separates too
  assert.deepEqual(p("bs", "1k", {}, K1000), [1000, 1000, 1000]);
  assert.deepEqual(p("rate", "1k,2k,"), [1024, 2048, null]);
  assert.deepEqual(p("percentage_random", "10,20"), [10, 20, 20]);
});

Deno.test("ints, times, bools and sets", () => {
  assert.equal(p("iodepth", "1k"), 1024);
  assert.equal(p("iodepth", "4q"), 4);
  assert.equal(p("rwmixread", "50%"), -51); // fio's percent marker in a plain int
  assert.equal(p("runtime", "10m"), 600e6);
  assert.equal(p("thinktime", "10"), 10);
  assert.equal(p("latency_target", "1"), 1);
  assert.equal(p("direct", "1"), true);
  assert.equal(p("direct", "0"), false);
  assert.equal(p("direct", "0x1"), true);
  assert.equal(p("thread", undefined), true);
  assert.equal(p("thread", "0"), false);
  assert.equal(p("thread", "5"), true);
  assert.deepEqual(p("bsrange", "16k-4k"), Array(3).fill({ min: 4096, max: 16384 }));
  assert.deepEqual(p("bsrange", "1k-2k,3k-4k"), [
    { min: 1024, max: 2048 },
    { min: 3072, max: 4096 },
    { min: 3072, max: 4096 },
  ]);
  assert.deepEqual(p("percentile_list", "1:5:99.5"), [1, 5, 99.5]);
  assert.equal(p("name", "job one"), "job one");
  assert.equal(p("kb_base", "1000"), "1000");
  assert.equal(p("some_old", "x"), null);
});

Deno.test("errors carry fio's lines, ending with 'failed parsing'", () => {
  assert.equal(
    err("iodepth", "0"),
    "iodepth: min value out of range: 0 (1 min)\nfio: failed parsing iodepth=0",
  );
  assert.equal(
    err("bs", "0", { key: "blocksize" }),
    "bs: min value out of range: 0 (1 min)\nfio: failed parsing blocksize=0",
  );
  assert.equal(
    err("direct", "2"),
    "max value out of range: 2 (1 max)\nfio: failed parsing direct=2",
  );
  assert.equal(err("bs", "4z"), "bs: 'z' suffix isn't applicable\nfio: failed parsing bs=4z");
  assert.equal(err("bs", "abc"), "fio: failed parsing bs=abc");
  assert.equal(err("bs", ""), "fio: failed parsing bs=");
  assert.equal(
    err("size", "4kz"),
    "size: unexpected zone value '4kz'\nfio: failed parsing size=4kz",
  );
  assert.equal(err("runtime", "(1+2)"), "fio: failed parsing runtime=(1+2)");
  assert.equal(
    err("direct", undefined),
    "Option direct requires an argument\nfio: failed parsing direct",
  );
  assert.equal(err("bs", "1.5z"), "bs: 'z' suffix isn't applicable\nfio: failed parsing bs=1.5z");
});

Deno.test("enum errors list the valid values for stdout", () => {
  try {
    p("lockfile", "Exclusive");
    assert.fail("accepted");
  } catch (e) {
    assert.ok(e instanceof OptionValueError);
    assert.equal(e.message, "fio: failed parsing lockfile=Exclusive");
    assert.equal(e.stdout[0], "        valid values: none       no locking");
    assert.equal(e.stdout.length, 4);
  }
  assert.equal(err("rw", undefined), "fio: failed parsing rw");
});

Deno.test("values fio accepts with a message go to warn", () => {
  const w: string[] = [];
  assert.equal(p("nice", "-20", { warn: (l) => w.push(l) }), -20);
  assert.deepEqual(w, ["nice: max value out of range: 20 (19 max)"]);
  const w2: string[] = [];
  assert.deepEqual(p("percentile_list", "1:x", { warn: (l) => w2.push(l) }), [1]);
  assert.deepEqual(w2, ["not a floating point value: x"]);
});

Deno.test("special parsers through parseOptionValue", () => {
  assert.deepEqual(p("rw", "randread:8"), { rw: "randread", seqNr: 8, seqAdd: 0 });
  assert.deepEqual(p("rw", "read:-4k"), { rw: "read", seqNr: 1, seqAdd: -4096 });
  assert.deepEqual(p("rw", "read,write"), { rw: "read", seqNr: 1, seqAdd: 0 });
  assert.equal(err("rw", "read:x", { parseOnly: true }), undefined);
  assert.equal(
    err("rw", "read:x"),
    "fio: rw postfix parsing failed\nfio: failed parsing rw=read:x",
  );
  assert.deepEqual(p("filename", "a\\:b:c::d"), ["a:b", "c", "d"]);
  assert.deepEqual(p("directory", "/x:/y"), ["/x", "/y"]);
  assert.deepEqual(p("size", "50%"), { percent: 50 });
  assert.deepEqual(p("size", "4z"), { zones: 4 });
  assert.deepEqual(p("size", "-1"), 1); // fio: 0% then piece "1" overwrites
  assert.equal(p("size", "4K:8"), 8);
  assert.deepEqual(p("offset", "101%"), -102);
  assert.deepEqual(p("zonesize", "10%"), { percent: 10 });
  assert.deepEqual(p("cpumask", "5"), [0, 2]);
  assert.deepEqual(p("cpus_allowed", "0-1", { parseOnly: true }), [0, 1]);
  assert.deepEqual(p("cpus_allowed", undefined), []);
  assert.deepEqual(p("ignore_error", "EIO,ENOSPC:122"), [[5], [28, 122], []]);
  assert.match(err("ignore_error", "FOO") ?? "", /^Unknown error FOO, please use number value/);
  assert.deepEqual(p("steadystate", "iops:10%"), {
    criterion: "iops",
    threshold: 10,
    percent: true,
  });
  assert.deepEqual(p("steadystate", "bw:1m"), {
    criterion: "bw",
    threshold: 1048576,
    percent: false,
  });
  assert.equal(p("thinktime_blocks_type", "issue"), "issue");
  assert.deepEqual(p("mem", "mmaphuge:/tmp/x"), { type: "mmaphuge", path: "/tmp/x" });
  assert.deepEqual(p("sync_file_range", "wait_before,write:8"), {
    flags: ["wait_before", "write"],
    nr: 8,
  });
  assert.deepEqual(p("sync_file_range", "write,foo"), { flags: ["write"], nr: 1 });
  assert.deepEqual(p("filesize", "1k-4k"), { min: 1024, max: 4096 });
  assert.deepEqual(p("filesize", "4k"), { min: 4096, max: 4096 });
  assert.deepEqual(p("startdelay", "2s-10s"), { min: 2, max: 10e6 }); // fio reads "2s-10s" as 2 us
  assert.deepEqual(p("buffer_pattern", "0x01"), { bytes: [1], offsets: [] });
});

Deno.test("ioengine and fatal deprecations", () => {
  assert.equal(p("ioengine", "psync"), "psync");
  assert.equal(p("ioengine", "aio"), "libaio");
  assert.equal(
    err("ioengine", "foo"),
    "fio: engine foo not loadable\nfio: failed to load engine",
  );
  assert.equal(
    err("ioengine", "external:/nope.so"),
    'fio: invalid external ioengine path "/nope.so"\nfio: failed parsing ioengine=external:/nope.so',
  );
  assert.equal(err("gone", "1"), "Option gone is deprecated\nfio: failed parsing gone=1");
});

Deno.test("parseDefault", () => {
  assert.deepEqual(parseDefault(FIXTURES.bs, K1024), [4096, 4096, 4096]);
  assert.equal(parseDefault(FIXTURES.iodepth, K1024), 1);
  assert.equal(parseDefault(FIXTURES.direct, K1024), false);
  assert.equal(parseDefault(FIXTURES.runtime, K1024), undefined);
});
