/**
 * CharacterBuffGive as login sends it: the character's own temporary-stat block for its active buffs.
 * Follows the client layout (d59a1ad2df `character/clientbound/buff_give.go`, `CharacterTemporaryStat.Encode`
 * in `model/character_temporary_stat.go`): the mask (as the foreign block), then per present stat in bit
 * order `i16 amount, i32 sourceId` (a disease: `i16 mob skill, i16 level`), `i32 milliseconds until the
 * buff expires`, the shared base-stat trailer, `i16 0` (delay) and `u8 0` (movement affecting stat), or `i16
 * 900, u8 1` when a disease is among them.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import {
  chooseTemporaryStats,
  DISEASE_LEVEL,
  isBaseTemporaryStat,
  isDisease,
  writeBaseTemporaryStats,
  writeForeignTemporaryStats,
  writeTemporaryStatMask,
} from "../map/foreign-stats.ts";
import type { BuildPacket } from "../outbound.ts";
import type { Buff } from "./rest.ts";

/** Writer names of the buff domain. */
export const BUFF_WRITERS = Object.freeze({
  give: "CharacterBuffGive",
  giveForeign: "CharacterBuffGiveForeign",
  cancel: "CharacterBuffCancel",
  cancelForeign: "CharacterBuffCancelForeign",
});

/**
 * Writes the CharacterBuffGive body for `buffs` (every change of every buff; unknown stat names are
 * skipped, the largest amount of a stat wins). `nowMs` is the clock for remaining durations and the
 * base stats.
 */
export function writeCharacterBuffGive(
  w: PacketWriter,
  tenant: Pick<Tenant, "region" | "majorVersion">,
  buffs: readonly Pick<Buff, "sourceId" | "changes" | "expiresAt">[],
  nowMs: number,
): void {
  const stats = buffs.flatMap((b) =>
    b.changes.map((c) => ({ type: c.type, amount: c.amount, sourceId: b.sourceId, expiresAt: b.expiresAt }))
  );
  const chosen = chooseTemporaryStats(tenant, stats);
  writeTemporaryStatMask(w, tenant, chosen.map((c) => c.bit));
  for (const { stat } of chosen) {
    if (isBaseTemporaryStat(stat.type)) continue;
    w.int16(stat.amount);
    if (isDisease(stat.type)) w.int16(stat.sourceId).int16(DISEASE_LEVEL);
    else w.int32(stat.sourceId);
    w.int32(remainingMs(stat.expiresAt, nowMs));
  }
  writeBaseTemporaryStats(
    w,
    nowMs,
    chosen.filter((c) => isBaseTemporaryStat(c.stat.type)).map((c) => c.stat),
  );
  // With a disease the client plays it after a delay: 900 ms and the apply flag (buff_give.go).
  if (chosen.some((c) => isDisease(c.stat.type))) w.int16(900).byte(1);
  else w.int16(0).byte(0); // tDelay, movement affecting stat
}

/** Milliseconds until `expiresAt` (negative once passed), wrapped to i32 as the reference's conversion. */
function remainingMs(expiresAt: Date, nowMs: number): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(expiresAt.getTime() - nowMs))));
}

/** The stat changes of buffs as the foreign block reads them. */
function foreignStats(buffs: readonly Pick<Buff, "sourceId" | "changes">[]) {
  return buffs.flatMap((b) =>
    b.changes.map((c) => ({ type: c.type, amount: c.amount, sourceId: b.sourceId }))
  );
}

/**
 * CharacterBuffGiveForeign (d59a1ad2df `character/clientbound/buff_give.go`): `u32 characterId`, the
 * foreign temporary-stat block of `buffs`, `i16 0` (delay), `u8 0` (movement affecting stat).
 */
export function buffGiveForeignBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  characterId: number,
  buffs: readonly Pick<Buff, "sourceId" | "changes">[],
  nowMs: number = Date.now(),
): BuildPacket {
  return (w) => {
    w.uint32(characterId);
    writeForeignTemporaryStats(w, tenant, foreignStats(buffs), nowMs);
    w.int16(0).byte(0);
  };
}

/**
 * CharacterBuffCancel (d59a1ad2df `character/clientbound/buff_cancel.go`): the reset mask naming only the
 * cancelled buff's stats, then `u8 0` (the stat-changed point, always written).
 */
export function buffCancelBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  buff: Pick<Buff, "sourceId" | "changes">,
): BuildPacket {
  return (w) => {
    writeTemporaryStatMask(w, tenant, chooseTemporaryStats(tenant, foreignStats([buff])).map((c) => c.bit));
    w.byte(0);
  };
}

/** CharacterBuffCancelForeign: `u32 characterId`, then as {@link buffCancelBody}. */
export function buffCancelForeignBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  characterId: number,
  buff: Pick<Buff, "sourceId" | "changes">,
): BuildPacket {
  const rest = buffCancelBody(tenant, buff);
  return (w, options) => {
    w.uint32(characterId);
    rest(w, options);
  };
}
