/**
 * A topic's message contract: the topic variable it travels on and the zod schema of its JSON value.
 * Feature folders declare these in their `messages.ts`; the bus uses them to validate what it
 * consumes and to type what it publishes.
 * @module
 */
import type { z } from "zod";
import type { TopicVariable } from "../config/topics.ts";

/** Whether the channel consumes the topic, produces it, or both (see the reference README, decision 1). */
export type TopicDirection = "consumed" | "produced" | "both";

/** A topic variable bound to the schema of its messages. */
export interface TopicContract<S extends z.ZodType = z.ZodType> {
  readonly variable: TopicVariable;
  readonly direction: TopicDirection;
  readonly schema: S;
  /** The id Atlas keys a produced message by (character id, account id, ...), when the topic is produced. */
  readonly keyOf?: (value: z.infer<S>) => number;
}

/** Declares a {@link TopicContract}. */
export function topicContract<S extends z.ZodType>(
  variable: TopicVariable,
  direction: TopicDirection,
  schema: S,
  keyOf?: (value: z.infer<S>) => number,
): TopicContract<S> {
  return { variable, direction, schema, keyOf };
}

/** The JSON value type of a contract. */
export type MessageOf<C extends TopicContract> = z.infer<C["schema"]>;
