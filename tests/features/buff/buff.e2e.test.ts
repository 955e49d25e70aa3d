/**
 * Buffs end to end on the real broker (field harness, GMS 83): APPLIED → CharacterBuffGive to the
 * character and CharacterBuffGiveForeign to its map (other maps see nothing, proven by a sentinel), a
 * newcomer's CharacterSpawn of the character carries the buff, EXPIRED → CharacterBuffCancel /
 * CharacterBuffCancelForeign; CharacterBuffCancel of an active buff → CANCEL (exact JSON, key, headers),
 * of one that is not active → nothing (the next valid cancel is the first command).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { buffCommandContract, buffStatusContract } from "../../../src/features/buff/messages.ts";
import { fields, hex, u16, u32, u8 } from "../character/golden.ts";

Deno.test(
  integration(
    "buffs: status events to the character and its map, spawns carry them, cancel requests",
    async () => {
      const field = await startField();
      try {
        const aria = await field.login(1001);
        const cody = await field.login(2001);
        const brin = await field.login(1002); // Ellinia
        const giveOp = field.writerOpcode("CharacterBuffGive");
        const giveForeignOp = field.writerOpcode("CharacterBuffGiveForeign");
        const cancelOp = field.writerOpcode("CharacterBuffCancel");
        const cancelForeignOp = field.writerOpcode("CharacterBuffCancelForeign");
        const created = new Date();
        const expires = new Date(created.getTime() + 200_000);
        const body = {
          sourceId: 4101004,
          duration: 200,
          changes: [{ type: "SPEED", amount: 40 }],
          createdAt: created.toISOString(),
          expiresAt: expires.toISOString(),
        };
        await field.publishEvent(buffStatusContract, {
          worldId: 0,
          characterId: 1001,
          type: "APPLIED",
          body: { fromId: 1001, ...body },
        }, { key: 1001 });
        const mask = fields(u32(0), u32(0), u32(0), u32(1 << 7));
        const give = await receiveOpcode(aria.client, giveOp);
        assertEquals(hex(give.subarray(0, 22)), mask + u16(40) + u32(4101004));
        const remaining = new DataView(give.buffer, give.byteOffset + 22, 4).getInt32(0, true);
        assertTrue(remaining > 190_000 && remaining <= 200_000, `remaining ${remaining} ms`);
        assertEquals(hex(give.subarray(26)), u8(0) + u8(0) + u16(0) + u8(0));
        assertEquals(
          hex(await receiveOpcode(cody.client, giveForeignOp)),
          u32(1001) + mask + u8(40) + u8(0) + u8(0) + u16(0) + u8(0),
        );
        await expectNoneBefore(
          brin.client,
          isOpcode(giveForeignOp, giveOp),
          await field.sentinel(brin),
          "Ellinia saw the buff",
        );

        // A newcomer sees Aria with the buff in her spawn.
        const dana = await field.login(3001);
        const spawnOp = field.writerOpcode("CharacterSpawn");
        const seen = await receiveUntil(
          dana.client,
          (p) => p.opcode === spawnOp && hex(p.body).startsWith(u32(1001)),
        );
        assertTrue(hex(seen[seen.length - 1].body).includes(mask + u8(40)), "Aria's spawn carries SPEED 40");

        // Cancel requests: an inactive source is dropped; the active one becomes CANCEL.
        const from = field.captured(buffCommandContract).length;
        await aria.client.send(field.packet("CharacterBuffCancel", (w) => w.int32(2001002)));
        await aria.client.send(field.packet("CharacterBuffCancel", (w) => w.int32(4101004)));
        const cancel = await field.expectNoCommandBefore(buffCommandContract, () => true, () => true, {
          from,
        });
        assertEquals(
          cancel.raw,
          `{"worldId":0,"channelId":1,"characterId":1001,"type":"CANCEL","body":{"sourceId":4101004}}`,
        );
        assertEquals(cancel.keyId, 1001);
        assertEquals(cancel.headers.TENANT_ID, field.tenant.id);

        await field.publishEvent(
          buffStatusContract,
          { worldId: 0, characterId: 1001, type: "EXPIRED", body },
          { key: 1001 },
        );
        assertEquals(hex(await receiveOpcode(aria.client, cancelOp)), mask + u8(0));
        assertEquals(hex(await receiveOpcode(cody.client, cancelForeignOp)), u32(1001) + mask + u8(0));
        await expectNoneBefore(
          brin.client,
          isOpcode(cancelOp, cancelForeignOp),
          await field.sentinel(brin),
          "Ellinia saw the cancel",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
