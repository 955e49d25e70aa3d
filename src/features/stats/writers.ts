/**
 * Packet bodies of the stats domain: `StatChanged` (stat updates and "enable actions"),
 * `CharacterStatusMessage` (experience and meso gains), `CharacterEffect` / `CharacterEffectForeign`
 * (level up) and `FameResponse` (fame given and received). Layouts follow the reference's
 * `socket/writer/stat_changed.go`, `character_status_message.go`, `character_effect.go` and
 * `fame_response.go`.
 *
 * Deliberate differences from the reference (README decision 3):
 * - a stat that the tenant's `statistics` option does not list, that sits past bit 31, or whose value
 *   layout is unknown is left out of the packet (and logged) instead of desynchronising the client;
 * - Evan's SP is written as the extended SP table the client expects for those jobs (GMS above 83 and
 *   JMS), instead of the first SP slot;
 * - a missing operation code throws `MissingWriterOptionError` (outbound.ts logs it and sends nothing)
 *   instead of writing 99.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { WriterOptions } from "../../net/dispatch.ts";
import { getLogger } from "../../observability/log.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { type BuildPacket, requireOptionCode } from "../outbound.ts";
import { isEvanJob, skillBookIndex } from "../character/rest.ts";

const log = getLogger("stats.writers");

/** The writer names this domain implements. */
export const STATS_WRITERS = [
  "StatChanged",
  "CharacterStatusMessage",
  "CharacterEffect",
  "CharacterEffectForeign",
  "FameResponse",
] as const;

function operation(options: WriterOptions, writer: string, key: string, group = "operations"): number {
  return requireOptionCode(writer, options, group, key);
}

// ---------------------------------------------------------------------------------------------------
// StatChanged

/** How each stat's value is written (stat_changed.go); names outside this table have no layout. */
export const STAT_LAYOUTS: Readonly<Record<string, "u8" | "i16" | "sp" | "u32" | "u64">> = Object.freeze({
  SKIN: "u8",
  LEVEL: "u8",
  JOB: "i16",
  STRENGTH: "i16",
  DEXTERITY: "i16",
  INTELLIGENCE: "i16",
  LUCK: "i16",
  HP: "i16",
  MAX_HP: "i16",
  MP: "i16",
  MAX_MP: "i16",
  AVAILABLE_AP: "i16",
  FAME: "i16",
  AVAILABLE_SP: "sp",
  FACE: "u32",
  HAIR: "u32",
  EXPERIENCE: "u32",
  MESO: "u32",
  GACHAPON_EXPERIENCE: "u32",
  PET_SN_1: "u64",
  PET_SN_2: "u64",
  PET_SN_3: "u64",
});

/** One (job level, points) entry of Evan's SP table; job level 1 is the first Evan job advancement. */
export interface ExtendedSpEntry {
  readonly jobLevel: number;
  readonly points: number;
}

/** Available SP: one counter, or Evan's per-job-level table. */
export type SkillPoints =
  | { readonly kind: "single"; readonly points: number }
  | { readonly kind: "extended"; readonly entries: readonly ExtendedSpEntry[] };

/** One stat to show; `value` is a number, a bigint (pet serials) or {@link SkillPoints} for SP. */
export interface StatUpdate {
  readonly stat: string;
  readonly value: number | bigint | SkillPoints;
}

/**
 * Whether this client version reads Evan's SP as a table. GMS v83 predates Evan, so its client reads
 * one counter whatever the job; later GMS clients and JMS read the table for Evan jobs.
 */
export function hasExtendedSp(tenant: Tenant): boolean {
  return !(tenant.region === "GMS" && tenant.majorVersion <= 83);
}

/**
 * The SP an update should carry for a character: the counter of its current skill book for most jobs
 * (index `jobId − 2209` for Evan jobs 2210–2218, else 0, as atlas-character stores them); for Evan on
 * a client that reads the table, every non-zero counter as (index + 1, points).
 */
export function skillPointsOf(tenant: Tenant, jobId: number, counters: readonly number[]): SkillPoints {
  if (isEvanJob(jobId) && hasExtendedSp(tenant)) {
    const entries: ExtendedSpEntry[] = [];
    counters.forEach((points, index) => {
      if (points > 0) entries.push({ jobLevel: index + 1, points });
    });
    return { kind: "extended", entries };
  }
  return { kind: "single", points: counters[skillBookIndex(jobId)] ?? 0 };
}

function writeSkillPoints(w: PacketWriter, value: StatUpdate["value"]): void {
  if (typeof value === "object") {
    if (value.kind === "single") {
      w.uint16(value.points);
      return;
    }
    w.byte(value.entries.length);
    for (const entry of value.entries) w.byte(entry.jobLevel).byte(entry.points);
    return;
  }
  w.uint16(Number(value));
}

function numeric(value: StatUpdate["value"]): number {
  if (typeof value === "bigint") return Number(BigInt.asIntN(53, value));
  if (typeof value === "object") return value.kind === "single" ? value.points : 0;
  return value;
}

/** The bit index of each stat in the update mask: its position in the `statistics` option. */
function statIndices(options: WriterOptions): Map<string, number> {
  const list = options.statistics;
  const indices = new Map<string, number>();
  if (!Array.isArray(list)) return indices;
  list.forEach((name, index) => {
    if (typeof name === "string" && !indices.has(name)) indices.set(name, index);
  });
  return indices;
}

/** GMS v95 and later: HP/MP values are 4 bytes and a second trailing byte follows (client disassembly). */
function isV95Plus(version: Pick<Tenant, "region" | "majorVersion"> | undefined): boolean {
  return version !== undefined && version.region === "GMS" && version.majorVersion >= 95;
}

const WIDE_ON_V95: ReadonlySet<string> = new Set(["HP", "MAX_HP", "MP", "MAX_MP"]);

/**
 * `StatChanged`: `bool exclRequestSent`, `u32 mask` (bit = the stat's position in the `statistics`
 * option), the values in ascending bit order, then `u8 0` (GMS v95+: `u8 0, u8 0`, and HP/MP values as
 * i32 where older clients read i16 — libs/atlas-packet `stat/clientbound/changed.go` at d59a1ad2df). An
 * empty list with `exclRequestSent` is the reference's "enable actions". The client version comes from
 * the send functions; without one the pre-v95 layout is written.
 */
export function statChangedBody(updates: readonly StatUpdate[], exclRequestSent: boolean): BuildPacket {
  return (w, options, version) => {
    const wide = isV95Plus(version);
    const indices = statIndices(options);
    const chosen = new Map<number, StatUpdate>();
    for (const update of updates) {
      const index = indices.get(update.stat);
      const layout = STAT_LAYOUTS[update.stat];
      if (index === undefined || index > 31 || layout === undefined) {
        log.warn("stat left out of StatChanged: not in the statistics option or no known layout", {
          stat: update.stat,
          index,
        });
        continue;
      }
      chosen.set(index, update);
    }
    const ordered = [...chosen.entries()].sort(([a], [b]) => a - b);
    let mask = 0;
    for (const [index] of ordered) mask = (mask | (1 << index)) >>> 0;
    w.bool(exclRequestSent).uint32(mask);
    for (const [, update] of ordered) {
      switch (STAT_LAYOUTS[update.stat]) {
        case "u8":
          w.byte(numeric(update.value));
          break;
        case "i16":
          if (wide && WIDE_ON_V95.has(update.stat)) w.int32(numeric(update.value));
          else w.int16(numeric(update.value));
          break;
        case "sp":
          writeSkillPoints(w, update.value);
          break;
        case "u32":
          w.uint32(numeric(update.value));
          break;
        case "u64":
          w.uint64(typeof update.value === "bigint" ? update.value : BigInt(numeric(update.value)));
          break;
      }
    }
    w.byte(0);
    if (wide) w.byte(0);
  };
}

/** "Enable actions": an empty `StatChanged` with the exclusive-request flag, which unlocks the client. */
export function enableActionsBody(): BuildPacket {
  return statChangedBody([], true);
}

// ---------------------------------------------------------------------------------------------------
// CharacterStatusMessage

/** The experience gain shown by `CharacterStatusMessage` `INCREASE_EXPERIENCE` (socket/model/experience_status.go). */
export interface ExperienceGain {
  /** White (true) or yellow text for `amount`. */
  white: boolean;
  amount: number;
  /** Also written in the chat log. */
  inChat: boolean;
  monsterBookBonus: number;
  mobEventBonusPercentage: number;
  playTimeHour: number;
  partyBonusPercentage: number;
  weddingBonusExp: number;
  questBonusRate: number;
  questBonusRemainCount: number;
  partyBonusEventRate: number;
  partyBonusExp: number;
  itemBonusExp: number;
  premiumIpExp: number;
  rainbowWeekEventExp: number;
  /** Written for GMS v87 and later and JMS only. */
  partyExpRingExp: number;
  /** Written for GMS v87 and later and JMS only. */
  cakePieEventBonus: number;
}

/** An {@link ExperienceGain} with everything zero or false. */
export function emptyExperienceGain(): ExperienceGain {
  return {
    white: false,
    amount: 0,
    inChat: false,
    monsterBookBonus: 0,
    mobEventBonusPercentage: 0,
    playTimeHour: 0,
    partyBonusPercentage: 0,
    weddingBonusExp: 0,
    questBonusRate: 0,
    questBonusRemainCount: 0,
    partyBonusEventRate: 0,
    partyBonusExp: 0,
    itemBonusExp: 0,
    premiumIpExp: 0,
    rainbowWeekEventExp: 0,
    partyExpRingExp: 0,
    cakePieEventBonus: 0,
  };
}

/** `CharacterStatusMessage` `INCREASE_EXPERIENCE`; GMS v87+ and JMS add the party-ring and cake/pie bonuses. */
export function increaseExperienceBody(tenant: Tenant, gain: ExperienceGain): BuildPacket {
  return (w, options) => {
    w.byte(operation(options, "CharacterStatusMessage", "INCREASE_EXPERIENCE"))
      .bool(gain.white)
      .int32(gain.amount)
      .bool(gain.inChat)
      .int32(gain.monsterBookBonus)
      .byte(gain.mobEventBonusPercentage)
      .byte(gain.partyBonusPercentage)
      .int32(gain.weddingBonusExp);
    if (gain.mobEventBonusPercentage > 0) w.byte(gain.playTimeHour);
    if (gain.inChat) {
      w.byte(gain.questBonusRate);
      if (gain.questBonusRate > 0) w.byte(gain.questBonusRemainCount);
    }
    w.byte(gain.partyBonusEventRate)
      .int32(gain.partyBonusExp)
      .int32(gain.itemBonusExp)
      .int32(gain.premiumIpExp)
      .int32(gain.rainbowWeekEventExp);
    // Client layout (libs/atlas-packet character/clientbound/status_message.go at d59a1ad2df): GMS v87+ and
    // JMS read these two; the reference wrote them for GMS v95+ only.
    if (tenant.region !== "GMS" || tenant.majorVersion >= 87) {
      w.int32(gain.partyExpRingExp).int32(gain.cakePieEventBonus);
    }
  };
}

/** `CharacterStatusMessage` `INCREASE_MESO`: the signed change (shown in grey in the chat log). */
export function increaseMesoBody(amount: number): BuildPacket {
  return (w, options) => {
    w.byte(operation(options, "CharacterStatusMessage", "INCREASE_MESO")).int32(amount);
  };
}

// ---------------------------------------------------------------------------------------------------
// CharacterEffect / CharacterEffectForeign

/** `CharacterEffect` `LEVEL_UP` for the character itself: the operation byte only. */
export function levelUpEffectBody(): BuildPacket {
  return (w, options) => {
    w.byte(operation(options, "CharacterEffect", "LEVEL_UP"));
  };
}

/** `CharacterEffectForeign` `LEVEL_UP` shown to others: `u32 characterId`, then the operation byte. */
export function levelUpEffectForeignBody(characterId: number): BuildPacket {
  return (w, options) => {
    const code = operation(options, "CharacterEffectForeign", "LEVEL_UP");
    w.uint32(characterId).byte(code);
  };
}

// ---------------------------------------------------------------------------------------------------
// FameResponse

/** The client's fame mode: 1 for a raise, 0 for a drop (`(amount + 1) / 2` in the reference). */
function fameMode(amount: number): number {
  return Math.trunc((amount + 1) / 2);
}

/** `FameResponse` `RECEIVE`: who changed the character's fame, and whether up or down. */
export function receiveFameBody(fromName: string, amount: number): BuildPacket {
  return (w, options) => {
    w.byte(operation(options, "FameResponse", "RECEIVE")).string(fromName).int8(fameMode(amount));
  };
}

/** `FameResponse` `GIVE`: the target's name, up or down, the target's new total, then `u16 0`. */
export function giveFameBody(toName: string, amount: number, total: number): BuildPacket {
  return (w, options) => {
    w.byte(operation(options, "FameResponse", "GIVE"))
      .string(toName)
      .int8(fameMode(amount))
      .int16(total)
      .uint16(0);
  };
}
