/**
 * The chat domain: general, multi and whisper chat packets → `COMMAND_TOPIC_CHARACTER_CHAT`, and
 * `EVENT_TOPIC_CHARACTER_CHAT` → chat packets for the sessions the reference targets.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { tenantIdentity } from "../../tenant.ts";
import { chatCommandContract, chatEventContract } from "./messages.ts";
import { chatHandlers, type FindCharacter } from "./handlers.ts";
import { routeChatEvent } from "./consumers.ts";
import { cachedSpeaker, positionOf, type SpeakerOf } from "./targets.ts";
import { CHAT_WRITERS, type WhisperFindResult } from "./writers.ts";

/**
 * A `/find` answered from this channel's sessions: a character playing here is reported in its map at
 * its last known position. Unlike the reference, which asked the character
 * service by name and then claimed "channel 0" for anyone not here, anyone else is "not found".
 */
export function findOnChannel(
  ctx: Pick<FeatureContext, "channels" | "presence">,
  speakerOf: SpeakerOf,
): FindCharacter {
  return (asker: Session, name: string): WhisperFindResult => {
    const wanted = name.toLowerCase();
    const identity = tenantIdentity(asker.tenant);
    for (const channel of ctx.channels()) {
      if (channel.worldId !== asker.worldId || channel.channelId !== asker.channelId) continue;
      if (tenantIdentity(channel.tenant) !== identity) continue;
      for (const session of channel.sessions.values()) {
        const speaker = speakerOf(session);
        const mapId = ctx.presence.mapOf(session);
        if (speaker && mapId !== undefined && speaker.name.toLowerCase() === wanted) {
          return { kind: "MAP", name: speaker.name, mapId, ...positionOf(session) };
        }
      }
    }
    return { kind: "NOT_FOUND", name };
  };
}

/** See the module documentation. Speakers are read from login's cache ({@link cachedSpeaker}). */
export const chatFeature: Feature = createChatFeature(cachedSpeaker);

function createChatFeature(speakerOf: SpeakerOf): Feature {
  return {
    name: "chat",
    contracts: [chatCommandContract, chatEventContract],
    // MessengerOperation: only its CHAT form is written here (messenger chat arrives on this topic);
    // WorldMessage (pink text) is declared by the system-message feature.
    writers: [
      CHAT_WRITERS.general,
      CHAT_WRITERS.multi,
      CHAT_WRITERS.whisper,
      CHAT_WRITERS.pet,
      CHAT_WRITERS.messenger,
    ],
    handlers: (ctx) => chatHandlers(ctx, findOnChannel(ctx, speakerOf)),
    start(ctx) {
      ctx.bus.subscribe(chatEventContract, (delivery) => void routeChatEvent(ctx, speakerOf, delivery), {
        name: "chat_event",
      });
    },
  };
}
