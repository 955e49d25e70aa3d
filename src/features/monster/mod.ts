/**
 * The monster domain: atlas-monsters' status events become spawn, destroy, control and HP packets
 * (`consumers.ts`), the controller's client moves monsters (`handlers.ts`), and a newcomer to a map sees
 * its monsters as they are now. The monsters of a map are listed from atlas-monsters once (one
 * collection call, the first time a session of this process enters that map); from then on the local
 * index, fed by the status events, answers every later entry without REST.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import { monsterMovementContract } from "../movement/messages.ts";
import { monsterCommandContract, monsterStatusContract } from "./messages.ts";
import { getMonstersInMap } from "./rest.ts";
import { liveFromRest, monsterState, onMonsterStatus } from "./consumers.ts";
import { monsterMovementHandler } from "./handlers.ts";
import { MONSTER_WRITERS, spawnMonsterBody } from "./writers.ts";

const log = getLogger("monster");

/** Per-call limit of the map-entry listing: a slow service only delays the monsters' appearance. */
const ENTRY_LOOKUP_TIMEOUT_MS = 3000;

/** Sends a newcomer the monsters of `mapId` (listing the map from atlas-monsters the first time). */
export async function showMonsters(ctx: FeatureContext, session: Session, mapId: number): Promise<void> {
  const { live } = monsterState(ctx);
  if (!live.isLoaded(session, mapId) && ctx.rest) {
    const listedAt = Date.now();
    try {
      const listed = await getMonstersInMap(
        ctx.rest,
        session.tenant,
        session.worldId,
        session.channelId,
        mapId,
        { timeoutMs: ENTRY_LOOKUP_TIMEOUT_MS },
      );
      live.load(session, mapId, listed.map(liveFromRest), listedAt);
    } catch (err) {
      log.warn("monsters-in-map look-up failed; showing the monsters known here", {
        sessionId: session.id,
        mapId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  for (const monster of live.inMap(session, mapId)) {
    ctx.send(session, MONSTER_WRITERS.spawn, spawnMonsterBody(session.tenant, monster, false));
  }
}

/** See the module documentation. */
export const monsterFeature: Feature = {
  name: "monster",
  contracts: [monsterStatusContract, monsterCommandContract, monsterMovementContract],
  writers: Object.values(MONSTER_WRITERS),
  handlers: (ctx) => ({ MonsterMovementHandle: monsterMovementHandler(ctx) }),
  onFieldEnter: showMonsters,
  start(ctx) {
    ctx.bus.subscribe(monsterStatusContract, (delivery) => onMonsterStatus(ctx, delivery), {
      name: "monster_status_event",
    });
  },
};
