import * as messages from "../../../src/features/inventory/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertAccepted,
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const {
  assetStatusEventSchema: asset,
  compartmentStatusEventSchema: compartment,
  compartmentTransferStatusEventSchema: transferStatus,
  compartmentCommandSchema: command,
  compartmentTransferCommandSchema: transfer,
} = messages;

Deno.test("inventory messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_ASSET_STATUS: "consumed",
    EVENT_TOPIC_COMPARTMENT_STATUS: "consumed",
    EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS: "consumed",
    COMMAND_TOPIC_COMPARTMENT: "produced",
    COMMAND_TOPIC_COMPARTMENT_TRANSFER: "produced",
  });
});

// kafka-consumed.md §2.5 samples.
const CREATED =
  `{"characterId": 1001, "compartmentId": "8d1c2f4e-7a3b-4c6d-9e0f-1a2b3c4d5e6f", "assetId": 55012,
  "templateId": 2000000, "slot": 3, "type": "CREATED",
  "body": {"referenceId": 78001, "referenceType": "consumable",
           "referenceData": {"ownerId": 0, "quantity": 50, "flag": 0, "rechargeable": 0},
           "expiration": "0001-01-01T00:00:00Z"}, "transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"}`;
const UPDATED =
  `{"characterId": 1001, "compartmentId": "0f9e8d7c-6b5a-4938-a7b6-c5d4e3f2a1b0", "assetId": 55013,
  "templateId": 1302000, "slot": 1, "type": "UPDATED",
  "body": {"referenceId": 91001, "referenceType": "equipable",
           "referenceData": {"ownerId": 0, "strength": 0, "dexterity": 0, "intelligence": 0, "luck": 0,
                             "hp": 0, "mp": 0, "weaponAttack": 20, "magicAttack": 0, "weaponDefense": 0,
                             "magicDefense": 0, "accuracy": 0, "avoidability": 0, "hands": 0, "speed": 0,
                             "jump": 0, "slots": 6, "locked": false, "spikes": false, "karmaUsed": false,
                             "cold": false, "canBeTraded": true, "levelType": 0, "level": 0,
                             "experience": 0, "hammersApplied": 0, "expiration": "0001-01-01T00:00:00Z"},
           "expiration": "0001-01-01T00:00:00Z"}}`;

Deno.test("ASSET_STATUS CREATED and UPDATED, by referenceType", () => {
  const created = assertConsumedSample(asset, CREATED, [
    "body",
    "referenceData",
    "quantity",
  ]) as messages.AssetStatusEvent;
  assertEquals("transactionId" in created, false);
  assertConsumedSample(asset, UPDATED, ["body", "referenceData", "weaponAttack"], 70000);
  // A body whose data does not fit its referenceType is refused.
  assertRejected(asset, mutate(CREATED, ["body", "referenceType"], "equipable"));
  assertRejected(asset, mutate(CREATED, ["body", "referenceType"], "mystery"));
  // The inventory type derived from the template id must be 1..5.
  assertRejected(asset, mutate(CREATED, ["templateId"], 9000000));
});

Deno.test("ASSET_STATUS cash shapes carry cashId as a string", () => {
  const equip = JSON.parse(UPDATED);
  const cashEquip = mutate(
    mutate(equip, ["body", "referenceType"], "cash-equipable"),
    ["body", "referenceData", "cashId"],
    "900000000012345",
  );
  assertAccepted(asset, cashEquip);
  assertRejected(asset, mutate(cashEquip, ["body", "referenceData", "cashId"], 900000000012345));
  const body = (data: unknown, referenceType: string) =>
    mutate(mutate(CREATED, ["body", "referenceType"], referenceType), ["body", "referenceData"], data);
  assertAccepted(asset, body({ ownerId: 1, cashId: "5", quantity: 1, flag: 0, purchasedBy: 4021 }, "cash"));
  assertAccepted(asset, body({ ownerId: 0, quantity: 200, flag: 0 }, "etc"));
  assertAccepted(asset, body({ ownerId: 0, quantity: 200, flag: 0 }, "setup"));
  const pet = {
    ownerId: 1,
    cashId: "7",
    flag: 0,
    purchasedBy: 4021,
    name: "Kitty",
    level: 1,
    closeness: 0,
    fullness: 100,
    slot: -1,
  };
  assertAccepted(asset, body(pet, "pet"));
  assertRejected(asset, body({ ...pet, slot: 200 }, "pet"));
});

Deno.test("ASSET_STATUS QUANTITY_CHANGED, MOVED and DELETED", () => {
  assertConsumedSample(
    asset,
    `{"characterId": 1001, "compartmentId": "8d1c2f4e-7a3b-4c6d-9e0f-1a2b3c4d5e6f", "assetId": 55012,
      "templateId": 2000000, "slot": 3, "type": "QUANTITY_CHANGED", "body": {"quantity": 49}}`,
    ["body", "quantity"],
    -1,
  );
  assertConsumedSample(
    asset,
    `{"characterId": 1001, "compartmentId": "0f9e8d7c-6b5a-4938-a7b6-c5d4e3f2a1b0", "assetId": 55013,
      "templateId": 1302000, "slot": -11, "type": "MOVED", "body": {"oldSlot": 1}}`,
    ["body", "oldSlot"],
    40000,
  );
  assertConsumedSample(
    asset,
    `{"characterId": 1001, "compartmentId": "8d1c2f4e-7a3b-4c6d-9e0f-1a2b3c4d5e6f", "assetId": 55012,
      "templateId": 2000000, "slot": 3, "type": "DELETED", "body": {}}`,
    ["compartmentId"],
    "compartment-1",
  );
});

// kafka-consumed.md §2.6 samples.
Deno.test("COMPARTMENT_STATUS handled and known types", () => {
  const envelope = `"characterId": 1001, "compartmentId": "8d1c2f4e-7a3b-4c6d-9e0f-1a2b3c4d5e6f"`;
  assertConsumedSample(
    compartment,
    `{${envelope}, "type": "RESERVATION_CANCELLED", "body": {"itemId": 2000000, "slot": 3, "quantity": 1}}`,
    ["body", "slot"],
  );
  assertConsumedSample(compartment, `{${envelope}, "type": "MERGE_COMPLETE", "body": {"type": 2}}`, [
    "body",
    "type",
  ]);
  assertConsumedSample(compartment, `{${envelope}, "type": "SORT_COMPLETE", "body": {"type": 4}}`, [
    "body",
    "type",
  ]);
  assertConsumedSample(
    compartment,
    `{${envelope}, "type": "RESERVED", "body": {"transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b", "itemId": 2000000, "slot": 3, "quantity": 1}}`,
    ["body", "quantity"],
  );
  assertConsumedSample(
    compartment,
    `{${envelope}, "type": "CAPACITY_CHANGED", "body": {"type": 2, "capacity": 48}}`,
    [
      "body",
      "capacity",
    ],
  );
  for (const type of ["DELETED", "ACCEPTED", "RELEASED", "ERROR"]) {
    assertConsumedSample(compartment, `{${envelope}, "type": "${type}", "body": {}}`, ["characterId"]);
  }
});

// kafka-consumed.md §2.7 sample.
Deno.test("COMPARTMENT_TRANSFER_STATUS COMPLETED", () => {
  assertConsumedSample(
    transferStatus,
    `{"characterId": 1001, "type": "COMPLETED",
      "body": {"transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b", "accountId": 4021, "assetId": 55020,
               "compartmentId": "0f9e8d7c-6b5a-4938-a7b6-c5d4e3f2a1b0", "compartmentType": 5, "inventoryType": "CHARACTER"}}`,
    ["body", "compartmentType"],
  );
});

// kafka-produced.md §4.27 samples.
Deno.test("COMPARTMENT commands round-trip and are keyed by the character", () => {
  const samples = [
    `{"characterId":30071,"inventoryType":1,"type":"EQUIP","body":{"source":3,"destination":-11}}`,
    `{"characterId":30071,"inventoryType":1,"type":"UNEQUIP","body":{"source":-11,"destination":3}}`,
    `{"characterId":30071,"inventoryType":2,"type":"MOVE","body":{"source":4,"destination":9}}`,
    `{"characterId":30071,"inventoryType":4,"type":"DROP","body":{"worldId":0,"channelId":1,"mapId":100000000,"source":2,"quantity":10,"x":-210,"y":215}}`,
    `{"characterId":30071,"inventoryType":2,"type":"MERGE","body":{}}`,
    `{"characterId":30071,"inventoryType":2,"type":"SORT","body":{}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.CompartmentCommand;
    assertEquals(messages.compartmentCommandContract.keyOf?.(parsed), 30071);
  }
  assertRejected(command, mutate(samples[4], ["inventoryType"], 6));
  assertRejected(command, mutate(samples[3], ["body", "x"], 1.5));
});

// kafka-produced.md §4.28 sample.
Deno.test("COMPARTMENT_TRANSFER round-trips; omitempty fields are absent or non-zero", () => {
  const sample =
    `{"transactionId":"a4d0f3c2-7e61-4b89-9c5a-1f2e3d4c5b6a","worldId":0,"accountId":5102,"characterId":30071,"assetId":51234,"fromCompartmentId":"0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","fromCompartmentType":1,"fromInventoryType":"CASH_SHOP","toCompartmentId":"e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b","toCompartmentType":1,"toInventoryType":"CHARACTER","referenceId":51234}`;
  const parsed = assertRoundTrip(transfer, sample) as messages.CompartmentTransferCommand;
  assertEquals(messages.compartmentTransferCommandContract.keyOf?.(parsed), 30071);
  const withOptionals = { ...JSON.parse(sample), templateId: 5000000, referenceType: "cash", slot: 4 };
  assertRoundTrip(transfer, JSON.stringify(withOptionals));
  assertRejected(transfer, { ...withOptionals, slot: 0 });
  assertRejected(transfer, { ...withOptionals, templateId: 0 });
  assertRejected(transfer, { ...withOptionals, referenceType: "" });
  assertRejected(transfer, mutate(sample, ["toInventoryType"], "BANK"));
});
