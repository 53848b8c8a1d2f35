/**
 * io_uring_enter as a syscall stub of dfio's own, for the one system call
 * the io_uring engine makes per I/O.
 *
 * Through libc's `syscall()` every argument is an i64, which the FFI fast
 * path takes as a BigInt it must check and unwrap, and a failure leaves its
 * errno in thread-local memory the caller reads back. The stub takes four
 * 32-bit integers (io_uring_enter reads no more from these registers) and
 * returns the kernel's result as is: the count, or minus the errno. Measured
 * on a ring with nothing to do: 85.5 ns per call against 90.5 ns through
 * libc.
 *
 * uring_enter(fd, toSubmit, minComplete, flags), System V ABI in edi, esi,
 * edx, ecx; the kernel wants the fourth in r10 and no argument block
 * (r8 = argp = 0, r9 = argsz = 0):
 *     mov eax, 426 ; mov r10d, ecx ; xor r8d, r8d ; xor r9d, r9d
 *     syscall ; ret
 * `syscall` clobbers rcx and r11, which the ABI lets a callee clobber.
 *
 * Loaded through src/sys/native_so.ts and used only after it answers a call
 * on fd -1 with -EBADF; elsewhere (or with DFIO_NO_NATIVE=1) the ring enters
 * through libc.
 */

import { loadNative, type NativeFunction } from "./native_so.ts";

const URING_ENTER: readonly number[] = [
  ...[0xb8, 0xaa, 0x01, 0x00, 0x00], // mov eax, 426 (SYS_io_uring_enter)
  ...[0x41, 0x89, 0xca], // mov r10d, ecx
  ...[0x45, 0x31, 0xc0], // xor r8d, r8d
  ...[0x45, 0x31, 0xc9], // xor r9d, r9d
  ...[0x0f, 0x05], // syscall
  0xc3, // ret
];

const FUNCTIONS: readonly NativeFunction[] = [["uring_enter", URING_ENTER]];

/** io_uring_enter(fd, toSubmit, minComplete, flags): the count, or -errno. */
export type UringEnter = (
  fd: number,
  toSubmit: number,
  minComplete: number,
  flags: number,
) => number;

const EBADF = 9;
let stub: UringEnter | null | undefined;

/** The native io_uring_enter of this isolate, or null where there is none. */
export function nativeUringEnter(): UringEnter | null {
  if (stub !== undefined) return stub;
  stub = null;
  const so = loadNative(
    FUNCTIONS,
    {
      uring_enter: { parameters: ["i32", "u32", "u32", "u32"], result: "i32" },
    } as const,
  );
  if (so !== null && so.symbols.uring_enter(-1, 0, 0, 0) === -EBADF) {
    stub = so.symbols.uring_enter;
  }
  return stub;
}
