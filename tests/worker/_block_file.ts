/** Test files whose blocks carry their own number, for checking offsets of reads. */

/**
 * Writes `dir/name` with `blocks` 4 KiB blocks where byte i is
 * (i >> 12) & 0xff, so each block carries its number; returns the path.
 */
export function blockFile(dir: string, name: string, blocks: number): string {
  const p = `${dir}/${name}`;
  const data = new Uint8Array(blocks * 4096);
  for (let i = 0; i < data.length; i++) data[i] = (i >> 12) & 0xff;
  Deno.writeFileSync(p, data);
  return p;
}
