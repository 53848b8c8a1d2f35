import assert from "node:assert/strict";
import { errnoMessage, errnoName, errnoNumber, fioErrorSymbol } from "../../src/sys/errno.ts";
import { strerror } from "../../src/sys/libc.ts";

Deno.test("errno: static messages equal glibc strerror for 1..133", () => {
  for (let n = 1; n <= 133; n++) assert.equal(errnoMessage(n), strerror(n), `errno ${n}`);
});

Deno.test("errno: names and numbers both ways, aliases included", () => {
  assert.equal(errnoName(22), "EINVAL");
  assert.equal(errnoName(-9), "EBADF");
  assert.equal(errnoName(95), "EOPNOTSUPP");
  assert.equal(errnoNumber("ENOSPC"), 28);
  assert.equal(errnoNumber("EWOULDBLOCK"), 11);
  assert.equal(errnoNumber("ENOTSUP"), 95);
  assert.equal(errnoNumber("EDEADLOCK"), 35);
  assert.equal(errnoNumber("EFOO"), undefined);
  assert.equal(errnoMessage(-5), "Input/output error");
  assert.equal(errnoMessage(4242), "Unknown error 4242");
});

Deno.test("errno: ignore_error symbols accepted as fio 3.33 accepts them", () => {
  // Measured: fio takes EPERM..ERANGE and rejects every other name.
  assert.equal(fioErrorSymbol("EPERM"), 1);
  assert.equal(fioErrorSymbol("EAGAIN"), 11);
  assert.equal(fioErrorSymbol("ERANGE"), 34);
  assert.equal(fioErrorSymbol("EDEADLK"), undefined);
  assert.equal(fioErrorSymbol("ETIMEDOUT"), undefined);
  assert.equal(fioErrorSymbol("EWOULDBLOCK"), undefined);
  assert.equal(fioErrorSymbol("eio"), undefined);
});

Deno.test("errnoMessage(0) is glibc's 'Success' (fio's errors line for error 0)", () => {
  assert.equal(errnoMessage(0), "Success");
});
