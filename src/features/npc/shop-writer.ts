/**
 * `NPCShop` (CShopDlg::SetShopDlg) and `NPCShopOperation` (CShopDlg::OnPacket, the transaction
 * result). Layouts from the client (libs/atlas-packet `npc/clientbound/shop_list.go`,
 * `shop_operation.go` at d59a1ad2df).
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { ClientVersion } from "../character/version.ts";
import { requireOptionCode } from "../outbound.ts";
import type { Commodity } from "./rest.ts";

/** Writer names, as the tenant templates bind them. */
export const NPC_SHOP = "NPCShop";
/** See {@link NPC_SHOP}. */
export const NPC_SHOP_OPERATION = "NPCShopOperation";

/** Throwing stars (207xxxx) and bullets (233xxxx) are sold by unit price and recharged. */
export function isRechargeable(templateId: number): boolean {
  const classification = Math.floor(templateId / 10000);
  return classification === 207 || classification === 233;
}

/** The masteries that raise the stack size of rechargeables, 10 per level (as the reference adds). */
export const MASTERY_SKILLS = {
  assassinClawMastery: 4100000,
  nightWalkerClawMastery: 14100000,
  gunslingerGunMastery: 5200000,
} as const;

/** Extra stack size of a rechargeable given the character's skill levels. */
export function extraSlotMax(templateId: number, skillLevel: (skillId: number) => number): number {
  const classification = Math.floor(templateId / 10000);
  if (classification === 207) {
    return (skillLevel(MASTERY_SKILLS.nightWalkerClawMastery) +
      skillLevel(MASTERY_SKILLS.assassinClawMastery)) *
      10;
  }
  if (classification === 233) return skillLevel(MASTERY_SKILLS.gunslingerGunMastery) * 10;
  return 0;
}

/** One `NPCShop` packet. */
export interface NpcShopPacket {
  npcId: number;
  commodities: readonly Omit<Commodity, "id">[];
  /** The character's level of a skill (0 when it does not have it). */
  skillLevel: (skillId: number) => number;
}

const unitPriceBits = (price: number): bigint => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, price, true);
  return view.getBigUint64(0, true);
};

/** Writes an `NPCShop` body for `version`. */
export function writeNpcShop(w: PacketWriter, version: ClientVersion, shop: NpcShopPacket): void {
  const gms = version.region === "GMS";
  w.uint32(shop.npcId).uint16(shop.commodities.length);
  for (const c of shop.commodities) {
    w.uint32(c.templateId).uint32(c.mesoPrice);
    if (gms && version.majorVersion >= 87) w.byte(c.discountRate);
    if (gms && version.majorVersion >= 92) w.uint32(c.tokenTemplateId);
    if (!(gms && version.majorVersion < 83)) w.uint32(c.tokenPrice).uint32(c.period).uint32(c.levelLimit);
    // The reference writes a bundle quantity of 0 (a TODO); the client's bundle is one item.
    if (isRechargeable(c.templateId)) w.uint64(unitPriceBits(c.unitPrice));
    else w.uint16(1);
    w.uint16(Math.min(0xffff, c.slotMax + extraSlotMax(c.templateId, shop.skillLevel)));
  }
}

/** A shop transaction result (`EVENT_TOPIC_NPC_SHOP_STATUS` `ERROR` body). */
export interface ShopResult {
  /** The result name, a key of the writer's `operations` option (`OK`, `OUT_OF_STOCK`, ...). */
  error: string;
  levelLimit: number;
  reason: string;
}

/** Writes an `NPCShopOperation` body; the result code comes from the writer's `operations` option. */
export function writeNpcShopOperation(w: PacketWriter, options: WriterOptions, result: ShopResult): void {
  w.byte(requireOptionCode(NPC_SHOP_OPERATION, options, "operations", result.error));
  switch (result.error) {
    case "OVER_LEVEL_REQUIREMENT":
    case "UNDER_LEVEL_REQUIREMENT":
      w.uint32(result.levelLimit);
      return;
    case "GENERIC_ERROR":
      w.bool(false);
      return;
    case "GENERIC_ERROR_WITH_REASON":
      w.bool(true).string(result.reason);
      return;
  }
}
