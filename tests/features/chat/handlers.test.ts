/**
 * Chat packet handlers: the packets are read as the reference reads them
 * (socket/handler/character_chat_general.go, character_chat_multi.go, character_chat_whisper.go) and
 * produce the exact `COMMAND_TOPIC_CHARACTER_CHAT` JSON of kafka-produced.md §4.8; truncated packets
 * throw before anything is published. The e2e test (chat.e2e.test.ts) covers the real broker.
 */
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  chatHandlers,
  readGeneralChat,
  readMultiChat,
  readWhisper,
} from "../../../src/features/chat/handlers.ts";
import { findInWorld } from "../../../src/features/chat/mod.ts";
import { cachedSpeaker } from "../../../src/features/chat/targets.ts";
import type { Bus, PublishOptions } from "../../../src/kafka/bus.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import type { Tenant } from "../../../src/tenant.ts";
import { assertEquals, assertRejects, assertThrows } from "../../support/assert.ts";
import { routingWorld, TENANT } from "./routing-support.ts";
import { withDeadline } from "../../support/deadline.ts";

const GMS95: Tenant = { ...TENANT, majorVersion: 95 };
const JMS185: Tenant = { ...TENANT, region: "JMS", majorVersion: 185 };

function body(build: (w: PacketWriter) => void): Uint8Array {
  const w = packetWriter();
  build(w);
  return w.toBytes();
}

interface Published {
  topic: string;
  json: string;
  key: number | Uint8Array;
  tenant: Tenant;
}

/** A bus that validates like the real one and records what was published (or fails every publish). */
function recordingBus(fail = false): Bus & { published: Published[] } {
  const published: Published[] = [];
  return {
    kind: "memory",
    published,
    publish(contract: TopicContract, value: unknown, options: PublishOptions) {
      if (fail) return Promise.reject(new Error("broker down"));
      const parsed = contract.schema.parse(value);
      published.push({
        topic: contract.variable,
        json: JSON.stringify(parsed),
        key: options.key,
        tenant: options.tenant,
      });
      return Promise.resolve();
    },
    subscribe() {},
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  } as Bus & { published: Published[] };
}

Deno.test("readGeneralChat: v83 has no update time; GMS v87+ and JMS read one first", () => {
  const v83 = body((w) => w.string("hello henesys").bool(false));
  assertEquals(readGeneralChat(packetReader(v83), TENANT), { message: "hello henesys", balloonOnly: false });
  const later = body((w) => w.uint32(123456).string("hi").bool(true));
  assertEquals(readGeneralChat(packetReader(later), GMS95), { message: "hi", balloonOnly: true });
  assertEquals(readGeneralChat(packetReader(later), JMS185), { message: "hi", balloonOnly: true });
  assertThrows(() => readGeneralChat(packetReader(body((w) => w.string("hi"))), TENANT), PacketReadError);
  assertThrows(
    () => readGeneralChat(packetReader(body((w) => w.uint16(10).byte(0x41))), TENANT),
    PacketReadError,
  );
});

Deno.test("readMultiChat: (v95: update time) type, count, recipients, text; a short list throws", () => {
  const packet = body((w) => w.byte(1).byte(2).uint32(30112).uint32(30140).string("brb"));
  const expected = { chatType: 1, recipients: [30112, 30140], message: "brb" };
  assertEquals(readMultiChat(packetReader(packet), TENANT), expected);
  assertEquals(readMultiChat(packetReader(packet), JMS185), expected);
  const v95 = body((w) => w.uint32(0x11223344).byte(1).byte(2).uint32(30112).uint32(30140).string("brb"));
  assertEquals(readMultiChat(packetReader(v95), GMS95), expected);
  assertThrows(
    () => readMultiChat(packetReader(body((w) => w.byte(1).byte(3).uint32(1).uint32(2))), TENANT),
    PacketReadError,
  );
});

Deno.test("readWhisper: GMS v87+ and JMS read an update time after the mode; finds carry no text", () => {
  const chat = body((w) => w.byte(6).string("Rowan").string("you there?"));
  assertEquals(readWhisper(packetReader(chat), TENANT), {
    mode: 6,
    targetName: "Rowan",
    message: "you there?",
  });
  const chat95 = body((w) => w.byte(6).uint32(99).string("Rowan").string("x"));
  assertEquals(readWhisper(packetReader(chat95), GMS95), { mode: 6, targetName: "Rowan", message: "x" });
  assertEquals(readWhisper(packetReader(chat95), JMS185), { mode: 6, targetName: "Rowan", message: "x" });
  assertEquals(readWhisper(packetReader(body((w) => w.byte(5).string("Rowan"))), TENANT), {
    mode: 5,
    targetName: "Rowan",
  });
  assertThrows(
    () => readWhisper(packetReader(body((w) => w.byte(6).string("Rowan"))), TENANT),
    PacketReadError,
  );
});

function handlerWorld(fail = false) {
  const world = routingWorld();
  const bus = recordingBus(fail);
  const ctx = { ...world.ctx, bus } as unknown as FeatureContext;
  const handlers = chatHandlers(ctx, findInWorld(ctx, cachedSpeaker));
  return { world, bus, handlers };
}

Deno.test("chat handlers: exact command JSON, key = actor, the session's tenant; v83 packets", async () => {
  const { world, bus, handlers } = handlerWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await handlers.CharacterChatGeneralHandle(
      ann,
      packetReader(body((w) => w.string("hello henesys").bool(false))),
    );
    await handlers.CharacterChatMultiHandle(
      ann,
      packetReader(body((w) => w.byte(1).byte(2).uint32(30112).uint32(30140).string("brb"))),
    );
    await handlers.CharacterChatMultiHandle(
      ann,
      packetReader(body((w) => w.byte(0).byte(0).string("anyone?"))),
    );
    await handlers.CharacterChatWhisperHandle(
      ann,
      packetReader(body((w) => w.byte(6).string("Rowan").string("you there?"))),
    );
    assertEquals(bus.published.map((p) => p.json), [
      '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"hello henesys","type":"GENERAL","body":{"balloonOnly":false}}',
      '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"brb","type":"PARTY","body":{"recipients":[30112,30140]}}',
      '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"anyone?","type":"BUDDY","body":{"recipients":[]}}',
      '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":30071,"message":"you there?","type":"WHISPER","body":{"recipientName":"Rowan"}}',
    ]);
    assertEquals(bus.published.map((p) => [p.topic, p.key, p.tenant]), [
      ["COMMAND_TOPIC_CHARACTER_CHAT", 30071, TENANT],
      ["COMMAND_TOPIC_CHARACTER_CHAT", 30071, TENANT],
      ["COMMAND_TOPIC_CHARACTER_CHAT", 30071, TENANT],
      ["COMMAND_TOPIC_CHARACTER_CHAT", 30071, TENANT],
    ]);
  } finally {
    await world.close();
  }
});

Deno.test("chat handlers: guild and alliance types; other multi-chat types and truncated packets produce nothing", async () => {
  const { world, bus, handlers } = handlerWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await handlers.CharacterChatMultiHandle(
      ann,
      packetReader(body((w) => w.byte(2).byte(1).uint32(5).string("g"))),
    );
    await handlers.CharacterChatMultiHandle(
      ann,
      packetReader(body((w) => w.byte(3).byte(1).uint32(6).string("a"))),
    );
    await handlers.CharacterChatMultiHandle(ann, packetReader(body((w) => w.byte(4).byte(0).string("x"))));
    await assertRejects(
      () =>
        Promise.resolve(handlers.CharacterChatGeneralHandle(ann, packetReader(body((w) => w.string("hi"))))),
      PacketReadError,
    );
    await assertRejects(
      () =>
        Promise.resolve(
          handlers.CharacterChatMultiHandle(ann, packetReader(body((w) => w.byte(1).byte(2).uint32(1)))),
        ),
      PacketReadError,
    );
    await assertRejects(
      () =>
        Promise.resolve(handlers.CharacterChatWhisperHandle(ann, packetReader(Uint8Array.of(6, 5, 0, 0x41)))),
      PacketReadError,
    );
    assertEquals(bus.published.map((p) => JSON.parse(p.json).type), ["GUILD", "ALLIANCE"]);
    assertEquals(world.sent.length, 0);
  } finally {
    await world.close();
  }
});

Deno.test("chat handlers: a character not yet in a field produces nothing", async () => {
  const { world, bus, handlers } = handlerWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    world.presence.leave(ann);
    await handlers.CharacterChatGeneralHandle(ann, packetReader(body((w) => w.string("hi").bool(false))));
    assertEquals(bus.published.length, 0);
  } finally {
    await world.close();
  }
});

Deno.test("whisper: a failed publish tells the sender 'not sent'", async () => {
  const { world, handlers } = handlerWorld(true);
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await handlers.CharacterChatWhisperHandle(
      ann,
      packetReader(body((w) => w.byte(6).string("Rowan").string("x"))),
    );
    // The publish fails after the handler returned (it does not hold the session).
    await withDeadline(
      (async () => {
        while (world.to(ann).length === 0) await new Promise((r) => setTimeout(r, 5));
      })(),
      2000,
      "the 'not sent' answer",
    );
    assertEquals(world.to(ann), ["CharacterChatWhisper:0a0500526f77616e00"]);
  } finally {
    await world.close();
  }
});

Deno.test("chat handlers return while the bus holds their publish (broker outage): the session's next packets go on", async () => {
  const world = routingWorld();
  const held: Promise<void>[] = [];
  let release!: () => void;
  const outage = new Promise<void>((resolve) => release = resolve);
  const bus = {
    ...recordingBus(),
    publish() {
      held.push(outage);
      return outage;
    },
  } as unknown as Bus;
  const ctx = { ...world.ctx, bus } as unknown as FeatureContext;
  const handlers = chatHandlers(ctx, findInWorld(ctx, cachedSpeaker));
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await withDeadline(
      Promise.resolve(
        handlers.CharacterChatGeneralHandle(ann, packetReader(body((w) => w.string("hi").bool(false)))),
      ),
      1000,
      "general chat's handler to return",
    );
    await withDeadline(
      Promise.resolve(
        handlers.CharacterChatMultiHandle(
          ann,
          packetReader(body((w) => w.byte(1).byte(1).uint32(30112).string("brb"))),
        ),
      ),
      1000,
      "multi chat's handler to return",
    );
    await withDeadline(
      Promise.resolve(
        handlers.CharacterChatWhisperHandle(
          ann,
          packetReader(body((w) => w.byte(6).string("Rowan").string("x"))),
        ),
      ),
      1000,
      "the whisper handler to return",
    );
    assertEquals(held.length, 3, "all three were handed to the bus");
  } finally {
    release();
    await world.close();
  }
});

Deno.test("whisper find: on this channel in its map, on another channel here by channel, unknown names not found", async () => {
  const { world, bus, handlers } = handlerWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await world.player(30112, "Rowan", 101000000);
    await world.player(30113, "Elsewhere", 100000000, { channelId: 2 });
    await handlers.CharacterChatWhisperHandle(ann, packetReader(body((w) => w.byte(5).string("rowan"))));
    await handlers.CharacterChatWhisperHandle(ann, packetReader(body((w) => w.byte(68).string("Rowan"))));
    await handlers.CharacterChatWhisperHandle(ann, packetReader(body((w) => w.byte(5).string("Elsewhere"))));
    await handlers.CharacterChatWhisperHandle(ann, packetReader(body((w) => w.byte(5).string("Nobody"))));
    assertEquals(world.to(ann), [
      "CharacterChatWhisper:09" + "0500526f77616e" + "01" + "40230506" + "00000000" + "00000000",
      "CharacterChatWhisper:48" + "0500526f77616e" + "01" + "40230506",
      "CharacterChatWhisper:09" + "0900456c73657768657265" + "03" + "02000000",
      "CharacterChatWhisper:09" + "06004e6f626f6479" + "00" + "00000000",
    ]);
    assertEquals(bus.published.length, 0);
  } finally {
    await world.close();
  }
});
