/**
 * The stats domain: AP/SP distribution, heal over time and meso drop requests become character
 * commands; character status events (stats, experience, fame, meso, level) become the packets the
 * reference sends. See handlers.ts and consumers.ts. Every non-empty `STAT_CHANGED` for a session here
 * refreshes the character login cached on it (`loggedInCharacterKey`).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { characterCommandContract, characterStatusContract } from "../character/messages.ts";
import { onCharacterStatus } from "./consumers.ts";
import { statsHandlers } from "./handlers.ts";
import { enableActionsBody, STATS_WRITERS } from "./writers.ts";

/** Sends "enable actions" to a session (unlocks a client waiting on an exclusive request). */
export function sendEnableActions(ctx: FeatureContext, session: Session): boolean {
  return ctx.send(session, "StatChanged", enableActionsBody());
}

/** See the module documentation. */
export const statsFeature: Feature = {
  name: "stats",
  contracts: [characterCommandContract, characterStatusContract],
  writers: STATS_WRITERS,
  handlers(ctx) {
    return statsHandlers<Session>({
      publish: (tenant, command) =>
        ctx.bus.publish(characterCommandContract, command, { tenant, key: command.characterId }),
      mapOf: (session) => ctx.presence.mapOf(session),
      enableActions: (session) => void sendEnableActions(ctx, session),
    });
  },
  start(ctx) {
    ctx.bus.subscribe(characterStatusContract, (delivery) => onCharacterStatus(ctx, delivery), {
      name: "character_status_event",
    });
  },
};
