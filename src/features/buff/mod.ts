/**
 * The buff domain's packets. Login sends the character's active buffs ({@link sendLoginBuffs}); buff
 * events from atlas-buffs are not handled yet.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Buff } from "./rest.ts";
import { BUFF_WRITERS, writeCharacterBuffGive } from "./writers.ts";

/** Sends CharacterBuffGive for `buffs`; returns whether the tenant binds the writer. */
export function sendBuffGive(
  ctx: FeatureContext,
  session: Session,
  buffs: readonly Buff[],
  nowMs: number = Date.now(),
): boolean {
  return ctx.send(session, BUFF_WRITERS.give, (w) => writeCharacterBuffGive(w, session.tenant, buffs, nowMs));
}

/** See the module documentation. */
export const buffFeature: Feature = {
  name: "buff",
  contracts: [],
  writers: Object.values(BUFF_WRITERS),
};
