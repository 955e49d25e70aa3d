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

Deno.test("mapCollectionLookup: a crowd asking at once costs two requests; other tenants and maps their own", async () => {
  const getSeats = mapCollectionLookup("CHAIRS", "seats", seatSchema, idWithAttributes);
  await withServer(async (server, rest) => {
    const path = "worlds/0/channels/0/maps/7/seats";
    const other = "worlds/0/channels/0/maps/8/seats";
    const seats = { json: { data: [{ type: "seats", id: "1", attributes: { taken: false } }] }, delayMs: 50 };
    server.on("GET", path, seats);
    server.on("GET", other, seats);
    const otherTenant = { ...SAMPLE_TENANT, id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b" };
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => getSeats(rest, SAMPLE_TENANT, 0, 0, 7)),
      getSeats(rest, otherTenant, 0, 0, 7),
      getSeats(rest, SAMPLE_TENANT, 0, 0, 8),
    ]);
    for (const answer of answers) assertEquals(answer, [{ id: 1, taken: false }]);
    const tenants = server.requestsTo("GET", path).map((r) => r.headers.get("TENANT_ID"));
    // The first caller's request, one shared by the 19 who asked while it was on the way, the other tenant's.
    assertEquals(tenants.filter((t) => t === SAMPLE_TENANT.id).length, 2);
    assertEquals(tenants.filter((t) => t === otherTenant.id).length, 1);
    assertEquals(server.requestsTo("GET", other).length, 1);
    // Once they are answered, the next caller asks afresh.
    await getSeats(rest, SAMPLE_TENANT, 0, 0, 7);
    assertEquals(server.requestsTo("GET", path).length, 4);
  });
});
