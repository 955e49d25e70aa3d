/**
 * Assertions for tests. Stand-in for `@std/assert` (JSR is unreachable from our build hosts), built on
 * `node:assert`; switching back is a one-file change.
 * @module
 */
import assert from "node:assert/strict";

/** Asserts deep, strict equality. */
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): asserts actual is T {
  assert.deepStrictEqual(actual, expected, msg);
}

/** Asserts two values are not deeply equal. */
export function assertNotEquals(actual: unknown, expected: unknown, msg?: string): void {
  assert.notDeepStrictEqual(actual, expected, msg);
}

/** Asserts a truthy value. */
export function assertTrue(value: unknown, msg?: string): asserts value {
  assert.ok(value, msg);
}

/** Asserts `actual` contains `expected` (strings). */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  assert.ok(
    actual.includes(expected),
    msg ?? `expected ${JSON.stringify(actual)} to include ${JSON.stringify(expected)}`,
  );
}

/** Asserts `fn` throws; returns the error. */
export function assertThrows(
  fn: () => unknown,
  errorClass?: abstract new (...args: never[]) => Error,
): Error {
  try {
    fn();
  } catch (err) {
    if (errorClass && !(err instanceof errorClass)) {
      throw new assert.AssertionError({ message: `expected ${errorClass.name}, got ${String(err)}` });
    }
    return err as Error;
  }
  throw new assert.AssertionError({ message: "expected function to throw" });
}

/** Asserts the promise rejects; returns the error. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  errorClass?: abstract new (...args: never[]) => Error,
): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    if (errorClass && !(err instanceof errorClass)) {
      throw new assert.AssertionError({ message: `expected ${errorClass.name}, got ${String(err)}` });
    }
    return err as Error;
  }
  throw new assert.AssertionError({ message: "expected promise to reject" });
}

/** Fails the test with a message. */
export function fail(msg: string): never {
  throw new assert.AssertionError({ message: msg });
}
