/**
 * Chalkboards end to end on the real broker (field harness, GMS 83 template): atlas-chalkboards'
 * `SET`/`CLEAR` → `ChalkboardUse` for everyone in the map (nothing for other maps, channels or tenants,
 * proven with sentinels), `ChalkboardCloseHandle` → `CLEAR` with the exact JSON, and a newcomer sees the
 * boards held up. Expected bytes are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, type Received, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import {
  chalkboardCommandContract,
  chalkboardStatusContract,
  type ChalkboardStatusEvent,
} from "../../../src/features/chalkboard/messages.ts";
import { toHex } from "../map/templates.ts";

function set(
  characterId: number,
  message: string,
  where: { channelId?: number; mapId?: number } = {},
): ChalkboardStatusEvent {
  return {
    worldId: 0,
    channelId: where.channelId ?? 1,
    mapId: where.mapId ?? HENESYS,
    characterId,
    type: "SET",
    body: { message },
  };
}

const boardOf = (opcode: number, characterId: number) => (p: Received) =>
  p.opcode === opcode && p.body[0] === (characterId & 0xff) && p.body[1] === ((characterId >> 8) & 0xff);

Deno.test(
  integration("chalkboards: SET/CLEAR → ChalkboardUse for the map; close → CLEAR; entry", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const aria = await field.login(1001);
      const cody = await field.login(2001);
      const brin = await field.login(1002);
      const dana = await field.login(3001, { channel: 2 });
      const foreign = await field.login(2001, { otherTenant: true });
      const use = field.writerOpcode("ChalkboardUse");

      await field.publishEvent(chalkboardStatusContract, set(1001, "Hi"));
      for (const who of [aria, cody]) {
        assertEquals(toHex(await receiveOpcode(who.client, use)), "e9 03 00 00 01 02 00 48 69");
      }
      await field.publishEvent(chalkboardStatusContract, set(777, "x", { mapId: ELLINIA }));
      await field.publishEvent(chalkboardStatusContract, set(777, "x", { channelId: 2 }));
      await field.publishEvent(chalkboardStatusContract, set(777, "x"), { tenant: field.otherTenant });
      for (const [who, what] of [[brin, "map"], [dana, "channel"], [foreign, "tenant"]] as const) {
        await expectNoneBefore(
          who.client,
          boardOf(use, 1001),
          boardOf(use, 777),
          `other ${what} saw the board`,
        );
      }

      await field.publishEvent(chalkboardStatusContract, { ...set(1001, ""), type: "CLEAR", body: {} });
      for (const who of [aria, cody]) {
        const seen = await receiveUntil(who.client, boardOf(use, 1001));
        assertEquals(toHex(seen[seen.length - 1].body), "e9 03 00 00 00");
      }

      // Putting the board away: no payload → CLEAR for the session's character and map.
      await aria.client.send(field.packet("ChalkboardCloseHandle"));
      const clear = await field.expectCommand(chalkboardCommandContract);
      assertEquals(
        clear.raw,
        `{"worldId":0,"channelId":1,"mapId":${HENESYS},"characterId":1001,"type":"CLEAR","body":{}}`,
      );
      assertEquals(clear.keyId, 1001);
      assertEquals(clear.headers.TENANT_ID, field.tenant.id);
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(clear.headers.traceparent), "traceparent");

      // A newcomer sees the boards held up in its map.
      field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/chalkboards`, {
        json: { data: [{ type: "chalkboards", id: "2001", attributes: { message: "Yo" } }] },
      });
      const evie = await field.login(5001);
      assertEquals(toHex(await receiveOpcode(evie.client, use)), "d1 07 00 00 01 02 00 59 6f");
    } finally {
      await field.stop();
    }
  }),
);
