import assert from "node:assert/strict";
import { type CliSink, parseArgs } from "../../src/cli/args.ts";
import { type OptionCatalog, OptionTable } from "../../src/cli/optable.ts";
import { FioError } from "../../src/errors.ts";
import type { OptionDef } from "../../src/options/types.ts";

// A small stand-in for the option table, so these tests do not depend on
// how far the table files are filled.
const def = (name: string, type: OptionDef["type"], extra: Partial<OptionDef> = {}): OptionDef => ({
  name,
  type,
  help: name,
  category: "Job description",
  implemented: true,
  ...extra,
});
const STUB: OptionCatalog = {
  jobOptions: [
    def("description", "str"),
    def("name", "str"),
    def("filename", "str"),
    def("rw", "enum", { aliases: ["readwrite"] }),
    def("ioengine", "str"),
    def("size", "size"),
    def("bs", "size", { aliases: ["blocksize"] }),
    def("loops", "int"),
    def("numjobs", "int"),
    def("runtime", "time", { aliases: ["timeout"] }),
    def("time_based", "set"),
    def("prio", "int"),
  ],
  profileOptions: [def("threads", "int")],
  engineOptions: (e) => e === "io_uring" ? [def("hipri", "set", { engines: ["io_uring"] })] : [],
  engineExists: (e) => ["psync", "io_uring", "libaio", "null"].includes(e),
};
const TABLE = new OptionTable(STUB);

function parse(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliSink = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const args = parseArgs(argv, sink, TABLE);
  return { args, out: out.join(""), err: err.join("") };
}

function fails(argv: string[]): string[] {
  try {
    parse(argv);
  } catch (e) {
    assert.ok(e instanceof FioError);
    return [e.message, ...e.extra];
  }
  throw new Error(`no error for ${argv.join(" ")}`);
}

Deno.test("job options: global before --name, one section per --name, files after", () => {
  const { args } = parse(["--bs=8k", "a.fio", "--name=one", "--size", "1m", "--time_based"]);
  assert.deepEqual(args.cmdline, [
    { name: "global", entries: [{ key: "bs", value: "8k" }] },
    {
      name: "one",
      entries: [{ key: "name", value: "one" }, { key: "size", value: "1m" }, { key: "time_based" }],
    },
  ]);
  assert.deepEqual(args.jobFiles, ["a.fio"]);
  assert.equal(args.action.kind, "run");
});

Deno.test("prefixes and aliases resolve to the table name; --timeout is the runtime alias", () => {
  const { args } = parse(["--numj=2", "--blocksize=4k", "--timeout=5", "-rw=read"]);
  assert.deepEqual(args.cmdline[0].entries, [
    { key: "numjobs", value: "2" },
    { key: "blocksize", value: "4k" },
    { key: "timeout", value: "5" },
    { key: "rw", value: "read" },
  ]);
});

Deno.test("--name=global (or any name starting with global) is a global section", () => {
  const { args } = parse(["--name=globalx", "--bs=1k", "--name=j"]);
  assert.deepEqual(args.cmdline.map((s) => s.name), ["global", "j"]);
  assert.deepEqual(args.cmdline[0].entries[0], { key: "name", value: "globalx" });
});

Deno.test("--section skips later command-line jobs; their options become global", () => {
  const { args } = parse(["--section=y", "--name=x", "--bs=8k", "--name=y", "--size=1k"]);
  assert.deepEqual(args.cmdline, [
    { name: "global", entries: [{ key: "bs", value: "8k" }] },
    { name: "y", entries: [{ key: "name", value: "y" }, { key: "size", value: "1k" }] },
  ]);
  assert.deepEqual(args.config.sections, ["y"]);
});

Deno.test("engine options exist only once the job's engine provides them", () => {
  assert.deepEqual(fails(["--name=x", "--hipri"]), [
    "fio: unrecognized option '--hipri'",
    "fio: unrecognized option '--hipri'",
    "Did you mean prio?",
  ]);
  const ok = parse(["--ioengine=io_uring", "--name=x", "--hipri"]).args;
  assert.deepEqual(ok.cmdline[1].entries, [{ key: "name", value: "x" }, { key: "hipri" }]);
  // A later job does not inherit another job's engine.
  assert.equal(
    fails(["--name=x", "--ioengine=io_uring", "--name=y", "--hipri"])[0],
    "fio: unrecognized option '--hipri'",
  );
  assert.deepEqual(fails(["--name=x", "--ioengine=foo"]), [
    "fio: engine foo not loadable",
    "fio: failed to load engine",
  ]);
});

Deno.test("profile options are accepted and ignored without a profile", () => {
  assert.deepEqual(parse(["--name=x", "--threads=3"]).args.cmdline[0].entries, [
    { key: "name", value: "x" },
  ]);
});

Deno.test("unknown options: glibc's line, fio's line and fio's suggestion", () => {
  assert.deepEqual(fails(["--foo=1"]), [
    "fio: unrecognized option '--foo=1'",
    "fio: unrecognized option '--foo=1'",
    "Did you mean loops?",
  ]);
  assert.deepEqual(fails(["--out=x"]), [
    "fio: option '--out=x' is ambiguous; possibilities: '--output' '--output-format'",
    "fio: unrecognized option '--out=x'",
    "Did you mean output?",
  ]);
  assert.deepEqual(fails(["--abcdefghij=1"]), [
    "fio: unrecognized option '--abcdefghij=1'",
    "fio: unrecognized option '--abcdefghij=1'",
  ]);
  assert.deepEqual(fails(["--name="]), ["fio: option name requires an argument"]);
  assert.deepEqual(fails(["--size"]), [
    "fio: option '--size' requires an argument",
    "fio: unrecognized option '--size'",
    "Did you mean size?",
  ]);
});

Deno.test("help-style options act where they stand", () => {
  assert.equal(parse(["--version", "--foo"]).args.action.kind, "version");
  assert.equal(fails(["--foo", "--version"])[0], "fio: unrecognized option '--foo'");
  assert.deepEqual(parse(["-cbs"]).args.action, { kind: "cmdhelp", name: "bs" });
  assert.deepEqual(parse(["--cmdhelp"]).args.action, { kind: "cmdhelp", name: undefined });
  assert.deepEqual(parse(["-i"]).args.action, { kind: "enghelp", spec: undefined });
  assert.deepEqual(parse(["--enghelp=io_uring,hipri"]).args.action, {
    kind: "enghelp",
    spec: "io_uring,hipri",
  });
  assert.equal(parse(["-h"]).args.action.kind, "help");
  assert.equal(parse(["--debug=help"]).args.action.kind, "debughelp");
});

Deno.test("run settings land in RunConfig", () => {
  const { args } = parse([
    "--output-format=normal,json+,terse",
    "--terse-version=4",
    "--eta=always",
    "--eta-newline=2",
    "--eta-interval=500ms",
    "--status-interval=1m",
    "--readonly",
    "--warnings-fatal",
    "--max-jobs=64",
    "--parse-only",
    "--section=a",
    "--section=b",
    "--bandwidth-log",
    "--append-terse",
    "--aux-path=/tmp",
    "--alloc-size=1024",
  ]);
  const c = args.config;
  assert.deepEqual(c.outputFormats, ["terse", "json+", "normal"]);
  assert.equal(c.terseVersion, 4);
  assert.equal(c.eta, "always");
  assert.equal(c.etaNewlineMs, 2000);
  assert.equal(c.etaIntervalMs, 500);
  assert.equal(c.statusIntervalMs, 60000);
  assert.equal(c.readonly, true);
  assert.equal(c.warningsFatal, true);
  assert.equal(c.maxJobs, 64);
  assert.equal(c.parseOnly, true);
  assert.deepEqual(c.sections, ["a", "b"]);
  assert.equal(c.bandwidthLog, "agg");
  assert.equal(c.appendTerse, true);
  assert.equal(c.auxPath, "/tmp");
  assert.deepEqual(parse(["--minimal"]).args.config.outputFormats, ["terse"]);
  assert.deepEqual(parse(["--minimal", "--output-format=json"]).args.config.outputFormats, [
    "json",
  ]);
  assert.equal(parse(["--eta=ALWAYS"]).args.config.eta, "auto");
  assert.equal(parse(["--terse-version=3k"]).args.config.terseVersion, 3);
});

Deno.test("bad run option values: fio's messages", () => {
  assert.deepEqual(fails(["--output-format=json,foo"]), [
    "fio: invalid output format foo",
    "fio: failed parsing output-format",
  ]);
  assert.deepEqual(fails(["--terse-version=6"]), ["fio: bad terse version format"]);
  assert.deepEqual(fails(["--eta-interval=249ms"]), [
    "fio: eta interval time too short (250msec min)",
  ]);
  assert.deepEqual(fails(["--eta-interval=foo"]), ["fio: failed parsing eta interval foo"]);
  assert.deepEqual(fails(["--eta-newline=999us"]), ["fio: eta new line time too short"]);
  assert.deepEqual(fails(["--eta-newline=x"]), ["fio: failed parsing eta time x"]);
  assert.deepEqual(fails(["--status-interval=999us"]), ["fio: status interval too small"]);
  assert.deepEqual(fails(["--status-interval=-5"]), ["fio: status interval too small"]);
  assert.deepEqual(fails(["--status-interval="]), ["fio: failed parsing time "]);
  assert.deepEqual(fails(["--section=global"]), ["fio: can't use global as only section"]);
  assert.deepEqual(fails(["--latency-log=x"]), [
    "fio: --latency-log is deprecated. Use per-job latency log options.",
  ]);
  assert.deepEqual(fails(["--output=/nonexistent-dir/x"]), [
    "fio: output file open error: No such file or directory",
  ]);
  for (
    const name of [
      "server",
      "client=h",
      "profile=tiobench",
      "trigger=x",
      "crctest",
      "idle-prof=system",
    ]
  ) {
    assert.deepEqual(fails([`--${name}`]), [
      `fio: --${name.split("=")[0]} is not supported yet`,
    ]);
  }
});

Deno.test("--debug prints what it sets and reports unknown masks without failing", () => {
  const r = parse(["--debug=io,iox,foo,all"]);
  assert.equal(
    r.out,
    "fio: set debug option io\nfio: set debug option iox\nfio: set all debug options\n",
  );
  assert.equal(r.err, "fio: debug mask foo not found\n");
  assert.equal(r.args.config.debug.length, 19);
  assert.deepEqual(parse(["--debug=file,io:3"]).args.config.debug, ["file", "io"]);
});
