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
import { createWorldPresence, type WorldPresence } from "./world-presence.ts";
import { characterNamed } from "../invite/counterparts.ts";
import { isInCashShop } from "../cash-shop/handlers.ts";
import { sessionStatusContract } from "../session/messages.ts";
import { CHAT_WRITERS, type WhisperFindResult } from "./writers.ts";

/**
 * `/find`, as Atlas answers it since atlas-channel #1407: a character playing on this process in the
 * asker's world is found in its map (the asker's channel; the cash shop when it is in there) or on its
 * channel; anyone else is looked up by name and reported on the channel the world presence directory
 * knows for it. Unknown names, other worlds, offline characters and GMs (to players who are not) are
 * "not found". Channel ids are written as Atlas numbers them (the client shows one more).
 */
export function findInWorld(
  ctx: Pick<FeatureContext, "channels" | "presence" | "rest">,
  speakerOf: SpeakerOf,
  worldPresence?: WorldPresence,
): FindCharacter {
  return async (asker: Session, name: string): Promise<WhisperFindResult> => {
    const wanted = name.toLowerCase();
    const identity = tenantIdentity(asker.tenant);
    const askerGm = speakerOf(asker)?.gm ?? false;
    for (const channel of ctx.channels()) {
      if (channel.worldId !== asker.worldId || tenantIdentity(channel.tenant) !== identity) continue;
      for (const session of channel.sessions.values()) {
        const speaker = speakerOf(session);
        if (!speaker || speaker.name.toLowerCase() !== wanted) continue;
        if (speaker.gm && !askerGm) return { kind: "NOT_FOUND", name };
        if (isInCashShop(session)) return { kind: "CASH_SHOP", name: speaker.name };
        const mapId = ctx.presence.mapOf(session);
        if (session.channelId === asker.channelId && mapId !== undefined) {
          return { kind: "MAP", name: speaker.name, mapId, ...positionOf(session) };
        }
        return { kind: "OTHER_CHANNEL", name: speaker.name, channelId: session.channelId };
      }
    }
    const target = await characterNamed(ctx, asker.tenant, name);
    if (!target || target.worldId !== asker.worldId || (target.gm && !askerGm)) {
      return { kind: "NOT_FOUND", name };
    }
    const where = worldPresence?.whereIs(asker.tenant, target.id);
    if (!where || where.worldId !== asker.worldId) return { kind: "NOT_FOUND", name };
    return { kind: "OTHER_CHANNEL", name: target.name, channelId: where.channelId };
  };
}

/** See the module documentation. Speakers are read from login's cache ({@link cachedSpeaker}). */
export const chatFeature: Feature = createChatFeature(cachedSpeaker);

function createChatFeature(speakerOf: SpeakerOf): Feature {
  const worldPresence = createWorldPresence();
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
    handlers: (ctx) => chatHandlers(ctx, findInWorld(ctx, speakerOf, worldPresence)),
    start(ctx) {
      ctx.bus.subscribe(
        chatEventContract,
        async (delivery) => void await routeChatEvent(ctx, speakerOf, delivery, worldPresence),
        {
          name: "chat_event",
        },
      );
      ctx.bus.subscribe(sessionStatusContract, (delivery) => worldPresence.apply(delivery), {
        name: "chat_world_presence",
      });
    },
  };
}
