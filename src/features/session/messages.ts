/**
 * Kafka contract of the session domain: `EVENT_TOPIC_SESSION_STATUS`.
 *
 * Follows kafka-produced.md §A1 and kafka-consumed.md §2.39 (in /work/shared/reference). The channel
 * produces `CREATED`/`DESTROYED` as the reference does and, per the reference README's decision 1, also
 * consumes the topic to close a stale local session when the same account or character opens a session
 * elsewhere (atlas-login writes the same shape with issuer `LOGIN`).
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8, uuid } from "../../kafka/wire.ts";

/**
 * A session was created or destroyed (flat, no body). `issuer` (not `author`, unlike the account
 * session command) is `CHANNEL` from channels and `LOGIN` from atlas-login. Ids are 0 for a session that
 * never logged in. Extra fields are ignored when consuming.
 */
export const sessionStatusEventSchema = z.object({
  sessionId: uuid,
  accountId: uint32,
  characterId: uint32,
  worldId: uint8,
  channelId: uint8,
  issuer: z.enum(["CHANNEL", "LOGIN"]),
  type: z.enum(["CREATED", "DESTROYED"]),
});
/** See {@link sessionStatusEventSchema}. */
export type SessionStatusEvent = z.infer<typeof sessionStatusEventSchema>;

/** `EVENT_TOPIC_SESSION_STATUS`: produced and consumed; keyed by the character id (0 before login). */
export const sessionStatusContract = topicContract(
  "EVENT_TOPIC_SESSION_STATUS",
  "both",
  sessionStatusEventSchema,
  (event) => event.characterId,
);
