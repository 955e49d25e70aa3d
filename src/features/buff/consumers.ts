/**
 * `EVENT_TOPIC_CHARACTER_BUFF_STATUS` → packets (kafka-consumed.md §2.21), for the character's session
 * here on the event's world: `APPLIED` → CharacterBuffGive (this buff) to the character and
 * CharacterBuffGiveForeign to the others in its map; `EXPIRED` → CharacterBuffCancel and
 * CharacterBuffCancelForeign. The session's active buffs follow, so later spawns show them.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession, sessionsInMapOf } from "../routing.ts";
import type { BuffStatusEvent } from "./messages.ts";
import { forgetBuff, rememberBuff } from "./active.ts";
import {
  BUFF_WRITERS,
  buffCancelBody,
  buffCancelForeignBody,
  buffGiveForeignBody,
  writeCharacterBuffGive,
} from "./writers.ts";

/** Handles one buff status event. */
export function onBuffStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Pick<Delivery<BuffStatusEvent>, "value" | "tenant">,
  nowMs: number = Date.now(),
): void {
  const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  if (!session) return;
  const buff = {
    sourceId: event.body.sourceId,
    changes: event.body.changes,
    expiresAt: new Date(event.body.expiresAt),
  };
  const others = sessionsInMapOf(ctx, session);
  if (event.type === "APPLIED") {
    rememberBuff(session, buff);
    ctx.send(session, BUFF_WRITERS.give, (w) => writeCharacterBuffGive(w, tenant, [buff], nowMs));
    if (others.size > 1) {
      ctx.broadcast(
        others,
        BUFF_WRITERS.giveForeign,
        buffGiveForeignBody(tenant, event.characterId, [buff], nowMs),
        session,
      );
    }
    return;
  }
  forgetBuff(session, buff.sourceId);
  ctx.send(session, BUFF_WRITERS.cancel, buffCancelBody(tenant, buff));
  if (others.size > 1) {
    ctx.broadcast(
      others,
      BUFF_WRITERS.cancelForeign,
      buffCancelForeignBody(tenant, event.characterId, buff),
      session,
    );
  }
}
