/**
 * Golden tests of the avatar look. Layout: the reference's WriteCharacterLook / WriteCharacterEquipment
 * (socket/writer/character_spawn.go). One deliberate difference: items are written in the reference's
 * equipment slot order (slot.Slots), where the reference iterates a Go map (random order).
 */
import { characterRecord } from "../../support/character-record.ts";
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { type AvatarLook, lookOf, writeAvatarLook } from "../../../src/features/character/look.ts";
import { equippedSlots } from "../../../src/features/character/data.ts";
import { equipableDataSchema, type Inventory } from "../../../src/features/inventory/rest.ts";
import type { ClientVersion } from "../../../src/features/character/version.ts";
import type { Pet } from "../../../src/features/pet/rest.ts";
import { equipableData } from "../../../src/features/character/fixtures.ts";
import { hex } from "./golden.ts";

const STATS = equipableDataSchema.parse(equipableData());

function equip(id: number, slot: number, templateId: number, cash = false) {
  return {
    id,
    slot,
    templateId,
    expiration: null,
    referenceId: 0,
    payload: cash
      ? { kind: "cash-equipable" as const, data: { ...STATS, cashId: "1" } }
      : { kind: "equipable" as const, data: STATS },
  };
}

const INVENTORY: Inventory = {
  characterId: 1001,
  compartments: [{
    id: "c",
    type: 1,
    capacity: 24,
    assets: [
      equip(1, -11, 1472000), // weapon
      equip(2, -1, 1002001), // hat
      equip(3, -101, 1002140, true), // cash hat over it
      equip(4, -5, 1040002), // top
      equip(5, 3, 1060002), // in the equip tab: not worn
      equip(6, -99, 1000000), // unknown position: skipped
      equip(7, -105, 1040002), // regular equipable in a cash position: skipped
    ],
  }],
};

function pet(id: number, slot: number, templateId: number): Pet {
  return {
    id,
    slot,
    templateId,
    cashId: 0,
    name: "",
    level: 1,
    closeness: 0,
    fullness: 100,
    expiration: null,
    ownerId: 1001,
    x: 0,
    y: 0,
    stance: 0,
    fh: 0,
    excludes: [],
    flag: 0,
    purchaseBy: 0,
  };
}

const LOOK: AvatarLook = {
  gender: 1,
  skinColor: 2,
  face: 21000,
  hair: 31000,
  equipment: equippedSlots(INVENTORY),
  pets: [pet(302, 1, 5000001), pet(301, 0, 5000000)],
};

function look(version: ClientVersion, mega = false): string {
  const w = packetWriter();
  writeAvatarLook(w, version, LOOK, mega);
  return hex(w.toBytes());
}

Deno.test("equippedSlots: slot order, cash layer over regular, unknown positions and wrong kinds skipped", () => {
  assertEquals(
    equippedSlots(INVENTORY).map((s) => [s.position, s.equip?.templateId, s.cash?.templateId]),
    [[-1, 1002001, 1002140], [-5, 1040002, undefined], [-11, 1472000, undefined]],
  );
});

Deno.test("avatar look, GMS v83 (and every version above 28)", () => {
  const expected = "01" + "02" + "08520000" + "01" + "18790000" + // gender, skin, face, !mega, hair
    "01" + "9c4a0f00" + "05" + "82de0f00" + "0b" + "00761600" + "ff" + // visible: cash hat, top, weapon
    "01" + "114a0f00" + "ff" + // hidden under cash: the regular hat
    "00000000" + // cash weapon (never filled by the reference)
    "404b4c00" + "414b4c00" + "00000000"; // pet item ids of slots 0, 1, 2
  assertEquals(look({ region: "GMS", majorVersion: 83 }), expected);
  assertEquals(look({ region: "GMS", majorVersion: 95 }), expected);
  assertEquals(look({ region: "JMS", majorVersion: 185 }), expected);
  assertEquals(look({ region: "GMS", majorVersion: 83 }, true).slice(0, 22), "0102085200000018790000");
});

Deno.test("avatar look, GMS v12: no appearance header, 00 terminators, first pet id as u64", () => {
  assertEquals(
    look({ region: "GMS", majorVersion: 12 }),
    "01" + "9c4a0f00" + "05" + "82de0f00" + "0b" + "00761600" + "00" + "01" + "114a0f00" + "00" + "00000000" +
      "2e01000000000000", // pets[0] as given (302), like the reference
  );
});

Deno.test("lookOf: appearance from the character, equipment from the inventory, pets as loaded", () => {
  const character = characterRecord({
    id: 1,
    name: "A",
    skinColor: 2,
    gender: 1,
    hair: 31000,
    face: 21000,
  });
  const result = lookOf({ character, inventory: INVENTORY, skills: [], pets: LOOK.pets });
  assertEquals(result, LOOK);
});
