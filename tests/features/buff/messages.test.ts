import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as buff from "../../../src/features/buff/messages.ts";

Deno.test("buff: declares the status event (consumed) and the command (produced)", () => {
  assertDeclaredTopics(buff, {
    EVENT_TOPIC_CHARACTER_BUFF_STATUS: "consumed",
    COMMAND_TOPIC_CHARACTER_BUFF: "produced",
  });
});

// kafka-produced.md §4.23
const apply =
  `{"worldId":0,"channelId":1,"characterId":30071,"type":"APPLY","body":{"fromId":30071,"sourceId":4101004,"duration":200,"changes":[{"type":"SPEED","amount":40},{"type":"JUMP","amount":20}]}}`;
const cancel = `{"worldId":0,"channelId":1,"characterId":30071,"type":"CANCEL","body":{"sourceId":4101004}}`;

Deno.test("buff command: APPLY and CANCEL samples round-trip byte for byte, keyed by the buffed character", () => {
  const contract = buff.buffCommandContract;
  for (const sample of [apply, cancel]) assertRoundTrip(contract.schema, sample);
  const toMember = contract.schema.parse({ ...JSON.parse(apply), characterId: 30112 });
  assertEquals(contract.keyOf?.(toMember), 30112);
});

Deno.test("buff command: negative item sources are allowed; bad types and null changes are rejected", () => {
  const schema = buff.buffCommandContract.schema;
  assertEquals(schema.parse({ ...JSON.parse(cancel), body: { sourceId: -2022003 } }).body, {
    sourceId: -2022003,
  });
  const base = JSON.parse(apply);
  assertRejected(schema, { ...base, body: { ...base.body, changes: null } });
  assertRejected(schema, { ...base, body: { ...base.body, sourceId: 2 ** 31 } });
  assertRejected(schema, { ...base, type: "EXPIRE" });
});

// kafka-consumed.md §2.21
const applied = {
  worldId: 0,
  characterId: 1001,
  type: "APPLIED",
  body: {
    fromId: 1001,
    sourceId: 2001002,
    duration: 180000,
    changes: [{ type: "MAGIC_GUARD", amount: 15 }],
    createdAt: "2025-01-31T18:04:05Z",
    expiresAt: "2025-01-31T18:07:05Z",
  },
};
const expired = {
  worldId: 0,
  characterId: 1001,
  type: "EXPIRED",
  body: {
    sourceId: 2001002,
    duration: 180000,
    changes: [{ type: "MAGIC_GUARD", amount: 15 }],
    createdAt: "2025-01-31T18:04:05Z",
    expiresAt: "2025-01-31T18:07:05Z",
  },
};

Deno.test("buff status: APPLIED and EXPIRED samples parse unchanged; null changes read as empty", () => {
  const schema = buff.buffStatusContract.schema;
  assertEquals(schema.parse(applied), applied);
  assertEquals(schema.parse(expired), expired);
  assertEquals(schema.parse({ ...expired, body: { ...expired.body, changes: null } }).body.changes, []);
});

Deno.test("buff status: wrong field types and unknown types are rejected", () => {
  const schema = buff.buffStatusContract.schema;
  assertRejected(schema, { ...applied, body: { ...applied.body, changes: [{ type: "SPEED" }] } });
  assertRejected(schema, { ...applied, body: { ...applied.body, createdAt: 1738346645 } });
  assertRejected(schema, { ...expired, characterId: "1001" });
  assertRejected(schema, { ...expired, type: "REFRESHED" });
});
