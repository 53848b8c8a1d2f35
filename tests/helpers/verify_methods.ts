/**
 * fio 3.33's checksumming verify= methods (md5 to xxhash), in fio's order.
 * The option table test pins this list; the verify e2e tests run every
 * method in it, so a method added to one is not missed by the other.
 */
export const VERIFY_CHECKSUMS = [
  "md5",
  "crc64",
  "crc32",
  "crc32c-intel",
  "crc32c",
  "crc16",
  "crc7",
  "sha1",
  "sha256",
  "sha512",
  "sha3-224",
  "sha3-256",
  "sha3-384",
  "sha3-512",
  "xxhash",
] as const;
