import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as movement from "../../../src/features/movement/messages.ts";

Deno.test("movement: declares the three movement command topics as produced", () => {
  assertDeclaredTopics(movement, {
    COMMAND_TOPIC_CHARACTER_MOVEMENT: "produced",
    COMMAND_TOPIC_MONSTER_MOVEMENT: "produced",
    COMMAND_TOPIC_PET_MOVEMENT: "produced",
  });
});

// kafka-produced.md §4.3–§4.5
const characterMove =
  `{"worldId":0,"channelId":1,"mapId":100000000,"objectId":30071,"observerId":30071,"x":-412,"y":215,"stance":2}`;
const monsterMove =
  `{"worldId":0,"channelId":1,"mapId":100000000,"objectId":1000023,"observerId":30071,"x":318,"y":155,"stance":5}`;
const petMove =
  `{"worldId":0,"channelId":1,"mapId":100000000,"objectId":1250,"observerId":30071,"x":-440,"y":215,"stance":4}`;

Deno.test("movement: the reference samples round-trip byte for byte, keyed by the moved object", () => {
  const cases = [
    [movement.characterMovementContract, characterMove, 30071],
    [movement.monsterMovementContract, monsterMove, 1000023],
    [movement.petMovementContract, petMove, 1250],
  ] as const;
  for (const [contract, sample, key] of cases) {
    assertRoundTrip(contract.schema, sample);
    assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(sample))), key);
  }
});

Deno.test("movement: rejects a type/body envelope, extra fields and out-of-range coordinates", () => {
  const schema = movement.characterMovementContract.schema;
  const base = JSON.parse(characterMove);
  assertRejected(schema, { ...base, type: "MOVE" });
  assertRejected(schema, { ...base, x: 40000 });
  assertRejected(schema, { ...base, stance: -1 });
  assertRejected(schema, { ...base, objectId: 2 ** 53 });
  assertRejected(schema, { ...base, mapId: null });
});
