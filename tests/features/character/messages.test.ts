import { assertEquals, assertTrue } from "../../support/assert.ts";
import { assertAccepted, assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as character from "../../../src/features/character/messages.ts";

Deno.test("character: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(character, {
    EVENT_TOPIC_CHARACTER_STATUS: "consumed",
    COMMAND_TOPIC_CHARACTER: "produced",
  });
});

// kafka-produced.md §4.2
const commandSamples = {
  REQUEST_DISTRIBUTE_AP:
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DISTRIBUTE_AP","body":{"distributions":[{"ability":"STRENGTH","amount":3},{"ability":"DEXTERITY","amount":2}]}}`,
  REQUEST_DISTRIBUTE_SP:
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DISTRIBUTE_SP","body":{"skilId":1001004,"amount":1}}`,
  REQUEST_DROP_MESO:
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DROP_MESO","body":{"channelId":1,"mapId":100000000,"amount":500}}`,
  CHANGE_HP: `{"worldId":0,"characterId":30071,"type":"CHANGE_HP","body":{"channelId":1,"amount":-125}}`,
  CHANGE_MP: `{"worldId":0,"characterId":30071,"type":"CHANGE_MP","body":{"channelId":1,"amount":-14}}`,
};

Deno.test("character command: every reference sample round-trips byte for byte, keyed by character", () => {
  const contract = character.characterCommandContract;
  for (const [type, sample] of Object.entries(commandSamples)) {
    assertRoundTrip(contract.schema, sample);
    const parsed = contract.schema.parse(JSON.parse(sample));
    assertEquals(parsed.type, type);
    assertEquals(contract.keyOf?.(parsed), 30071);
  }
});

Deno.test("character command: `skillId` instead of `skilId`, unknown abilities and narrowing overflows are rejected", () => {
  const schema = character.characterCommandContract.schema;
  const sp = JSON.parse(commandSamples.REQUEST_DISTRIBUTE_SP);
  assertRejected(schema, { ...sp, body: { skillId: 1001004, amount: 1 } });
  const ap = JSON.parse(commandSamples.REQUEST_DISTRIBUTE_AP);
  assertRejected(schema, { ...ap, body: { distributions: [{ ability: "CHARISMA", amount: 1 }] } });
  assertRejected(schema, { ...ap, body: { distributions: [{ ability: "LUCK", amount: 128 }] } });
  assertRejected(schema, { ...ap, body: { distributions: null } });
  const hp = JSON.parse(commandSamples.CHANGE_HP);
  assertRejected(schema, { ...hp, body: { channelId: 1, amount: -40000 } });
  assertRejected(schema, { ...hp, transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" });
  assertRejected(schema, { ...hp, type: "CHANGE_SP" });
});

// kafka-consumed.md §2.3
const statusSamples = [
  {
    characterId: 1001,
    type: "STAT_CHANGED",
    worldId: 0,
    body: { channelId: 1, exclRequestSent: true, updates: ["HP", "MP", "AVAILABLE_AP"] },
  },
  {
    characterId: 1001,
    type: "MAP_CHANGED",
    worldId: 0,
    body: { channelId: 1, oldMapId: 100000000, targetMapId: 104000000, targetPortalId: 2 },
  },
  {
    characterId: 1001,
    type: "EXPERIENCE_CHANGED",
    worldId: 0,
    body: {
      channelId: 1,
      current: 5230,
      distributions: [{ experienceType: "WHITE", amount: 120, attr1: 0 }, {
        experienceType: "PARTY",
        amount: 30,
        attr1: 10,
      }],
    },
  },
  {
    characterId: 1002,
    type: "FAME_CHANGED",
    worldId: 0,
    body: { actorId: 1001, actorType: "CHARACTER", amount: 1 },
  },
  {
    characterId: 1001,
    type: "MESO_CHANGED",
    worldId: 0,
    body: { actorId: 0, actorType: "CHARACTER", amount: 2500 },
  },
  {
    characterId: 1001,
    type: "LEVEL_CHANGED",
    worldId: 0,
    body: { channelId: 1, amount: 1, current: 31 },
  },
];

Deno.test("character status: every handled type's reference sample parses unchanged", () => {
  const schema = character.characterStatusContract.schema;
  for (const sample of statusSamples) assertEquals(schema.parse(sample), sample);
});

Deno.test("character status: Go's null slices read as empty lists; transactionId is ignored", () => {
  const schema = character.characterStatusContract.schema;
  const enableActions = schema.parse({
    characterId: 1001,
    type: "STAT_CHANGED",
    worldId: 0,
    body: { channelId: 1, exclRequestSent: true, updates: null },
    transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6",
  });
  assertEquals(enableActions, {
    characterId: 1001,
    type: "STAT_CHANGED",
    worldId: 0,
    body: { channelId: 1, exclRequestSent: true, updates: [] },
  });
  const noExperience = schema.parse({
    ...statusSamples[2],
    body: { channelId: 1, current: 0, distributions: null },
  });
  if (noExperience.type !== "EXPERIENCE_CHANGED") throw new Error("wrong variant");
  assertEquals(noExperience.body.distributions, []);
});

Deno.test("character status: the ignored types are the reference's list (kafka-consumed.md §3.4)", () => {
  assertEquals(character.CHARACTER_STATUS_IGNORED_TYPES.length, 15);
  assertEquals(new Set(character.CHARACTER_STATUS_IGNORED_TYPES).size, 15);
  for (const handled of statusSamples) {
    assertTrue(!(character.CHARACTER_STATUS_IGNORED_TYPES as readonly string[]).includes(handled.type));
  }
});

for (const ignored of character.CHARACTER_STATUS_IGNORED_TYPES) {
  Deno.test(`character status: ignored type ${ignored} parses (any body kept as sent), envelope checked`, () => {
    const schema = character.characterStatusContract.schema;
    const sample = {
      characterId: 1001,
      type: ignored,
      worldId: 0,
      body: { channelId: 1, anything: [1, "x"] },
    };
    assertEquals(assertAccepted(schema, sample), sample);
    assertEquals(assertAccepted(schema, { ...sample, body: {} }), { ...sample, body: {} });
    assertRejected(schema, { ...sample, characterId: -1 });
    assertRejected(schema, { ...sample, worldId: 256 });
    assertRejected(schema, { ...sample, body: 7 });
  });
}

Deno.test("character status: wrong field types, out-of-range values and unknown types are rejected", () => {
  const schema = character.characterStatusContract.schema;
  const [stat, warp, , fame, meso, level] = statusSamples;
  assertRejected(schema, { ...stat, body: { ...stat.body, updates: "HP" } });
  assertRejected(schema, { ...warp, body: { ...warp.body, targetMapId: -1 } });
  assertRejected(schema, { ...fame, body: { ...fame.body, amount: 200 } });
  assertRejected(schema, { ...meso, body: { ...meso.body, amount: 2 ** 31 } });
  assertRejected(schema, { ...level, body: { ...level.body, current: 256 } });
  assertRejected(schema, { ...stat, worldId: "0" });
  assertRejected(schema, { ...stat, type: "TELEPORTED" });
  assertRejected(schema, { ...stat, type: "NO_SUCH_TYPE" });
  assertRejected(schema, { ...stat, type: "job_changed" });
});
