import assert from "node:assert/strict";
import { FileSelector, type FileServicePolicy } from "../../src/worker/fileselect.ts";
import { jobSeeds } from "../../src/worker/random/seeds.ts";
import { HAVE_FIO } from "../helpers/run.ts";

if (!HAVE_FIO) console.log("fileselect_test: live case skipped, fio is not on PATH");

/** A skewed policy case: fio's file_service_type text and its file sequence. */
interface SkewCase {
  fst: string;
  files: number;
  seed: number;
  /** File numbers fio 3.33 used for the first 60 I/Os (write_iolog). */
  fio: string;
}

const CASES: SkewCase[] = [
  {
    fst: "zipf:1.2",
    files: 8,
    seed: 137,
    fio: "777777171777707777677777777671777777777777770777777777777717",
  },
  {
    fst: "zipf",
    files: 8,
    seed: 137,
    fio: "777777272777727777677777077672777777777777771777777777777737",
  },
  {
    fst: "pareto:0.3",
    files: 8,
    seed: 137,
    fio: "377171505377157017717217427715737777770307705772177737710761",
  },
  {
    fst: "pareto",
    files: 8,
    seed: 137,
    fio: "177777474177747777777077207674707777777177773770777717777747",
  },
  {
    fst: "normal:20",
    files: 8,
    seed: 137,
    fio: "242323433334344325533344334453334433435344443332233535343535",
  },
  {
    fst: "gauss",
    files: 8,
    seed: 137,
    fio: "333322333333443353453343453434444245344435343334334323344343",
  },
  {
    fst: "zipf:1.5",
    files: 3,
    seed: 7,
    fio: "111111111211111111111121111111111111111111111111111111111111",
  },
  {
    fst: "normal:5",
    files: 3,
    seed: 7,
    fio: "111111111121111111111111111111111111111111111110111111111101",
  },
];

function selector(c: SkewCase): FileSelector {
  const [name, value] = c.fst.split(":");
  const type = (name === "gauss" ? "normal" : name) as FileServicePolicy;
  const param = value === undefined ? NaN : Number(value);
  return new FileSelector(c.files, type, param, jobSeeds(c.seed, 1), false);
}

function sequence(c: SkewCase, n: number): string {
  const s = selector(c);
  return Array.from({ length: n }, () => s.pick()).join("");
}

for (const c of CASES) {
  Deno.test(`file_service_type=${c.fst} (${c.files} files) picks fio 3.33's files`, () => {
    assert.equal(sequence(c, 60), c.fio);
  });
}

Deno.test({
  name: "file_service_type=zipf:1.1 over 4 files matches fio 3.33 live",
  ignore: !HAVE_FIO,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dfio_fst_" });
    try {
      const args = [
        `--output=${dir}/out`,
        "--name=j",
        "--ioengine=null",
        "--randrepeat=0",
        "--randseed=4242",
        "--rw=randread",
        "--bs=4k",
        "--size=4M",
        "--nrfiles=4",
        "--norandommap",
        "--number_ios=500",
        "--file_service_type=zipf:1.1",
        `--write_iolog=${dir}/j.log`,
      ];
      const r = new Deno.Command("fio", { args, stdout: "null", stderr: "piped" }).outputSync();
      assert.ok(r.success, new TextDecoder().decode(r.stderr));
      const fio = Deno.readTextFileSync(`${dir}/j.log`).split("\n")
        .filter((l) => l.split(" ")[2] === "read").map((l) => l.split(" ")[1].slice(-1)).join("");
      assert.equal(fio.length, 500);
      assert.equal(sequence({ fst: "zipf:1.1", files: 4, seed: 4242, fio }, 500), fio);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("skewed policies skip finished files and favour their hot file", () => {
  const s = selector({ fst: "zipf:1.2", files: 8, seed: 137, fio: "" });
  s.markDone(7);
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 2000; i++) counts[s.pick()]++;
  assert.equal(counts[7], 0);
  // With file 7 done, rank 1 (file 0) is the hottest.
  assert.ok(counts[0] > counts[1] && counts[1] > counts[2], counts.join(","));
});

Deno.test("roundrobin, sequential and random are unchanged", () => {
  const rr = new FileSelector(3, "roundrobin", 2, jobSeeds(137, 1), false);
  assert.equal(Array.from({ length: 8 }, () => rr.pick()).join(""), "00112200");
  const seq = new FileSelector(3, "sequential", 1, jobSeeds(137, 1), false);
  assert.equal(Array.from({ length: 4 }, () => seq.pick()).join(""), "0000");
});
