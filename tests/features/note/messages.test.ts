import * as messages from "../../../src/features/note/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { noteStatusEventSchema: status, noteCommandSchema: command } = messages;

Deno.test("note messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, { EVENT_TOPIC_NOTE_STATUS: "consumed", COMMAND_TOPIC_NOTE: "produced" });
});

// kafka-consumed.md §2.17 sample.
Deno.test("NOTE_STATUS CREATED", () => {
  const sample = `{"characterId": 1002, "type": "CREATED",
    "body": {"noteId": 812, "senderId": 1001, "message": "gg", "flag": 0, "time": "2025-01-31T18:04:05Z"}}`;
  assertConsumedSample(status, sample, ["body", "flag"], 256);
  assertRejected(status, mutate(sample, ["body", "time"], "yesterday"));
});

Deno.test("NOTE_STATUS UPDATED and DELETED are known types", () => {
  assertConsumedSample(
    status,
    `{"characterId": 1002, "type": "UPDATED",
      "body": {"noteId": 812, "senderId": 1001, "message": "gg", "flag": 1, "time": "2025-01-31T18:04:05.123+09:00"}}`,
    ["body", "message"],
    5,
  );
  assertConsumedSample(status, `{"characterId": 1002, "type": "DELETED", "body": {"noteId": 812}}`, [
    "body",
    "noteId",
  ]);
});

// kafka-produced.md §4.30 samples.
Deno.test("NOTE CREATE is keyed by the sender, DISCARD by the owner", () => {
  const create =
    `{"characterId":30112,"type":"CREATE","body":{"senderId":30071,"message":"thanks for the help!","flag":1}}`;
  const discard = `{"characterId":30071,"type":"DISCARD","body":{"noteIds":[311,312]}}`;
  const created = assertRoundTrip(command, create) as messages.NoteCommand;
  const discarded = assertRoundTrip(command, discard) as messages.NoteCommand;
  assertEquals(messages.noteCommandContract.keyOf?.(created), 30071);
  assertEquals(messages.noteCommandContract.keyOf?.(discarded), 30071);
  assertEquals(created.characterId, 30112);
  // An empty discard list is never sent.
  assertRejected(command, mutate(discard, ["body", "noteIds"], []));
});
