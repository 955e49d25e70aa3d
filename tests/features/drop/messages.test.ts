import { assertEquals } from "../../support/assert.ts";
import { assertAccepted, assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as drop from "../../../src/features/drop/messages.ts";

Deno.test("drop: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(drop, { EVENT_TOPIC_DROP_STATUS: "consumed", COMMAND_TOPIC_DROP: "produced" });
});

// kafka-produced.md §4.17
const reservation =
  `{"worldId":0,"channelId":1,"mapId":100000000,"type":"REQUEST_RESERVATION","body":{"dropId":88012,"characterId":30071,"characterX":-210,"characterY":215,"petSlot":-1}}`;

Deno.test("drop command: the REQUEST_RESERVATION sample round-trips byte for byte, keyed by the drop id", () => {
  const contract = drop.dropCommandContract;
  assertRoundTrip(contract.schema, reservation);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(reservation))), 88012);
});

Deno.test("drop command: wrong field types and other types are rejected", () => {
  const schema = drop.dropCommandContract.schema;
  const base = JSON.parse(reservation);
  assertRejected(schema, { ...base, body: { ...base.body, petSlot: 200 } });
  assertRejected(schema, { ...base, body: { ...base.body, characterX: 1.5 } });
  assertRejected(schema, { ...base, type: "PICK_UP" });
});

// kafka-consumed.md §2.11
const envelope = { worldId: 0, channelId: 1, mapId: 100000000, dropId: 300045 };
const created = {
  ...envelope,
  type: "CREATED",
  body: {
    itemId: 4000019,
    quantity: 1,
    meso: 0,
    type: 0,
    x: 215,
    y: 154,
    ownerId: 1001,
    ownerPartyId: 0,
    dropTime: "2025-01-31T18:04:05Z",
    dropperUniqueId: 200311,
    dropperX: 210,
    dropperY: 150,
    playerDrop: false,
  },
};
const expired = { ...envelope, type: "EXPIRED", body: {} };
const pickedUp = {
  ...envelope,
  type: "PICKED_UP",
  body: { characterId: 1001, itemId: 4000019, equipmentId: 0, quantity: 1, meso: 0, petSlot: -1 },
};

Deno.test("drop status: every handled type's reference sample parses unchanged; transactionId ignored", () => {
  const schema = drop.dropStatusContract.schema;
  for (const sample of [created, expired, pickedUp]) assertEquals(schema.parse(sample), sample);
  assertEquals(schema.parse({ ...expired, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" }), expired);
  const withMod = schema.parse({ ...created, body: { ...created.body, mod: 1 } });
  if (withMod.type !== "CREATED") throw new Error("wrong variant");
  assertEquals(withMod.body.mod, 1);
});

for (const ignored of drop.DROP_STATUS_IGNORED_TYPES) {
  Deno.test(`drop status: ignored type ${ignored} parses (any body kept as sent), envelope checked`, () => {
    const schema = drop.dropStatusContract.schema;
    const sample = { ...envelope, type: ignored, body: { characterId: 1001, reason: "anything" } };
    assertEquals(assertAccepted(schema, sample), sample);
    assertEquals(assertAccepted(schema, { ...sample, body: {} }), { ...sample, body: {} });
    assertRejected(schema, { ...sample, dropId: "300045" });
    assertRejected(schema, { ...sample, body: [] });
  });
}

Deno.test("drop status: wrong field types and unknown types are rejected", () => {
  const schema = drop.dropStatusContract.schema;
  assertRejected(schema, { ...created, body: { ...created.body, dropTime: "yesterday" } });
  assertRejected(schema, { ...created, body: { ...created.body, playerDrop: 0 } });
  assertRejected(schema, { ...pickedUp, body: { ...pickedUp.body, petSlot: "none" } });
  assertRejected(schema, { ...expired, type: "VANISHED" });
  assertRejected(schema, { ...expired, type: "NO_SUCH_TYPE" });
});
