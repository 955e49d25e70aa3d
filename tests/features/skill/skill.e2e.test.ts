/**
 * Skills end to end on the real broker (field harness, GMS 83): EVENT_TOPIC_SKILL_STATUS types reach
 * only the character's session (others get nothing, proven by a sentinel), and CharacterUseSkillHandle
 * becomes the skill's costs, its cooldown and the buff APPLY (exact JSON, keys, headers) followed by
 * "enable actions"; a cast at a level the character does not have, or during the cooldown, produces
 * nothing but "enable actions".
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode } from "../../support/receive.ts";
import { characterCommandContract } from "../../../src/features/character/messages.ts";
import { buffCommandContract } from "../../../src/features/buff/messages.ts";
import { skillCommandContract, skillStatusContract } from "../../../src/features/skill/messages.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { fields, hex, u16, u32, u64, u8 } from "../character/golden.ts";

const skillDoc = (id: number, effects: Record<string, unknown>[]) => ({
  json: { data: { type: "skills", id: String(id), attributes: { effects } } },
});

const cast =
  (skillId: number, level: number, tail: (w: PacketWriter) => void = () => {}) => (w: PacketWriter) => {
    w.uint32(0).uint32(skillId).byte(level);
    tail(w);
  };

Deno.test(
  integration(
    "skills: status events to the character only; casts → costs, cooldown, buff, enable actions",
    async () => {
      const field = await startField();
      try {
        // 4001003 at level 10 (the fixture): MP 10, a 60 s Dark Sight. 4121006 at level 5: a 30 s cooldown.
        field.rest.on(
          "GET",
          "data/skills/4001003",
          skillDoc(4001003, [
            ...Array.from({ length: 9 }, () => ({})),
            { MPConsume: 10, duration: 60, statups: [{ type: "DARK_SIGHT", amount: 1 }] },
          ]),
        );
        field.rest.on(
          "GET",
          "data/skills/4121006",
          skillDoc(4121006, [
            ...Array.from({ length: 4 }, () => ({})),
            { cooldown: 30, duration: 200, statups: [{ type: "SHADOW_CLAW", amount: 1 }] },
          ]),
        );
        const aria = await field.login(1001);
        const cody = await field.login(2001);
        const changeOp = field.writerOpcode("CharacterSkillChange");
        const cooldownOp = field.writerOpcode("CharacterSkillCooldown");
        const statOp = field.writerOpcode("StatChanged");

        const status = (type: string, skillId: number, body: Record<string, unknown>) =>
          // deno-lint-ignore no-explicit-any
          field.publishEvent(skillStatusContract, { characterId: 1001, skillId, type, body } as any, {
            key: 1001,
          });
        await status("UPDATED", 4001003, { level: 11, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" });
        assertEquals(
          hex(await receiveOpcode(aria.client, changeOp)),
          fields(u8(1), u16(1), u32(4001003), u32(11), u32(0), u64(-1), u8(1)),
        );
        const until = new Date(Date.now() + 90_500).toISOString();
        await status("COOLDOWN_APPLIED", 1121010, { cooldownExpiresAt: until });
        const applied = await receiveOpcode(aria.client, cooldownOp);
        assertEquals(hex(applied.subarray(0, 4)), u32(1121010));
        const seconds = applied[4] | (applied[5] << 8);
        assertTrue(seconds >= 88 && seconds <= 90, `cooldown seconds ${seconds}`);
        await status("COOLDOWN_EXPIRED", 1121010, {});
        assertEquals(hex(await receiveOpcode(aria.client, cooldownOp)), u32(1121010) + u16(0));
        await status("CREATED", 4001334, { level: 1, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" });
        await receiveOpcode(aria.client, changeOp);
        await expectNoneBefore(
          cody.client,
          isOpcode(changeOp, cooldownOp),
          await field.sentinel(cody),
          "Cody saw Aria's skills",
        );

        // The UPDATED event raised Dark Sight to 11: a cast at 10 is refused (enable actions, no command).
        const charFrom = field.captured(characterCommandContract).length;
        const buffFrom = field.captured(buffCommandContract).length;
        await aria.client.send(field.packet("CharacterUseSkillHandle", cast(4001003, 10)));
        await receiveOpcode(aria.client, statOp);
        field.rest.on(
          "GET",
          "data/skills/4001003",
          skillDoc(4001003, [
            ...Array.from({ length: 10 }, () => ({})),
            { MPConsume: 12, duration: 60, statups: [{ type: "DARK_SIGHT", amount: 1 }] },
          ]),
        );
        await aria.client.send(field.packet("CharacterUseSkillHandle", cast(4001003, 11)));
        const mp = await field.expectNoCommandBefore(
          characterCommandContract,
          () => true,
          (m) => m.value.type === "CHANGE_MP",
          { from: charFrom },
        );
        assertEquals(
          mp.raw,
          `{"worldId":0,"characterId":1001,"type":"CHANGE_MP","body":{"channelId":1,"amount":-12}}`,
        );
        const apply = await field.expectNoCommandBefore(buffCommandContract, () => true, () => true, {
          from: buffFrom,
        });
        assertEquals(
          apply.raw,
          `{"worldId":0,"channelId":1,"characterId":1001,"type":"APPLY","body":{"fromId":1001,"sourceId":4001003,"duration":60,"changes":[{"type":"DARK_SIGHT","amount":1}]}}`,
        );
        assertEquals(apply.keyId, 1001);
        assertEquals(apply.headers.TENANT_ID, field.tenant.id);
        await receiveOpcode(aria.client, statOp); // enable actions after the cast

        // Shadow Stars (star id in the request): SET_COOLDOWN, then APPLY; a second cast is cooling down.
        const starCast = cast(4121006, 5, (w) => w.uint32(2070006));
        await aria.client.send(field.packet("CharacterUseSkillHandle", starCast));
        const cooldown = await field.expectCommand(skillCommandContract);
        assertEquals(
          cooldown.raw,
          `{"characterId":1001,"type":"SET_COOLDOWN","body":{"skillId":4121006,"cooldown":30}}`,
        );
        assertEquals(cooldown.keyId, 1001);
        await field.expectCommand(buffCommandContract, (m) => m.raw.includes(`"sourceId":4121006`));
        const again = field.captured(buffCommandContract).length;
        await aria.client.send(field.packet("CharacterUseSkillHandle", starCast));
        await aria.client.send(field.packet("CharacterUseSkillHandle", cast(4001003, 11)));
        await field.expectNoCommandBefore(
          buffCommandContract,
          (m) => m.raw.includes(`"sourceId":4121006`),
          (m) => m.raw.includes(`"sourceId":4001003`),
          { from: again },
        );
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "skills: a cast shows its effect to the caster and the others in its map only; a refused cast shows none",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        field.rest.on(
          "GET",
          "data/skills/4001003",
          skillDoc(4001003, [
            ...Array.from({ length: 9 }, () => ({})),
            { MPConsume: 10, duration: 60, statups: [{ type: "DARK_SIGHT", amount: 1 }] },
          ]),
        );
        const aria = await field.login(1001); // level 30, Henesys, channel 1
        const cody = await field.login(2001); // Henesys, channel 1
        const brin = await field.login(1002); // Ellinia, channel 1
        const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
        const foreign = await field.login(2001, { otherTenant: true }); // Henesys on the other tenant
        const effectOp = field.writerOpcode("CharacterEffect");
        const foreignOp = field.writerOpcode("CharacterEffectForeign");
        const statOp = field.writerOpcode("StatChanged");

        // A cast at a level Aria does not have (9) is refused; the valid cast at 10 follows. The first
        // effects seen are the valid cast's, so the refused one showed nothing.
        await aria.client.send(field.packet("CharacterUseSkillHandle", cast(4001003, 9)));
        await receiveOpcode(aria.client, statOp);
        await aria.client.send(field.packet("CharacterUseSkillHandle", cast(4001003, 10)));
        // mode SKILL_USE 1, skill 4001003, Aria's level 30, skill level 10
        const shown = fields(u8(1), u32(4001003), u8(30), u8(10));
        assertEquals(hex(await receiveOpcode(aria.client, effectOp)), shown);
        await receiveOpcode(aria.client, statOp); // enable actions after the effect
        assertEquals(hex(await receiveOpcode(cody.client, foreignOp)), u32(1001) + shown);
        for (
          const [who, where] of [[brin, "Ellinia"], [dana, "channel 2"], [
            foreign,
            "the other tenant",
          ]] as const
        ) {
          await expectNoneBefore(
            who.client,
            isOpcode(effectOp, foreignOp),
            await field.sentinel(who),
            `${where} saw Aria's skill effect`,
          );
        }
        // Aria sees her own effect once: no foreign copy reached her.
        await expectNoneBefore(
          aria.client,
          isOpcode(effectOp, foreignOp),
          await field.sentinel(aria),
          "Aria saw a second effect",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
