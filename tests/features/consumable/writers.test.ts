/**
 * Golden bytes of the item-use writers, written out from `libs/atlas-packet` at d59a1ad2df:
 * `character/clientbound/item_upgrade.go` (GMS v83/v87: four flags; GMS after v87: an i32 enchant
 * category before the white-scroll flag and a result byte after it; JMS: the result byte only) and
 * `pet/clientbound/cash_food_result.go`.
 */
import { assertEquals } from "../../support/assert.ts";
import { hex, toHex } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { Tenant } from "../../../src/tenant.ts";
import { itemUpgradeBody, petCashFoodFailureBody } from "../../../src/features/consumable/writers.ts";

const GMS83: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const bytes = (build: BuildPacket) => {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
};
const golden = (text: string) => toHex(hex(text));

Deno.test("CharacterItemUpgrade per version", () => {
  const outcome = { success: true, cursed: false, legendarySpirit: true, whiteScroll: true };
  assertEquals(bytes(itemUpgradeBody(GMS83, 12345, outcome)), golden("39 30 00 00 01 00 01 01"));
  assertEquals(
    bytes(itemUpgradeBody({ ...GMS83, majorVersion: 87 }, 12345, outcome)),
    golden("39 30 00 00 01 00 01 01"),
  );
  for (const major of [92, 95]) {
    assertEquals(
      bytes(itemUpgradeBody({ ...GMS83, majorVersion: major }, 12345, outcome)),
      golden("39 30 00 00 01 00 01 00 00 00 00 01 00"),
    );
  }
  assertEquals(
    bytes(itemUpgradeBody({ ...GMS83, region: "JMS", majorVersion: 185 }, 12345, outcome)),
    golden("39 30 00 00 01 00 01 01 00"),
  );
});

Deno.test("PetCashFoodResult failure: one true byte", () => {
  assertEquals(bytes(petCashFoodFailureBody()), golden("01"));
});
