/**
 * Every verify checksum against what fio 3.33 stored: fio wrote one 4 KiB
 * block per method (`--verify=X --do_verify=0`, default seeds), whose data
 * is the verify stream's fill from seed 0x00a4cc01c509543c; the expected
 * bytes below are the checksums fio put after the header of that block.
 */
import assert from "node:assert/strict";
import { CHECKSUMS, needsDigests } from "../../../../src/worker/verify/checksums/index.ts";
import { fillSeedWords } from "../../../../src/worker/buffer_rand.ts";
import { loadDigests } from "../../../../src/worker/verify/checksums/digests.ts";

// A job's Worker loads node:crypto first (src/worker/job.ts), so do these tests.
await loadDigests();

const FIO_STORED: Record<string, string> = {
  md5: "cc27ca0bffe70ffbf9f6cae16ff23b2b",
  crc64: "f9371ab35f4ac765",
  crc32: "28874a4f",
  crc32c: "f4a2efa3",
  crc16: "ddcf",
  crc7: "13",
  sha256: "099714fd9f195b801c1501ba9d310a358478ace006a8bbad80" + "00".repeat(31) +
    "c07c000000000000",
  sha512: "a892adf26f23f5affc5b04ec27b5ef07a4eeb1de97d8e4b71ccc14a4779c10b838982948ef3821705464" +
    "3eec66d531288cfc6734560e5398b4b1559334bb58bc6863ab266976b1781c1501ba9d310a358478ace006" +
    "a8bbadbc4ad519e68284f57895aa33cc0509eb34e07f4db2888de0ac752a817e8e96cb94cef5b205a98b1d",
  "sha3-224": "e35bd2d9c26711fc6394c3dba43f4e57ad12ce8775bab70eb0c465e8",
  "sha3-256": "feb399da7b0ad9a13e023d22277a3ed4d6d7f87f0873cca66e1ae7f04d3fb3d8",
  "sha3-384":
    "62176e496f5d8af8dbeffa0aaf156ab3cfad94144b7ce1f37cfd63150a35525f6bbb2faf7f96551bca6839b1dd133788",
  "sha3-512": "ce469521bad95e05ee1ad68ded6a18baf2c70ede03466ed29ef7914ed70b83ce" +
    "3fa7512d2668e776014c57f5ba70193ba806b56ea188f8c6042038df10aea7e0",
  xxhash: "3164bbab",
  sha1: "8dad2fdc2b494824c8e4a0019eb2c839d7f8103f",
};

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function fioBlock(): Uint8Array {
  const buf = new Uint8Array(4096);
  fillSeedWords(buf, new Uint32Array(buf.buffer), 0, 4096, 0x00a4cc01, 0xc509543c);
  return buf;
}

for (const [name, want] of Object.entries(FIO_STORED)) {
  Deno.test(`checksum ${name} stores what fio 3.33 stores`, () => {
    const k = CHECKSUMS[name];
    assert.equal(k.size * 2, want.length);
    const buf = fioBlock();
    // Bytes under the checksum area hold the fill, as in fio's buffer
    // (sha512 keeps part of them).
    const out = buf.slice(40, 40 + k.size);
    k.compute(buf, 40 + k.size, 4096, out, 0);
    assert.equal(hex(out), want);
  });
}

Deno.test("crc32c-intel is crc32c (type 5)", () => {
  assert.equal(CHECKSUMS["crc32c-intel"], CHECKSUMS.crc32c);
  assert.equal(CHECKSUMS.crc32c.type, 5);
});

Deno.test("header type codes are fio's", () => {
  const types = Object.fromEntries(Object.entries(CHECKSUMS).map(([n, k]) => [n, k.type]));
  assert.deepEqual(types, {
    md5: 2,
    crc64: 3,
    crc32: 4,
    "crc32c-intel": 5,
    crc32c: 5,
    crc16: 7,
    crc7: 8,
    sha256: 9,
    sha512: 10,
    "sha3-224": 11,
    "sha3-256": 12,
    "sha3-384": 13,
    "sha3-512": 14,
    xxhash: 15,
    sha1: 16,
  });
});

Deno.test("node:crypto is loaded for exactly the methods whose checksum goes through it", () => {
  const viaNode = Object.keys(CHECKSUMS).filter(needsDigests).sort();
  assert.deepEqual(viaNode, ["md5", "sha1", "sha3-224", "sha3-256", "sha3-384", "sha3-512"]);
  for (const m of ["0", "meta", "pattern", "null", "crc32c", "sha256", "sha512", "xxhash"]) {
    assert.equal(needsDigests(m), false, m);
  }
});
