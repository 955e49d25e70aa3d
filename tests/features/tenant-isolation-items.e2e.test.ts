/**
 * Tenant isolation on the production path, items, NPCs, pets and combat topics (inventory, transfers,
 * consumables, cash shop, storage, NPC dialogues and shops, pets, buffs, monsters): one process serving
 * two GMS 83 tenants with the same characters, the real broker; see tenant-isolation-cases.ts for the
 * pattern and tenant-isolation.e2e.test.ts for the rest of the topics.
 */
import { integration } from "../support/kafka.ts";
import { HENESYS, startField } from "../support/field.ts";
import { REST_FIXTURES } from "../support/rest-fixtures.ts";
import { CASES, isolation, packet, stringHex } from "./tenant-isolation-cases.ts";
import {
  assetStatusContract,
  compartmentStatusContract,
  compartmentTransferStatusContract,
} from "../../src/features/inventory/messages.ts";
import { consumableStatusContract } from "../../src/features/consumable/messages.ts";
import { cashShopStatusContract } from "../../src/features/cash-shop/messages.ts";
import { storageShowCommandContract, storageStatusContract } from "../../src/features/storage/messages.ts";
import { npcConversationCommandContract, npcShopStatusContract } from "../../src/features/npc/messages.ts";
import { petStatusContract } from "../../src/features/pet/messages.ts";
import { buffStatusContract } from "../../src/features/buff/messages.ts";
import { monsterStatusContract } from "../../src/features/monster/messages.ts";

const compartmentId = (characterId: number, type: number) =>
  `00000000-0000-4000-8000-${String(characterId).padStart(8, "0")}${String(type).padStart(4, "0")}`;

/** The storage fixture's items (tests/features/storage/field.test.ts): a sword, then potions. */
const SWORD = `01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00  00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00  00 40 e0 fd 3b 37 4f 01  ff ff ff ff`;
const POTIONS = "02 80 84 1e 00 00 ff ff ff ff ff ff ff ff 14 00 00 00 00 00";

/** Character 1001's cash tab: the moved item (reference 4401) in slot 1. */
const CASH_TAB = {
  data: {
    type: "compartments",
    id: compartmentId(1001, 5),
    attributes: { type: 5, capacity: 24 },
    relationships: { assets: { data: [{ type: "assets", id: "7002" }] } },
  },
  included: [{
    type: "assets",
    id: "7002",
    attributes: {
      slot: 1,
      templateId: 5150000,
      expiration: "0001-01-01T00:00:00Z",
      referenceId: 4401,
      referenceType: "cash",
      referenceData: { ownerId: 0, cashId: "9000000000789", quantity: 1, flag: 0, purchasedBy: 1001 },
    },
  }],
};

Deno.test(
  integration("tenant isolation: item, NPC, pet and combat topics reach only their tenant", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const { isolated, isolatedBySentinel, assertCovered } = isolation(field);
      const a1 = await field.login(1001); // account 1
      const a2 = await field.login(2001); // account 2
      const b1 = await field.login(1001, { otherTenant: true });
      const b2 = await field.login(2001, { otherTenant: true });
      const one = { a: a1, b: b1 };
      const two = { a: a2, b: b2 };

      // Inventory. QUANTITY_CHANGED → CharacterInventoryChange: 1 operation, quantity (1), use tab (2),
      // slot 1, the quantity (7 / 8).
      await isolated(
        "EVENT_TOPIC_ASSET_STATUS",
        (tenant, v) =>
          field.publishEvent(assetStatusContract, {
            characterId: 2001,
            compartmentId: compartmentId(2001, 2),
            assetId: 20016,
            templateId: 2000000,
            slot: 1,
            type: "QUANTITY_CHANGED",
            body: { quantity: v === "b" ? 7 : 8 },
          }, { tenant }),
        two,
        (v) => packet(field, "CharacterInventoryChange", `01 01 01 02 01 00 ${v === "b" ? "07" : "08"} 00`),
      );
      // MERGE_COMPLETE → CompartmentMerge: 0, the tab (2 / 4).
      await isolated(
        "EVENT_TOPIC_COMPARTMENT_STATUS",
        (tenant, v) =>
          field.publishEvent(compartmentStatusContract, {
            characterId: 1001,
            compartmentId: compartmentId(1001, v === "b" ? 2 : 4),
            type: "MERGE_COMPLETE",
            body: { type: v === "b" ? 2 : 4 },
          }, { tenant }),
        one,
        (v) => packet(field, "CompartmentMerge", v === "b" ? "00 02" : "00 04"),
      );
      // COMPLETED into the character's cash tab → CashShopOperation "moved to inventory" (0x68): slot 1,
      // the item read over REST (the same for both tenants: the sentinel is a system message).
      field.rest.on("GET", "characters/1001/inventory/compartments?type=5", { json: CASH_TAB });
      await isolatedBySentinel(
        "EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS",
        (tenant) =>
          field.publishEvent(compartmentTransferStatusContract, {
            characterId: 1001,
            type: "COMPLETED",
            body: {
              transactionId: crypto.randomUUID(),
              accountId: 1,
              assetId: 4401,
              compartmentId: crypto.randomUUID(),
              compartmentType: 5,
              inventoryType: "CHARACTER",
            },
          }, { tenant }),
        one,
        packet(
          field,
          "CashShopOperation",
          "68 01 00 02 30 95 4e 00 01 15 93 cd 79 2f 08 00 00 ff ff ff ff ff ff ff ff 01 00 00 00 00 00",
        ),
      );
      // SCROLL → CharacterItemUpgrade to the map: the character, success, cursed, legendary spirit, white
      // scroll (a success with a white scroll / a cursed failure).
      await isolated(
        "EVENT_TOPIC_CONSUMABLE_STATUS",
        (tenant, v) =>
          field.publishEvent(consumableStatusContract, {
            characterId: 1001,
            type: "SCROLL",
            body: v === "b"
              ? { success: true, cursed: false, legendarySpirit: false, whiteScroll: true }
              : { success: false, cursed: true, legendarySpirit: false, whiteScroll: false },
          }, { tenant }),
        one,
        (v) =>
          packet(
            field,
            "CharacterItemUpgrade",
            v === "b" ? "e9 03 00 00 01 00 00 01" : "e9 03 00 00 00 01 00 00",
          ),
      );
      // INVENTORY_CAPACITY_INCREASED → CashShopOperation 0x60: the tab (2), the capacity (32 / 40).
      await isolated(
        "EVENT_TOPIC_CASH_SHOP_STATUS",
        (tenant, v) =>
          field.publishEvent(cashShopStatusContract, {
            characterId: 1001,
            type: "INVENTORY_CAPACITY_INCREASED",
            body: { inventoryType: 2, capacity: v === "b" ? 32 : 40, amount: 8 },
          }, { tenant }),
        one,
        (v) => packet(field, "CashShopOperation", v === "b" ? "60 02 20 00" : "60 02 28 00"),
      );

      // Storage (account 2 is character 2001's). SHOW_STORAGE → StorageOperation SHOW (0x16): the keeper
      // (1012009 = 0x0f7129 / 1012010), the storage read over REST.
      field.rest.on("GET", "storage/accounts/2?worldId=0", { json: REST_FIXTURES.storage });
      field.rest.on("GET", "storage/accounts/2/assets?worldId=0", { json: REST_FIXTURES.storageAssets });
      for (const npcId of [1012009, 1012010]) {
        field.rest.on("GET", `data/npcs/${npcId}`, {
          json: {
            data: {
              type: "npcs",
              id: String(npcId),
              attributes: { name: "Storage Keeper", trunk_put: 100, trunk_get: 0, storebank: true },
            },
          },
        });
      }
      await isolated(
        "COMMAND_TOPIC_STORAGE_SHOW",
        (tenant, v) =>
          field.publishEvent(storageShowCommandContract, {
            transactionId: crypto.randomUUID(),
            worldId: 0,
            channelId: 1,
            characterId: 2001,
            npcId: v === "b" ? 1012009 : 1012010,
            accountId: 2,
            type: "SHOW_STORAGE",
          }, { tenant }),
        two,
        (v) =>
          packet(
            field,
            "StorageOperation",
            `16 ${
              v === "b" ? "29" : "2a"
            } 71 0f 00 04 7e 00 00 00 00 00 00 00 88 13 00 00 01 ${SWORD} 01 ${POTIONS} 00 00 00`,
          ),
      );
      // ERROR → StorageOperation with the code (NOT_ENOUGH_MESOS 0x0b, ONE_OF_A_KIND 0x0c).
      await isolated(
        "EVENT_TOPIC_STORAGE_STATUS",
        (tenant, v) =>
          field.publishEvent(storageStatusContract, {
            transactionId: crypto.randomUUID(),
            worldId: 0,
            accountId: 2,
            type: "ERROR",
            body: { errorCode: v === "b" ? "NOT_ENOUGH_MESOS" : "ONE_OF_A_KIND" },
          }, { tenant }),
        two,
        (v) => packet(field, "StorageOperation", v === "b" ? "0b" : "0c"),
      );

      // NPCs. A SIMPLE dialogue → NPCConversation: 4, the NPC (9010000), SIMPLE (0), speaker NPC_LEFT
      // (0), the text, 0, 1 (NEXT).
      await isolated(
        "COMMAND_TOPIC_NPC_CONVERSATION",
        (tenant, v) =>
          field.publishEvent(npcConversationCommandContract, {
            worldId: 0,
            channelId: 1,
            characterId: 1001,
            npcId: 9010000,
            speaker: "NPC_LEFT",
            message: `only ${v}`,
            type: "SIMPLE",
            body: { type: "NEXT" },
          }, { tenant }),
        one,
        (v) => packet(field, "NPCConversation", `04 50 7b 89 00 00 00 ${stringHex(`only ${v}`)} 00 01`),
      );
      // ERROR UNDER_LEVEL_REQUIREMENT → NPCShopOperation 0x0f with the level limit (30 / 40).
      await isolated(
        "EVENT_TOPIC_NPC_SHOP_STATUS",
        (tenant, v) =>
          field.publishEvent(npcShopStatusContract, {
            characterId: 1001,
            type: "ERROR",
            body: { error: "UNDER_LEVEL_REQUIREMENT", levelLimit: v === "b" ? 30 : 40, reason: "" },
          }, { tenant }),
        one,
        (v) => packet(field, "NPCShopOperation", v === "b" ? "0f 1e 00 00 00" : "0f 28 00 00 00"),
      );

      // Pets. LEVEL_CHANGED → CharacterEffect to the owner: pet (4), level up (0), the slot (0 / 1).
      await isolated(
        "EVENT_TOPIC_PET_STATUS",
        (tenant, v) =>
          field.publishEvent(petStatusContract, {
            petId: 700001,
            ownerId: 1001,
            type: "LEVEL_CHANGED",
            body: { slot: v === "b" ? 0 : 1, level: 6, amount: 1 },
          }, { tenant }),
        one,
        (v) => packet(field, "CharacterEffect", v === "b" ? "04 00 00" : "04 00 01"),
      );

      // Combat. EXPIRED → CharacterBuffCancel: the mask of the stats (SPEED bit 7 / MAGIC_GUARD bit 9 of
      // the last of four u32), 0.
      const expires = new Date(Date.now() + 200_000).toISOString();
      await isolated(
        "EVENT_TOPIC_CHARACTER_BUFF_STATUS",
        (tenant, v) =>
          field.publishEvent(buffStatusContract, {
            worldId: 0,
            characterId: 1001,
            type: "EXPIRED",
            body: {
              sourceId: v === "b" ? 4101004 : 2001002,
              duration: 200,
              changes: [{ type: v === "b" ? "SPEED" : "MAGIC_GUARD", amount: 40 }],
              createdAt: new Date().toISOString(),
              expiresAt: expires,
            },
          }, { tenant, key: 1001 }),
        one,
        (v) =>
          packet(
            field,
            "CharacterBuffCancel",
            `00 00 00 00 00 00 00 00 00 00 00 00 ${v === "b" ? "80 00" : "00 02"} 00 00 00`,
          ),
      );
      // DESTROYED → DestroyMonster to the map: the monster (903 = 0x387 / 904), 1.
      await isolated(
        "EVENT_TOPIC_MONSTER_STATUS",
        (tenant, v) =>
          field.publishEvent(monsterStatusContract, {
            worldId: 0,
            channelId: 1,
            mapId: HENESYS,
            uniqueId: v === "b" ? 903 : 904,
            monsterId: 100100,
            type: "DESTROYED",
            body: { actorId: 0 },
          }, { tenant, key: 1 }),
        one,
        (v) => packet(field, "DestroyMonster", `${v === "b" ? "87" : "88"} 03 00 00 01`),
      );

      assertCovered(CASES.items);
    } finally {
      await field.stop();
    }
  }),
);
