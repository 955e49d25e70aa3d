import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as monster from "../../../src/features/monster/messages.ts";

Deno.test("monster: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(monster, {
    EVENT_TOPIC_MONSTER_STATUS: "consumed",
    COMMAND_TOPIC_MONSTER: "produced",
  });
});

// kafka-produced.md §4.18
const damage =
  `{"worldId":0,"channelId":1,"monsterId":1000023,"type":"DAMAGE","body":{"characterId":30071,"damage":1874}}`;

Deno.test("monster command: the DAMAGE sample round-trips byte for byte, keyed by the monster object id", () => {
  const contract = monster.monsterCommandContract;
  assertRoundTrip(contract.schema, damage);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(damage))), 1000023);
});

Deno.test("monster command: a mapId, negative damage and other types are rejected", () => {
  const schema = monster.monsterCommandContract.schema;
  const base = JSON.parse(damage);
  assertRejected(schema, { ...base, mapId: 100000000 });
  assertRejected(schema, { ...base, body: { characterId: 30071, damage: -1 } });
  assertRejected(schema, { ...base, type: "KILL" });
});

// kafka-consumed.md §2.12
const envelope = { worldId: 0, channelId: 1, mapId: 100010000, uniqueId: 200311, monsterId: 100100 };
const events = [
  { ...envelope, type: "CREATED", body: { actorId: 0 } },
  { ...envelope, type: "DESTROYED", body: { actorId: 0 } },
  {
    ...envelope,
    type: "START_CONTROL",
    body: { actorId: 1001, x: 120, y: 154, stance: 5, fh: 21, team: -1 },
  },
  { ...envelope, type: "STOP_CONTROL", body: { actorId: 1001 } },
  {
    ...envelope,
    type: "DAMAGED",
    body: { x: 120, y: 154, actorId: 1001, damageEntries: [{ characterId: 1001, damage: 57 }] },
  },
  {
    ...envelope,
    type: "KILLED",
    body: { x: 120, y: 154, actorId: 1001, damageEntries: [{ characterId: 1001, damage: 120 }] },
  },
];

Deno.test("monster status: every handled type's reference sample parses unchanged", () => {
  const schema = monster.monsterStatusContract.schema;
  for (const sample of events) assertEquals(schema.parse(sample), sample);
});

Deno.test("monster status: a null damage list reads as empty", () => {
  const parsed = monster.monsterStatusContract.schema.parse({
    ...events[5],
    body: { x: 1, y: 2, actorId: 3, damageEntries: null },
  });
  assertEquals(parsed.body, { x: 1, y: 2, actorId: 3, damageEntries: [] });
});

Deno.test("monster status: wrong field types, out-of-range values and unknown types are rejected", () => {
  const schema = monster.monsterStatusContract.schema;
  assertRejected(schema, { ...events[2], body: { ...events[2].body, team: 128 } });
  assertRejected(schema, { ...events[2], body: { ...events[2].body, x: "120" } });
  assertRejected(schema, {
    ...events[4],
    body: { ...events[4].body, damageEntries: [{ characterId: 1001 }] },
  });
  assertRejected(schema, { ...events[0], uniqueId: -5 });
  assertRejected(schema, { ...events[0], type: "REVIVED" });
});
