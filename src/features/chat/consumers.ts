/**
 * `EVENT_TOPIC_CHARACTER_CHAT` (kafka-consumed.md §2.10) → chat packets, for events of a channel this
 * process serves (the reference's server match). Recipients are found in the presence index and
 * speakers' names and GM flags in their sessions' cached state: no REST call per chat line.
 *
 * Deliberate differences from the reference (its `kafka/consumer/message/consumer.go`):
 * - `MESSENGER` and `PINK_TEXT` recipients do not also get a `CharacterChatMulti` with mode 99, and `PET`
 *   chat does not look the pet id up as a character (quirk 13: the multi-chat handler caught every type).
 * - the speaker must be playing on this channel for its name/GM flag to be known; an event whose speaker
 *   has already left is dropped with a log line (the reference fetched the character over REST; for
 *   `PINK_TEXT` it used an empty name on failure, which we keep).
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { type ChatEvent, MULTI_CHAT_MODES } from "./messages.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { type Speaker, type SpeakerOf, takePendingWhisper } from "./targets.ts";
import {
  CHAT_WRITERS,
  writeChatGeneral,
  writeChatMulti,
  writeMessengerChat,
  writePetChat,
  writeWhisperReceipt,
  writeWhisperSendResult,
} from "./writers.ts";
import { speakerText, WORLD_MESSAGE, writeWorldMessage } from "../system-message/writers.ts";

const log = getLogger("chat");

/** The parts of the feature context chat routing uses. */
export type ChatRouting = Pick<FeatureContext, "channels" | "presence" | "send" | "broadcast">;

/** Handles one chat event; returns how many packets were queued (for tests and metrics). */
export function routeChatEvent(
  ctx: ChatRouting,
  speakerOf: SpeakerOf,
  delivery: Delivery<ChatEvent>,
): number {
  const { value: event, tenant } = delivery;
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const sessionOf = (characterId: number) =>
    characterSession(ctx, tenant, characterId, { worldId: event.worldId, channelId: event.channelId });
  const speaker = (characterId: number): Speaker | undefined => {
    const session = sessionOf(characterId);
    return session && speakerOf(session);
  };
  const each = (ids: readonly number[], writer: string, build: Parameters<ChatRouting["send"]>[2]) => {
    let sent = 0;
    // A recipient id listed twice still gets the line once.
    for (const id of new Set(ids)) {
      const session = sessionOf(id);
      if (session && ctx.send(session, writer, build)) sent++;
    }
    return sent;
  };
  const dropped = (why: string) => {
    log.warn(`chat ${event.type} dropped: ${why}`, { actorId: event.actorId, tenantId: tenant.id });
    return 0;
  };

  switch (event.type) {
    case "GENERAL": {
      const from = speaker(event.actorId);
      if (!from) return dropped("the speaker is not on this channel");
      const map = ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId);
      const line = {
        characterId: event.actorId,
        gm: from.gm,
        message: event.message,
        balloonOnly: event.body.balloonOnly,
      };
      return ctx.broadcast([...map], CHAT_WRITERS.general, (w) => writeChatGeneral(w, line));
    }
    case "BUDDY":
    case "PARTY":
    case "GUILD":
    case "ALLIANCE": {
      const from = speaker(event.actorId);
      if (!from) return dropped("the speaker is not on this channel");
      const line = { mode: MULTI_CHAT_MODES[event.type], from: from.name, message: event.message };
      return each(event.body.recipients, CHAT_WRITERS.multi, (w) => writeChatMulti(w, line));
    }
    case "WHISPER": {
      const senderSession = sessionOf(event.actorId);
      const from = senderSession && speakerOf(senderSession);
      if (!senderSession || !from) return dropped("the sender is not on this channel");
      const recipientSession = sessionOf(event.body.recipient);
      const to = recipientSession && speakerOf(recipientSession);
      if (!recipientSession || !to) {
        // atlas-messages routes with the sender's channel, so a recipient elsewhere never gets the
        // whisper; unlike the reference (quirk 12) the sender is told it failed, not that it was sent.
        const name = takePendingWhisper(senderSession);
        if (name === undefined) return dropped("the recipient is not on this channel");
        return ctx.send(senderSession, CHAT_WRITERS.whisper, (w) => writeWhisperSendResult(w, name, false))
          ? 1
          : 0;
      }
      takePendingWhisper(senderSession, to.name);
      let sent = 0;
      if (ctx.send(senderSession, CHAT_WRITERS.whisper, (w) => writeWhisperSendResult(w, to.name, true))) {
        sent++;
      }
      const receipt = { from: from.name, channelId: event.channelId, gm: from.gm, message: event.message };
      if (ctx.send(recipientSession, CHAT_WRITERS.whisper, (w) => writeWhisperReceipt(w, receipt))) sent++;
      return sent;
    }
    case "MESSENGER":
      return each(
        event.body.recipients,
        CHAT_WRITERS.messenger,
        (w, options) => writeMessengerChat(w, options, event.message),
      );
    case "PET": {
      const owner = sessionOf(event.body.ownerId);
      const mapId = owner && ctx.presence.mapOf(owner);
      if (!owner || mapId === undefined) return 0;
      const map = ctx.presence.sessionsIn(tenant, owner.worldId, owner.channelId, mapId);
      const line = { ...event.body, message: event.message };
      return ctx.broadcast([...map], CHAT_WRITERS.pet, (w) => writePetChat(w, line));
    }
    case "PINK_TEXT": {
      const text = speakerText("", speaker(event.actorId)?.name ?? "", event.message);
      return each(
        event.body.recipients,
        WORLD_MESSAGE,
        (w, options) => writeWorldMessage(w, options, { mode: "PINK_TEXT", text }),
      );
    }
  }
}
