/**
 * The stats handlers (reference `socket/handler/character_distribute_ap.go`,
 * `character_auto_distribute_ap.go`, `character_distribute_sp.go`, `character_heal_over_time.go`,
 * `character_drop_meso.go`): packet bytes in, exact `COMMAND_TOPIC_CHARACTER` JSON out (compared with
 * the samples of kafka-produced.md §4.2), refusals, and truncated packets.
 */
import { assertEquals, assertThrows, assertTrue } from "../../support/assert.ts";
import { hex } from "../map/templates.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import type { Tenant } from "../../../src/tenant.ts";
import { type CharacterCommand, characterCommandSchema } from "../../../src/features/character/messages.ts";
import { statsHandlers, type StatsSession } from "../../../src/features/stats/handlers.ts";

const GMS83: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const JMS185: Tenant = { id: crypto.randomUUID(), region: "JMS", majorVersion: 185, minorVersion: 1 };
const HENESYS = 100000000;

interface Harness {
  session: StatsSession;
  published: { tenant: Tenant; command: CharacterCommand }[];
  unlocked: number;
  run(handler: string, body: string): Promise<void>;
}

function harness(
  options: { tenant?: Tenant; mapId?: number; characterId?: number; failPublish?: boolean } = {},
): Harness {
  const session: StatsSession = {
    id: "s1",
    tenant: options.tenant ?? GMS83,
    worldId: 0,
    channelId: 1,
    characterId: options.characterId ?? 30071,
  };
  const h: Harness = {
    session,
    published: [],
    unlocked: 0,
    async run(handler, body) {
      const handlers = statsHandlers<StatsSession>({
        publish: (tenant, command) => {
          if (options.failPublish) return Promise.reject(new Error("broker down"));
          // What the bus would refuse must not be produced.
          characterCommandSchema.parse(command);
          h.published.push({ tenant, command });
          return Promise.resolve();
        },
        mapOf: () => "mapId" in options ? options.mapId : HENESYS,
        enableActions: () => void h.unlocked++,
      });
      await handlers[handler as keyof typeof handlers](session, packetReader(hex(body)), {});
    },
  };
  return h;
}

const json = (h: Harness) => h.published.map((p) => JSON.stringify(p.command));

Deno.test("CharacterDistributeApHandle: one point into the flag's ability (exact JSON)", async () => {
  const h = harness();
  await h.run("CharacterDistributeApHandle", "10 27 00 00  40 00 00 00");
  assertEquals(json(h), [
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DISTRIBUTE_AP","body":{"distributions":[{"ability":"STRENGTH","amount":1}]}}`,
  ]);
  assertEquals(h.published[0].tenant, GMS83);
  assertEquals(h.unlocked, 0);
  const abilities: string[] = [];
  for (const flag of ["80 00", "00 01", "00 02", "00 08", "00 20"]) {
    const each = harness();
    await each.run("CharacterDistributeApHandle", `00 00 00 00 ${flag} 00 00`);
    const command = each.published[0].command;
    if (command.type === "REQUEST_DISTRIBUTE_AP") abilities.push(command.body.distributions[0].ability);
  }
  assertEquals(abilities, ["DEXTERITY", "INTELLIGENCE", "LUCK", "HP", "MP"]);
});

Deno.test("CharacterDistributeApHandle: an unknown flag produces nothing and unlocks the client", async () => {
  const h = harness();
  await h.run("CharacterDistributeApHandle", "00 00 00 00  20 00 00 00");
  assertEquals(h.published.length, 0);
  assertEquals(h.unlocked, 1);
});

Deno.test("CharacterAutoDistributeApHandle: one pair per (flag, value), reference sample", async () => {
  const h = harness();
  // update time, count 2, (64, 3), (128, 2), then 4 stray bytes that do not make a pair
  await h.run(
    "CharacterAutoDistributeApHandle",
    "01 00 00 00 02 00 00 00 40 00 00 00 03 00 00 00 80 00 00 00 02 00 00 00 ff ff ff ff",
  );
  assertEquals(json(h), [
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DISTRIBUTE_AP","body":{"distributions":[{"ability":"STRENGTH","amount":3},{"ability":"DEXTERITY","amount":2}]}}`,
  ]);
});

Deno.test("CharacterAutoDistributeApHandle: amounts outside 1-127, unknown flags and empty lists are refused", async () => {
  for (
    const body of [
      "00 00 00 00 01 00 00 00 40 00 00 00 80 00 00 00", // 128 would wrap to -128 in the reference
      "00 00 00 00 01 00 00 00 40 00 00 00 00 00 00 00", // 0 points
      "00 00 00 00 02 00 00 00 40 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00", // flag 4
      "00 00 00 00 00 00 00 00",
    ]
  ) {
    const h = harness();
    await h.run("CharacterAutoDistributeApHandle", body);
    assertEquals(h.published.length, 0, body);
    assertEquals(h.unlocked, 1, body);
  }
});

Deno.test("CharacterDistributeSpHandle: one point, receiver's `skilId` spelling (exact JSON)", async () => {
  const h = harness();
  await h.run("CharacterDistributeSpHandle", "00 00 00 00  2c 46 0f 00");
  assertEquals(json(h), [
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DISTRIBUTE_SP","body":{"skilId":1001004,"amount":1}}`,
  ]);
  const zero = harness();
  await zero.run("CharacterDistributeSpHandle", "00 00 00 00  00 00 00 00");
  assertEquals([zero.published.length, zero.unlocked], [0, 1]);
});

Deno.test("CharacterHealOverTimeHandle: CHANGE_HP then CHANGE_MP, only non-zero; GMS reads a trailing byte", async () => {
  const both = harness();
  await both.run("CharacterHealOverTimeHandle", "00 00 00 00  00 14 00 00  0a 00  03 00  00");
  assertEquals(json(both), [
    `{"worldId":0,"characterId":30071,"type":"CHANGE_HP","body":{"channelId":1,"amount":10}}`,
    `{"worldId":0,"characterId":30071,"type":"CHANGE_MP","body":{"channelId":1,"amount":3}}`,
  ]);
  const mpOnly = harness();
  await mpOnly.run("CharacterHealOverTimeHandle", "00 00 00 00  00 14 00 00  00 00  05 00  00");
  assertEquals(json(mpOnly), [
    `{"worldId":0,"characterId":30071,"type":"CHANGE_MP","body":{"channelId":1,"amount":5}}`,
  ]);
  const none = harness();
  await none.run("CharacterHealOverTimeHandle", "00 00 00 00  00 14 00 00  00 00  00 00  00");
  assertEquals([none.published.length, none.unlocked], [0, 0]);
  // JMS has no trailing byte.
  const jms = harness({ tenant: JMS185 });
  await jms.run("CharacterHealOverTimeHandle", "00 00 00 00  00 14 00 00  0a 00  00 00");
  assertEquals(jms.published.map((p) => p.command.type), ["CHANGE_HP"]);
  assertEquals(jms.published[0].tenant, JMS185);
});

Deno.test("CharacterHealOverTimeHandle: negative regeneration produces nothing", async () => {
  const h = harness();
  await h.run("CharacterHealOverTimeHandle", "00 00 00 00  00 14 00 00  f6 ff  05 00  00");
  assertEquals([h.published.length, h.unlocked], [0, 0]);
});

Deno.test("CharacterDropMesoHandle: channel and map from the session (exact JSON); out-of-range refused", async () => {
  const h = harness();
  await h.run("CharacterDropMesoHandle", "00 00 00 00  f4 01 00 00");
  assertEquals(json(h), [
    `{"worldId":0,"characterId":30071,"type":"REQUEST_DROP_MESO","body":{"channelId":1,"mapId":100000000,"amount":500}}`,
  ]);
  for (const amount of ["09 00 00 00", "51 c3 00 00", "ff ff ff ff"]) {
    const refused = harness();
    await refused.run("CharacterDropMesoHandle", `00 00 00 00 ${amount}`);
    assertEquals([refused.published.length, refused.unlocked], [0, 1], amount);
  }
  const max = harness();
  await max.run("CharacterDropMesoHandle", "00 00 00 00  50 c3 00 00");
  assertEquals(max.published.length, 1);
});

Deno.test("stats handlers: truncated packets throw PacketReadError and produce nothing", async () => {
  const cases: [string, string][] = [
    ["CharacterDistributeApHandle", "00 00 00 00 40 00 00"],
    ["CharacterAutoDistributeApHandle", "00 00 00 00 01 00 00"],
    ["CharacterDistributeSpHandle", "00 00 00 00"],
    ["CharacterHealOverTimeHandle", "00 00 00 00 00 14 00 00 0a 00 03 00"], // GMS trailing byte missing
    ["CharacterDropMesoHandle", "00 00"],
  ];
  for (const [handler, body] of cases) {
    const h = harness();
    let error: unknown;
    try {
      await h.run(handler, body);
    } catch (err) {
      error = err;
    }
    assertTrue(error instanceof PacketReadError, `${handler} should throw PacketReadError`);
    assertEquals([h.published.length, h.unlocked], [0, 0], handler);
  }
  assertThrows(() => packetReader(hex("00")).uint32(), PacketReadError);
});

Deno.test("stats handlers: no character or no map → nothing produced, client unlocked", async () => {
  const noMap = harness({ mapId: undefined });
  await noMap.run("CharacterDropMesoHandle", "00 00 00 00 f4 01 00 00");
  assertEquals([noMap.published.length, noMap.unlocked], [0, 1]);
  const noCharacter = harness({ characterId: 0 });
  await noCharacter.run("CharacterDistributeSpHandle", "00 00 00 00 2c 46 0f 00");
  assertEquals([noCharacter.published.length, noCharacter.unlocked], [0, 1]);
});

Deno.test("stats handlers: a failed publish is logged and unlocks the client; the handler does not reject", async () => {
  const h = harness({ failPublish: true });
  await h.run("CharacterDistributeSpHandle", "00 00 00 00 2c 46 0f 00");
  assertEquals([h.published.length, h.unlocked], [0, 1]);
  const heal = harness({ failPublish: true });
  await heal.run("CharacterHealOverTimeHandle", "00 00 00 00 00 14 00 00 0a 00 00 00 00");
  assertEquals(heal.unlocked, 0);
});
