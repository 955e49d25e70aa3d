/**
 * Reactors end to end on the real broker (field harness, GMS 83 template): `CREATED` and `DESTROYED`
 * → ReactorSpawn / ReactorDestroy for everyone in the map and nothing for other maps, channels or
 * tenants (sentinels); a newcomer sees the map's reactors from atlas-reactors' listing. Expected bytes
 * are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, type Received, receiveOpcode } from "../../support/receive.ts";
import { reactorStatusContract, type ReactorStatusEvent } from "../../../src/features/reactor/messages.ts";
import { toHex } from "../map/templates.ts";

function created(reactorId: number, where: { channelId?: number; mapId?: number } = {}): ReactorStatusEvent {
  return {
    worldId: 0,
    channelId: where.channelId ?? 1,
    mapId: where.mapId ?? HENESYS,
    reactorId,
    type: "CREATED",
    body: {
      classification: 1002000,
      name: "box",
      state: 0,
      eventState: 0,
      delay: 0,
      direction: 0,
      x: 300,
      y: 154,
      updateTime: "2025-01-31T18:04:05Z",
    },
  };
}

const reactorOf = (opcode: number, id: number) => (p: Received) =>
  p.opcode === opcode && p.body[0] === (id & 0xff) && p.body[1] === ((id >> 8) & 0xff);

Deno.test(
  integration("reactors: CREATED/DESTROYED → the map's sessions; entry shows the listing", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const aria = await field.login(1001);
      const cody = await field.login(2001);
      const brin = await field.login(1002);
      const dana = await field.login(3001, { channel: 2 });
      const foreign = await field.login(2001, { otherTenant: true });
      const spawn = field.writerOpcode("ReactorSpawn");
      const destroy = field.writerOpcode("ReactorDestroy");

      await field.publishEvent(reactorStatusContract, created(9001));
      for (const who of [aria, cody]) {
        assertEquals(
          toHex(await receiveOpcode(who.client, spawn)),
          "29 23 00 00 10 4a 0f 00 00 2c 01 9a 00 00 03 00 62 6f 78",
        );
      }
      await field.publishEvent(reactorStatusContract, created(9101, { mapId: ELLINIA }));
      await field.publishEvent(reactorStatusContract, created(9102, { channelId: 2 }));
      await field.publishEvent(reactorStatusContract, created(9103), { tenant: field.otherTenant });
      await expectNoneBefore(brin.client, reactorOf(spawn, 9001), reactorOf(spawn, 9101), "other map");
      await expectNoneBefore(dana.client, reactorOf(spawn, 9001), reactorOf(spawn, 9102), "other channel");
      await expectNoneBefore(foreign.client, reactorOf(spawn, 9001), reactorOf(spawn, 9103), "other tenant");

      await field.publishEvent(reactorStatusContract, {
        worldId: 0,
        channelId: 1,
        mapId: HENESYS,
        reactorId: 9001,
        type: "DESTROYED",
        body: { state: 4, x: 300, y: 154 },
      });
      for (const who of [aria, cody]) {
        assertEquals(toHex(await receiveOpcode(who.client, destroy)), "29 23 00 00 04 2c 01 9a 00");
      }

      field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/reactors`, {
        json: {
          data: [{
            type: "reactors",
            id: "9002",
            attributes: {
              worldId: 0,
              channelId: 1,
              mapId: HENESYS,
              classification: 2000,
              name: "",
              state: 1,
              eventState: 0,
              x: -20,
              y: 100,
              delay: 0,
              direction: 1,
            },
          }],
        },
      });
      const evie = await field.login(5001);
      assertEquals(
        toHex(await receiveOpcode(evie.client, spawn)),
        "2a 23 00 00 d0 07 00 00 01 ec ff 64 00 01 00 00",
      );
    } finally {
      await field.stop();
    }
  }),
);
