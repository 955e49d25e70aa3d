/**
 * The system-message domain: `COMMAND_TOPIC_SYSTEM_MESSAGE` (consumed, kafka-consumed.md §2.38) →
 * `WorldMessage` to the character's session on this channel, in the requested form (notice, pop-up,
 * pink or blue text; no medal, no name). An unknown form is shown as pink text with a warning, as the
 * reference does (`kafka/consumer/system_message/consumer.go`).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { type SystemMessageCommand, systemMessageContract } from "./messages.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { WORLD_MESSAGE, type WorldMessageMode, writeWorldMessage } from "./writers.ts";

const log = getLogger("system-message");

const FORMS: Readonly<Record<string, WorldMessageMode>> = {
  NOTICE: "NOTICE",
  POP_UP: "POP_UP",
  PINK_TEXT: "PINK_TEXT",
  BLUE_TEXT: "BLUE_TEXT",
};

/** The `WorldMessage` form for a `messageType`; unknown types fall back to pink text. */
export function worldMessageModeOf(messageType: string): WorldMessageMode {
  const mode = Object.hasOwn(FORMS, messageType) ? FORMS[messageType] : undefined;
  if (mode) return mode;
  log.warn("unknown system message type; shown as pink text", { messageType });
  return "PINK_TEXT";
}

/** Shows one system message; returns whether a packet was queued. */
export function routeSystemMessage(
  ctx: Pick<FeatureContext, "channels" | "presence" | "send">,
  { value: command, tenant }: Delivery<SystemMessageCommand>,
): boolean {
  if (!servesChannel(ctx, tenant, command.worldId, command.channelId)) return false;
  const session = characterSession(ctx, tenant, command.characterId, {
    worldId: command.worldId,
    channelId: command.channelId,
  });
  if (!session) return false;
  const message = { mode: worldMessageModeOf(command.body.messageType), text: command.body.message };
  return ctx.send(session, WORLD_MESSAGE, (w, options) => writeWorldMessage(w, options, message));
}

/** What players read when their channel starts draining (SIGTERM or the admin `/drain`). */
export function drainNotice(deadlineMs: number): string {
  const seconds = Math.max(1, Math.round(deadlineMs / 1000));
  return `This channel is shutting down for maintenance in ${seconds} seconds. ` +
    "Please change channel or log out now.";
}

/** See the module documentation. */
export const systemMessageFeature: Feature = {
  name: "system-message",
  contracts: [systemMessageContract],
  writers: [WORLD_MESSAGE],
  start(ctx) {
    ctx.bus.subscribe(systemMessageContract, (delivery) => {
      routeSystemMessage(ctx, delivery);
    }, { name: "system_message_command" });
  },
  drain(ctx, deadlineMs) {
    // The notice bar, to every player of every channel of this process.
    const message = { mode: "NOTICE" as const, text: drainNotice(deadlineMs) };
    const sessions = ctx.channels().flatMap((c) => [...c.sessions.values()]);
    const told = ctx.broadcast(
      sessions,
      WORLD_MESSAGE,
      (w, options) => writeWorldMessage(w, options, message),
    );
    log.info("players told the channel is draining", { sessions: told });
  },
};
