/**
 * Golden bytes of the inventory writers (bodies after the opcode), written out from the client layouts
 * pinned in Atlas's `libs/atlas-packet` at d59a1ad2df: `inventory/change_entry.go` +
 * `clientbound/change_batch.go` (CWvsContext::OnInventoryOperation), `compartment_merge.go` /
 * `compartment_sort.go`, `character/clientbound/appearance_update.go` and, for the item inside "add",
 * `model/asset.go` (equip trailer: durability on GMS ≥ 84; JMS extra fields).
 */
import { assertEquals } from "../../support/assert.ts";
import { hex, toHex } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { Tenant } from "../../../src/tenant.ts";
import { assetFromAttributes } from "../../../src/features/inventory/rest.ts";
import {
  appearanceUpdateBody,
  compartmentMergeBody,
  compartmentSortBody,
  inventoryChangeBody,
} from "../../../src/features/inventory/writers.ts";
import { equipableData } from "../../../src/features/character/fixtures.ts";

const GMS83: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const GMS87: Tenant = { ...GMS83, majorVersion: 87 };
const GMS95: Tenant = { ...GMS83, majorVersion: 95 };
const JMS185: Tenant = { ...GMS83, region: "JMS", majorVersion: 185 };

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}
const golden = (text: string) => toHex(hex(text));
const ZERO_TIME = "0001-01-01T00:00:00Z";

const potion = assetFromAttributes(55012, {
  slot: 3,
  templateId: 2000000,
  expiration: ZERO_TIME,
  referenceId: 78001,
  referenceType: "consumable",
  referenceData: { ownerId: 0, quantity: 50, flag: 0, rechargeable: 0 },
});
const sword = assetFromAttributes(55013, {
  slot: 1,
  templateId: 1302000,
  expiration: ZERO_TIME,
  referenceId: 91001,
  referenceType: "equipable",
  referenceData: equipableData({ weaponAttack: 17 }),
});

// Equip body without position, up to and including the flag short (identical for GMS 83/87/95).
const SWORD_HEAD = `
  01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff  07 00
  00 00 00 00 00 00 00 00 00 00 00 00 11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00`;
const TRAILER = "00 00 00 00 00 00 00 00  00 40 e0 fd 3b 37 4f 01  ff ff ff ff";

Deno.test("CharacterInventoryChange add: a stackable (GMS 83, every version alike)", () => {
  const expected = golden(`01 01  00 02 03 00  02 80 84 1e 00 00 ff ff ff ff ff ff ff ff 32 00 00 00 00 00`);
  for (const v of [GMS83, GMS87, GMS95, JMS185]) {
    assertEquals(
      bytes(inventoryChangeBody(v, [{ mode: "add", inventoryType: 2, slot: 3, asset: potion }])),
      expected,
    );
  }
});

Deno.test("CharacterInventoryChange add: an equip per version (v84+ durability, JMS extras)", () => {
  const op = { mode: "add" as const, inventoryType: 1, slot: 1, asset: sword };
  const head = "01 01 00 01 01 00";
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [op])),
    golden(`${head} ${SWORD_HEAD}  00 00 00 00 00 00  00 00 00 00  ${TRAILER}`),
  );
  for (const v of [GMS87, GMS95]) {
    assertEquals(
      bytes(inventoryChangeBody(v, [op])),
      golden(`${head} ${SWORD_HEAD}  00 00 00 00 00 00  ff ff ff ff  00 00 00 00  ${TRAILER}`),
    );
  }
  // JMS: an extra byte after slots/level, then level type, level, experience, hammers, the JMS block.
  assertEquals(
    bytes(inventoryChangeBody(JMS185, [op])),
    golden(`${head}
      01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff  07 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00
      00 00 00 00 00 00  00 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      ${TRAILER}`),
  );
});

Deno.test("CharacterInventoryChange quantity, move, remove and the equipment indicator", () => {
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "quantity", inventoryType: 2, slot: 3, quantity: 49 }])),
    golden("01 01 01 02 03 00 31 00"),
  );
  // Quantities beyond 16 bits are shown as the largest the client can hold.
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "quantity", inventoryType: 4, slot: 1, quantity: 70000 }])),
    golden("01 01 01 04 01 00 ff ff"),
  );
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "move", inventoryType: 2, from: 4, to: 9 }])),
    golden("01 01 02 02 04 00 09 00"),
  );
  // Equip: put on → indicator 2; taken off → 1; the temporary swap slot is negative too.
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "move", inventoryType: 1, from: 1, to: -11 }])),
    golden("01 01 02 01 01 00 f5 ff 02"),
  );
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "move", inventoryType: 1, from: -11, to: 2 }])),
    golden("01 01 02 01 f5 ff 02 00 01"),
  );
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "move", inventoryType: 1, from: -32768, to: 2 }])),
    golden("01 01 02 01 00 80 02 00 01"),
  );
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "remove", inventoryType: 2, slot: 3 }])),
    golden("01 01 03 02 03 00"),
  );
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [{ mode: "remove", inventoryType: 1, slot: -11 }])),
    golden("01 01 03 01 f5 ff 02"),
  );
  // A batch (UPDATED's refresh: remove then add) writes the indicator once, after all operations.
  assertEquals(
    bytes(inventoryChangeBody(GMS83, [
      { mode: "remove", inventoryType: 2, slot: 3 },
      { mode: "add", inventoryType: 2, slot: 3, asset: potion },
    ])),
    golden("01 02 03 02 03 00 00 02 03 00 02 80 84 1e 00 00 ff ff ff ff ff ff ff ff 32 00 00 00 00 00"),
  );
  // Silent (no exclusive-request reset) and empty.
  assertEquals(bytes(inventoryChangeBody(GMS83, [], true)), golden("00 00"));
});

Deno.test("CompartmentMerge / CompartmentSort: 00 then the inventory type", () => {
  assertEquals(bytes(compartmentMergeBody(2)), golden("00 02"));
  assertEquals(bytes(compartmentSortBody(4)), golden("00 04"));
});

Deno.test("CharacterAppearanceUpdate: id, look flag, avatar look, ring markers, trailing int", () => {
  const look = {
    gender: 1,
    skinColor: 2,
    face: 0x14,
    hair: 0x1e,
    equipment: [{ position: -11, equip: { ...sword, slot: -11 } }],
    pets: [],
  };
  for (const v of [GMS83, GMS95, JMS185]) {
    assertEquals(
      bytes(appearanceUpdateBody(v, 0x12345678, look)),
      golden(`78 56 34 12 01
        01 02 14 00 00 00 01 1e 00 00 00
        0b f0 dd 13 00 ff
        ff
        00 00 00 00  00 00 00 00 00 00 00 00 00 00 00 00
        00 00 00 00 00 00 00`),
    );
  }
});
