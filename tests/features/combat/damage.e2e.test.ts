/**
 * Damage taken end to end on the real broker (field harness, GMS 83): a monster's hit becomes
 * CHANGE_HP with −damage (exact JSON, key, headers) and CharacterDamage for the others in the map; a
 * hit naming a monster that is not in the map produces nothing (proven by the next valid report's
 * command coming first); a miss is shown but changes no HP.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode } from "../../support/receive.ts";
import { characterCommandContract } from "../../../src/features/character/messages.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { fields, hex, u32, u8 } from "../character/golden.ts";

const monster = {
  type: "monsters",
  id: "1000123",
  attributes: {
    worldId: 0,
    channelId: 1,
    mapId: HENESYS,
    monsterId: 100100,
    x: 150,
    y: 274,
    maxHp: 800,
    hp: 800,
  },
};

/** A GMS 83 damage report of a monster's physical hit. */
const hit = (monsterId: number, damage: number) => (w: PacketWriter) => {
  w.uint32(0).int8(-1).int8(0).int32(damage).uint32(100100).uint32(monsterId).bool(true).byte(0).byte(0).byte(
    0,
  );
};

Deno.test(
  integration(
    "damage taken: CHANGE_HP and CharacterDamage; monsters outside the map refused; misses",
    async () => {
      const field = await startField();
      try {
        field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, { json: { data: [monster] } });
        const aria = await field.login(1001);
        await receiveOpcode(aria.client, field.writerOpcode("SpawnMonster"));
        const cody = await field.login(2001);
        const brin = await field.login(1002); // Ellinia
        const damageOp = field.writerOpcode("CharacterDamage");

        await aria.client.send(field.packet("CharacterDamageHandle", hit(1000123, 120)));
        const change = await field.expectCommand(
          characterCommandContract,
          (m) => m.value.type === "CHANGE_HP",
        );
        assertEquals(
          change.raw,
          `{"worldId":0,"characterId":1001,"type":"CHANGE_HP","body":{"channelId":1,"amount":-120}}`,
        );
        assertEquals(change.keyId, 1001);
        assertEquals(change.headers.TENANT_ID, field.tenant.id);
        assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(change.headers.traceparent), "traceparent");
        assertEquals(
          hex(await receiveOpcode(cody.client, damageOp)),
          fields(u32(1001), u8(0xff), u32(120), u32(100100), u8(1), u8(0), u8(0), u32(120)),
        );
        await expectNoneBefore(
          brin.client,
          isOpcode(damageOp),
          await field.sentinel(brin),
          "damage seen in Ellinia",
        );

        // Unknown monster: nothing. A miss: shown, no HP change. Then a valid hit: its command is next.
        const from = field.captured(characterCommandContract).length;
        await aria.client.send(field.packet("CharacterDamageHandle", hit(424242, 500)));
        await aria.client.send(field.packet("CharacterDamageHandle", hit(1000123, -1)));
        await aria.client.send(field.packet("CharacterDamageHandle", hit(1000123, 33)));
        await field.expectNoCommandBefore(
          characterCommandContract,
          () => true,
          (m) => m.raw.includes(`"amount":-33`),
          { from },
        );
        const shown = await receiveOpcode(cody.client, damageOp);
        assertEquals(
          hex(shown),
          fields(u32(1001), u8(0xff), u32(-1), u32(100100), u8(1), u8(0), u8(0), u32(-1), u32(0)),
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
