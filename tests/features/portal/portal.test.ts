/**
 * Portals end to end (real broker, fixture data service): MapChange and PortalScript resolve the portal
 * name in the character's map and produce `COMMAND_TOPIC_PORTAL` ENTER keyed by the portal id; unknown
 * portals and truncated packets produce nothing. Layouts: reference `map_change.go`, `portal_script.go`.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, startField } from "../../support/field.ts";
import { portalCommandContract } from "../../../src/features/portal/messages.ts";

Deno.test(
  integration(
    "portal: MapChange and PortalScript → ENTER with the portal id; unknown or truncated → nothing",
    async () => {
      const field = await startField();
      try {
        field.rest.on("GET", `data/maps/${HENESYS}/portals?name=east00`, {
          json: {
            data: [{
              type: "portals",
              id: "3",
              attributes: {
                name: "east00",
                target: "west00",
                type: 2,
                x: 1500,
                y: 274,
                targetMapId: 100010000,
                scriptName: "",
              },
            }],
          },
        });
        field.rest.on("GET", `data/maps/${HENESYS}/portals?name=west00`, {
          json: {
            data: [{
              type: "portals",
              id: "7",
              attributes: {
                name: "west00",
                target: "east00",
                type: 2,
                x: -300,
                y: 274,
                targetMapId: 104000000,
                scriptName: "",
              },
            }],
          },
        });
        field.rest.on("GET", `data/maps/${HENESYS}/portals?name=nowhere`, { json: { data: [] } });
        const { client, session } = await field.login(1001);
        assertEquals(field.ctx.presence.mapOf(session), HENESYS);

        // GMS 83 MapChange: fieldKey, target map, portal name, x, y, unused, premium, chase.
        await client.send(
          field.packet(
            "MapChangeHandle",
            (w) => w.byte(1).int32(-1).string("east00").int16(1500).int16(274).byte(0).byte(0).bool(false),
          ),
        );
        const enter = await field.expectCommand(portalCommandContract);
        assertEquals(
          enter.raw,
          `{"worldId":0,"channelId":1,"mapId":${HENESYS},"portalId":3,"type":"ENTER","body":{"characterId":1001}}`,
        );
        assertEquals(enter.keyId, 3);
        assertEquals(enter.headers.TENANT_ID, field.tenant.id);
        assertTrue(enter.headers.traceparent !== undefined, "traceparent");

        // PortalScript: fieldKey, portal name, x, y.
        await client.send(
          field.packet("PortalScriptHandle", (w) => w.byte(1).string("east00").int16(1500).int16(274)),
        );
        await field.waitFor("second ENTER", () => field.captured(portalCommandContract).length === 2);

        // Unknown portal, truncated MapChange (no chase byte), truncated PortalScript: nothing more.
        await client.send(
          field.packet(
            "MapChangeHandle",
            (w) => w.byte(1).int32(-1).string("nowhere").int16(0).int16(0).byte(0).byte(0).bool(false),
          ),
        );
        await client.send(
          field.packet(
            "MapChangeHandle",
            (w) => w.byte(1).int32(-1).string("east00").int16(0).int16(0).byte(0).byte(0),
          ),
        );
        await client.send(field.packet("PortalScriptHandle", (w) => w.byte(1).string("east00").int16(1)));
        // The sentinel: a valid script portal of its own id; its ENTER is the next command.
        await client.send(
          field.packet("PortalScriptHandle", (w) => w.byte(1).string("west00").int16(-300).int16(274)),
        );
        await field.expectNoCommandBefore(portalCommandContract, () => true, (m) => m.keyId === 7, {
          from: 2,
        });
        assertEquals(field.captured(portalCommandContract).length, 3);
      } finally {
        await field.stop();
      }
    },
  ),
);
