import { assertEquals } from "../../support/assert.ts";
import { assertAccepted, assertDeclaredTopics, assertRejected, assertRoundTrip } from "../message_samples.ts";
import { encodeKey } from "../../../src/kafka/key.ts";
import * as account from "../../../src/features/account/messages.ts";

Deno.test("account: the module declares exactly its three topics, with the reference's directions", () => {
  assertDeclaredTopics(account, {
    EVENT_TOPIC_ACCOUNT_STATUS: "consumed",
    COMMAND_TOPIC_ACCOUNT_SESSION: "produced",
    EVENT_TOPIC_ACCOUNT_SESSION_STATUS: "consumed",
  });
});

// kafka-consumed.md §2.1
Deno.test("account status: LOGGED_IN and LOGGED_OUT samples parse with the snake-case id", () => {
  const schema = account.accountStatusContract.schema;
  for (const status of ["LOGGED_IN", "LOGGED_OUT"]) {
    const parsed = schema.parse({ account_id: 4021, name: "maplefan", status });
    assertEquals(parsed, { account_id: 4021, name: "maplefan", status });
  }
});

Deno.test("account status: the ignored CREATED status parses, so the consumer can skip it", () => {
  const schema = account.accountStatusContract.schema;
  assertEquals([...account.ACCOUNT_STATUS_IGNORED_STATUSES], ["CREATED"]);
  for (const status of account.ACCOUNT_STATUS_IGNORED_STATUSES) {
    const sample = { account_id: 4021, name: "maplefan", status };
    assertEquals(assertAccepted(schema, sample), sample);
  }
});

Deno.test("account status: camel-case id, wrong types, out-of-range ids and unknown statuses are rejected", () => {
  const schema = account.accountStatusContract.schema;
  assertRejected(schema, { accountId: 4021, name: "maplefan", status: "LOGGED_IN" });
  assertRejected(schema, { account_id: "4021", name: "maplefan", status: "LOGGED_IN" });
  assertRejected(schema, { account_id: 2 ** 32, name: "maplefan", status: "LOGGED_IN" });
  assertRejected(schema, { account_id: 4021, name: "maplefan", status: "DELETED" });
  assertRejected(schema, { account_id: 4021, name: "maplefan", status: "created" });
  // An ignored status still has its envelope checked.
  assertRejected(schema, { account_id: -1, name: "maplefan", status: "CREATED" });
});

// kafka-produced.md §4.1
const progressLogin =
  `{"sessionId":"b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e","accountId":5102,"author":"CHANNEL","type":"PROGRESS_STATE","body":{"state":1,"params":{"characterId":30071}}}`;
const progressChannelChange =
  `{"sessionId":"b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e","accountId":5102,"author":"CHANNEL","type":"PROGRESS_STATE","body":{"state":2,"params":{"ipAddress":"10.0.4.17","port":7576}}}`;
const logout =
  `{"sessionId":"b7e2c4d6-1f3a-4c5e-9a7b-2d4f6e8a0c1e","accountId":5102,"author":"CHANNEL","type":"LOGOUT","body":{}}`;

Deno.test("account session command: the reference samples round-trip byte for byte", () => {
  const contract = account.accountSessionCommandContract;
  for (const sample of [progressLogin, progressChannelChange, logout]) {
    const parsed = contract.schema.parse(JSON.parse(sample));
    assertEquals(JSON.stringify(parsed), sample);
    assertRoundTrip(contract.schema, sample);
  }
});

Deno.test("account session command: keyed by the account id", () => {
  const contract = account.accountSessionCommandContract;
  const command = contract.schema.parse(JSON.parse(logout));
  assertEquals(contract.keyOf?.(command), 5102);
  assertEquals([...encodeKey(contract.keyOf!(command))], [0xee, 0x13, 0, 0, 0, 0, 0, 0]);
});

Deno.test("account session command: rejects `issuer` for `author`, nulls, extra fields and other issuers", () => {
  const schema = account.accountSessionCommandContract.schema;
  const base = JSON.parse(logout);
  const { author: _author, ...withoutAuthor } = base;
  assertRejected(schema, { ...withoutAuthor, issuer: "CHANNEL" });
  assertRejected(schema, { ...base, author: "LOGIN" });
  assertRejected(schema, { ...base, body: null });
  assertRejected(schema, { ...base, body: { reason: 1 } });
  assertRejected(schema, { ...base, sessionId: "B7E2C4D6-1F3A-4C5E-9A7B-2D4F6E8A0C1E" });
  const login = JSON.parse(progressLogin);
  assertRejected(schema, { ...login, body: { state: 1, params: {} } });
  assertRejected(schema, { ...login, body: { state: 2, params: { ipAddress: "10.0.4.17", port: 70000 } } });
  assertRejected(schema, { ...login, type: "LOGIN" });
});

// kafka-consumed.md §2.2
const stateChangedLogin = {
  sessionId: "5f0c7a52-3b8e-4d0a-a1c9-2e6f8b7d4c10",
  accountId: 4021,
  type: "STATE_CHANGED",
  body: { state: 1, params: { characterId: 1001 } },
};
const stateChangedChannel = {
  sessionId: "5f0c7a52-3b8e-4d0a-a1c9-2e6f8b7d4c10",
  accountId: 4021,
  type: "STATE_CHANGED",
  body: { state: 2, params: { ipAddress: "10.0.0.12", port: 7576 } },
};
const sessionError = {
  sessionId: "5f0c7a52-3b8e-4d0a-a1c9-2e6f8b7d4c10",
  accountId: 4021,
  type: "ERROR",
  body: { code: "SYSTEM_ERROR", reason: 0, until: 0 },
};

Deno.test("account session status: STATE_CHANGED (both variants) and ERROR samples parse", () => {
  const schema = account.accountSessionStatusContract.schema;
  assertEquals(schema.parse(stateChangedLogin), stateChangedLogin);
  assertEquals(schema.parse(stateChangedChannel), stateChangedChannel);
  assertEquals(schema.parse(sessionError), sessionError);
  const parsed = schema.parse({
    ...sessionError,
    body: { ...sessionError.body, until: "2025-01-31T18:04:05Z" },
  });
  assertEquals(parsed.type, "ERROR");
});

Deno.test("account session status: ignores transactionId, dispatches on type", () => {
  const schema = account.accountSessionStatusContract.schema;
  const parsed = schema.parse({
    ...stateChangedLogin,
    transactionId: "2c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6",
  });
  assertEquals(parsed, stateChangedLogin);
  if (parsed.type !== "STATE_CHANGED") throw new Error("wrong variant");
  assertEquals(parsed.body.params.characterId, 1001);
  assertEquals(parsed.body.params.ipAddress, undefined);
});

Deno.test("account session status: each ignored type parses with the body the producer sends", () => {
  const schema = account.accountSessionStatusContract.schema;
  assertEquals([...account.ACCOUNT_SESSION_STATUS_IGNORED_TYPES], ["CREATED", "REQUEST_LICENSE_AGREEMENT"]);
  // CREATED: body undocumented, so any object (kept as sent).
  const created = { ...stateChangedLogin, type: "CREATED", body: { state: 0, extra: "kept" } };
  assertEquals(assertAccepted(schema, created), created);
  assertEquals(assertAccepted(schema, { ...created, body: {} }), { ...created, body: {} });
  // REQUEST_LICENSE_AGREEMENT: documented with "body": null.
  const license = { ...stateChangedLogin, type: "REQUEST_LICENSE_AGREEMENT", body: null };
  assertEquals(assertAccepted(schema, license), license);
  assertRejected(schema, { ...license, body: { state: 1 } });
  // The envelope of an ignored type is still checked.
  assertRejected(schema, { ...created, sessionId: "not-a-uuid" });
  assertRejected(schema, { ...created, body: "text" });
});

Deno.test("account session status: wrong field types and unknown types are rejected", () => {
  const schema = account.accountSessionStatusContract.schema;
  assertRejected(schema, { ...stateChangedLogin, sessionId: "not-a-uuid" });
  assertRejected(schema, { ...stateChangedLogin, accountId: -1 });
  assertRejected(schema, { ...stateChangedLogin, body: { state: 1, params: { characterId: "1001" } } });
  assertRejected(schema, {
    ...stateChangedChannel,
    body: { state: 2, params: { ipAddress: "10.0.0.12", port: 65536 } },
  });
  assertRejected(schema, { ...sessionError, body: { code: "SYSTEM_ERROR", reason: 256, until: 0 } });
  assertRejected(schema, { ...sessionError, type: "BANNED" });
  assertRejected(schema, { ...sessionError, type: "NO_SUCH_TYPE" });
});
