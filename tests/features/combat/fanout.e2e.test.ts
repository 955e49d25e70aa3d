/**
 * Who gets combat's status events, on the real broker (field harness, two GMS 83 tenants): a skill or
 * buff event of a character reaches neither another channel nor the same character id on another tenant
 * (sentinels); a party buff cast becomes APPLY for the caster and the party members in its map and
 * channel only (the reference's `applyToParty`); a monster's DAMAGED shows its HP to the attacker's party
 * members in the monster's map on the event's channel only.
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, type LoggedIn, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { skillStatusContract } from "../../../src/features/skill/messages.ts";
import { buffCommandContract, buffStatusContract } from "../../../src/features/buff/messages.ts";
import { monsterStatusContract } from "../../../src/features/monster/messages.ts";
import { hex, u32 } from "../character/golden.ts";

const ZERO_TIME = "0001-01-01T00:00:00Z";

const skills = (entries: [number, number][]) => ({
  json: {
    data: entries.map(([id, level]) => ({
      type: "skills",
      id: String(id),
      attributes: { level, masterLevel: 0, expiration: ZERO_TIME, cooldownExpiresAt: ZERO_TIME },
    })),
  },
});

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

Deno.test(
  integration(
    "combat fan-out: other channels and tenants see nothing; party buffs and HP reach the party in the map",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, { json: { data: [monster] } });
        // Aria owns Dark Sight 10 and Haste 1 (a party buff); her party: Cody (her map), Brin (Ellinia), Dana
        // (Henesys on channel 2).
        field.rest.on("GET", "characters/1001/skills", skills([[4001003, 10], [4101004, 1]]));
        field.rest.on("GET", "parties?filter[members.id]=1001", {
          json: {
            data: [{
              type: "parties",
              id: "77",
              attributes: { leaderId: 1001 },
              relationships: {
                members: {
                  data: ["1001", "2001", "1002", "3001"].map((id) => ({ type: "members", id })),
                },
              },
            }],
          },
        });
        const effects = (statups: unknown[], at: number) => ({
          json: {
            data: {
              type: "skills",
              id: "0",
              attributes: {
                effects: [...Array.from({ length: at - 1 }, () => ({})), { duration: 20, statups }],
              },
            },
          },
        });
        field.rest.on("GET", "data/skills/4101004", effects([{ type: "SPEED", amount: 10 }], 1));
        field.rest.on("GET", "data/skills/4001003", effects([{ type: "DARK_SIGHT", amount: 1 }], 10));

        const aria = await field.login(1001); // Henesys, channel 1
        const cody = await field.login(2001); // Henesys, channel 1
        const brin = await field.login(1002); // Ellinia, channel 1
        const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
        const ariaB = await field.login(1001, { otherTenant: true }); // the same id on the other tenant
        const codyB = await field.login(2001, { otherTenant: true }); // in Henesys on the other tenant
        await receiveOpcode(aria.client, field.writerOpcode("SpawnMonster"));
        const nowhere = async (who: LoggedIn[], opcodes: number[], what: string) => {
          for (const one of who) {
            await expectNoneBefore(one.client, isOpcode(...opcodes), await field.sentinel(one), what);
          }
        };

        // EVENT_TOPIC_SKILL_STATUS for Aria on tenant A: her session only.
        const changeOp = field.writerOpcode("CharacterSkillChange");
        const cooldownOp = field.writerOpcode("CharacterSkillCooldown");
        await field.publishEvent(skillStatusContract, {
          characterId: 1001,
          skillId: 4001003,
          type: "UPDATED",
          body: { level: 10, masterLevel: 0, expiration: ZERO_TIME },
        }, { key: 1001 });
        await field.publishEvent(skillStatusContract, {
          characterId: 1001,
          skillId: 4001003,
          type: "COOLDOWN_EXPIRED",
          body: {},
        }, { key: 1001 });
        await receiveOpcode(aria.client, changeOp);
        await receiveOpcode(aria.client, cooldownOp);
        await nowhere(
          [dana, ariaB, codyB],
          [changeOp, cooldownOp],
          "a skill event crossed a channel or tenant",
        );

        // EVENT_TOPIC_CHARACTER_BUFF_STATUS for Aria on tenant A: her and her map on channel 1 only.
        const giveOp = field.writerOpcode("CharacterBuffGive");
        const giveForeignOp = field.writerOpcode("CharacterBuffGiveForeign");
        const cancelOp = field.writerOpcode("CharacterBuffCancel");
        const cancelForeignOp = field.writerOpcode("CharacterBuffCancelForeign");
        const buffBody = {
          sourceId: 2001002,
          duration: 60,
          changes: [{ type: "MAGIC_GUARD", amount: 10 }],
          createdAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        };
        await field.publishEvent(buffStatusContract, {
          worldId: 0,
          characterId: 1001,
          type: "APPLIED",
          body: { fromId: 1001, ...buffBody },
        }, { key: 1001 });
        await field.publishEvent(buffStatusContract, {
          worldId: 0,
          characterId: 1001,
          type: "EXPIRED",
          body: buffBody,
        }, { key: 1001 });
        await receiveOpcode(aria.client, giveOp);
        await receiveOpcode(aria.client, cancelOp);
        await receiveOpcode(cody.client, giveForeignOp);
        await receiveOpcode(cody.client, cancelForeignOp);
        await nowhere(
          [dana, ariaB, codyB],
          [giveOp, giveForeignOp, cancelOp, cancelForeignOp],
          "a buff event crossed a channel or tenant",
        );

        // Haste with members 1–127 in the bitmap: APPLY for Aria, then Cody; not Brin (Ellinia) nor Dana
        // (channel 2). Dark Sight (no party) cast right after is the sentinel on the topic.
        const from = field.captured(buffCommandContract).length;
        await aria.client.send(field.packet("CharacterUseSkillHandle", (w) => {
          w.uint32(0).uint32(4101004).byte(1).int16(-200).int16(274); // anti-repeat: cast position
          w.byte(0x0f).byte(0).uint16(0); // party bitmap, no monsters, delay
        }));
        await aria.client.send(
          field.packet("CharacterUseSkillHandle", (w) => w.uint32(0).uint32(4001003).byte(10)),
        );
        await field.expectCommand(buffCommandContract, (m) => m.raw.includes(`"sourceId":4001003`));
        const applied = field.captured(buffCommandContract).slice(from);
        assertEquals(applied.map((m) => [m.keyId, m.raw]), [
          [
            1001,
            `{"worldId":0,"channelId":1,"characterId":1001,"type":"APPLY","body":{"fromId":1001,"sourceId":4101004,"duration":20,"changes":[{"type":"SPEED","amount":10}]}}`,
          ],
          [
            2001,
            `{"worldId":0,"channelId":1,"characterId":2001,"type":"APPLY","body":{"fromId":1001,"sourceId":4101004,"duration":20,"changes":[{"type":"SPEED","amount":10}]}}`,
          ],
          [
            1001,
            `{"worldId":0,"channelId":1,"characterId":1001,"type":"APPLY","body":{"fromId":1001,"sourceId":4001003,"duration":20,"changes":[{"type":"DARK_SIGHT","amount":1}]}}`,
          ],
        ]);

        // DAMAGED by Aria: the HP indicator for Aria and Cody (party, the monster's map, channel 1) only.
        const healthOp = field.writerOpcode("MonsterHealth");
        await field.publishEvent(monsterStatusContract, {
          worldId: 0,
          channelId: 1,
          mapId: HENESYS,
          uniqueId: 1000123,
          monsterId: 100100,
          type: "DAMAGED",
          body: { x: 150, y: 274, actorId: 1001, damageEntries: [{ characterId: 1001, damage: 200 }] },
          // deno-lint-ignore no-explicit-any
        } as any, { key: 1000123 });
        const ofMonster = (p: { opcode: number; body: Uint8Array }) =>
          p.opcode === healthOp && hex(p.body).startsWith(u32(1000123));
        await receiveUntil(aria.client, ofMonster);
        await receiveUntil(cody.client, ofMonster);
        await nowhere(
          [brin, dana, ariaB, codyB],
          [healthOp],
          "the HP indicator reached another map, channel or tenant",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
