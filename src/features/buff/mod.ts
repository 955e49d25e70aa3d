/**
 * The buff domain: login sends the character's active buffs ({@link sendBuffGive}) and remembers them on
 * the session (`active.ts`); atlas-buffs' status events become the give/cancel packets for the character
 * and its map (`consumers.ts`); `CharacterBuffCancel` asks atlas-buffs to end a buff (`handlers.ts`).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Buff } from "./rest.ts";
import { BUFF_WRITERS, writeCharacterBuffGive } from "./writers.ts";
import { activeBuffsKey } from "./active.ts";
import { buffCommandContract, buffStatusContract } from "./messages.ts";
import { onBuffStatus } from "./consumers.ts";
import { buffCancelHandler } from "./handlers.ts";

/** Sends CharacterBuffGive for `buffs`; returns whether the tenant binds the writer. */
export function sendBuffGive(
  ctx: FeatureContext,
  session: Session,
  buffs: readonly Buff[],
  nowMs: number = Date.now(),
): boolean {
  session.set(
    activeBuffsKey,
    buffs.map((b) => ({ sourceId: b.sourceId, changes: b.changes, expiresAt: b.expiresAt })),
  );
  return ctx.send(session, BUFF_WRITERS.give, (w) => writeCharacterBuffGive(w, session.tenant, buffs, nowMs));
}

/** See the module documentation. */
export const buffFeature: Feature = {
  name: "buff",
  contracts: [buffStatusContract, buffCommandContract],
  writers: Object.values(BUFF_WRITERS),
  handlers: (ctx) => ({ CharacterBuffCancel: buffCancelHandler(ctx) }),
  start(ctx) {
    ctx.bus.subscribe(buffStatusContract, (delivery) => onBuffStatus(ctx, delivery), {
      name: "character_buff_status_event",
    });
  },
};
