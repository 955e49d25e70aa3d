/**
 * The sandbox's social stand-ins answer as the real services do: atlas-buddies (requests, acceptance
 * through atlas-invites, removal and declining) — validated by the bus with the channel's contracts.
 */
import { assertEquals } from "../support/assert.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import type { TopicContract } from "../../src/kafka/contract.ts";
import { decodeKey } from "../../src/kafka/key.ts";
import { type Sandbox, SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { sessionStatusContract } from "../../src/features/session/messages.ts";
import { buddyListCommandContract, buddyListStatusContract } from "../../src/features/buddy/messages.ts";
import { inviteCommandContract, inviteStatusContract } from "../../src/features/invite/messages.ts";
import {
  partyCommandContract,
  partyMemberStatusContract,
  partyStatusContract,
} from "../../src/features/party/messages.ts";
import { FIRST_MESSENGER_ID, FIRST_NOTE_ID, FIRST_PARTY_ID } from "../../src/sandbox/responders/mod.ts";
import { messengerCommandContract, messengerStatusContract } from "../../src/features/messenger/messages.ts";
import { noteCommandContract, noteStatusContract } from "../../src/features/note/messages.ts";
import { fameCommandContract, fameStatusContract } from "../../src/features/fame/messages.ts";
import { characterStatusContract } from "../../src/features/character/messages.ts";

interface Seen {
  topic: string;
  key: number | undefined;
  value: Record<string, unknown>;
}

/** The sandbox on an in-memory broker and a "channel" bus that records the social events. */
export async function socialHarness(
  events: TopicContract[],
): Promise<{ sandbox: Sandbox; channel: Bus; seen: Seen[]; stop(): Promise<void> }> {
  const broker = new MemoryBroker();
  const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2, logoutAfterMs: 100 });
  const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "social-responder-test" });
  const seen: Seen[] = [];
  for (const contract of events) {
    channel.subscribe(contract, ({ value, key }) => {
      seen.push({
        topic: contract.variable,
        key: key && key.length === 8 ? decodeKey(key) : undefined,
        value: value as Record<string, unknown>,
      });
    });
  }
  await channel.start();
  return {
    sandbox,
    channel,
    seen,
    async stop() {
      await channel.stop();
      await sandbox.stop();
    },
  };
}

/** Polls until `check` holds. */
export async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Marks a character online on channel `channelId` (as a channel's session `CREATED` does). */
export async function online(channel: Bus, characterId: number, accountId: number, channelId = 0) {
  await channel.publish(sessionStatusContract, {
    sessionId: crypto.randomUUID(),
    accountId,
    characterId,
    worldId: 0,
    channelId,
    issuer: "CHANNEL",
    type: "CREATED",
  }, { tenant: SANDBOX_TENANT, key: characterId });
}

const options = { tenant: SANDBOX_TENANT };
const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

test("atlas-buddies: request → BUDDY invite; accept → both lists; again → ALREADY_BUDDY; delete; decline", async () => {
  const h = await socialHarness([buddyListStatusContract, inviteStatusContract]);
  try {
    await online(h.channel, 1001, 1, 0);
    await online(h.channel, 2001, 2, 1);
    await until("both online", () => h.sandbox.store.online(2001) !== undefined);
    const add = (from: number, to: number) =>
      h.channel.publish(buddyListCommandContract, {
        worldId: 0,
        characterId: from,
        type: "REQUEST_ADD",
        body: { characterId: to, group: "Friends" },
      }, { ...options, key: from });
    await add(1001, 2001);
    await until("invite", () => h.seen.length >= 1);
    assertEquals(h.seen[0].value, {
      worldId: 0,
      inviteType: "BUDDY",
      referenceId: 1001,
      type: "CREATED",
      body: { originatorId: 1001, targetId: 2001 },
    });
    assertEquals(h.sandbox.store.buddyList(1001).buddies.map((b) => [b.characterId, b.pending]), [[
      2001,
      true,
    ]]);

    await h.channel.publish(inviteCommandContract, {
      worldId: 0,
      inviteType: "BUDDY",
      type: "ACCEPT",
      body: { targetId: 2001, referenceId: 1001 },
    }, { ...options, key: 2001 });
    await until("accepted and two BUDDY_ADDED", () => h.seen.length >= 4);
    const invitesSeen = () =>
      h.seen.filter((s) => s.topic === "EVENT_TOPIC_INVITE_STATUS").map((s) => s.value);
    const buddiesSeen = () =>
      h.seen.filter((s) => s.topic === "EVENT_TOPIC_BUDDY_LIST_STATUS").map((s) => s.value);
    assertEquals(invitesSeen()[1], {
      worldId: 0,
      inviteType: "BUDDY",
      referenceId: 1001,
      type: "ACCEPTED",
      body: { originatorId: 1001, targetId: 2001 },
    });
    assertEquals(buddiesSeen(), [
      {
        worldId: 0,
        characterId: 1001,
        type: "BUDDY_ADDED",
        body: { characterId: 2001, group: "Friends", characterName: "Cody", channelId: 1 },
      },
      {
        worldId: 0,
        characterId: 2001,
        type: "BUDDY_ADDED",
        body: { characterId: 1001, group: "Default Group", characterName: "Aria", channelId: 0 },
      },
    ]);
    assertEquals(h.sandbox.store.buddyList(2001).buddies.map((b) => [b.characterId, b.pending]), [[
      1001,
      false,
    ]]);

    await add(1001, 2001);
    await until("error", () => h.seen.length >= 5);
    assertEquals(buddiesSeen()[2], {
      worldId: 0,
      characterId: 1001,
      type: "ERROR",
      body: { error: "ALREADY_BUDDY" },
    });

    await h.channel.publish(buddyListCommandContract, {
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DELETE",
      body: { characterId: 2001 },
    }, { ...options, key: 1001 });
    await until("removed", () => h.seen.length >= 6);
    assertEquals(buddiesSeen()[3], {
      worldId: 0,
      characterId: 1001,
      type: "BUDDY_REMOVED",
      body: { characterId: 2001 },
    });

    // Dana asks Aria; Aria declines with a delete: REJECTED, and Dana's pending entry goes.
    await add(2002, 1001);
    await until("dana's invite", () => h.seen.length >= 7);
    await h.channel.publish(buddyListCommandContract, {
      worldId: 0,
      characterId: 1001,
      type: "REQUEST_DELETE",
      body: { characterId: 2002 },
    }, { ...options, key: 1001 });
    await until("rejected and removed", () => h.seen.length >= 9);
    assertEquals(invitesSeen()[3], {
      worldId: 0,
      inviteType: "BUDDY",
      referenceId: 2002,
      type: "REJECTED",
      body: { originatorId: 2002, targetId: 1001 },
    });
    assertEquals(buddiesSeen()[4], {
      worldId: 0,
      characterId: 2002,
      type: "BUDDY_REMOVED",
      body: { characterId: 1001 },
    });
    assertEquals(h.sandbox.store.buddyList(2002).buddies, []);
  } finally {
    await h.stop();
  }
});

test("atlas-parties: create, invite → accept → joined, member login, expel, leader leaves → disband", async () => {
  const h = await socialHarness([partyStatusContract, partyMemberStatusContract, inviteStatusContract]);
  const ofTopic = (topic: string) => h.seen.filter((s) => s.topic === topic).map((s) => s.value);
  const parties = () => ofTopic("EVENT_TOPIC_PARTY_STATUS");
  try {
    const command = (value: Parameters<typeof h.channel.publish<typeof partyCommandContract>>[1]) =>
      h.channel.publish(partyCommandContract, value, { ...options, key: value.actorId });
    await command({ actorId: 1001, type: "CREATE", body: {} });
    await until("created", () => parties().length >= 1);
    assertEquals(parties()[0], {
      actorId: 1001,
      worldId: 0,
      partyId: FIRST_PARTY_ID,
      type: "CREATED",
      body: {},
    });
    await command({ actorId: 1001, type: "CREATE", body: {} });
    await until("error", () => parties().length >= 2);
    assertEquals(parties()[1], {
      actorId: 1001,
      worldId: 0,
      partyId: 0,
      type: "ERROR",
      body: { type: "ALREADY_HAVE_JOINED_A_PARTY_1", characterName: "" },
    });

    await command({ actorId: 1001, type: "REQUEST_INVITE", body: { characterId: 2001 } });
    await until("invite", () => ofTopic("EVENT_TOPIC_INVITE_STATUS").length >= 1);
    assertEquals(ofTopic("EVENT_TOPIC_INVITE_STATUS")[0], {
      worldId: 0,
      inviteType: "PARTY",
      referenceId: FIRST_PARTY_ID,
      type: "CREATED",
      body: { originatorId: 1001, targetId: 2001 },
    });
    await h.channel.publish(inviteCommandContract, {
      worldId: 0,
      inviteType: "PARTY",
      type: "ACCEPT",
      body: { targetId: 2001, referenceId: FIRST_PARTY_ID },
    }, { ...options, key: 2001 });
    await until("joined", () => parties().length >= 3);
    assertEquals(parties()[2], {
      actorId: 2001,
      worldId: 0,
      partyId: FIRST_PARTY_ID,
      type: "JOINED",
      body: {},
    });
    assertEquals(h.sandbox.store.parties.get(FIRST_PARTY_ID)?.members, [1001, 2001]);

    await online(h.channel, 2001, 2, 1);
    await until("member login", () => ofTopic("EVENT_TOPIC_PARTY_MEMBER_STATUS").length >= 1);
    assertEquals(ofTopic("EVENT_TOPIC_PARTY_MEMBER_STATUS")[0], {
      worldId: 0,
      partyId: FIRST_PARTY_ID,
      characterId: 2001,
      type: "LOGIN",
      body: {},
    });

    // The expelled member is the command's actor (as atlas-parties reads it); the event names the leader.
    await command({ actorId: 2001, type: "LEAVE", body: { partyId: FIRST_PARTY_ID, force: true } });
    await until("expel", () => parties().length >= 4);
    assertEquals(parties()[3], {
      actorId: 1001,
      worldId: 0,
      partyId: FIRST_PARTY_ID,
      type: "EXPEL",
      body: { characterId: 2001 },
    });
    await command({ actorId: 1001, type: "LEAVE", body: { partyId: FIRST_PARTY_ID, force: false } });
    await until("disband", () => parties().length >= 5);
    assertEquals(parties()[4], {
      actorId: 1001,
      worldId: 0,
      partyId: FIRST_PARTY_ID,
      type: "DISBAND",
      body: { members: [1001] },
    });
    assertEquals(h.sandbox.store.parties.size, 0);
  } finally {
    await h.stop();
  }
});

test("atlas-fame: fame changes the target and announces FAME_CHANGED; the day's second → NOT_TODAY; low level", async () => {
  const h = await socialHarness([fameStatusContract, characterStatusContract]);
  const ofTopic = (topic: string) => h.seen.filter((s) => s.topic === topic).map((s) => s.value);
  try {
    const fame = (characterId: number, targetId: number) =>
      h.channel.publish(fameCommandContract, {
        worldId: 0,
        characterId,
        type: "REQUEST_CHANGE",
        body: { channelId: 1, mapId: 100000000, targetId, amount: 1 },
      }, { ...options, key: characterId });
    const before = h.sandbox.store.character(2001)!.attributes.fame ?? 0;
    await fame(1001, 2001);
    await until("fame changed", () => ofTopic("EVENT_TOPIC_CHARACTER_STATUS").length >= 1);
    assertEquals(ofTopic("EVENT_TOPIC_CHARACTER_STATUS")[0], {
      worldId: 0,
      characterId: 2001,
      type: "FAME_CHANGED",
      body: { actorId: 1001, actorType: "CHARACTER", amount: 1 },
    });
    assertEquals(h.sandbox.store.character(2001)!.attributes.fame, before + 1);
    await fame(1001, 1002);
    await fame(2001, 1001); // Cody is level 12
    await until("two errors", () => ofTopic("EVENT_TOPIC_FAME_STATUS").length >= 2);
    const errors = ofTopic("EVENT_TOPIC_FAME_STATUS").sort((a, b) =>
      Number(a.characterId) - Number(b.characterId)
    );
    assertEquals(errors, [
      { worldId: 0, characterId: 1001, type: "ERROR", body: { channelId: 1, error: "NOT_TODAY" } },
      { worldId: 0, characterId: 2001, type: "ERROR", body: { channelId: 1, error: "NOT_MINIMUM_LEVEL" } },
    ]);
  } finally {
    await h.stop();
  }
});

test("atlas-notes: CREATE stores the note for the recipient → CREATED; DISCARD deletes the owner's → DELETED", async () => {
  const h = await socialHarness([noteStatusContract]);
  try {
    await h.channel.publish(noteCommandContract, {
      characterId: 2001,
      type: "CREATE",
      body: { senderId: 1001, message: "see you", flag: 1 },
    }, { ...options, key: 1001 });
    await until("created", () => h.seen.length >= 1);
    const created = h.seen[0].value as { body: { time: string } };
    assertEquals(h.seen[0].value, {
      characterId: 2001,
      type: "CREATED",
      body: { noteId: FIRST_NOTE_ID, senderId: 1001, message: "see you", flag: 1, time: created.body.time },
    });
    assertEquals(h.sandbox.store.notes.get(FIRST_NOTE_ID)?.characterId, 2001);
    // Someone else's discard leaves it; the owner's deletes it.
    await h.channel.publish(noteCommandContract, {
      characterId: 1001,
      type: "DISCARD",
      body: { noteIds: [FIRST_NOTE_ID] },
    }, { ...options, key: 1001 });
    await h.channel.publish(noteCommandContract, {
      characterId: 2001,
      type: "DISCARD",
      body: { noteIds: [FIRST_NOTE_ID] },
    }, { ...options, key: 2001 });
    await until("deleted", () => h.seen.length >= 2);
    assertEquals(h.seen[1].value, { characterId: 2001, type: "DELETED", body: { noteId: FIRST_NOTE_ID } });
    assertEquals(h.sandbox.store.notes.size, 0);
  } finally {
    await h.stop();
  }
});

test("atlas-messengers: create seats the actor; invite → accept seats the target; leave frees the slot", async () => {
  const h = await socialHarness([messengerStatusContract, inviteStatusContract]);
  const rooms = () => h.seen.filter((s) => s.topic === "EVENT_TOPIC_MESSENGER_STATUS").map((s) => s.value);
  try {
    const command = (value: Parameters<typeof h.channel.publish<typeof messengerCommandContract>>[1]) =>
      h.channel.publish(messengerCommandContract, value, { ...options, key: value.actorId });
    const id = FIRST_MESSENGER_ID;
    await command({ actorId: 1001, type: "CREATE", body: {} });
    await until("created and joined", () => rooms().length >= 2);
    assertEquals(rooms(), [
      { actorId: 1001, worldId: 0, messengerId: id, type: "CREATED", body: {} },
      { actorId: 1001, worldId: 0, messengerId: id, type: "JOINED", body: { slot: 0 } },
    ]);
    await command({ actorId: 1001, type: "REQUEST_INVITE", body: { characterId: 2001 } });
    await until("invite", () => h.seen.some((s) => s.topic === "EVENT_TOPIC_INVITE_STATUS"));
    await h.channel.publish(inviteCommandContract, {
      worldId: 0,
      inviteType: "MESSENGER",
      type: "ACCEPT",
      body: { targetId: 2001, referenceId: id },
    }, { ...options, key: 2001 });
    await until("joined", () => rooms().length >= 3);
    assertEquals(rooms()[2], {
      actorId: 2001,
      worldId: 0,
      messengerId: id,
      type: "JOINED",
      body: { slot: 1 },
    });
    await command({ actorId: 2001, type: "LEAVE", body: { messengerId: id } });
    await until("left", () => rooms().length >= 4);
    assertEquals(rooms()[3], { actorId: 2001, worldId: 0, messengerId: id, type: "LEFT", body: { slot: 1 } });
    assertEquals(h.sandbox.store.messengers.get(id)?.members, [{ characterId: 1001, slot: 0 }]);
  } finally {
    await h.stop();
  }
});
