/**
 * The buffs active on a session's character: the list login read from atlas-buffs, kept current by
 * `EVENT_TOPIC_CHARACTER_BUFF_STATUS`, so CharacterSpawn shows them to others without a look-up.
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import type { ForeignBuffStat } from "../map/foreign-stats.ts";
import type { Buff } from "./rest.ts";

/** The session's active buffs (one per source id). */
export const activeBuffsKey = sessionKey<Pick<Buff, "sourceId" | "changes" | "expiresAt">[]>("buff.active");

/** Records a buff as active (replacing one of the same source). */
export function rememberBuff(session: Session, buff: Pick<Buff, "sourceId" | "changes" | "expiresAt">): void {
  const active = (session.get(activeBuffsKey) ?? []).filter((b) => b.sourceId !== buff.sourceId);
  active.push(buff);
  session.set(activeBuffsKey, active);
}

/** Forgets the buff of `sourceId`. */
export function forgetBuff(session: Session, sourceId: number): void {
  const active = session.get(activeBuffsKey);
  if (active) session.set(activeBuffsKey, active.filter((b) => b.sourceId !== sourceId));
}

/** The active stat changes as CharacterSpawn's foreign block shows them (expired ones left out). */
export function activeBuffStats(session: Session, nowMs: number = Date.now()): ForeignBuffStat[] {
  return (session.get(activeBuffsKey) ?? [])
    .filter((b) => b.expiresAt.getTime() > nowMs)
    .flatMap((b) => b.changes.map((c) => ({ type: c.type, amount: c.amount, sourceId: b.sourceId })));
}
