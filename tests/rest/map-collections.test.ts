import { assertEquals, assertRejects } from "../support/assert.ts";
import { SAMPLE_TENANT } from "../support/jsonapi-server.ts";
import { z } from "zod";
import { RestSchemaError } from "../../src/rest/errors.ts";
import { decimalId, resourceSchema } from "../../src/rest/jsonapi.ts";
import { idWithAttributes, mapCollectionLookup, mapCollectionPath } from "../../src/rest/map-collections.ts";
import { withServer } from "../features/character/rest_server.ts";

const seatSchema = resourceSchema("seats", { id: decimalId, attributes: z.object({ taken: z.boolean() }) });

Deno.test("mapCollectionPath: world, channel, map, then the collection", () => {
  assertEquals(mapCollectionPath(0, 1, 100010000, "drops"), "worlds/0/channels/1/maps/100010000/drops");
});

Deno.test("mapCollectionLookup: GETs the collection with the tenant, maps every resource in order", async () => {
  const getSeats = mapCollectionLookup("CHAIRS", "seats", seatSchema, idWithAttributes);
  await withServer(async (server, rest) => {
    const path = "worlds/2/channels/3/maps/4/seats";
    server.on("GET", path, {
      json: {
        data: [
          { type: "seats", id: "9", attributes: { taken: true } },
          { type: "seats", id: "7", attributes: { taken: false } },
        ],
      },
    });
    assertEquals(await getSeats(rest, SAMPLE_TENANT, 2, 3, 4), [{ id: 9, taken: true }, {
      id: 7,
      taken: false,
    }]);
    const [request] = server.requestsTo("GET", path);
    assertEquals(request.headers.get("TENANT_ID"), SAMPLE_TENANT.id);
    server.on("GET", "worlds/2/channels/3/maps/5/seats", {
      json: { data: [{ type: "seats", id: "9", attributes: { taken: "yes" } }] },
    });
    await assertRejects(() => getSeats(rest, SAMPLE_TENANT, 2, 3, 5), RestSchemaError);
  });
});

Deno.test("mapCollectionLookup: toEntity decides what is kept", async () => {
  const takenIds = mapCollectionLookup(
    "CHAIRS",
    "seats",
    seatSchema,
    (r) => (r.attributes.taken ? r.id : -1),
  );
  await withServer(async (server, rest) => {
    server.on("GET", "worlds/0/channels/0/maps/1/seats", {
      json: { data: [{ type: "seats", id: "3", attributes: { taken: true } }] },
    });
    assertEquals(await takenIds(rest, SAMPLE_TENANT, 0, 0, 1), [3]);
  });
});
