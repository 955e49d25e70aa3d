import { assertEquals } from "../../support/assert.ts";
import { assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import * as session from "../../../src/features/session/messages.ts";

Deno.test("session: declares EVENT_TOPIC_SESSION_STATUS, produced and consumed (README decision 1)", () => {
  assertDeclaredTopics(session, { EVENT_TOPIC_SESSION_STATUS: "both" });
});

// kafka-produced.md §A1
const created =
  `{"sessionId":"b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e","accountId":5102,"characterId":30071,"worldId":0,"channelId":1,"issuer":"CHANNEL","type":"CREATED"}`;
const destroyed =
  `{"sessionId":"b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e","accountId":5102,"characterId":30071,"worldId":0,"channelId":1,"issuer":"CHANNEL","type":"DESTROYED"}`;

Deno.test("session status: the reference samples round-trip byte for byte and are keyed by character", () => {
  const contract = session.sessionStatusContract;
  assertRoundTrip(contract.schema, created);
  assertRoundTrip(contract.schema, destroyed);
  assertEquals(contract.keyOf?.(contract.schema.parse(JSON.parse(created))), 30071);
});

Deno.test("session status: consumes atlas-login's form and ignores extra fields", () => {
  const schema = session.sessionStatusContract.schema;
  const fromLogin = { ...JSON.parse(created), issuer: "LOGIN", channelId: 0, transactionId: "x" };
  const parsed = schema.parse(fromLogin);
  assertEquals(parsed.issuer, "LOGIN");
  assertEquals("transactionId" in parsed, false);
});

Deno.test("session status: rejects `author`, unknown types and out-of-range ids", () => {
  const schema = session.sessionStatusContract.schema;
  const base = JSON.parse(created);
  const { issuer: _issuer, ...withoutIssuer } = base;
  assertRejected(schema, { ...withoutIssuer, author: "CHANNEL" });
  assertRejected(schema, { ...base, type: "EXPIRED" });
  assertRejected(schema, { ...base, worldId: 256 });
  assertRejected(schema, { ...base, characterId: "30071" });
  assertRejected(schema, { ...base, sessionId: "b7e2c4d6" });
});
