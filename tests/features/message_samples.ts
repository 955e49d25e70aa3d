/**
 * Helpers for the feature message-schema tests: reference samples must round-trip byte for byte,
 * mutated samples must fail, and each `messages.ts` must declare exactly its assigned topics.
 * @module
 */
import type { z } from "zod";
import { TOPIC_VARIABLES } from "../../src/config/topics.ts";
import type { TopicDirection } from "../../src/kafka/contract.ts";
import { contractsOf } from "../support/contracts.ts";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";

/** Parses a reference sample and asserts the result re-serialises to the same compact JSON, key order included. */
export function assertRoundTrip(schema: z.ZodType, sample: string): unknown {
  const input = JSON.parse(sample);
  const result = schema.safeParse(input);
  if (!result.success) fail(`sample rejected: ${sample}\n${result.error.message}`);
  assertEquals(result.data, input);
  assertEquals(JSON.stringify(result.data), JSON.stringify(input));
  return result.data;
}

/** Asserts a (consumed) sample is accepted and returns the parsed value. */
export function assertAccepted(schema: z.ZodType, sample: string | unknown): unknown {
  const input = typeof sample === "string" ? JSON.parse(sample) : sample;
  const result = schema.safeParse(input);
  if (!result.success) fail(`sample rejected: ${JSON.stringify(input)}\n${result.error.message}`);
  return result.data;
}

/** Asserts a value is rejected. */
export function assertRejected(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (result.success) fail(`value accepted but should fail: ${JSON.stringify(value)}`);
}

/** A deep copy of a JSON sample with the value at `path` replaced (or removed when `value` is `undefined`). */
export function mutate(
  sample: string | unknown,
  path: readonly (string | number)[],
  value: unknown,
): unknown {
  const copy = typeof sample === "string" ? JSON.parse(sample) : structuredClone(sample);
  let node = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Asserts a sample passes, then that a wrong-typed field and an unknown `type` value both fail. */
export function assertConsumedSample(
  schema: z.ZodType,
  sample: string,
  wrongField: readonly (string | number)[],
  wrongValue: unknown = "not-a-number",
): unknown {
  const parsed = assertAccepted(schema, sample);
  assertRejected(schema, mutate(sample, wrongField, wrongValue));
  if ("type" in (JSON.parse(sample) as object)) {
    assertRejected(schema, mutate(sample, ["type"], "NO_SUCH_TYPE"));
  }
  return parsed;
}

/** Asserts the module declares exactly `expected` (variable → direction), all of them known topic variables. */
export function assertDeclaredTopics(
  module: Record<string, unknown>,
  expected: Record<string, TopicDirection>,
): void {
  const contracts = contractsOf(module);
  for (const contract of contracts) {
    assertTrue(
      (TOPIC_VARIABLES as readonly string[]).includes(contract.variable),
      `${contract.variable} is not a topic variable`,
    );
    if (contract.direction !== "consumed") {
      assertTrue(contract.keyOf !== undefined, `${contract.variable} is produced but has no keyOf`);
    }
  }
  const declared = Object.fromEntries(contracts.map((c) => [c.variable, c.direction]));
  assertEquals(contracts.length, Object.keys(declared).length, "a topic is declared twice");
  assertEquals(declared, expected);
}
