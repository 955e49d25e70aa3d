import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as skill from "../../../src/features/skill/messages.ts";

Deno.test("skill: declares the status event (consumed) and the cooldown and macro commands (produced)", () => {
  assertDeclaredTopics(skill, {
    EVENT_TOPIC_SKILL_STATUS: "consumed",
    COMMAND_TOPIC_SKILL: "produced",
    COMMAND_TOPIC_SKILL_MACRO: "produced",
  });
});

// kafka-produced.md §4.22 and §4.24
const cooldown = `{"characterId":30071,"type":"SET_COOLDOWN","body":{"skillId":1001,"cooldown":60}}`;
const macros =
  `{"characterId":30071,"type":"UPDATE","body":{"macros":[{"id":0,"name":"buffs","shout":true,"skillId1":4101004,"skillId2":4111001,"skillId3":0}]}}`;

Deno.test("skill commands: SET_COOLDOWN and UPDATE samples round-trip byte for byte, keyed by character", () => {
  const cooldownContract = skill.skillCommandContract;
  assertRoundTrip(cooldownContract.schema, cooldown);
  assertEquals(cooldownContract.keyOf?.(cooldownContract.schema.parse(JSON.parse(cooldown))), 30071);
  const macroContract = skill.skillMacroCommandContract;
  assertRoundTrip(macroContract.schema, macros);
  assertEquals(macroContract.keyOf?.(macroContract.schema.parse(JSON.parse(macros))), 30071);
  assertRoundTrip(
    skill.skillMacroCommandContract.schema,
    `{"characterId":30071,"type":"UPDATE","body":{"macros":[]}}`,
  );
});

Deno.test("skill commands: wrong field types, null lists and other types are rejected", () => {
  const cool = JSON.parse(cooldown);
  assertRejected(skill.skillCommandContract.schema, { ...cool, body: { skillId: 1001, cooldown: -60 } });
  assertRejected(skill.skillCommandContract.schema, { ...cool, type: "UPDATE" });
  const macro = JSON.parse(macros);
  assertRejected(skill.skillMacroCommandContract.schema, { ...macro, body: { macros: null } });
  assertRejected(skill.skillMacroCommandContract.schema, {
    ...macro,
    body: { macros: [{ ...macro.body.macros[0], shout: 1 }] },
  });
});

// kafka-consumed.md §2.36
const events = [
  {
    characterId: 1001,
    skillId: 1001004,
    type: "CREATED",
    body: { level: 1, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" },
  },
  {
    characterId: 1001,
    skillId: 1001004,
    type: "UPDATED",
    body: { level: 2, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" },
  },
  {
    characterId: 1001,
    skillId: 1121010,
    type: "COOLDOWN_APPLIED",
    body: { cooldownExpiresAt: "2025-01-31T18:09:05Z" },
  },
  { characterId: 1001, skillId: 1121010, type: "COOLDOWN_EXPIRED", body: {} },
];

Deno.test("skill status: every handled type's reference sample parses unchanged", () => {
  const schema = skill.skillStatusContract.schema;
  for (const sample of events) assertEquals(schema.parse(sample), sample);
  const nanos = { ...events[2], body: { cooldownExpiresAt: "2025-01-31T18:09:05.123456789+02:00" } };
  assertEquals(schema.parse(nanos), nanos);
});

Deno.test("skill status: wrong field types and unknown types are rejected", () => {
  const schema = skill.skillStatusContract.schema;
  assertRejected(schema, { ...events[0], body: { ...events[0].body, level: 300 } });
  assertRejected(schema, { ...events[0], body: { ...events[0].body, expiration: 0 } });
  assertRejected(schema, { ...events[2], body: { cooldownExpiresAt: "soon" } });
  assertRejected(schema, { ...events[3], type: "DELETED" });
});
