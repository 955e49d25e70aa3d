import * as messages from "../../../src/features/invite/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { inviteStatusEventSchema: status, inviteCommandSchema: command } = messages;

Deno.test("invite messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_INVITE_STATUS: "consumed",
    COMMAND_TOPIC_INVITE: "produced",
  });
});

// kafka-consumed.md §2.26 samples.
Deno.test("INVITE_STATUS CREATED", () => {
  const sample =
    `{"worldId": 0, "inviteType": "PARTY", "referenceId": 5001, "type": "CREATED", "body": {"originatorId": 1001, "targetId": 1002}}`;
  assertConsumedSample(status, sample, ["body", "targetId"], "1002");
  assertRejected(status, mutate(sample, ["inviteType"], "DUEL"));
});

Deno.test("INVITE_STATUS REJECTED and ACCEPTED", () => {
  for (const type of ["REJECTED", "ACCEPTED"]) {
    assertConsumedSample(
      status,
      `{"worldId": 0, "inviteType": "GUILD", "referenceId": 77, "type": "${type}", "body": {"originatorId": 1001, "targetId": 1002}}`,
      ["referenceId"],
      2 ** 32,
    );
  }
});

// kafka-produced.md §4.31 samples.
Deno.test("INVITE commands round-trip and are keyed by the acting character", () => {
  const accept =
    `{"worldId":0,"inviteType":"PARTY","type":"ACCEPT","body":{"targetId":30071,"referenceId":4001}}`;
  const reject =
    `{"worldId":0,"inviteType":"GUILD","type":"REJECT","body":{"targetId":30071,"originatorId":30112}}`;
  for (const sample of [accept, reject]) {
    const parsed = assertRoundTrip(command, sample) as messages.InviteCommand;
    assertEquals(messages.inviteCommandContract.keyOf?.(parsed), 30071);
  }
  // Invite types the channel never produces are refused on the way out.
  assertRejected(command, mutate(accept, ["inviteType"], "TRADE"));
  assertRejected(command, mutate(reject, ["body", "originatorId"], undefined));
});
