/**
 * NPC conversations (reference `socket/handler/npc_start_conversation.go`,
 * `npc_continue_conversation.go`, `kafka/consumer/npc/conversation/consumer.go`).
 *
 * - `NPCStartConversationHandle` (`u32 objectId`, then the click position, unread): the object id is
 *   resolved in the session's map (atlas-data); an NPC with a shop gets `ENTER` on
 *   `COMMAND_TOPIC_NPC_SHOP`, any other `START_CONVERSATION` on `COMMAND_TOPIC_NPC`.
 * - `COMMAND_TOPIC_NPC_CONVERSATION` → `NPCConversation` to the character's session on the channel the
 *   dialogue names. The session remembers which NPC it talks to and which dialogue it was shown.
 * - `NPCContinueConversationHandle` (`u8 lastMessageType`, `u8 action`, then a selection or a text): the
 *   answer to the dialogue shown → `CONTINUE_CONVERSATION` or `END_CONVERSATION`.
 *
 * Deliberate differences from the reference (README decision 3):
 * - an answer is forwarded only for a dialogue this session was shown, once, and with the message type
 *   that dialogue had; anything else (a replay, a forged continue) is dropped with a log line;
 * - continue and end carry the NPC the session talks to instead of 0;
 * - an unknown speaker, dialog kind or dialogue type (which crashed the reference) and a dialogue that
 *   cannot be written are logged and answered with the end of the conversation: `END_CONVERSATION` to
 *   atlas-npc-conversations and "enable actions" to the client;
 * - `TEXT` (unhandled by the reference) is shown as the text prompt; each `SIMPLE` kind is written with its
 *   own dialogue body (the reference wrote the "say" body for every kind);
 * - an unknown object id is logged and the client unlocked (the reference closed the session), and a
 *   failed shop lookup is not mistaken for "no shop".
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { type Session, sessionKey, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { findMapNpcByObjectId } from "../data/rest.ts";
import type { FeatureContext } from "../feature.ts";
import { requireOptionCode } from "../outbound.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { sendEnableActions } from "../stats/mod.ts";
import {
  type NpcCommand,
  npcCommandContract,
  type NpcConversationCommand,
  npcConversationCommandSchema,
  type NpcConversationEnvelope,
  npcShopCommandContract,
  SPEAKERS,
} from "./messages.ts";
import { findNpcShop } from "./rest.ts";
import {
  type Dialogue,
  type DialogueKind,
  NPC_CONVERSATION,
  writeNpcConversation,
} from "./conversation-writer.ts";

const log = getLogger("npc.conversation");

/** Handler names, as the reference registers them. */
export const NPC_CONVERSATION_HANDLERS = {
  start: "NPCStartConversationHandle",
  continue: "NPCContinueConversationHandle",
} as const;

/** The conversation a session is in. */
export interface NpcTalk {
  /** NPC template id. */
  readonly npcId: number;
  /** The dialogue on the client's screen, until the client answers it. */
  readonly shown?: { readonly kind: DialogueKind; readonly code: number };
}

/** The NPC conversation of a session, if any. */
export const npcTalkKey = sessionKey<NpcTalk>("npc.talk");

/** The dialogue a `COMMAND_TOPIC_NPC_CONVERSATION` message shows. */
export function dialogueOf(command: NpcConversationCommand): Dialogue {
  const message = command.message;
  switch (command.type) {
    case "SIMPLE":
      switch (command.body.type) {
        case "NEXT":
          return { kind: "SAY", message, previous: false, next: true };
        case "PREVIOUS":
          return { kind: "SAY", message, previous: true, next: false };
        case "NEXT_PREVIOUS":
          return { kind: "SAY", message, previous: true, next: true };
        case "OK":
          return { kind: "SAY", message, previous: false, next: false };
        case "YES_NO":
          return { kind: "ASK_YES_NO", message };
        case "SIMPLE":
          return { kind: "ASK_MENU", message };
        case "ACCEPT_DECLINE":
          return { kind: "ASK_YES_NO_QUEST", message };
        case "NUM":
          return { kind: "ASK_NUMBER", message, defaultValue: 0, min: 0, max: 0 };
        case "STYLE":
          return { kind: "ASK_AVATAR", message, styles: [] };
      }
      break;
    case "NUMBER":
      return {
        kind: "ASK_NUMBER",
        message,
        defaultValue: command.body.defaultValue,
        min: command.body.minValue,
        max: command.body.maxValue,
      };
    case "STYLE":
      return { kind: "ASK_AVATAR", message, styles: command.body.styles };
    case "TEXT":
      return {
        kind: "ASK_TEXT",
        message,
        defaultText: command.body.defaultValue,
        min: command.body.minValue,
        max: command.body.maxValue,
      };
  }
  throw new Error("unreachable dialogue type");
}

async function publishNpc(ctx: FeatureContext, session: Session, command: NpcCommand): Promise<boolean> {
  try {
    await ctx.bus.publish(npcCommandContract, command, { tenant: session.tenant, key: command.characterId });
    return true;
  } catch (err) {
    sessionLogger(session, "npc.conversation").error(`${command.type} not published`, {
      characterId: command.characterId,
      error: err instanceof Error ? err.message : String(err),
    });
    return false;
  }
}

/**
 * Ends the session's conversation: `END_CONVERSATION` (so atlas-npc-conversations drops its context) and
 * "enable actions" (so the client is not left waiting for a dialogue).
 */
export async function endConversation(ctx: FeatureContext, session: Session, npcId: number): Promise<void> {
  const characterId = session.characterId;
  session.set(npcTalkKey, undefined);
  sendEnableActions(ctx, session);
  if (characterId === undefined) return;
  await publishNpc(ctx, session, { npcId, characterId, type: "END_CONVERSATION", body: {} });
}

/** `COMMAND_TOPIC_NPC_CONVERSATION`: see the module documentation. Returns whether a dialogue was sent. */
export async function onNpcConversation(
  ctx: FeatureContext,
  delivery: Delivery<NpcConversationEnvelope>,
): Promise<boolean> {
  const { value: envelope, tenant } = delivery;
  const where = { worldId: envelope.worldId, channelId: envelope.channelId };
  if (!servesChannel(ctx, tenant, where.worldId, where.channelId)) return false;
  const session = characterSession(ctx, tenant, envelope.characterId, where);
  if (!session) return false;

  const parsed = npcConversationCommandSchema.safeParse(envelope);
  if (!parsed.success) {
    log.warn("NPC dialogue with an unknown speaker, type or body; ending the conversation", {
      tenantId: tenant.id,
      characterId: envelope.characterId,
      npcId: envelope.npcId,
      speaker: envelope.speaker,
      type: envelope.type,
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
    await endConversation(ctx, session, envelope.npcId);
    return false;
  }
  const command = parsed.data;
  const dialogue = dialogueOf(command);
  let code: number | undefined;
  const sent = ctx.send(session, NPC_CONVERSATION, (w, options) => {
    code = requireOptionCode(NPC_CONVERSATION, options, "messageType", dialogue.kind);
    writeNpcConversation(w, options, tenant, {
      npcId: command.npcId,
      speaker: SPEAKERS[command.speaker],
      dialogue,
    });
  });
  if (!sent || code === undefined) {
    log.warn("NPC dialogue not sent; ending the conversation", {
      tenantId: tenant.id,
      characterId: command.characterId,
      npcId: command.npcId,
      kind: dialogue.kind,
    });
    await endConversation(ctx, session, command.npcId);
    return false;
  }
  session.set(npcTalkKey, { npcId: command.npcId, shown: { kind: dialogue.kind, code } });
  return true;
}

/** `NPCStartConversationHandle`: see the module documentation. */
export async function handleStartConversation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const objectId = reader.uint32();
  const slog = sessionLogger(session, "npc.conversation");
  const { characterId, accountId } = session;
  const mapId = ctx.presence.mapOf(session);
  const fields = { characterId, objectId, mapId };
  if (characterId === undefined || accountId === undefined || mapId === undefined) {
    slog.warn("NPC talk from a session without a character in a map; ignored", fields);
    return;
  }
  const rest = ctx.rest;
  if (!rest) {
    slog.error("no REST services configured; cannot resolve the NPC", fields);
    sendEnableActions(ctx, session);
    return;
  }
  let npc, shop;
  try {
    npc = await findMapNpcByObjectId(rest, session.tenant, mapId, objectId);
    if (npc) shop = await findNpcShop(rest, session.tenant, npc.template);
  } catch (err) {
    slog.warn("NPC or shop lookup failed; NPC talk dropped", {
      ...fields,
      error: err instanceof Error ? err.message : String(err),
    });
    sendEnableActions(ctx, session);
    return;
  }
  if (!npc) {
    slog.warn("NPC talk with an object that is not in the map; ignored", fields);
    sendEnableActions(ctx, session);
    return;
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  if (shop) {
    try {
      await ctx.bus.publish(npcShopCommandContract, {
        characterId,
        type: "ENTER",
        body: { npcTemplateId: npc.template },
      }, { tenant: session.tenant, key: characterId });
    } catch (err) {
      slog.error("shop ENTER not published", { ...fields, error: String(err) });
      sendEnableActions(ctx, session);
    }
    return;
  }
  session.set(npcTalkKey, { npcId: npc.template });
  const published = await publishNpc(ctx, session, {
    npcId: npc.template,
    characterId,
    type: "START_CONVERSATION",
    body: { worldId: session.worldId, channelId: session.channelId, mapId, accountId },
  });
  if (!published) {
    session.set(npcTalkKey, undefined);
    sendEnableActions(ctx, session);
  }
}

/** `NPCContinueConversationHandle`: see the module documentation. */
export async function handleContinueConversation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const lastMessageType = reader.byte();
  const action = reader.byte();
  const slog = sessionLogger(session, "npc.conversation");
  const characterId = session.characterId;
  const talk = session.get(npcTalkKey);
  const fields = { characterId, lastMessageType, action };
  if (characterId === undefined || !talk?.shown) {
    slog.warn("NPC answer without a dialogue on screen; dropped", fields);
    return;
  }
  if (talk.shown.code !== lastMessageType) {
    slog.warn("NPC answer for another dialogue than the one shown; dropped", {
      ...fields,
      shown: talk.shown.code,
    });
    return;
  }
  let selection = -1;
  if (talk.shown.kind === "ASK_TEXT") {
    if (action === 0) {
      await endConversation(ctx, session, talk.npcId);
      return;
    }
    reader.string(); // the answer text; atlas-npc-conversations has no field for it
  } else if (reader.remaining >= 4) {
    selection = reader.int32();
  } else {
    selection = reader.remaining > 0 ? reader.byte() : 0;
  }
  // One answer per dialogue: the next dialogue arms the next answer.
  session.set(npcTalkKey, { npcId: talk.npcId });
  await publishNpc(ctx, session, {
    npcId: talk.npcId,
    characterId,
    type: "CONTINUE_CONVERSATION",
    body: { action, lastMessageType, selection },
  });
}
