/**
 * SetField: the packet that puts the client into a map. The login variant carries the whole character
 * (CharacterInfo: stats, inventory, skills, …); the warp variant only the target map. Layouts follow
 * the client (libs/atlas-packet `field/clientbound/set_field.go`, `warp_to_map.go` and
 * `character/data.go` at d59a1ad2df), which differs from the reference's socket/writer/set_field.go
 * (socket-protocol.md §6.3) for GMS v95: an old-driver-id u32 after the channel id, a 4-byte HP in the
 * warp, and no monster book in CharacterInfo after v87. Further deliberate differences:
 * - the trailing server time is the real current FILETIME (the reference adds the current time twice,
 *   quirk 30);
 * - Evan jobs get an SP field (the reference writes nothing, misaligning the rest, quirk 29): the
 *   per-skill-book table on clients that know Evan (GMS > 83, JMS), the current book's SP as a u16
 *   otherwise;
 * - equipment and SP counters never index out of range (the reference panics on a short `sp`).
 * @module
 */
import { FILETIME_ZERO_TIME } from "../../protocol/filetime.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { Asset, EquipableData } from "../inventory/rest.ts";
import { compartmentOf } from "../inventory/rest.ts";
import { isFourthJobSkill } from "../skill/rest.ts";
import { type CharacterData, equippedSlots, equipTabAssets } from "./data.ts";
import { writePerPetSlot } from "./look.ts";
import { isEvanJob, remainingSp, spCounters } from "./rest.ts";
import { expirationFileTime, petDeadDateFileTime, serverFileTime } from "./time.ts";
import { type ClientVersion, gmsAbove, gmsAboveOrJms, isJms, isModern } from "./version.ts";

/** What every SetField variant needs besides the character. */
export interface SetFieldContext {
  version: ClientVersion;
  channelId: number;
  /** Clock (Unix ms) for the server time and skill cooldowns; `Date.now` by default. */
  now?: () => number;
}

/** The login variant's extra inputs. */
export interface SetFieldLoginContext extends SetFieldContext {
  /** The buddy list capacity (atlas-buddies). */
  buddyCapacity: number;
  /** Source of the damage RNG seeds (u32 each); cryptographically random by default. */
  seed?: () => number;
}

/** Where a warp puts the character. */
export interface WarpTarget {
  mapId: number;
  /** The target portal's index. */
  portalId: number;
  /** The character's current HP. */
  hp: number;
}

/** Reference name of the writer (tenant writer tables bind it to an opcode). */
export const SET_FIELD_WRITER = "SetField";

/** The in-cash-shop-inventory "permanent" marker the reference writes after the inventory limits. */
const INVENTORY_TIME = FILETIME_ZERO_TIME;
/** The reference's teleport-rock filler (`_map.EmptyMapId`). */
const EMPTY_MAP_ID = 999_999_999;

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

function writeFieldHeader(w: PacketWriter, ctx: SetFieldContext, characterData: boolean): void {
  const v = ctx.version;
  if (gmsAboveOrJms(v, 83)) w.uint16(0); // option count
  w.uint32(ctx.channelId);
  // The old driver id: GMS v95 reads it after the channel id, v83/v87 do not (client disassembly).
  if (v.region === "GMS" && v.majorVersion >= 95) w.uint32(0);
  if (isJms(v)) w.byte(0).uint32(0);
  w.byte(characterData ? 1 : 0); // notifier message
  w.byte(characterData ? 1 : 0); // character data follows
}

/** SetField, login variant: the full character. */
export function writeSetFieldLogin(w: PacketWriter, data: CharacterData, ctx: SetFieldLoginContext): void {
  const v = ctx.version;
  const nowMs = (ctx.now ?? Date.now)();
  writeFieldHeader(w, ctx, true);
  let seeds = 4;
  if (isModern(v)) {
    w.uint16(0); // notifier check
    seeds = 3;
  }
  const seed = ctx.seed ?? randomSeed;
  for (let i = 0; i < seeds; i++) w.uint32(seed());
  writeCharacterInfo(w, data, v, { buddyCapacity: ctx.buddyCapacity, nowMs });
  if (gmsAboveOrJms(v, 83)) w.uint32(0).uint32(0).uint32(0).uint32(0); // logout gifts
  w.int64(serverFileTime(nowMs));
}

/** SetField, warp variant: a map change of a character already in the field. */
export function writeSetFieldWarp(w: PacketWriter, target: WarpTarget, ctx: SetFieldContext): void {
  const v = ctx.version;
  writeFieldHeader(w, ctx, false);
  if (isModern(v)) w.uint16(0).byte(0); // notifier check, revive
  w.uint32(target.mapId).byte(target.portalId);
  if (v.region === "GMS" && v.majorVersion >= 95) w.uint32(target.hp);
  else w.uint16(target.hp);
  if (v.region === "GMS" && v.majorVersion > 28) w.bool(false); // not chasing
  w.int64(serverFileTime((ctx.now ?? Date.now)()));
}

/** Inputs of {@link writeCharacterInfo} besides the character. */
export interface CharacterInfoContext {
  buddyCapacity: number;
  /** Unix ms, for skill cooldowns. */
  nowMs: number;
}

/** CharacterInfo (SetField and CashShopOpen): stats, inventory, skills and the empty sections. */
export function writeCharacterInfo(
  w: PacketWriter,
  data: CharacterData,
  v: ClientVersion,
  ctx: CharacterInfoContext,
): void {
  const modern = isModern(v);
  if (modern) w.int64(-1).byte(0);
  else w.int16(-1);
  writeCharacterStats(w, data, v);
  w.byte(ctx.buddyCapacity);
  if (modern) w.byte(0); // no linked character name
  w.uint32(data.character.meso);
  if (isJms(v)) w.uint32(data.character.id).uint32(0).uint32(0);
  writeInventory(w, data, v, ctx.nowMs);
  writeSkills(w, data, v, ctx.nowMs);
  // quests: started (JMS: a second list), completed
  w.uint16(0);
  if (isJms(v)) w.uint16(0);
  if (gmsAboveOrJms(v, 12)) w.uint16(0);
  w.uint16(0); // mini games
  w.uint16(0); // crush rings
  if (modern) w.uint16(0).uint16(0); // friendship rings, marriage
  for (let i = 0; i < (modern ? 15 : 5); i++) w.uint32(EMPTY_MAP_ID); // teleport rocks (regular, VIP)
  if (isJms(v)) w.uint16(0);
  if (modern) {
    // The monster book cover and cards: GMS up to v87 and JMS; later GMS clients read neither.
    if (!(v.region === "GMS" && v.majorVersion > 87)) w.uint32(0).byte(0).uint16(0);
    if (v.region === "GMS") w.uint16(0).uint16(0); // new year cards, area info
    else if (isJms(v)) w.uint16(0);
    w.uint16(0);
  }
}

/** The character statistics block (GW_CharacterStat). */
export function writeCharacterStats(w: PacketWriter, data: CharacterData, v: ClientVersion): void {
  const c = data.character;
  const modern = isModern(v);
  w.uint32(c.id).fixedString(c.name, 13).byte(c.gender).byte(c.skinColor).uint32(c.face).uint32(c.hair);
  if (modern) writePerPetSlot(data.pets, (pet) => w.uint64(pet.id), () => w.uint64(0));
  else w.uint64(data.pets[0]?.id ?? 0);
  w.byte(c.level).uint16(c.jobId).uint16(c.strength).uint16(c.dexterity).uint16(c.intelligence).uint16(c.luck)
    .uint16(c.hp).uint16(c.maxHp).uint16(c.mp).uint16(c.maxMp).uint16(c.ap);
  if (isEvanJob(c.jobId) && gmsAboveOrJms(v, 83)) writeExtendedSp(w, c.sp);
  else w.uint16(remainingSp(c));
  w.uint32(c.experience).int16(c.fame);
  if (modern) w.uint32(c.gachaponExperience);
  // The reference always spawns at portal 0 (atlas-character's spawnPoint is not mapped).
  w.uint32(c.mapId).byte(0);
  if (v.region === "GMS") {
    if (v.majorVersion > 12) w.uint32(0);
    else w.int64(0).uint32(0).uint32(0);
    if (v.majorVersion >= 87) w.uint16(0); // sub job
  } else if (isJms(v)) {
    w.uint16(0).int64(0).uint32(0).uint32(0).uint32(0);
  }
}

/**
 * The extended SP table of Evan jobs: `u8 count`, then `(u8 skill book, u8 sp)` for each non-zero
 * counter; skill book n is counter n − 1 (2200 → 1, 2210 → 2, … 2218 → 10).
 */
function writeExtendedSp(w: PacketWriter, sp: string): void {
  const books = spCounters(sp).map((value, index) => [index + 1, Math.min(value, 0xff)]).filter(([, v]) =>
    v > 0
  );
  w.byte(books.length);
  for (const [book, value] of books) w.byte(book).byte(value);
}

function writeInventory(w: PacketWriter, data: CharacterData, v: ClientVersion, nowMs: number): void {
  const modern = isModern(v);
  const veryOld = v.region === "GMS" && v.majorVersion < 28;
  const tabs = [1, 2, 3, 4, 5].map((type) => compartmentOf(data.inventory, type));
  if (gmsAboveOrJms(v, 12)) { for (const tab of tabs) w.byte(tab.capacity); }
  if (modern) w.int64(INVENTORY_TIME);
  const worn = equippedSlots(data.inventory);
  for (const slot of worn) if (slot.equip) writeEquip(w, slot.equip, v, true);
  if (modern) w.uint16(0);
  else w.byte(0);
  for (const slot of worn) if (slot.cash) writeEquip(w, slot.cash, v, true);
  if (modern) w.uint16(0);
  else w.byte(0);
  if (veryOld) w.byte(tabs[0].capacity);
  for (const asset of equipTabAssets(data.inventory)) writeItem(w, asset, v, true, nowMs);
  if (modern) w.uint32(0);
  else w.byte(0);
  for (const tab of tabs.slice(1)) {
    if (veryOld) w.byte(tab.capacity);
    for (const asset of tab.assets) writeItem(w, asset, v, true, nowMs);
    w.byte(0);
  }
}

/**
 * One item (GW_ItemSlotBase), with its position first unless `withPosition` is false (the inventory
 * change "add" operation writes the slot itself). Items of an unknown reference type are skipped, and
 * so is a tab-positioned asset of the wrong kind for its encoding. `nowMs` decides whether a pet's dead
 * date has passed ({@link petDeadDateFileTime}).
 */
export function writeItem(
  w: PacketWriter,
  asset: Asset,
  v: ClientVersion,
  withPosition = true,
  nowMs: number = Date.now(),
): void {
  const p = asset.payload;
  if (withPosition && p.kind !== "equipable" && p.kind !== "cash-equipable" && p.kind !== "unknown") {
    w.int8(asset.slot);
  }
  switch (p.kind) {
    case "equipable":
    case "cash-equipable":
      writeEquip(w, asset, v, withPosition);
      return;
    case "consumable":
    case "setup":
    case "etc": {
      w.byte(2).uint32(asset.templateId).bool(false).int64(
        expirationFileTime(asset.expiration),
      )
        .uint16(p.data.quantity).string("").uint16(p.data.flag);
      if (p.kind === "consumable" && isRechargeable(asset.templateId)) w.uint64(p.data.rechargeable);
      return;
    }
    case "cash":
      w.byte(2).uint32(asset.templateId).bool(true).int64(BigInt(p.data.cashId))
        .int64(expirationFileTime(asset.expiration)).uint16(p.data.quantity).string("").uint16(p.data.flag);
      return;
    case "pet":
      w.byte(3).uint32(asset.templateId).bool(true).uint64(asset.referenceId)
        .int64(expirationFileTime(null)).fixedString(p.data.name, 13).byte(p.data.level).uint16(
          p.data.closeness,
        )
        .byte(p.data.fullness).int64(petDeadDateFileTime(asset.expiration, nowMs))
        .uint16(0).uint16(0).uint32(18000).uint16(0); // attribute, skill, remaining life, attribute
      return;
    case "unknown":
      return;
  }
}

/** Throwing stars (207xxxx) and bullets (233xxxx) carry their recharge amount. */
function isRechargeable(templateId: number): boolean {
  const classification = Math.floor(templateId / 10_000);
  return classification === 207 || classification === 233;
}

/** An equipable or cash equipable (GW_ItemSlotEquip); `withPosition` writes the slot first. */
export function writeEquip(w: PacketWriter, asset: Asset, v: ClientVersion, withPosition: boolean): void {
  const p = asset.payload;
  if (p.kind !== "equipable" && p.kind !== "cash-equipable") return;
  const modern = isModern(v);
  if (withPosition) {
    let slot = Math.abs(asset.slot);
    if (slot > 100) slot -= 100;
    if (modern) w.uint16(slot);
    else w.byte(slot);
  }
  if (gmsAboveOrJms(v, 12)) w.byte(1);
  w.uint32(asset.templateId);
  const cash = p.kind === "cash-equipable";
  w.bool(cash);
  if (cash) w.int64(BigInt(p.data.cashId));
  w.int64(expirationFileTime(asset.expiration));
  const s: EquipableData = p.data;
  w.byte(s.slots).byte(s.level);
  if (isJms(v)) w.byte(0);
  w.uint16(s.strength).uint16(s.dexterity).uint16(s.intelligence).uint16(s.luck).uint16(s.hp).uint16(s.mp)
    .uint16(s.weaponAttack).uint16(s.magicAttack).uint16(s.weaponDefense).uint16(s.magicDefense)
    .uint16(s.accuracy).uint16(s.avoidability).uint16(s.hands).uint16(s.speed).uint16(s.jump);
  if (!gmsAboveOrJms(v, 12)) return;
  w.string("").uint16(0); // owner name, flags
  if (!modern) return;
  if (cash) {
    for (let i = 0; i < 10; i++) w.byte(0x40);
    w.int64(FILETIME_ZERO_TIME).int32(-1);
    return;
  }
  w.byte(s.levelType).byte(s.level).uint32(s.experience);
  if (gmsAbove(v, 83)) w.int32(-1); // durability: GMS v84+ (libs/atlas-packet at d59a1ad2df)
  w.uint32(s.hammersApplied);
  if (isJms(v)) w.byte(0).uint16(0).uint16(0).uint16(0).uint16(0).uint16(0).uint32(0);
  w.int64(0).int64(FILETIME_ZERO_TIME).int32(-1);
}

function writeSkills(w: PacketWriter, data: CharacterData, v: ClientVersion, nowMs: number): void {
  w.uint16(data.skills.length);
  const cooling: { id: number; seconds: number }[] = [];
  for (const skill of data.skills) {
    w.uint32(skill.id).uint32(skill.level).int64(expirationFileTime(skill.expiration));
    if (isFourthJobSkill(skill.id)) w.uint32(skill.masterLevel);
    const until = skill.cooldownExpiresAt?.getTime();
    if (until !== undefined && until > nowMs) {
      cooling.push({ id: skill.id, seconds: Math.min(Math.floor((until - nowMs) / 1000), 0xffff) });
    }
  }
  if (!isModern(v)) return;
  w.uint16(cooling.length);
  for (const { id, seconds } of cooling) w.uint32(id).uint16(seconds);
}
