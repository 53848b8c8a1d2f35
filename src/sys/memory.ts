/**
 * I/O buffers outside the V8 heap, aligned for O_DIRECT. The memory is seen
 * from JavaScript through `Deno.UnsafePointerView.getArrayBuffer`, so engines
 * fill and check data with ordinary typed arrays while passing the raw
 * pointer to the kernel. V8 never moves or frees it: call `release()` once
 * and stop using every view afterwards (they would dangle).
 */

import { errnoMessage } from "./errno.ts";
import { errno, libc, MAP, PROT } from "./libc.ts";

/** Which allocator backs a buffer (fio's `mem=` choices; shm ones come from src/sys/shm.ts). */
export type MemoryKind = "malloc" | "mmap" | "mmaphuge" | "mmapshared" | "shm" | "shmhuge";

/** A block of native memory with its address and a JavaScript view. */
export interface NativeBuffer {
  /** The start address as an FFI pointer. */
  readonly pointer: Deno.PointerObject;
  /** The start address as a BigInt: postable to Workers, and what hot FFI calls take. */
  readonly address: bigint;
  /** Size in bytes. */
  readonly size: number;
  /** An ArrayBuffer over the same bytes (external: not owned by V8). */
  readonly buffer: ArrayBuffer;
  /** A byte view over the whole buffer. */
  readonly bytes: Uint8Array;
  /** How the memory was obtained. */
  readonly kind: MemoryKind;
  /** Frees the memory; every view becomes invalid. Idempotent. */
  release(): void;
}

function wrap(
  pointer: Deno.PointerObject,
  size: number,
  kind: MemoryKind,
  free: () => void,
): NativeBuffer {
  const buffer = Deno.UnsafePointerView.getArrayBuffer(pointer, size);
  let live = true;
  return {
    pointer,
    address: BigInt(Deno.UnsafePointer.value(pointer)),
    size,
    buffer,
    bytes: new Uint8Array(buffer),
    kind,
    release() {
      if (live) {
        live = false;
        free();
      }
    },
  };
}

/**
 * glibc's malloc gives a request of this size or more its own mmap, in a
 * fresh process such as fio's. In a dfio Worker the runtime's own frees have
 * raised glibc's threshold, and buffers from the thread's heap made the
 * kernel's copies into them slower (4k cached io_uring reads: 1.42 against
 * 1.32 us of system time per I/O), so dfio maps them itself.
 */
const MALLOC_MMAP_THRESHOLD = 128 * 1024;

/**
 * `size` bytes from posix_memalign aligned to `align` (a power of two, at
 * least the pointer size), or, from 128 KiB on with page alignment or less,
 * from an anonymous mmap as glibc's malloc would. Contents are not cleared.
 */
export function allocAligned(size: number, align = 4096): NativeBuffer {
  if (!(size > 0)) throw new RangeError(`buffer size must be positive, got ${size}`);
  if (align < 8 || (align & (align - 1)) !== 0) {
    throw new RangeError(`alignment must be a power of two >= 8, got ${align}`);
  }
  if (size >= MALLOC_MMAP_THRESHOLD && align <= 4096) return allocMapped(size, "mmap", "malloc");
  const c = libc();
  const out = new BigUint64Array(1);
  const rc = c.posix_memalign(new Uint8Array(out.buffer), BigInt(align), BigInt(size));
  if (rc !== 0) throw new Error(`posix_memalign(${size}, ${align}): ${errnoMessage(rc)}`);
  const p = Deno.UnsafePointer.create(out[0]);
  if (p === null) throw new Error("posix_memalign returned NULL");
  return wrap(p, size, "malloc", () => c.free(p));
}

/**
 * `size` bytes of page-aligned anonymous mmap memory (zero-filled by the
 * kernel). `mmaphuge` asks for huge pages (MAP_HUGETLB; fails without a
 * hugetlb pool), `mmapshared` maps MAP_SHARED. `label`: the kind the
 * buffer reports (malloc for what stands in for glibc's own mapping).
 */
export function allocMapped(
  size: number,
  kind: "mmap" | "mmaphuge" | "mmapshared" = "mmap",
  label: MemoryKind = kind,
): NativeBuffer {
  if (!(size > 0)) throw new RangeError(`buffer size must be positive, got ${size}`);
  const c = libc();
  let flags = MAP.ANONYMOUS | (kind === "mmapshared" ? MAP.SHARED : MAP.PRIVATE);
  if (kind === "mmaphuge") flags |= MAP.HUGETLB;
  const p = c.mmap(null, BigInt(size), PROT.READ | PROT.WRITE, flags, -1, 0n);
  // MAP_FAILED is (void *)-1.
  if (p === null || Deno.UnsafePointer.value(p) === 0xffffffffffffffffn) {
    const e = errno();
    throw new Error(`mmap(${size}): ${errnoMessage(e)}`);
  }
  return wrap(p, size, label, () => c.munmap(p, BigInt(size)));
}

/** Allocates `size` bytes with the allocator fio's `mem=` value names. */
export function allocBuffer(
  size: number,
  kind: Exclude<MemoryKind, "shm" | "shmhuge">,
  align = 4096,
): NativeBuffer {
  return kind === "malloc" ? allocAligned(size, align) : allocMapped(size, kind);
}

/**
 * An address as its low and high 32-bit halves, the form in which the
 * engines store addresses in native structures and pass them to dfio's
 * syscall stubs without a BigInt per I/O.
 */
export function addressHalves(a: bigint): [number, number] {
  return [Number(a & 0xffffffffn), Number(a >> 32n)];
}

/**
 * A pointer `offset` bytes into `base`. Allocates a pointer object: build
 * these once per io unit, never per I/O.
 */
export function pointerAt(base: Deno.PointerObject, offset: number): Deno.PointerObject {
  const p = Deno.UnsafePointer.offset(base, offset);
  if (p === null) throw new Error("pointer offset gave NULL");
  return p;
}
