/**
 * Live differential test: runs real fio 3.33 (`--parse-only`, with and
 * without `--debug=parse`) on a table of values and checks that dfio
 * accepts exactly what fio accepts, prints the same stderr lines, and, for
 * plain numbers, reads the same value as fio's first "out=".
 */
import assert from "node:assert/strict";
import { OptionValueError, parseOptionValue } from "../../src/options/parse.ts";
import type { ParsedValue } from "../../src/options/types.ts";
import { FIXTURES } from "./fixtures.ts";

function fioPath(): string | undefined {
  try {
    const out = new Deno.Command("sh", { args: ["-c", "command -v fio"] }).outputSync();
    const path = new TextDecoder().decode(out.stdout).trim();
    return out.success && path ? path : undefined;
  } catch {
    return undefined;
  }
}

const FIO = fioPath();

/** [option, value] pairs; every one was also checked by hand. */
const CASES: [string, string][] = [
  ["bs", "4k"],
  ["bs", "4K"],
  ["bs", "4kb"],
  ["bs", "4KiB"],
  ["bs", "4kib"],
  ["bs", "4ki"],
  ["bs", "1m"],
  ["bs", "1mib"],
  ["bs", "1g"],
  ["bs", "1t"],
  ["bs", "1p"],
  ["bs", "512b"],
  ["bs", "4q"],
  ["bs", "4e3"],
  ["bs", "0x1000"],
  ["bs", "0X1f"],
  ["bs", "1.5k"],
  ["bs", "10x"],
  ["bs", "4k,8k"],
  ["bs", ",8k"],
  ["bs", "4k,8k,"],
  ["bs", "0"],
  ["bs", "-4k"],
  ["bs", "abc"],
  ["bs", "4z"],
  ["bs", "k"],
  ["bs", ""],
  ["bs", "9223372036854775807"],
  ["bs", "9223372036854775808"],
  ["bs", "4k:8k"],
  ["bs", "(1+2)"],
  ["bs", "$(1+2)"],
  ["iodepth", "1k"],
  ["iodepth", "0"],
  ["iodepth", "-1"],
  ["iodepth", "0x10"],
  ["iodepth", "16"],
  ["nice", "-20"],
  ["nice", "-21"],
  ["nice", "20"],
  ["nice", "19"],
  ["rwmixread", "101"],
  ["rwmixread", "100"],
  ["rwmixread", "50%"],
  ["runtime", "10"],
  ["runtime", "10s"],
  ["runtime", "10sec"],
  ["runtime", "10ms"],
  ["runtime", "10msec"],
  ["runtime", "10us"],
  ["runtime", "1m"],
  ["runtime", "1min"],
  ["runtime", "1h"],
  ["runtime", "1d"],
  ["runtime", "1D"],
  ["runtime", "10k"],
  ["runtime", "1.5s"],
  ["runtime", "10x"],
  ["runtime", "abc"],
  ["runtime", "1s:2s"],
  ["runtime", "10mss"],
  ["runtime", "4z"],
  ["thinktime", "1"],
  ["thinktime", "1s"],
  ["thinktime", "1ms"],
  ["latency_target", "1"],
  ["ramp_time", "2"],
  ["direct", "1"],
  ["direct", "0"],
  ["direct", "2"],
  ["direct", "yes"],
  ["direct", "true"],
  ["direct", "1k"],
  ["direct", "0x1"],
  ["direct", "-1"],
  ["thread", "0"],
  ["thread", "5"],
  ["thread", "yes"],
  ["bsrange", "4k-16k"],
  ["bsrange", "16k-4k"],
  ["bsrange", "4k:16k"],
  ["bsrange", "4k"],
  ["bsrange", "-4k"],
  ["bsrange", "4k-x"],
  ["bsrange", ",4k-8k"],
  ["percentile_list", "1:5:99.5"],
  ["percentile_list", "abc"],
  ["percentile_list", "1:x"],
  ["percentile_list", "101"],
  ["percentile_list", "-1"],
  ["kb_base", "1000"],
  ["kb_base", "1k"],
  ["lockfile", "exclusive"],
  ["lockfile", "Exclusive"],
  ["lockfile", "readwrite:4"],
  ["rw", "read"],
  ["rw", "READ"],
  ["rw", "readx"],
  ["rw", "rea"],
  ["rw", "randread:8"],
  ["rw", "read:-4k"],
  ["rw", "read,write"],
  ["rw", "write:1,2"],
  ["rw", "read:x"],
  ["bssplit", "4k/50:8k/50"],
  ["bssplit", "4k/50:8k/60"],
  ["bssplit", "x/50"],
  ["bssplit", "4k/50:x/50"],
  ["bssplit", "4k/x"],
  ["bssplit", ",16k"],
  ["size", "50%"],
  ["size", "4z"],
  ["size", "4kz"],
  ["size", "z"],
  ["size", "1.5z"],
  ["size", "10g"],
  ["size", "abc"],
  ["offset", "101%"],
  ["zonesize", "4z"],
  ["zonesize", "10%"],
  ["cpumask", "abc"],
  ["cpumask", "3"],
  ["cpus_allowed", "abc"],
  ["cpus_allowed", "0-1"],
  ["ignore_error", "FOO"],
  ["ignore_error", "EIO,ENOSPC:122"],
  ["random_distribution", "zipf:1.2"],
  ["random_distribution", "zipf:1"],
  ["random_distribution", "pareto:0"],
  ["random_distribution", "normal:101"],
  ["random_distribution", "zipf:1.2:2"],
  ["random_distribution", "zoned:50/10:50/90"],
  ["random_distribution", "zoned:50/10:40/90"],
  ["random_distribution", "zoned"],
  ["random_distribution", "zoned:x"],
  ["random_distribution", "gauss:5"],
  ["file_service_type", "random:4"],
  ["file_service_type", "zipf:x"],
  ["file_service_type", "gauss"],
  ["buffer_pattern", "0xdeadbeef"],
  ["buffer_pattern", "0xZZ"],
  ["buffer_pattern", "0x"],
  ["buffer_pattern", "-1"],
  ["buffer_pattern", "4294967295"],
  ["buffer_pattern", '"abc"'],
  ["buffer_pattern", '"abc'],
  ["buffer_pattern", "0xab*2"],
  ["buffer_pattern", "%o"],
  ["buffer_pattern", "5 "],
  ["buffer_pattern", '"ab" 12'],
  ["verify_pattern", "0xff%o"],
  ["verify_pattern", "%ox"],
  ["steadystate", "iops:10%"],
  ["steadystate", "bw:1m"],
  ["steadystate", "iops"],
  ["steadystate", "iops:"],
  ["steadystate", "iops:x%"],
  ["steadystate", "bw:x"],
  ["steadystate", "foo"],
  ["thinktime_blocks_type", "issue"],
  ["thinktime_blocks_type", "x"],
  ["mem", "mmaphuge:/tmp/x"],
  ["mem", "mallocx"],
  ["sync_file_range", "write,foo"],
  ["sync_file_range", "foo"],
  ["ioengine", "psync"],
  ["ioengine", "foo"],
  ["ioengine", "external:/nope.so"],
  ["ioengine", "SYNC"],
  ["ioengine", "sync:x"],
  ["ioengine", "aio"],
  ["filesize", "1k-4k"],
  ["startdelay", "2s-10s"],
  ["percentage_random", "10,20"],
];

interface FioRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function runFio(args: string[]): Promise<FioRun> {
  const out = await new Deno.Command(FIO!, { args, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** fio's stderr without its own job-dropping line. */
function fioLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l !== "");
}

/** The u64 text fio prints for a plain parsed number, if the value is one. */
function asFioOut(v: ParsedValue): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === "number" && Number.isSafeInteger(first)) {
    return BigInt.asUintN(64, BigInt(first)).toString();
  }
  return undefined;
}

Deno.test({
  name: "value parsing matches real fio 3.33 (accept/reject, messages, values)",
  ignore: FIO === undefined,
  async fn() {
    const failures: string[] = [];
    let compared = 0;
    // All fio runs start together (fio takes ~0.15 s each); the debug run,
    // which shows fio's parsed number, only for values where one is compared.
    const runs = await Promise.all(CASES.map(async ([opt, value]) => {
      const arg = `--${opt}=${value}`;
      const simple = !/^[,-]|:/.test(value) && FIXTURES[opt].type !== "special";
      return await Promise.all([
        runFio(["--parse-only", "--name=x", arg]),
        simple ? runFio(["--debug=parse", "--parse-only", "--name=x", arg]) : undefined,
      ]);
    }));
    CASES.forEach(([opt, value], i) => {
      const arg = `--${opt}=${value}`;
      const [plain, dbg] = runs[i];
      const warnings: string[] = [];
      let ours: ParsedValue | undefined;
      let ourLines: string[] = [];
      try {
        ours = parseOptionValue(FIXTURES[opt], value, { kbBase: 1024, unitBase: 0 }, {
          parseOnly: true,
          warn: (l) => warnings.push(l),
        });
        ourLines = warnings;
      } catch (e) {
        if (!(e instanceof OptionValueError)) throw e;
        ourLines = [...warnings, ...e.message.split("\n")];
      }
      const fioOk = plain.code === 0;
      if (fioOk !== (ours !== undefined)) {
        const verdict = ours === undefined ? "rejects" : "accepts";
        failures.push(`${arg}: fio exit ${plain.code}, dfio ${verdict}`);
        return;
      }
      // fio's own "option requires an argument" for an empty value is the CLI's.
      if (value !== "" && fioLines(plain.stderr).join("|") !== ourLines.join("|")) {
        failures.push(`${arg}: stderr fio=${JSON.stringify(plain.stderr)} dfio=${ourLines}`);
      }
      if (ours === undefined) return;
      const want = asFioOut(ours);
      // Multi-piece values print one out= per piece; specials have no single
      // out=: those got no debug run.
      if (want === undefined || dbg === undefined) return;
      const m = new RegExp(`__handle_option=${opt},[^\\n]*\\n[^\\n]*out=(\\d+)`).exec(dbg.stdout);
      if (!m) return;
      compared++;
      if (m[1] !== want) failures.push(`${arg}: fio out=${m[1]} dfio ${want}`);
    });
    assert.deepEqual(failures, []);
    assert.ok(compared >= 40, `only ${compared} values compared`);
  },
});
