/**
 * `EVENT_TOPIC_CHARACTER_CHAT` (kafka-consumed.md §2.10) → chat packets. Map chat (`GENERAL`, `PET`)
 * is for the event's channel (the reference's server match); whispers, multi chat, messenger and pink
 * text reach their recipients on any channel of the event's world that this process serves, as Atlas
 * does since atlas-channel #1437 (the sender's channel alone confirms a whisper). Recipients are found
 * in the presence index, and speakers' names and GM flags in their sessions' cached state; only a
 * speaker playing on another instance is read from atlas-character, and only when a recipient is here.
 *
 * Deliberate differences from the reference (its `kafka/consumer/message/consumer.go`):
 * - `MESSENGER` and `PINK_TEXT` recipients do not also get a `CharacterChatMulti` with mode 99, and `PET`
 *   chat does not look the pet id up as a character (quirk 13: the multi-chat handler caught every type).
 * - map chat needs the speaker playing on this channel (its name/GM flag come from its session); other
 *   lines take the speaker from its session anywhere here, else from one atlas-character read, and are
 *   dropped with a log line when neither knows it (`PINK_TEXT` then shows the text alone, as the
 *   reference).
 * - a whisper is confirmed "sent" when the recipient plays anywhere in the world (its session here, or
 *   the world presence directory); "not sent" only when it is offline.
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
import { counterpart } from "../invite/counterparts.ts";
import type { WorldPresence } from "./world-presence.ts";

const log = getLogger("chat");

/** The parts of the feature context chat routing uses (`rest` for speakers on other instances). */
export type ChatRouting = Pick<FeatureContext, "channels" | "presence" | "send" | "broadcast"> & {
  readonly rest?: FeatureContext["rest"];
};

/** Handles one chat event; resolves to how many packets were queued (for tests and metrics). */
export async function routeChatEvent(
  ctx: ChatRouting,
  speakerOf: SpeakerOf,
  delivery: Delivery<ChatEvent>,
  worldPresence?: WorldPresence,
): Promise<number> {
  const { value: event, tenant } = delivery;
  const onChannel = { worldId: event.worldId, channelId: event.channelId };
  const inWorld = { worldId: event.worldId };
  const sessionOf = (characterId: number) => characterSession(ctx, tenant, characterId, onChannel);
  const speaker = (characterId: number): Speaker | undefined => {
    const session = sessionOf(characterId);
    return session && speakerOf(session);
  };
  /** The speaker from its session anywhere in the world here, else from atlas-character. */
  const worldSpeaker = async (characterId: number): Promise<Speaker | undefined> => {
    const local = characterSession(ctx, tenant, characterId, inWorld);
    const cached = local && speakerOf(local);
    if (cached) return cached;
    const remote = await counterpart(ctx, tenant, characterId);
    return remote && { name: remote.name, gm: remote.gm };
  };
  /** Each listed recipient here, once, on any channel of the event's world. */
  const recipientsHere = (ids: readonly number[]) =>
    [...new Set(ids)].flatMap((id) => characterSession(ctx, tenant, id, inWorld) ?? []);
  const each = (ids: readonly number[], writer: string, build: Parameters<ChatRouting["send"]>[2]) => {
    let sent = 0;
    for (const session of recipientsHere(ids)) if (ctx.send(session, writer, build)) sent++;
    return sent;
  };
  const servesEventChannel = servesChannel(ctx, tenant, event.worldId, event.channelId);
  const dropped = (why: string) => {
    log.warn(`chat ${event.type} dropped: ${why}`, { actorId: event.actorId, tenantId: tenant.id });
    return 0;
  };

  switch (event.type) {
    case "GENERAL": {
      if (!servesEventChannel) return 0;
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
      if (recipientsHere(event.body.recipients).length === 0) return 0;
      const from = await worldSpeaker(event.actorId);
      if (!from) return dropped("the speaker is unknown");
      const line = { mode: MULTI_CHAT_MODES[event.type], from: from.name, message: event.message };
      return each(event.body.recipients, CHAT_WRITERS.multi, (w) => writeChatMulti(w, line));
    }
    case "WHISPER": {
      let sent = 0;
      const recipientId = event.body.recipient;
      const recipientSession = characterSession(ctx, tenant, recipientId, inWorld);
      // The sender's own channel confirms: sent when the recipient plays anywhere in the world.
      const senderSession = sessionOf(event.actorId);
      if (senderSession && speakerOf(senderSession)) {
        const to = recipientSession && speakerOf(recipientSession);
        const elsewhere = worldPresence?.whereIs(tenant, recipientId);
        const online = to !== undefined || elsewhere?.worldId === event.worldId;
        const typed = takePendingWhisper(senderSession, to?.name);
        const name = to?.name ?? typed;
        if (
          name !== undefined &&
          ctx.send(senderSession, CHAT_WRITERS.whisper, (w) => writeWhisperSendResult(w, name, online))
        ) {
          sent++;
        }
      }
      // The recipient's channel, whichever it is, delivers.
      if (recipientSession && speakerOf(recipientSession)) {
        const from = await worldSpeaker(event.actorId);
        if (!from) return sent + dropped("the whisper's sender is unknown");
        const receipt = { from: from.name, channelId: event.channelId, gm: from.gm, message: event.message };
        if (ctx.send(recipientSession, CHAT_WRITERS.whisper, (w) => writeWhisperReceipt(w, receipt))) sent++;
      }
      return sent;
    }
    case "MESSENGER":
      return each(
        event.body.recipients,
        CHAT_WRITERS.messenger,
        (w, options) => writeMessengerChat(w, options, event.message),
      );
    case "PET": {
      if (!servesEventChannel) return 0;
      const owner = sessionOf(event.body.ownerId);
      const mapId = owner && ctx.presence.mapOf(owner);
      if (!owner || mapId === undefined) return 0;
      const map = ctx.presence.sessionsIn(tenant, owner.worldId, owner.channelId, mapId);
      const line = { ...event.body, message: event.message };
      return ctx.broadcast([...map], CHAT_WRITERS.pet, (w) => writePetChat(w, line));
    }
    case "PINK_TEXT": {
      if (recipientsHere(event.body.recipients).length === 0) return 0;
      const text = speakerText("", (await worldSpeaker(event.actorId))?.name ?? "", event.message);
      return each(
        event.body.recipients,
        WORLD_MESSAGE,
        (w, options) => writeWorldMessage(w, options, { mode: "PINK_TEXT", text }),
      );
    }
  }
}
