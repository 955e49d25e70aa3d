/**
 * Kafka contracts of the account domain: the account service's login status events, the channel's
 * account-session commands and the account service's replies to them.
 *
 * Follows the reference documents in /work/shared/reference: kafka-consumed.md §2.1
 * (`EVENT_TOPIC_ACCOUNT_STATUS`) and §2.2 (`EVENT_TOPIC_ACCOUNT_SESSION_STATUS`), kafka-produced.md §4.1
 * (`COMMAND_TOPIC_ACCOUNT_SESSION`). JSON names are the wire contract, quirks included: snake-case
 * `account_id` and the `status` discriminator on account status, `author` for the issuer of commands.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { lowerCaseUuid, time, uint16, uint32, uint64, uint8, unhandledBody, uuid } from "../../kafka/wire.ts";

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_ACCOUNT_STATUS (consumed; kafka-consumed.md §2.1)

/**
 * `status` values atlas-account emits that the channel receives but ignores (kafka-consumed.md §3.4).
 * They validate, so real traffic is not reported as invalid; the consumer skips them.
 */
export const ACCOUNT_STATUS_IGNORED_STATUSES = ["CREATED"] as const;

/**
 * An account logged in or out (kafka-consumed.md §2.1), or was created (ignored; same flat shape). Flat,
 * no body; the discriminator is `status`, and the id is the snake-case `account_id`.
 */
export const accountStatusEventSchema = z.object({
  account_id: uint32,
  name: z.string(),
  status: z.enum(["LOGGED_IN", "LOGGED_OUT", ...ACCOUNT_STATUS_IGNORED_STATUSES]),
});
/** See {@link accountStatusEventSchema}. */
export type AccountStatusEvent = z.infer<typeof accountStatusEventSchema>;

/** `EVENT_TOPIC_ACCOUNT_STATUS`: consumed to keep the process-local logged-in account registry. */
export const accountStatusContract = topicContract(
  "EVENT_TOPIC_ACCOUNT_STATUS",
  "consumed",
  accountStatusEventSchema,
);

// ---------------------------------------------------------------------------------------------------
// COMMAND_TOPIC_ACCOUNT_SESSION (produced; kafka-produced.md §4.1)

/** `params` of a login `PROGRESS_STATE`: the character entering this channel. */
export const loginParamsSchema = z.strictObject({ characterId: uint32 });
/** `params` of a channel-change `PROGRESS_STATE`: the address of the channel the client moves to. */
export const channelChangeParamsSchema = z.strictObject({ ipAddress: z.string().min(1), port: uint16 });

/** Body of `PROGRESS_STATE`: state 1 = logged in (login params), 2 = in transition (channel-change params). */
export const progressStateBodySchema = z.strictObject({
  state: uint8,
  params: z.union([loginParamsSchema, channelChangeParamsSchema]),
});
/** See {@link progressStateBodySchema}. */
export type ProgressStateBody = z.infer<typeof progressStateBodySchema>;

function accountSessionCommand<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.strictObject({
    sessionId: lowerCaseUuid,
    accountId: uint32,
    author: z.literal("CHANNEL"),
    type: z.literal(type),
    body,
  });
}

/**
 * A command to atlas-account about one socket session (kafka-produced.md §4.1). The issuer is written
 * as `author` (the receiver reads that name) and is always `CHANNEL` from a channel.
 */
export const accountSessionCommandSchema = z.discriminatedUnion("type", [
  accountSessionCommand("PROGRESS_STATE", progressStateBodySchema),
  accountSessionCommand("LOGOUT", z.strictObject({})),
]);
/** See {@link accountSessionCommandSchema}. */
export type AccountSessionCommand = z.infer<typeof accountSessionCommandSchema>;

/** `COMMAND_TOPIC_ACCOUNT_SESSION`: produced, keyed by the account id (0 before login). */
export const accountSessionCommandContract = topicContract(
  "COMMAND_TOPIC_ACCOUNT_SESSION",
  "produced",
  accountSessionCommandSchema,
  (command) => command.accountId,
);

// ---------------------------------------------------------------------------------------------------
// EVENT_TOPIC_ACCOUNT_SESSION_STATUS (consumed; kafka-consumed.md §2.2)

/**
 * Body of `STATE_CHANGED`: an echo of the channel's `PROGRESS_STATE`. The reference tells its two
 * variants apart only by `params` (`characterId` > 0: login here; non-empty `ipAddress`: channel change
 * confirmed), so both variants' fields are optional here and the handler decides.
 */
export const stateChangedBodySchema = z.object({
  state: uint8,
  params: z.object({
    characterId: uint32.optional(),
    ipAddress: z.string().optional(),
    port: uint16.optional(),
  }),
});
/** See {@link stateChangedBodySchema}. */
export type StateChangedBody = z.infer<typeof stateChangedBodySchema>;

/**
 * Body of the account-session `ERROR`; the channel destroys the session whatever the code. `until` is
 * a uint64 in kafka-consumed.md §2.2, but a later Atlas revision declares it as a time, so either form
 * is accepted (the channel never reads it).
 */
export const accountSessionErrorBodySchema = z.object({
  code: z.string(),
  reason: uint8,
  until: z.union([uint64, time]),
});
/** See {@link accountSessionErrorBodySchema}. */
export type AccountSessionErrorBody = z.infer<typeof accountSessionErrorBodySchema>;

function accountSessionStatus<T extends string, B extends z.ZodType>(type: T, body: B) {
  return z.object({ sessionId: uuid, accountId: uint32, type: z.literal(type), body });
}

/**
 * `type` values atlas-account emits on this topic that the channel receives but ignores
 * (kafka-consumed.md §3.4). They validate; the consumer skips them.
 */
export const ACCOUNT_SESSION_STATUS_IGNORED_TYPES = ["CREATED", "REQUEST_LICENSE_AGREEMENT"] as const;

/**
 * atlas-account's answer about a channel session (kafka-consumed.md §2.2). `STATE_CHANGED` and `ERROR`
 * are handled; `CREATED` (body undocumented, any object) and `REQUEST_LICENSE_AGREEMENT` (documented
 * with `"body": null`) are accepted and ignored.
 */
export const accountSessionStatusEventSchema = z.discriminatedUnion("type", [
  accountSessionStatus("STATE_CHANGED", stateChangedBodySchema),
  accountSessionStatus("ERROR", accountSessionErrorBodySchema),
  accountSessionStatus("CREATED", unhandledBody),
  accountSessionStatus("REQUEST_LICENSE_AGREEMENT", z.null()),
]);
/** See {@link accountSessionStatusEventSchema}. */
export type AccountSessionStatusEvent = z.infer<typeof accountSessionStatusEventSchema>;

/**
 * `EVENT_TOPIC_ACCOUNT_SESSION_STATUS`: consumed. The reference reads it from the earliest offset
 * when its consumer group is new (kafka-consumed.md §1.1).
 */
export const accountSessionStatusContract = topicContract(
  "EVENT_TOPIC_ACCOUNT_SESSION_STATUS",
  "consumed",
  accountSessionStatusEventSchema,
);
