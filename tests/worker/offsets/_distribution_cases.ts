/**
 * Jobs whose offsets are compared with fio 3.33 (random_distribution and
 * zonemode=strided). Each runs as job 1 on the null engine with
 * randrepeat=0 and the given randseed, one file of `size` bytes.
 */

/** One compared job. */
export interface DistCase {
  /** Label (also the fixture key). */
  readonly name: string;
  /** Job options as `key=value` (fio gets them as `--key=value`). */
  readonly args: readonly string[];
  /** File size in bytes (also `size=`). */
  readonly size: number;
  /** Block size in bytes (also `bs=`). */
  readonly bs: number;
}

const K = 1024, M = 1024 * 1024;

/** The compared jobs. */
export const DIST_CASES: readonly DistCase[] = [
  { name: "zipf:1.2", args: ["rw=randread", "random_distribution=zipf:1.2"], size: M, bs: 4 * K },
  {
    name: "zipf:0.8:0.3 seed 9",
    args: ["rw=randread", "random_distribution=zipf:0.8:0.3", "randseed=9"],
    size: 4 * M,
    bs: 4 * K,
  },
  {
    name: "zipf default theta, randrw 8k",
    args: ["rw=randrw", "random_distribution=zipf", "randseed=3"],
    size: 8 * M,
    bs: 8 * K,
  },
  {
    name: "pareto:0.3",
    args: ["rw=randread", "random_distribution=pareto:0.3"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "pareto:0.7 seed 99 64M",
    args: ["rw=randread", "random_distribution=pareto:0.7", "randseed=99"],
    size: 64 * M,
    bs: 4 * K,
  },
  {
    name: "pareto:0.2:0 center",
    args: ["rw=randwrite", "random_distribution=pareto:0.2:0"],
    size: 2 * M,
    bs: 4 * K,
  },
  { name: "normal:10", args: ["rw=randread", "random_distribution=normal:10"], size: M, bs: 4 * K },
  {
    name: "zipf with tausworthe64 (the zipf stream stays 32-bit)",
    args: ["rw=randread", "random_distribution=zipf:1.2", "random_generator=tausworthe64"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "pareto with lfsr (no lfsr used)",
    args: ["rw=randread", "random_distribution=pareto:0.4", "random_generator=lfsr"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "normal:30:0.2 64M",
    args: ["rw=randread", "random_distribution=normal:30:0.2"],
    size: 64 * M,
    bs: 4 * K,
  },
  { name: "normal (σ 0)", args: ["rw=randread", "random_distribution=normal"], size: M, bs: 4 * K },
  {
    name: "zoned:60/10:30/20:10/70",
    args: ["rw=randread", "random_distribution=zoned:60/10:30/20:10/70"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "zoned with lfsr",
    args: ["rw=randread", "random_distribution=zoned:60/10:40/90", "random_generator=lfsr"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "zoned with tausworthe64, seed 55",
    args: [
      "rw=randread",
      "random_distribution=zoned:60/10:40/90",
      "random_generator=tausworthe64",
      "randseed=55",
    ],
    size: M,
    bs: 4 * K,
  },
  {
    name: "zoned_abs randwrite seed 77",
    args: ["rw=randwrite", "random_distribution=zoned_abs:50/256k:30/1M:20/2M", "randseed=77"],
    size: 4 * M,
    bs: 4 * K,
  },
  {
    name: "strided read 16k of 256k",
    args: ["rw=read", "zonemode=strided", "zonesize=16k", "zonerange=256k"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided read 64k in 16k",
    args: ["rw=read", "zonemode=strided", "zonesize=64k", "zonerange=16k"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided write zoneskip",
    args: ["rw=write", "zonemode=strided", "zonesize=64k", "zoneskip=128k"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided randread map",
    args: ["rw=randread", "zonemode=strided", "zonesize=16k", "zonerange=256k"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided randread norandommap",
    args: ["rw=randread", "zonemode=strided", "zonesize=16k", "zonerange=256k", "norandommap=1"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided randwrite skip",
    args: ["rw=randwrite", "zonemode=strided", "zonesize=512k", "zonerange=128k", "zoneskip=64k"],
    size: M,
    bs: 4 * K,
  },
  {
    name: "strided lfsr",
    args: [
      "rw=randread",
      "zonemode=strided",
      "zonesize=512k",
      "zonerange=128k",
      "random_generator=lfsr",
    ],
    size: M,
    bs: 4 * K,
  },
];

/** One logged I/O: direction (0 read, 1 write) and byte offset. */
export interface LoggedIo {
  /** Direction. */
  readonly ddir: number;
  /** Byte offset. */
  readonly offset: number;
}

/** Runs `c` in fio 3.33 with write_iolog; returns the logged reads and writes. */
export function runFio(c: DistCase): LoggedIo[] {
  const dir = Deno.makeTempDirSync({ prefix: "dfio_dist_" });
  try {
    const args = [
      "--output-format=terse",
      `--output=${dir}/out`,
      "--name=j",
      "--ioengine=null",
      "--randrepeat=0",
      "--randseed=137",
      `--size=${c.size}`,
      `--bs=${c.bs}`,
      ...c.args.map((a) => `--${a}`),
      `--write_iolog=${dir}/j.log`,
    ];
    const res = new Deno.Command("fio", { args, stdout: "piped", stderr: "piped" }).outputSync();
    if (!res.success) throw new Error(new TextDecoder().decode(res.stderr));
    const out: LoggedIo[] = [];
    for (const line of Deno.readTextFileSync(`${dir}/j.log`).split("\n")) {
      const f = line.split(" ");
      if (f.length !== 5 || (f[2] !== "read" && f[2] !== "write")) continue;
      out.push({ ddir: f[2] === "read" ? 0 : 1, offset: Number(f[3]) });
    }
    return out;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}
