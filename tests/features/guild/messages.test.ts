import * as messages from "../../../src/features/guild/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import {
  assertConsumedSample,
  assertDeclaredTopics,
  assertRejected,
  assertRoundTrip,
  mutate,
} from "../message_samples.ts";

const {
  guildCommandSchema: command,
  guildStatusEventSchema: status,
  guildThreadStatusEventSchema: threadStatus,
  guildThreadCommandSchema: threadCommand,
} = messages;

Deno.test("guild messages declare exactly the assigned topics", () => {
  assertDeclaredTopics(messages, {
    EVENT_TOPIC_GUILD_STATUS: "consumed",
    COMMAND_TOPIC_GUILD: "both",
    EVENT_TOPIC_GUILD_THREAD_STATUS: "consumed",
    COMMAND_TOPIC_GUILD_THREAD: "produced",
  });
});

// kafka-produced.md §4.11 samples.
Deno.test("GUILD produced commands round-trip and are keyed by the envelope character", () => {
  const samples: [string, number][] = [
    [
      `{"characterId":30071,"type":"REQUEST_CREATE","body":{"worldId":0,"channelId":1,"mapId":200000301,"name":"Mapleteers"}}`,
      30071,
    ],
    [`{"characterId":30071,"type":"CREATION_AGREEMENT","body":{"agreed":true}}`, 30071],
    [
      `{"characterId":30071,"type":"CHANGE_EMBLEM","body":{"guildId":42,"logo":3,"logoColor":7,"logoBackground":1001,"logoBackgroundColor":2}}`,
      30071,
    ],
    [`{"characterId":30071,"type":"CHANGE_NOTICE","body":{"guildId":42,"notice":"PQ tonight at 8"}}`, 30071],
    [`{"characterId":30112,"type":"LEAVE","body":{"guildId":42,"force":true}}`, 30112],
    [`{"characterId":30071,"type":"REQUEST_INVITE","body":{"guildId":42,"targetId":30112}}`, 30071],
    [
      `{"characterId":30071,"type":"CHANGE_TITLES","body":{"guildId":42,"titles":["Master","Jr. Master","Member","Rookie","Trainee"]}}`,
      30071,
    ],
    [
      `{"characterId":30071,"type":"CHANGE_MEMBER_TITLE","body":{"guildId":42,"targetId":30112,"title":3}}`,
      30071,
    ],
  ];
  for (const [sample, key] of samples) {
    const parsed = assertRoundTrip(command, sample) as messages.GuildCommand;
    assertEquals(messages.guildCommandContract.keyOf?.(parsed), key);
  }
  assertRejected(command, mutate(samples[6][0], ["body", "titles"], ["Master"]));
  assertRejected(command, mutate(samples[7][0], ["body", "title"], 1));
  assertRejected(command, mutate(samples[2][0], ["body", "logoColor"], 256));
});

// kafka-consumed.md §2.23 samples.
Deno.test("GUILD consumed prompts REQUEST_NAME and REQUEST_EMBLEM", () => {
  for (const type of ["REQUEST_NAME", "REQUEST_EMBLEM"]) {
    const parsed = assertConsumedSample(
      command,
      `{"characterId": 1001, "type": "${type}", "body": {"worldId": 0, "channelId": 1},
        "transactionId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"}`,
      ["body", "channelId"],
      "1",
    );
    assertEquals(parsed, { characterId: 1001, type, body: { worldId: 0, channelId: 1 } });
  }
});

// kafka-consumed.md §2.24 samples.
Deno.test("GUILD_STATUS every type", () => {
  const cases: [string, (string | number)[]][] = [
    [`{"worldId": 0, "guildId": 77, "type": "CREATED", "body": {}}`, ["guildId"]],
    [`{"worldId": 0, "guildId": 77, "type": "DISBANDED", "body": {"members": [1001, 1002]}}`, [
      "body",
      "members",
      1,
    ]],
    [
      `{"worldId": 0, "guildId": 0, "type": "REQUEST_AGREEMENT", "body": {"actorId": 1001, "proposedName": "Lumina"}}`,
      ["body", "actorId"],
    ],
    [
      `{"worldId": 0, "guildId": 77, "type": "EMBLEM_UPDATED", "body": {"logo": 2001, "logoColor": 3, "logoBackground": 1002, "logoBackgroundColor": 7}}`,
      ["body", "logo"],
    ],
    [
      `{"worldId": 0, "guildId": 77, "type": "MEMBER_STATUS_UPDATED", "body": {"characterId": 1002, "online": true}}`,
      ["body", "characterId"],
    ],
    [
      `{"worldId": 0, "guildId": 77, "type": "MEMBER_TITLE_UPDATED", "body": {"characterId": 1002, "title": 3}}`,
      ["body", "title"],
    ],
    [`{"worldId": 0, "guildId": 77, "type": "NOTICE_UPDATED", "body": {"notice": "Guild run at 8pm"}}`, [
      "worldId",
    ]],
    [`{"worldId": 0, "guildId": 77, "type": "CAPACITY_UPDATED", "body": {"capacity": 35}}`, [
      "body",
      "capacity",
    ]],
    [
      `{"worldId": 0, "guildId": 77, "type": "TITLES_UPDATED", "body": {"guildId": 77, "titles": ["Master", "Jr. Master", "Member", "Member", "Member"]}}`,
      ["body", "guildId"],
    ],
    [
      `{"worldId": 0, "guildId": 77, "type": "MEMBER_JOINED", "body": {"characterId": 1003, "name": "Birch", "jobId": 110, "level": 35, "title": 5, "online": true, "allianceTitle": 5}}`,
      ["body", "jobId"],
    ],
    [`{"worldId": 0, "guildId": 77, "type": "MEMBER_LEFT", "body": {"characterId": 1003, "force": false}}`, [
      "body",
      "characterId",
    ]],
    [
      `{"worldId": 0, "guildId": 0, "type": "ERROR", "body": {"actorId": 1001, "error": "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES"}}`,
      ["body", "actorId"],
    ],
  ];
  for (const [sample, path] of cases) assertConsumedSample(status, sample, path);
  const nullTitles = status.parse(
    JSON.parse(
      `{"worldId": 0, "guildId": 77, "type": "TITLES_UPDATED", "body": {"guildId": 77, "titles": null}}`,
    ),
  );
  assertEquals(nullTitles.body, { guildId: 77, titles: [] });
});

// kafka-consumed.md §2.25 samples.
Deno.test("GUILD_THREAD_STATUS every type", () => {
  for (const type of ["CREATED", "UPDATED", "DELETED"]) {
    assertConsumedSample(
      threadStatus,
      `{"worldId": 0, "guildId": 77, "actorId": 1001, "threadId": 12, "type": "${type}", "body": {}}`,
      ["threadId"],
    );
  }
  for (const type of ["REPLY_ADDED", "REPLY_DELETED"]) {
    assertConsumedSample(
      threadStatus,
      `{"worldId": 0, "guildId": 77, "actorId": 1002, "threadId": 12, "type": "${type}", "body": {"replyId": 4}}`,
      ["body", "replyId"],
    );
  }
});

// kafka-produced.md §4.12 samples.
Deno.test("GUILD_THREAD commands round-trip and are keyed by the guild", () => {
  const samples = [
    `{"guildId":42,"characterId":30071,"type":"CREATE","body":{"notice":false,"title":"Zakum run","message":"Saturday 9pm","emoticonId":0}}`,
    `{"guildId":42,"characterId":30071,"type":"UPDATE","body":{"threadId":7,"notice":true,"title":"Zakum run","message":"Moved to Sunday","emoticonId":1}}`,
    `{"guildId":42,"characterId":30071,"type":"DELETE","body":{"threadId":7}}`,
    `{"guildId":42,"characterId":30112,"type":"ADD_REPLY","body":{"threadId":7,"message":"count me in"}}`,
    `{"guildId":42,"characterId":30112,"type":"DELETE_REPLY","body":{"threadId":7,"replyId":19}}`,
  ];
  for (const sample of samples) {
    const parsed = assertRoundTrip(threadCommand, sample) as messages.GuildThreadCommand;
    assertEquals(messages.guildThreadCommandContract.keyOf?.(parsed), 42);
  }
  assertRejected(threadCommand, mutate(samples[0], ["body", "notice"], "no"));
});
