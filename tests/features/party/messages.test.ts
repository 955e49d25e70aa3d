import * as messages from "../../../src/features/party/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const {
  partyStatusEventSchema: status,
  partyMemberStatusEventSchema: memberStatus,
  partyCommandSchema: command,
} = messages;

Deno.test("party messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_PARTY_STATUS: "consumed",
    EVENT_TOPIC_PARTY_MEMBER_STATUS: "consumed",
    COMMAND_TOPIC_PARTY: "produced",
  });
});

// kafka-consumed.md §2.30 samples.
Deno.test("PARTY_STATUS empty-body types", () => {
  for (const type of ["CREATED", "JOINED", "LEFT"]) {
    assertConsumedSample(
      status,
      `{"actorId": 1001, "worldId": 0, "partyId": 5001, "type": "${type}", "body": {}}`,
      ["partyId"],
      -1,
    );
  }
});

Deno.test("PARTY_STATUS EXPEL", () => {
  assertConsumedSample(
    status,
    `{"actorId": 1001, "worldId": 0, "partyId": 5001, "type": "EXPEL", "body": {"characterId": 1003}}`,
    ["body", "characterId"],
  );
});

Deno.test("PARTY_STATUS DISBAND, with Go's null slice read as empty", () => {
  const sample =
    `{"actorId": 1001, "worldId": 0, "partyId": 5001, "type": "DISBAND", "body": {"members": [1001, 1002]}}`;
  assertConsumedSample(status, sample, ["body", "members", 0], "x");
  const parsed = status.parse(mutate(sample, ["body", "members"], null));
  assertEquals(parsed.body, { members: [] });
});

Deno.test("PARTY_STATUS CHANGE_LEADER", () => {
  assertConsumedSample(
    status,
    `{"actorId": 1001, "worldId": 0, "partyId": 5001, "type": "CHANGE_LEADER", "body": {"characterId": 1002, "disconnected": false}}`,
    ["body", "disconnected"],
    0,
  );
});

Deno.test("PARTY_STATUS ERROR carries the code in body.type", () => {
  const parsed = assertConsumedSample(
    status,
    `{"actorId": 1001, "worldId": 0, "partyId": 0, "type": "ERROR",
      "body": {"type": "A_BEGINNER_CANT_CREATE_A_PARTY", "characterName": ""}}`,
    ["body", "characterName"],
    1,
  ) as messages.PartyStatusEvent;
  assertEquals(parsed.type === "ERROR" && parsed.body.type, "A_BEGINNER_CANT_CREATE_A_PARTY");
});

// kafka-consumed.md §2.31 samples.
Deno.test("PARTY_MEMBER_STATUS LOGIN and LOGOUT", () => {
  for (const type of ["LOGIN", "LOGOUT"]) {
    assertConsumedSample(
      memberStatus,
      `{"worldId": 0, "partyId": 5001, "characterId": 1002, "type": "${type}", "body": {}}`,
      ["characterId"],
      "1002",
    );
  }
  // Types atlas-parties also emits are known (and ignored by handlers), not errors.
  assertConsumedSample(
    memberStatus,
    `{"worldId": 0, "partyId": 5001, "characterId": 1002, "type": "LEVEL_CHANGED", "body": {"level": 31}}`,
    ["worldId"],
    -1,
  );
});

// kafka-produced.md §4.10 samples.
Deno.test("PARTY commands round-trip and are keyed by actorId", () => {
  const samples = [
    `{"actorId":30071,"type":"CREATE","body":{}}`,
    `{"actorId":30071,"type":"LEAVE","body":{"partyId":4001,"force":false}}`,
    `{"actorId":30071,"type":"CHANGE_LEADER","body":{"partyId":4001,"leaderId":30112}}`,
    `{"actorId":30071,"type":"REQUEST_INVITE","body":{"characterId":30112}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.PartyCommand;
    assertEquals(messages.partyCommandContract.keyOf?.(parsed), 30071);
  }
  assertRejected(command, mutate(samples[1], ["body", "force"], "true"));
  assertRejected(command, mutate(samples[0], ["type"], "JOIN"));
});
