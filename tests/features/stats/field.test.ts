/**
 * End to end on the real broker through the field harness (GMS 83 template): stat requests from
 * headless clients become `COMMAND_TOPIC_CHARACTER` commands with the exact JSON, the Atlas key and
 * tenant/trace headers; character status events become the reference's packets for exactly the
 * targeted sessions (the character, or the others in its map for the level-up effect), and nothing for
 * other maps, channels or tenants.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { characterDocument, startField } from "../../support/field.ts";
import { loggedInCharacterKey } from "../../../src/features/login/state.ts";
import {
  characterCommandContract,
  characterStatusContract,
} from "../../../src/features/character/messages.ts";
import { toHex } from "../map/templates.ts";
import { expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");

Deno.test(
  integration("stats field: requests → character commands; malformed and refused → nothing", async () => {
    const field = await startField();
    try {
      const aria = await field.login(1001); // Henesys, channel 1
      const send = (handler: string, build: Parameters<typeof field.packet>[1]) =>
        aria.client.send(field.packet(handler, build));
      const expectRaw = async (type: string, raw: string) => {
        const command = await field.expectCommand(
          characterCommandContract,
          (m) => m.value.type === type && m.raw === raw,
        );
        assertEquals(command.keyId, 1001);
        assertEquals(toHex(command.key!), "e9 03 00 00 00 00 00 00");
        assertEquals(command.headers.TENANT_ID, field.tenant.id);
        assertEquals(command.headers.REGION, "GMS");
        assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");
      };

      await send("CharacterDistributeApHandle", (w) => w.uint32(1).uint32(128));
      await expectRaw(
        "REQUEST_DISTRIBUTE_AP",
        `{"worldId":0,"characterId":1001,"type":"REQUEST_DISTRIBUTE_AP","body":{"distributions":[{"ability":"DEXTERITY","amount":1}]}}`,
      );
      await send(
        "CharacterAutoDistributeApHandle",
        (w) => w.uint32(2).uint32(2).uint32(64).uint32(3).uint32(512).uint32(2),
      );
      await expectRaw(
        "REQUEST_DISTRIBUTE_AP",
        `{"worldId":0,"characterId":1001,"type":"REQUEST_DISTRIBUTE_AP","body":{"distributions":[{"ability":"STRENGTH","amount":3},{"ability":"LUCK","amount":2}]}}`,
      );
      await send("CharacterDistributeSpHandle", (w) => w.uint32(3).uint32(4001334));
      await expectRaw(
        "REQUEST_DISTRIBUTE_SP",
        `{"worldId":0,"characterId":1001,"type":"REQUEST_DISTRIBUTE_SP","body":{"skilId":4001334,"amount":1}}`,
      );
      await send("CharacterHealOverTimeHandle", (w) => w.uint32(4).uint32(0x1400).int16(10).int16(3).byte(0));
      await expectRaw(
        "CHANGE_HP",
        `{"worldId":0,"characterId":1001,"type":"CHANGE_HP","body":{"channelId":1,"amount":10}}`,
      );
      await expectRaw(
        "CHANGE_MP",
        `{"worldId":0,"characterId":1001,"type":"CHANGE_MP","body":{"channelId":1,"amount":3}}`,
      );
      const heal = field.captured(characterCommandContract).filter((m) =>
        String(m.value.type).startsWith("CHANGE_")
      );
      assertEquals(heal.map((m) => m.value.type), ["CHANGE_HP", "CHANGE_MP"]);
      await send("CharacterDropMesoHandle", (w) => w.uint32(5).uint32(500));
      await expectRaw(
        "REQUEST_DROP_MESO",
        `{"worldId":0,"characterId":1001,"type":"REQUEST_DROP_MESO","body":{"channelId":1,"mapId":100000000,"amount":500}}`,
      );

      // Truncated, unknown flag, out-of-range amount: no command, no crash; refusals unlock the client.
      // A valid request sent afterwards is the first command after them, and the sentinel of the replies.
      const before = field.captured(characterCommandContract).length;
      const statChanged = field.writerOpcode("StatChanged");
      const unlock = (p: { opcode: number; body: Uint8Array }) =>
        p.opcode === statChanged && toHex(p.body) === "01 00 00 00 00 00";
      const firstUnlock = receiveUntil(aria.client, unlock, { what: "the first refusal's unlock" });
      await send("CharacterDropMesoHandle", (w) => w.uint32(6).uint16(1));
      await send("CharacterDistributeApHandle", (w) => w.uint32(7).uint32(4));
      await send("CharacterDropMesoHandle", (w) => w.uint32(8).uint32(1_000_000));
      const replies = [
        ...await firstUnlock,
        ...await receiveUntil(aria.client, unlock, { what: "the second refusal's unlock" }),
      ];
      assertEquals(replies.filter((p) => p.opcode === statChanged).length, 2);
      await send("CharacterDistributeSpHandle", (w) => w.uint32(9).uint32(1000));
      const next = await field.expectNoCommandBefore(
        characterCommandContract,
        () => true,
        (m) => m.value.type === "REQUEST_DISTRIBUTE_SP",
        { from: before },
      );
      // Still served afterwards.
      assertEquals(
        next.raw,
        `{"worldId":0,"characterId":1001,"type":"REQUEST_DISTRIBUTE_SP","body":{"skilId":1000,"amount":1}}`,
      );
      // The handler of the valid request wrote nothing; a third unlock would have come before this.
      await expectNoneBefore(
        aria.client,
        isOpcode(statChanged),
        await field.sentinel(aria),
        "a third unlock",
      );
      assertTrue(!aria.session.isClosed, "the session survives malformed packets");
    } finally {
      await field.stop();
    }
  }),
);

Deno.test(integration("stats field: status events → packets for exactly the targeted sessions", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const aria = await field.login(1001); // Henesys, channel 1
    const cody = await field.login(2001); // Henesys, channel 1
    const brin = await field.login(1002); // Ellinia, channel 1
    const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
    const evie = await field.login(5001); // Henesys, channel 1, Evan 2212
    const foreign = await field.login(2001, { otherTenant: true }); // same id on the other tenant
    const all = { aria, cody, brin, dana, evie, foreign };
    // Whatever login sent each of them comes before their sentinel.
    await Promise.all(
      Object.values(all).map(async (who) =>
        receiveUntil(who.client, await field.sentinel(who), { what: "the sentinel after login" })
      ),
    );

    const ours = [
      field.writerOpcode("StatChanged"),
      field.writerOpcode("CharacterStatusMessage"),
      field.writerOpcode("CharacterEffect"),
      field.writerOpcode("CharacterEffectForeign"),
      field.writerOpcode("FameResponse"),
    ];
    const publish = (
      value: Parameters<typeof field.publishEvent<typeof characterStatusContract>>[1],
      tenant = field.tenant,
    ) => field.publishEvent(characterStatusContract, value, { tenant });

    // Aria's HP changed in atlas-character since login: the packet and her cached character follow REST.
    field.rest.on("GET", "characters/1001", {
      json: characterDocument({ ...field.character(1001), hp: 500 }),
    });
    await publish({
      characterId: 1001,
      type: "STAT_CHANGED",
      worldId: 0,
      body: { channelId: 1, exclRequestSent: true, updates: ["AVAILABLE_AP", "HP", "MP"] },
    });
    await publish({
      characterId: 5001,
      type: "STAT_CHANGED",
      worldId: 0,
      body: { channelId: 1, exclRequestSent: false, updates: ["AVAILABLE_SP"] },
    });
    await publish({
      characterId: 1001,
      type: "EXPERIENCE_CHANGED",
      worldId: 0,
      body: {
        channelId: 1,
        current: 5230,
        distributions: [{ experienceType: "WHITE", amount: 120, attr1: 0 }],
      },
    });
    await publish({
      characterId: 1001,
      type: "MESO_CHANGED",
      worldId: 0,
      body: { actorId: 0, actorType: "CHARACTER", amount: 2500 },
    });
    await publish({
      characterId: 2001,
      type: "FAME_CHANGED",
      worldId: 0,
      body: { actorId: 1001, actorType: "CHARACTER", amount: 1 },
    });
    await publish({
      characterId: 1001,
      type: "LEVEL_CHANGED",
      worldId: 0,
      body: { channelId: 1, amount: 1, current: 31 },
    });
    // Only the other tenant's session of character 2001 gets this one.
    await publish(
      {
        characterId: 2001,
        type: "MESO_CHANGED",
        worldId: 0,
        body: { actorId: 0, actorType: "CHARACTER", amount: -7 },
      },
      field.otherTenant!,
    );

    // The sentinels, on the same topic after the events above: a meso gain of 4242 for each character
    // (CharacterStatusMessage mode 5), on its own tenant. What came before it is all the session got.
    const statusMessage = field.writerOpcode("CharacterStatusMessage");
    const sentinel = {
      type: "MESO_CHANGED",
      worldId: 0,
      body: { actorId: 0, actorType: "CHARACTER", amount: 4242 },
    };
    for (const who of Object.values(all)) {
      await publish(
        { ...sentinel, characterId: who.character.id } as Parameters<typeof publish>[0],
        who.session.tenant,
      );
    }
    const got = Object.fromEntries(
      await Promise.all(
        Object.entries(all).map(async ([name, who]) => {
          const seen = await receiveUntil(
            who.client,
            (p) => p.opcode === statusMessage && toHex(p.body) === "05 92 10 00 00",
            { what: `${name}'s sentinel` },
          );
          return [name, seen.slice(0, -1).filter((p) => ours.includes(p.opcode)).map((p) => toHex(p.body))];
        }),
      ),
    ) as Record<keyof typeof all, string[]>;

    assertEquals(got.aria, [
      hexOf("01 00 54 00 00 f4 01 36 01 05 00 00"), // HP 500, MP 310, AP 5 read from REST
      hexOf(`03 01 78 00 00 00 00 00 00 00 00 00 00 00 00 00 00
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`),
      hexOf("05 c4 09 00 00"),
      hexOf("00 04 00 43 6f 64 79 01 03 00 00 00"), // gave fame to Cody (total 3 from REST)
      "00", // own level-up effect
    ]);
    assertEquals(got.cody, [
      hexOf("05 04 00 41 72 69 61 01"), // received fame from Aria
      hexOf("e9 03 00 00 00"), // Aria's level-up, seen in the same map
    ]);
    assertEquals(got.evie, [
      hexOf("00 00 80 00 00 04 00 00"), // Evan on GMS 83: the current skill book's counter (index 3)
      hexOf("e9 03 00 00 00"),
    ]);
    assertEquals(got.foreign, [hexOf("05 f9 ff ff ff")]);
    assertEquals(aria.session.get(loggedInCharacterKey)?.hp, 500);
    assertEquals(got.brin, []);
    assertEquals(got.dana, []);
  } finally {
    await field.stop();
  }
}));
