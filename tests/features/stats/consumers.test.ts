/**
 * `EVENT_TOPIC_CHARACTER_STATUS` handling (reference `kafka/consumer/character/consumer.go`): which
 * sessions get which packet for each handled type, when REST is read, and what is skipped. Packets are
 * encoded with the GMS 83 template's writer options so the bytes can be checked.
 */
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { Tenant } from "../../../src/tenant.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { Character } from "../../../src/features/character/rest.ts";
import {
  type CharacterStatusEvent,
  characterStatusEventSchema,
} from "../../../src/features/character/messages.ts";
import type { Session } from "../../../src/net/session.ts";
import type { RestClient } from "../../../src/rest/client.ts";
import { createPresence } from "../../../src/features/map/presence.ts";
import { loggedInCharacterKey } from "../../../src/features/login/state.ts";
import {
  foldExperience,
  onCharacterStatus,
  type StatsContext,
  statValue,
} from "../../../src/features/stats/consumers.ts";
import { characterRecord } from "../../support/character-record.ts";

const GMS83: Tenant = {
  id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const OTHER: Tenant = { ...GMS83, majorVersion: 95 };
const HENESYS = 100000000;

/** A level-30 thief in Henesys with the stats the tests read; `extra` changes any field. */
function character(id: number, extra: Partial<Character> = {}): Character {
  return characterRecord({
    id,
    level: 30,
    experience: 5230,
    strength: 40,
    dexterity: 25,
    hp: 820,
    maxHp: 900,
    mp: 310,
    maxMp: 320,
    meso: 150000,
    jobId: 400,
    fame: 12,
    ap: 5,
    sp: "2,0,0",
    mapId: HENESYS,
    ...extra,
  });
}

interface Sent {
  to: string;
  writer: string;
  bytes: string;
}

interface World {
  sent: Sent[];
  /** Character ids read from atlas-character, in order. */
  fetched: number[];
  handle(event: unknown, tenant?: Tenant): Promise<void>;
}

/**
 * A session as the consumers see it: its routing fields and attributes (the consumers never touch
 * the socket; sending goes through the context, recorded below).
 */
function session(id: string, characterId: number, extra: { channelId?: number } = {}): Session {
  const attributes = new Map<unknown, unknown>();
  return {
    id,
    tenant: GMS83,
    worldId: 0,
    channelId: extra.channelId ?? 1,
    characterId,
    isClosed: false,
    get: (key: unknown) => attributes.get(key),
    set: (key: unknown, value: unknown) => void attributes.set(key, value),
  } as unknown as Session;
}

/** The stats consumers' context: the real presence index, recorded packets, characters as atlas-character holds them. */
function world(
  sessions: { session: Session; mapId: number }[],
  characters: Character[] = [],
  options: { noRest?: boolean } = {},
): World {
  const presence = createPresence();
  for (const { session, mapId } of sessions) {
    presence.bindCharacter(session, session.characterId!);
    presence.enter(session, mapId);
  }
  const sent: Sent[] = [];
  const fetched: number[] = [];
  const rest = {
    get(_service: string, path: string) {
      const id = Number(path.split("/")[1]);
      fetched.push(id);
      const found = characters.find((c) => c.id === id);
      if (!found) return Promise.reject(new Error("404"));
      const { id: _id, ...attributes } = found;
      return Promise.resolve({ id: found.id, attributes }); // a parsed JSON:API resource
    },
  } as unknown as RestClient;
  const ctx: StatsContext = {
    presence,
    rest: options.noRest ? undefined : rest,
    send: (s, writer, build) => {
      sent.push({ to: s.id, writer, bytes: encode(writer, build) });
      return true;
    },
    broadcast: (list, writer, build, except) => {
      let n = 0;
      for (const s of list) {
        if (s === except) continue;
        sent.push({ to: s.id, writer, bytes: encode(writer, build) });
        n++;
      }
      return n;
    },
  };
  return {
    sent,
    fetched,
    handle: (event, tenant = GMS83) =>
      onCharacterStatus(ctx, {
        value: characterStatusEventSchema.parse(event) as CharacterStatusEvent,
        tenant,
      }),
  };
}

function encode(writer: string, build: BuildPacket): string {
  const w = packetWriter();
  build(w, writerOptions(TEMPLATE_FILES.gms83, writer));
  return toHex(w.toBytes());
}

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");

const stat = (characterId: number, worldId: number, updates: string[] | null, exclRequestSent = true) => ({
  characterId,
  type: "STAT_CHANGED",
  worldId,
  body: { channelId: 1, exclRequestSent, updates },
});

Deno.test("STAT_CHANGED: values come from REST, not the event; only the character's session; cache refreshed", async () => {
  const me = session("me", 1001);
  const other = session("other", 1002);
  const w = world([{ session: me, mapId: HENESYS }, { session: other, mapId: HENESYS }], [character(1001)]);
  await w.handle(stat(1001, 0, ["HP", "MP", "AVAILABLE_AP"]));
  assertEquals(w.sent, [{
    to: "me",
    writer: "StatChanged",
    bytes: hexOf("01 00 54 00 00 34 03 36 01 05 00 00"),
  }]);
  assertEquals(w.fetched, [1001]);
  assertEquals(me.get(loggedInCharacterKey)?.hp, 820, "the session's cached character is refreshed");
});

Deno.test("STAT_CHANGED: other world, other tenant or absent character → nothing sent, no REST", async () => {
  const me = session("me", 1001);
  const w = world([{ session: me, mapId: HENESYS }], [character(1001)]);
  await w.handle(stat(1001, 1, ["HP"]));
  await w.handle(stat(1001, 0, ["HP"]), OTHER);
  await w.handle(stat(4242, 0, ["HP"]));
  assertEquals([w.sent.length, w.fetched.length], [0, 0]);
});

Deno.test("STAT_CHANGED: empty/null updates are enable actions without REST; lookup failure still unlocks", async () => {
  const me = session("me", 1001);
  const w = world([{ session: me, mapId: HENESYS }], []);
  await w.handle(stat(1001, 0, null));
  await w.handle(stat(1001, 0, [], false));
  assertEquals(w.sent.map((s) => s.bytes), [hexOf("01 00 00 00 00 00"), hexOf("00 00 00 00 00 00")]);
  assertEquals(w.fetched, []);
  w.sent.length = 0;
  await w.handle(stat(1001, 0, ["HP"])); // character lookup fails (404)
  await w.handle(stat(1001, 0, ["HP"], false));
  assertEquals(w.sent.map((s) => s.bytes), [hexOf("01 00 00 00 00 00")]);
  const noRest = world([{ session: me, mapId: HENESYS }], [], { noRest: true });
  await noRest.handle(stat(1001, 0, ["MESO"]));
  assertEquals(noRest.sent.map((s) => s.bytes), [hexOf("01 00 00 00 00 00")]);
});

Deno.test("statValue: each stat name reads its attribute; SP per job and version; unknown and pets are 0", () => {
  const c = character(1, { sp: "1,2,3,4", jobId: 2211, skinColor: 2, gachaponExperience: 9 });
  assertEquals(statValue(GMS83, c, "AVAILABLE_SP"), { kind: "single", points: 3 });
  assertEquals(statValue(OTHER, c, "AVAILABLE_SP"), {
    kind: "extended",
    entries: [{ jobLevel: 1, points: 1 }, { jobLevel: 2, points: 2 }, { jobLevel: 3, points: 3 }, {
      jobLevel: 4,
      points: 4,
    }],
  });
  const names = [
    "SKIN",
    "FACE",
    "HAIR",
    "LEVEL",
    "JOB",
    "STRENGTH",
    "DEXTERITY",
    "INTELLIGENCE",
    "LUCK",
    "HP",
  ];
  assertEquals(names.map((n) => statValue(GMS83, c, n)), [2, 20000, 30000, 30, 2211, 40, 25, 4, 4, 820]);
  const more = [
    "MAX_HP",
    "MP",
    "MAX_MP",
    "AVAILABLE_AP",
    "EXPERIENCE",
    "FAME",
    "MESO",
    "GACHAPON_EXPERIENCE",
  ];
  assertEquals(more.map((n) => statValue(GMS83, c, n)), [900, 310, 320, 5, 5230, 12, 150000, 9]);
  assertEquals(["PET_SN_1", "PET_SN_2", "PET_SN_3", "BOGUS"].map((n) => statValue(GMS83, c, n)), [
    0,
    0,
    0,
    0,
  ]);
});

Deno.test("EXPERIENCE_CHANGED: server match (channel from the body); distributions folded into one message", async () => {
  const me = session("me", 1001);
  const w = world([{ session: me, mapId: HENESYS }]);
  const event = (channelId: number) => ({
    characterId: 1001,
    type: "EXPERIENCE_CHANGED",
    worldId: 0,
    body: {
      channelId,
      current: 5230,
      distributions: [{ experienceType: "WHITE", amount: 120, attr1: 0 }, {
        experienceType: "PARTY",
        amount: 30,
        attr1: 10,
      }],
    },
  });
  await w.handle(event(2));
  assertEquals(w.sent.length, 0);
  await w.handle(event(1));
  assertEquals(w.sent, [{
    to: "me",
    writer: "CharacterStatusMessage",
    bytes: hexOf(`03 01 78 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      0a 1e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`),
  }]);
});

Deno.test("foldExperience: later entries overwrite the same slot; kinds map to their fields", () => {
  const gain = foldExperience([
    { experienceType: "WHITE", amount: 10, attr1: 0 },
    { experienceType: "YELLOW", amount: 20, attr1: 0 },
    { experienceType: "PLAY_TIME", amount: 15, attr1: 3 },
    { experienceType: "SPIRIT_WEEK", amount: 4, attr1: 0 },
    { experienceType: "CAKE_PIE", amount: 6, attr1: 0 },
    { experienceType: "UNKNOWN", amount: 99, attr1: 99 },
  ]);
  assertEquals(
    [
      gain.white,
      gain.amount,
      gain.mobEventBonusPercentage,
      gain.playTimeHour,
      gain.questBonusRate,
      gain.cakePieEventBonus,
    ],
    [false, 20, 15, 3, 4, 6],
  );
});

Deno.test("MESO_CHANGED: world match; signed amount to the character only", async () => {
  const me = session("me", 1001);
  const w = world([{ session: me, mapId: HENESYS }, { session: session("x", 1002), mapId: HENESYS }]);
  await w.handle({
    characterId: 1001,
    type: "MESO_CHANGED",
    worldId: 0,
    body: { actorId: 0, actorType: "CHARACTER", amount: -500 },
  });
  await w.handle({
    characterId: 1001,
    type: "MESO_CHANGED",
    worldId: 3,
    body: { actorId: 0, actorType: "CHARACTER", amount: 5 },
  });
  assertEquals(w.sent, [{ to: "me", writer: "CharacterStatusMessage", bytes: hexOf("05 0c fe ff ff") }]);
});

Deno.test("FAME_CHANGED: receiver gets RECEIVE with the actor's name, actor gets GIVE with the new total", async () => {
  const target = session("target", 1002);
  const actor = session("actor", 1001);
  const chars = [character(1001, { name: "Bob" }), character(1002, { name: "Alice", fame: 13 })];
  const fame = (actorType: string) => ({
    characterId: 1002,
    type: "FAME_CHANGED",
    worldId: 0,
    body: { actorId: 1001, actorType, amount: 1 },
  });
  const both = world([{ session: target, mapId: HENESYS }, { session: actor, mapId: 1 }], chars);
  await both.handle(fame("CHARACTER"));
  assertEquals(both.sent, [
    { to: "target", writer: "FameResponse", bytes: hexOf("05 03 00 42 6f 62 01") },
    { to: "actor", writer: "FameResponse", bytes: hexOf("00 05 00 41 6c 69 63 65 01 0d 00 00 00") },
  ]);
  const onlyActor = world([{ session: actor, mapId: 1 }], chars);
  await onlyActor.handle(fame("CHARACTER"));
  assertEquals(onlyActor.sent.map((s) => s.to), ["actor"]);
  const npc = world([{ session: target, mapId: HENESYS }], chars);
  await npc.handle(fame("NPC"));
  const nobody = world([], chars);
  await nobody.handle(fame("CHARACTER"));
  assertEquals([npc.sent.length, npc.fetched.length, nobody.fetched.length], [0, 0, 0]);
});

Deno.test("LEVEL_CHANGED: effect to the character, foreign effect to the others in its map only", async () => {
  const me = session("me", 30071);
  const sameMap = session("same", 1002);
  const otherMap = session("elsewhere", 1003);
  const otherChannel = session("ch2", 1004, { channelId: 2 });
  const w = world([
    { session: me, mapId: HENESYS },
    { session: sameMap, mapId: HENESYS },
    { session: otherMap, mapId: 101000000 },
    { session: otherChannel, mapId: HENESYS },
  ]);
  await w.handle({
    characterId: 30071,
    type: "LEVEL_CHANGED",
    worldId: 0,
    body: { channelId: 2, amount: 1, current: 31 },
  });
  assertEquals(w.sent.length, 0);
  await w.handle({
    characterId: 30071,
    type: "LEVEL_CHANGED",
    worldId: 0,
    body: { channelId: 1, amount: 1, current: 31 },
  });
  assertEquals(w.sent, [
    { to: "me", writer: "CharacterEffect", bytes: "00" },
    { to: "same", writer: "CharacterEffectForeign", bytes: hexOf("77 75 00 00 00") },
  ]);
});

Deno.test("MAP_CHANGED and ignored types: nothing from the stats domain", async () => {
  const me = session("me", 1001);
  const w = world([{ session: me, mapId: HENESYS }], [character(1001)]);
  await w.handle({
    characterId: 1001,
    type: "MAP_CHANGED",
    worldId: 0,
    body: { channelId: 1, oldMapId: 1, targetMapId: 2, targetPortalId: 0 },
  });
  await w.handle({ characterId: 1001, type: "JOB_CHANGED", worldId: 0, body: {} });
  assertEquals([w.sent.length, w.fetched.length], [0, 0]);
});
