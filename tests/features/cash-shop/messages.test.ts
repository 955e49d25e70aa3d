import * as messages from "../../../src/features/cash-shop/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { cashShopStatusEventSchema: status, cashShopCommandSchema: command } = messages;

Deno.test("cash-shop messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_CASH_SHOP_STATUS: "both",
    COMMAND_TOPIC_CASH_SHOP: "produced",
  });
});

// kafka-consumed.md §2.16 samples (atlas-cashshop sends no worldId).
Deno.test("CASH_SHOP_STATUS consumed types", () => {
  const increased = assertConsumedSample(
    status,
    `{"characterId": 1001, "type": "INVENTORY_CAPACITY_INCREASED", "body": {"inventoryType": 2, "capacity": 32, "amount": 8}}`,
    ["body", "capacity"],
  ) as messages.CashShopStatusEvent;
  assertEquals(messages.cashShopStatusContract.keyOf?.(increased), 1001);
  assertConsumedSample(
    status,
    `{"characterId": 1001, "type": "PURCHASE",
      "body": {"templateId": 5000000, "price": 4900, "compartmentId": "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
               "assetId": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "itemId": 77001}}`,
    ["body", "assetId"],
    77001,
  );
  const error = `{"characterId": 1001, "type": "ERROR", "body": {"error": "NOT_ENOUGH_CASH"}}`;
  assertConsumedSample(status, error, ["body", "error"], 3);
  assertConsumedSample(status, JSON.stringify(mutate(error, ["body", "cashItemId"], 5000000)), [
    "body",
    "cashItemId",
  ]);
  assertConsumedSample(status, JSON.stringify(mutate(error, ["worldId"], 0)), ["worldId"], 256);
});

// kafka-produced.md A2 samples.
Deno.test("CASH_SHOP_STATUS CHARACTER_ENTER/EXIT round-trip, keyed by body.characterId", () => {
  for (const type of ["CHARACTER_ENTER", "CHARACTER_EXIT"]) {
    const sample =
      `{"worldId":0,"characterId":0,"type":"${type}","body":{"characterId":30071,"channelId":1,"mapId":100000000}}`;
    const parsed = assertRoundTrip(status, sample) as messages.CashShopStatusEvent;
    assertEquals(messages.cashShopStatusContract.keyOf?.(parsed), 30071);
    assertRejected(status, mutate(sample, ["worldId"], undefined));
    assertRejected(status, mutate(sample, ["body", "mapId"], undefined));
  }
});

// kafka-produced.md §4.29 samples.
Deno.test("CASH_SHOP commands round-trip and are keyed by the character", () => {
  const samples = [
    `{"characterId":30071,"type":"REQUEST_PURCHASE","body":{"currency":1,"serialNumber":10000012}}`,
    `{"characterId":30071,"type":"REQUEST_INVENTORY_INCREASE_BY_TYPE","body":{"currency":1,"inventoryType":2}}`,
    `{"characterId":30071,"type":"REQUEST_INVENTORY_INCREASE_BY_ITEM","body":{"currency":2,"serialNumber":50200093}}`,
    `{"characterId":30071,"type":"REQUEST_STORAGE_INCREASE","body":{"currency":1}}`,
    `{"characterId":30071,"type":"REQUEST_STORAGE_INCREASE_BY_ITEM","body":{"currency":1,"serialNumber":50200094}}`,
    `{"characterId":30071,"type":"REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM","body":{"currency":4,"serialNumber":50200213}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.CashShopCommand;
    assertEquals(messages.cashShopCommandContract.keyOf?.(parsed), 30071);
  }
  assertRejected(command, mutate(samples[0], ["body", "serialNumber"], undefined));
  // Defined in the reference but never produced (kafka-produced.md §6).
  assertRejected(command, mutate(samples[0], ["type"], "MOVE_FROM_CASH_INVENTORY"));
});
