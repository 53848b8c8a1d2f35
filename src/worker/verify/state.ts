/**
 * fio's verify state files (verify_state_save / verify_state_load).
 *
 * A writing job with verify on leaves `local-<job name>-<job index>-verify.state`
 * (job index = job number - 1) in the working directory, or in --aux-path,
 * when it ends for any reason (done, signal, error). The file says how many
 * writes the job issued and, per file, the offsets of its last `iodepth`
 * completed writes; a later run with verify_state_load reads it and stops
 * verifying at the first block that was not completed. The binary layout
 * (all little-endian; measured on files fio 3.33 writes and read back with
 * fio-verify-state):
 *
 *   header  0 u64 version (3)   8 u64 size of the rest   16 u64 crc32c of the rest
 *   rest    0 u64 completions    8 u32 depth   12 u32 files   16 u64 writes issued
 *          24 u64 job index     32 u64 use64  40 48 bytes offset generator state
 *          88 64 bytes job name (NUL padded)
 *         152 completions: {u64 file index, u64 offset}, file by file, newest first
 */

import { crc32c } from "./checksums/crc32.ts";

/** The only layout version fio 3.33 reads and writes. */
export const STATE_VERSION = 3;
const HDR = 24;
const FIXED = 152;
const NAME_LEN = 64;

/** A decoded state file. */
export interface SavedVerifyState {
  /** iodepth of the writing job. */
  readonly depth: number;
  /** Files of the writing job. */
  readonly files: number;
  /** Writes the job issued. */
  readonly writes: number;
  /** Job index (job number - 1). */
  readonly index: number;
  /** Job name (at most 63 bytes kept). */
  readonly name: string;
  /** Offset generator state words (informational: fio does not use them on load). */
  readonly use64: boolean;
  readonly rand: readonly bigint[];
  /** Completed writes: file index and offset, in file order, newest first per file. */
  readonly comps: readonly { readonly file: number; readonly offset: number }[];
}

/** The state file's path for a job. */
export function stateFilePath(dir: string | undefined, name: string, jobNumber: number): string {
  const base = `local-${name}-${jobNumber - 1}-verify.state`;
  return dir === undefined || dir === "" ? base : `${dir.replace(/\/+$/, "")}/${base}`;
}

/** Encodes a state as fio writes it. */
export function encodeVerifyState(s: SavedVerifyState): Uint8Array {
  const size = FIXED + 16 * s.comps.length;
  const out = new Uint8Array(HDR + size);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(STATE_VERSION), true);
  v.setBigUint64(8, BigInt(size), true);
  const b = HDR;
  v.setBigUint64(b, BigInt(s.comps.length), true);
  v.setUint32(b + 8, s.depth, true);
  v.setUint32(b + 12, s.files, true);
  v.setBigUint64(b + 16, BigInt(s.writes), true);
  v.setBigUint64(b + 24, BigInt(s.index), true);
  v.setBigUint64(b + 32, s.use64 ? 1n : 0n, true);
  for (let i = 0; i < s.rand.length; i++) {
    if (s.use64) v.setBigUint64(b + 40 + 8 * i, s.rand[i], true);
    else v.setUint32(b + 40 + 4 * i, Number(s.rand[i] & 0xffffffffn), true);
  }
  const name = new TextEncoder().encode(s.name).subarray(0, NAME_LEN - 1);
  out.set(name, b + 88);
  for (let i = 0; i < s.comps.length; i++) {
    v.setBigUint64(b + FIXED + 16 * i, BigInt(s.comps[i].file), true);
    v.setBigUint64(b + FIXED + 16 * i + 8, BigInt(s.comps[i].offset), true);
  }
  v.setBigUint64(16, BigInt(crc32c(out, HDR, out.length)), true);
  return out;
}

/** Decodes a state file; a string is fio's complaint about it. */
export function decodeVerifyState(bytes: Uint8Array): SavedVerifyState | string {
  if (bytes.length < HDR) return "fio: failed reading verify state header";
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = v.getBigUint64(0, true);
  if (version !== BigInt(STATE_VERSION)) {
    return `fio: unsupported (${version}) version in verify state header`;
  }
  const size = Number(v.getBigUint64(8, true));
  if (size < FIXED || bytes.length < HDR + size) return "fio: failed reading verity state";
  if (BigInt(crc32c(bytes, HDR, HDR + size)) !== v.getBigUint64(16, true)) {
    return "fio: verify state is corrupt";
  }
  const b = HDR;
  const n = Number(v.getBigUint64(b, true));
  if (FIXED + 16 * n > size) return "fio: verify state is corrupt";
  const use64 = v.getBigUint64(b + 32, true) !== 0n;
  const rand: bigint[] = [];
  for (let i = 0; i < (use64 ? 6 : 4); i++) {
    rand.push(
      use64 ? v.getBigUint64(b + 40 + 8 * i, true) : BigInt(v.getUint32(b + 40 + 4 * i, true)),
    );
  }
  const nameBytes = bytes.subarray(b + 88, b + 88 + NAME_LEN);
  const nul = nameBytes.indexOf(0);
  const comps: { file: number; offset: number }[] = [];
  for (let i = 0; i < n; i++) {
    comps.push({
      file: Number(v.getBigUint64(b + FIXED + 16 * i, true)),
      offset: Number(v.getBigUint64(b + FIXED + 16 * i + 8, true)),
    });
  }
  return {
    depth: v.getUint32(b + 8, true),
    files: v.getUint32(b + 12, true),
    writes: Number(v.getBigUint64(b + 16, true)),
    index: Number(v.getBigUint64(b + 24, true)),
    name: new TextDecoder().decode(nul >= 0 ? nameBytes.subarray(0, nul) : nameBytes),
    use64,
    rand,
    comps,
  };
}

/**
 * The writing side: per file, a ring of the offsets of the last `depth`
 * completed writes (fio keeps one per file, and, like fio, reports
 * min(writes completed by the whole job, depth) entries for every file).
 */
export class WriteCompletions {
  private readonly depth: number;
  private readonly rings: Float64Array[];
  private readonly next: Int32Array;
  /** Writes completed by the job. */
  completed = 0;

  constructor(files: number, depth: number) {
    this.depth = Math.max(1, depth);
    this.rings = Array.from({ length: files }, () => new Float64Array(this.depth));
    this.next = new Int32Array(files);
  }

  /** A write of `offset` in file `file` completed. */
  wrote(file: number, offset: number): void {
    const i = this.next[file];
    this.rings[file][i] = offset;
    this.next[file] = i + 1 === this.depth ? 0 : i + 1;
    this.completed++;
  }

  /** The state to save. */
  snapshot(name: string, jobNumber: number, writes: number): SavedVerifyState {
    const n = Math.min(this.completed, this.depth);
    const comps: { file: number; offset: number }[] = [];
    for (let f = 0; f < this.rings.length; f++) {
      let j = this.next[f] - 1;
      for (let k = 0; k < n; k++, j--) {
        if (j < 0) j = this.depth - 1;
        comps.push({ file: f, offset: this.rings[f][j] });
      }
    }
    return {
      depth: this.depth,
      files: this.rings.length,
      writes,
      index: jobNumber - 1,
      name,
      // fio stores its offset generator here but never reads it back; dfio's
      // generator differs from 3.33's anyway, so the words stay zero.
      use64: false,
      rand: [0n, 0n, 0n, 0n],
      comps,
    };
  }
}

/**
 * The reading side: whether a verify read is past what the saved run
 * completed. Reads before the last `depth` writes always go on; inside
 * that window (or when the run wrote no more than `depth` blocks) a read
 * goes on only if its block is among the saved completions of its file.
 */
export class StateLimit {
  private readonly depth: number;
  private readonly writes: number;
  private readonly byFile: Map<number, Set<number>>;

  constructor(s: SavedVerifyState) {
    this.depth = s.depth;
    this.writes = s.writes;
    this.byFile = new Map();
    for (const c of s.comps) {
      let set = this.byFile.get(c.file);
      if (set === undefined) this.byFile.set(c.file, set = new Set());
      set.add(c.offset);
    }
  }

  /** Whether the read of `offset` in file `file`, after `readsDone` completed reads, must not happen. */
  stops(file: number, offset: number, readsDone: number): boolean {
    const d = this.depth, n = this.writes;
    if (n > d && (readsDone < d || n - readsDone > d)) return false;
    return this.byFile.get(file)?.has(offset) !== true;
  }
}

/** Writes a job's state file; returns fio's lines when it cannot. */
export function saveVerifyState(path: string, s: SavedVerifyState): string[] {
  try {
    Deno.writeFileSync(path, encodeVerifyState(s));
    return [];
  } catch (e) {
    return [`fio: open state file: ${errText(e)}`, `fio: state file: ${path} (for_write=1)`];
  }
}

/** Reads a job's state file: the limit it sets, or fio's lines when it cannot. */
export function loadVerifyState(path: string): StateLimit | string[] {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    return [`fio: open state file: ${errText(e)}`, `fio: state file: ${path} (for_write=0)`];
  }
  const s = decodeVerifyState(bytes);
  return typeof s === "string" ? [s] : new StateLimit(s);
}

/** strerror-style text of a Deno file error. */
function errText(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  const m = e instanceof Error ? e.message : String(e);
  // Deno appends ": <op> '<path>'" and " (os error N)"; fio prints strerror only.
  return m.replace(/ \(os error \d+\).*$/, "").replace(/:.*$/, "");
}
