import * as messages from "../../../src/features/quest/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const { questStatusEventSchema: status, questConversationCommandSchema: command } = messages;

Deno.test("quest messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_QUEST_STATUS: "consumed",
    COMMAND_TOPIC_QUEST_CONVERSATION: "produced",
  });
});

// kafka-consumed.md §2.33 samples.
Deno.test("QUEST_STATUS every handled type", () => {
  for (const type of ["STARTED", "COMPLETED", "FORFEITED"]) {
    assertConsumedSample(
      status,
      `{"characterId": 1001, "worldId": 0, "type": "${type}", "body": {"questId": 2001}}`,
      ["body", "questId"],
    );
  }
  const progress = assertConsumedSample(
    status,
    `{"characterId": 1001, "worldId": 0, "type": "PROGRESS_UPDATED", "body": {"questId": 2001, "infoNumber": 0, "progress": "003"}}`,
    ["body", "progress"],
    3,
  ) as messages.QuestStatusEvent;
  assertEquals(progress.type === "PROGRESS_UPDATED" && progress.body.progress, "003");
  // infoNumber is atlas-quest's extra; the channel does not need it.
  assertConsumedSample(
    status,
    `{"characterId": 1001, "worldId": 0, "type": "PROGRESS_UPDATED", "body": {"questId": 2001, "progress": ""}}`,
    ["worldId"],
  );
});

// kafka-produced.md §4.32 sample.
Deno.test("QUEST_CONVERSATION START_QUEST_CONVERSATION round-trips", () => {
  const sample =
    `{"questId":2001,"npcId":1012100,"characterId":30071,"type":"START_QUEST_CONVERSATION","body":{"worldId":0,"channelId":1,"mapId":100000000}}`;
  const parsed = assertRoundTrip(command, sample) as messages.QuestConversationCommand;
  assertEquals(messages.questConversationCommandContract.keyOf?.(parsed), 30071);
  assertRejected(command, mutate(sample, ["body", "mapId"], undefined));
  assertRejected(command, mutate(sample, ["type"], "FORFEIT_QUEST"));
});
