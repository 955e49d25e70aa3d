/**
 * The item-use packets. Layouts follow the client as pinned by Atlas's `libs/atlas-packet` (d59a1ad2df):
 * `character/clientbound/item_upgrade.go` (CUser::ShowItemUpgradeEffect) and
 * `pet/clientbound/cash_food_result.go` (the pet food result's failure form).
 * @module
 */
import type { ClientVersion } from "../character/version.ts";
import type { BuildPacket } from "../outbound.ts";

/** Writer names of this domain. */
export const ITEM_UPGRADE_WRITER = "CharacterItemUpgrade";
/** See {@link ITEM_UPGRADE_WRITER}. */
export const PET_CASH_FOOD_RESULT_WRITER = "PetCashFoodResult";

/** Every writer the consumable feature implements. */
export const CONSUMABLE_WRITERS: readonly string[] = [ITEM_UPGRADE_WRITER, PET_CASH_FOOD_RESULT_WRITER];

/** What a scroll did, as atlas-consumables reports it. */
export interface ScrollOutcome {
  success: boolean;
  cursed: boolean;
  legendarySpirit: boolean;
  whiteScroll: boolean;
}

/**
 * CharacterItemUpgrade: `u32 characterId`, `bool success`, `bool cursed`, `bool legendarySpirit`, then on
 * GMS after v87 an `i32` enchant category (0), then `bool whiteScroll`, then on GMS after v87 and JMS a
 * `u8` enchant result flag (0). GMS v83 and v87 read only the four flags.
 */
export function itemUpgradeBody(
  version: ClientVersion,
  characterId: number,
  outcome: ScrollOutcome,
): BuildPacket {
  const newer = version.region === "GMS" && version.majorVersion > 87;
  return (w) => {
    w.uint32(characterId).bool(outcome.success).bool(outcome.cursed).bool(outcome.legendarySpirit);
    if (newer) w.int32(0);
    w.bool(outcome.whiteScroll);
    if (newer || version.region === "JMS") w.byte(0);
  };
}

/** PetCashFoodResult, failure form: `bool true` (the pet would not eat). */
export function petCashFoodFailureBody(): BuildPacket {
  return (w) => void w.bool(true);
}
