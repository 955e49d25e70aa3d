/**
 * Boats, trains and the town clock end to end (field harness, real broker, GMS 83 template):
 * `ARRIVED` / `DEPARTED` → FieldTransportState for the event tenant's sessions in the route's map on
 * every channel, nothing for other maps or tenants (sentinels); entering a route's start map shows its
 * state, entering a map with a clock shows the town clock. Expected bytes are written out from the
 * client layouts (libs/atlas-packet d59a1ad2df `field/clientbound/transport.go`, `clock.go`).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import { REST_FIXTURES } from "../../support/rest-fixtures.ts";
import { expectNoneBefore, isOpcode, receiveOpcode } from "../../support/receive.ts";
import { transportStatusContract } from "../../../src/features/transport/messages.ts";
import { toHex } from "../map/templates.ts";

const ROUTE = "c4b3a291-8f7e-4d6c-b5a4-938271605f4e";

Deno.test(
  integration("transport: route events → the tenant's sessions in the map; entry state; clock", async () => {
    const field = await startField({ secondTenant: true });
    try {
      // One route, from Ellinia, currently travelling; Henesys has a clock.
      field.rest.on("GET", "transports/routes", {
        json: {
          data: [{
            type: "routes",
            id: ROUTE,
            attributes: { name: "Ellinia to Orbis", startMapId: ELLINIA, state: "in_transit" },
            relationships: { schedule: { data: [] } },
          }],
        },
      });
      field.rest.on("GET", `data/maps/${HENESYS}`, { json: REST_FIXTURES.mapData });
      const transport = field.writerOpcode("FieldTransportState");
      const clock = field.writerOpcode("Clock");

      const aria = await field.login(1001); // Henesys ch1: a clock, no route
      const body = await receiveOpcode(aria.client, clock);
      assertEquals(body.length, 4);
      assertEquals(body[0], 1, "town clock");
      const now = new Date();
      const shown = body[1] * 3600 + body[2] * 60 + body[3];
      const local = now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds();
      assertTrue(Math.abs(local - shown) <= 5 || Math.abs(local - shown) >= 86395, "the server's time");

      const brin = await field.login(1002); // Ellinia ch1: the route's start map, boat gone
      assertEquals(toHex(await receiveOpcode(brin.client, transport)), "02 00");
      const cody = await field.login(2001, { channel: 2 }); // Henesys ch2
      const foreign = await field.login(1002, { otherTenant: true }); // Ellinia, other tenant
      assertEquals(toHex(await receiveOpcode(foreign.client, transport)), "02 00");

      // The boat arrives at Ellinia: brin sees it docked; the other tenant does not.
      await field.publishEvent(transportStatusContract, {
        routeId: ROUTE,
        type: "ARRIVED",
        body: { mapId: ELLINIA },
      });
      assertEquals(toHex(await receiveOpcode(brin.client, transport)), "00 00");
      await field.publishEvent(
        transportStatusContract,
        { routeId: ROUTE, type: "DEPARTED", body: { mapId: ELLINIA } },
        { tenant: field.otherTenant },
      );
      const foreignSaw = await expectNoneBefore(
        foreign.client,
        (p) => p.opcode === transport && p.body[0] === 0,
        isOpcode(transport),
        "the other tenant saw the boat arrive",
      );
      assertEquals(toHex(foreignSaw[foreignSaw.length - 1].body), "02 00");

      // An event names no channel: Henesys sessions on both channels get it, Ellinia's do not.
      await field.publishEvent(transportStatusContract, {
        routeId: ROUTE,
        type: "DEPARTED",
        body: { mapId: HENESYS },
      });
      for (const who of [aria, cody]) {
        assertEquals(toHex(await receiveOpcode(who.client, transport)), "02 00");
      }
      await field.publishEvent(transportStatusContract, {
        routeId: ROUTE,
        type: "DEPARTED",
        body: { mapId: ELLINIA },
      });
      const brinSaw = await receiveOpcode(brin.client, transport);
      assertEquals(toHex(brinSaw), "02 00"); // Ellinia's own event is the first after the arrival

      // A newcomer to Henesys sees the state the events left (not the route list, which has no Henesys).
      const evie = await field.login(5001);
      assertEquals(toHex(await receiveOpcode(evie.client, transport)), "02 00");
    } finally {
      await field.stop();
    }
  }),
);
