/**
 * The chalkboard domain: putting the board away (`ChalkboardCloseHandle` → `COMMAND_TOPIC_CHALKBOARD`
 * `CLEAR`; `SET` comes from the chalkboard cash item, used through the item domain), atlas-chalkboards'
 * `EVENT_TOPIC_CHALKBOARD_STATUS` → `ChalkboardUse` for everyone in the map (the holder included), and
 * the boards held up shown to a character entering the map (one REST collection call per entry).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { servesChannel } from "../routing.ts";
import { enableActionsBody } from "../stats/writers.ts";
import {
  chalkboardCommandContract,
  chalkboardStatusContract,
  type ChalkboardStatusEvent,
} from "./messages.ts";
import { getChalkboardsInMap } from "./rest.ts";
import { CHALKBOARD_USE, chalkboardClearBody, chalkboardSetBody } from "./writers.ts";

const log = getLogger("chalkboard");

/** Per-call limit of the map-entry look-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** Handles one chalkboard status event; returns how many packets were queued. */
export function onChalkboardStatus(ctx: FeatureContext, delivery: Delivery<ChalkboardStatusEvent>): number {
  const { value: event, tenant } = delivery;
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const map = [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)];
  const body = event.type === "SET"
    ? chalkboardSetBody(event.characterId, event.body.message)
    : chalkboardClearBody(event.characterId);
  return ctx.broadcast(map, CHALKBOARD_USE, body);
}

/** `ChalkboardCloseHandle` (no payload): the holder puts its board away. */
export function chalkboardHandlers(ctx: FeatureContext) {
  return {
    async ChalkboardCloseHandle(session: Session) {
      const mapId = ctx.presence.mapOf(session);
      const characterId = session.characterId;
      if (!characterId || mapId === undefined) {
        log.warn("ChalkboardCloseHandle: no character in a map; nothing produced", { sessionId: session.id });
        return;
      }
      try {
        await ctx.bus.publish(chalkboardCommandContract, {
          worldId: session.worldId,
          channelId: session.channelId,
          mapId,
          characterId,
          type: "CLEAR",
          body: {},
        }, { tenant: session.tenant, key: characterId });
      } catch (err) {
        log.error("chalkboard command not published", {
          sessionId: session.id,
          error: err instanceof Error ? err.message : String(err),
        });
        ctx.send(session, "StatChanged", enableActionsBody());
      }
    },
  };
}

/** Shows the newcomer the boards the others in its map hold up. */
export async function showChalkboards(ctx: FeatureContext, session: Session, mapId: number): Promise<void> {
  if (!ctx.rest) return;
  let boards;
  try {
    boards = await getChalkboardsInMap(ctx.rest, session.tenant, session.worldId, session.channelId, mapId, {
      timeoutMs: LOOKUP_TIMEOUT_MS,
    });
  } catch (err) {
    log.warn("chalkboards look-up failed; boards not shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  for (const board of boards) {
    ctx.send(session, CHALKBOARD_USE, chalkboardSetBody(board.characterId, board.message));
  }
}

/** See the module documentation. */
export const chalkboardFeature: Feature = {
  name: "chalkboard",
  contracts: [chalkboardStatusContract, chalkboardCommandContract],
  writers: [CHALKBOARD_USE],
  handlers: chalkboardHandlers,
  onFieldEnter: showChalkboards,
  start(ctx) {
    ctx.bus.subscribe(chalkboardStatusContract, (delivery) => void onChalkboardStatus(ctx, delivery), {
      name: "chalkboard_status_event",
    });
  },
};
