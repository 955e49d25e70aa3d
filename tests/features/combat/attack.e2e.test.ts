/**
 * Attacks end to end on the real broker (field harness, GMS 83): a melee attack becomes the skill's MP
 * cost, one DAMAGE per damage number (exact JSON, the monster's key, tenant and trace headers) and the
 * broadcast to the others in the map (exact bytes); targets that are not monsters of the map are dropped;
 * a skill the character does not own or a damage above the cap drops the whole attack (proven by a valid
 * attack whose command is the first one seen afterwards); other maps and channels see nothing.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode } from "../../support/receive.ts";
import { characterCommandContract } from "../../../src/features/character/messages.ts";
import { monsterCommandContract } from "../../../src/features/monster/messages.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { fields, hex, u16, u32, u8 } from "../character/golden.ts";

const monster = {
  type: "monsters",
  id: "1000123",
  attributes: {
    worldId: 0,
    channelId: 1,
    mapId: HENESYS,
    monsterId: 100100,
    controlCharacterId: 0,
    x: 150,
    y: 274,
    fh: 18,
    stance: 5,
    team: -1,
    maxHp: 800,
    hp: 800,
    maxMp: 0,
    mp: 0,
    damageEntries: [],
  },
};

/** A GMS 83 melee request: skill, targets (id → damages, two hits each), position. */
function melee(skillId: number, targets: [number, number[]][]) {
  return (w: PacketWriter) => {
    const hits = targets[0]?.[1].length ?? 0;
    w.byte(0).byte((targets.length << 4) | hits).uint32(skillId).uint32(0).uint32(0);
    w.byte(0x10).uint16(0x8005).byte(1).byte(4).uint32(1234); // option, left|action 5, type, speed, time
    for (const [id, damages] of targets) {
      w.uint32(id).byte(7).byte(0).byte(0).byte(0).int16(1).int16(2).int16(3).int16(4).uint16(100);
      for (const d of damages) w.uint32(d);
      w.uint32(0); // CRC
    }
    w.int16(-50).int16(274);
  };
}

Deno.test(
  integration(
    "attacks: checked against skills and the map's monsters, then costs, damage and the broadcast",
    async () => {
      const field = await startField();
      try {
        field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, { json: { data: [monster] } });
        field.rest.on("GET", "data/skills/4001003", {
          json: {
            data: {
              type: "skills",
              id: "4001003",
              attributes: { effects: Array.from({ length: 10 }, (_, i) => ({ MPConsume: i + 1 })) },
            },
          },
        });
        const spawnOp = field.writerOpcode("SpawnMonster");
        const attackOp = field.writerOpcode("CharacterAttackMelee");
        const aria = await field.login(1001); // Henesys ch 1, owns 4001003 at level 10
        await receiveOpcode(aria.client, spawnOp);
        const cody = await field.login(2001); // Henesys ch 1
        const brin = await field.login(1002); // Ellinia ch 1
        const dana = await field.login(3001, { channel: 2 }); // Henesys ch 2

        await aria.client.send(
          field.packet("CharacterMeleeAttackHandle", melee(4001003, [[1000123, [10, 20]], [999, [5, 5]]])),
        );
        const cost = await field.expectCommand(characterCommandContract, (m) => m.value.type === "CHANGE_MP");
        assertEquals(
          cost.raw,
          `{"worldId":0,"characterId":1001,"type":"CHANGE_MP","body":{"channelId":1,"amount":-10}}`,
        );
        assertEquals(cost.keyId, 1001);
        await field.waitFor("two damage commands", () => field.captured(monsterCommandContract).length >= 2);
        const damage = field.captured(monsterCommandContract);
        assertEquals(damage.map((m) => m.raw), [
          `{"worldId":0,"channelId":1,"monsterId":1000123,"type":"DAMAGE","body":{"characterId":1001,"damage":10}}`,
          `{"worldId":0,"channelId":1,"monsterId":1000123,"type":"DAMAGE","body":{"characterId":1001,"damage":20}}`,
        ]);
        assertEquals(damage[0].keyId, 1000123);
        assertEquals(damage[0].headers.TENANT_ID, field.tenant.id);
        assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(damage[0].headers.traceparent), "traceparent");

        // Cody sees the attack with Aria's level and skill level, only the valid target.
        assertEquals(
          hex(await receiveOpcode(cody.client, attackOp)),
          fields(
            u32(1001),
            u8(0x12),
            u8(30),
            u8(10),
            u32(4001003),
            u8(0x10),
            u16(0x8005),
            u8(4),
            u8(0),
            u32(0),
            u32(1000123),
            u8(7),
            u32(10),
            u32(20),
          ),
        );
        for (const who of [brin, dana]) {
          await expectNoneBefore(
            who.client,
            isOpcode(attackOp),
            await field.sentinel(who),
            "attack seen elsewhere",
          );
        }

        // Refused: a skill Aria does not own, a damage above the cap. The valid attack's damage comes first.
        const from = field.captured(monsterCommandContract).length;
        await aria.client.send(
          field.packet("CharacterMeleeAttackHandle", melee(1001004, [[1000123, [1, 1]]])),
        );
        await aria.client.send(
          field.packet("CharacterMeleeAttackHandle", melee(0, [[1000123, [1_000_000, 1]]])),
        );
        await aria.client.send(field.packet("CharacterMeleeAttackHandle", melee(0, [[1000123, [33, 44]]])));
        await field.expectNoCommandBefore(
          monsterCommandContract,
          () => true,
          (m) => (m.value as { body: { damage: number } }).body.damage === 33,
          { from },
        );
        // A truncated attack is dropped; the session lives on (the next valid attack still works).
        await aria.client.send(field.packet("CharacterMeleeAttackHandle", (w) => w.byte(0).byte(0x11)));
        await aria.client.send(field.packet("CharacterMeleeAttackHandle", melee(0, [[1000123, [55]]])));
        await field.expectCommand(
          monsterCommandContract,
          (m) => (m.value as { body: { damage: number } }).body.damage === 55,
        );
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "attacks: the broadcast's mastery byte comes from the worn weapon's mastery skill",
    async () => {
      // Cody as a Fighter wearing the fixture's one-handed sword (1302000) with Sword Mastery at 11 of 20.
      const characters = FIXTURE_CHARACTERS.map((c) => c.id === 2001 ? { ...c, jobId: 110 } : c);
      const field = await startField({ characters });
      try {
        field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, { json: { data: [monster] } });
        field.rest.on("GET", "characters/2001/skills", {
          json: {
            data: [{
              type: "skills",
              id: "1100000",
              attributes: { level: 11, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" },
            }],
          },
        });
        field.rest.on("GET", "data/skills/1100000", {
          json: {
            data: {
              type: "skills",
              id: "1100000",
              attributes: { effects: Array.from({ length: 20 }, () => ({})) },
            },
          },
        });
        const attackOp = field.writerOpcode("CharacterAttackMelee");
        const aria = await field.login(1001);
        const cody = await field.login(2001);
        await receiveOpcode(cody.client, field.writerOpcode("SpawnMonster"));
        await cody.client.send(field.packet("CharacterMeleeAttackHandle", melee(0, [[1000123, [10, 20]]])));
        // 15 % + 5 % × ⌊(11 − 1) / 2⌋ = 40 % → (40 − 10) / 5 = 6 on GMS 83.
        assertEquals(
          hex(await receiveOpcode(aria.client, attackOp)),
          fields(
            u32(2001),
            u8(0x12),
            u8(12),
            u8(0),
            u8(0x10),
            u16(0x8005),
            u8(4),
            u8(6),
            u32(0),
            u32(1000123),
            u8(7),
            u32(10),
            u32(20),
          ),
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
