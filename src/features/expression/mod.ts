/**
 * The expression domain: the emote packet (`CharacterExpressionHandle`, reference
 * `socket/handler/character_expression.go`: one uint32) → `COMMAND_TOPIC_EXPRESSION`
 * (kafka-produced.md §4.7), and `EVENT_TOPIC_EXPRESSION` (kafka-consumed.md §2.15) → `CharacterExpression`
 * to the others in the map (the emoting client already shows its own face). No REST on either path.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { Session } from "../../net/session.ts";
import { InvalidPacketError, type PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import {
  type ExpressionCommand,
  expressionCommandContract,
  type ExpressionEvent,
  expressionEventContract,
} from "./messages.ts";
import { fieldOf, type FieldPosition } from "../chat/targets.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { CHARACTER_EXPRESSION, DEFAULT_EXPRESSION_DURATION, writeCharacterExpression } from "./writers.ts";
import type { ClientVersion } from "../character/version.ts";

const log = getLogger("expression");

/** Handler name, as the reference registers it. */
export const CHARACTER_EXPRESSION_HANDLE = "CharacterExpressionHandle";

/** The command for an emote at `at`. */
export function expressionCommand(at: FieldPosition, expression: number): ExpressionCommand {
  return {
    characterId: at.characterId,
    worldId: at.worldId,
    channelId: at.channelId,
    mapId: at.mapId,
    expression,
  };
}

/** An emote request as the client sends it. */
export interface ExpressionRequest {
  expression: number;
  /** GMS after v87 only (else {@link DEFAULT_EXPRESSION_DURATION}). */
  duration: number;
  /** GMS after v87 only (else false). */
  byItemOption: boolean;
}

/**
 * Reads an emote request: `u32 expression`, and on GMS after v87 `i32 duration, bool byItemOption`
 * (libs/atlas-packet `character/serverbound/expression.go`; the JMS client sends the expression only).
 */
export function readExpressionRequest(reader: PacketReader, v: ClientVersion): ExpressionRequest {
  const expression = reader.uint32();
  if (v.region === "GMS" && v.majorVersion > 87) {
    return { expression, duration: reader.int32(), byItemOption: reader.bool() };
  }
  return { expression, duration: DEFAULT_EXPRESSION_DURATION, byItemOption: false };
}

/**
 * The highest expression id relayed: the seven free faces and the cash emotions all lie well below it;
 * 0 and larger ids are not something the client sends.
 */
export const MAX_EXPRESSION = 63;

/** Reads the emote packet and publishes the command; a truncated packet throws before publishing. */
export async function handleExpression(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const { expression } = readExpressionRequest(reader, session.tenant);
  if (expression < 1 || expression > MAX_EXPRESSION) {
    throw new InvalidPacketError(
      `expression ${expression} is not one the client shows (1-${MAX_EXPRESSION})`,
    );
  }
  const at = fieldOf(ctx, session);
  if (!at) {
    log.warn("expression before the character entered a field; dropped", { sessionId: session.id });
    return;
  }
  try {
    await ctx.bus.publish(expressionCommandContract, expressionCommand(at, expression), {
      tenant: session.tenant,
      key: at.characterId,
    });
  } catch (err) {
    log.error("expression not published", { characterId: at.characterId, error: String(err) });
  }
}

/** Sends an expression event to the others in the map; returns how many sessions it was queued for. */
export function routeExpressionEvent(
  ctx: Pick<FeatureContext, "channels" | "presence" | "broadcast">,
  { value: event, tenant }: Delivery<ExpressionEvent>,
): number {
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const map = ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId);
  const actor = characterSession(ctx, tenant, event.characterId, {
    worldId: event.worldId,
    channelId: event.channelId,
  });
  return ctx.broadcast(
    [...map],
    CHARACTER_EXPRESSION,
    (w) => writeCharacterExpression(w, tenant, event.characterId, event.expression),
    actor,
  );
}

/** See the module documentation. */
export const expressionFeature: Feature = {
  name: "expression",
  contracts: [expressionCommandContract, expressionEventContract],
  writers: [CHARACTER_EXPRESSION],
  handlers: (ctx) => ({
    [CHARACTER_EXPRESSION_HANDLE]: (session: Session, reader: PacketReader) =>
      handleExpression(ctx, session, reader),
  }),
  start(ctx) {
    ctx.bus.subscribe(expressionEventContract, (delivery) => {
      routeExpressionEvent(ctx, delivery);
    }, { name: "expression_event" });
  },
};
