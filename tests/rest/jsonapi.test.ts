import { z } from "zod";
import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import { FIXTURES } from "../support/jsonapi-server.ts";
import {
  decimalId,
  identifierOf,
  JsonApiShapeError,
  NIL_UUID,
  requestBody,
  resolveDocument,
  resourceSchema,
  toMany,
  toOne,
  uuidId,
} from "../../src/rest/jsonapi.ts";

Deno.test("jsonapi: a single resource resolves with its attributes; links and meta are ignored", () => {
  const resolved = resolveDocument(
    { ...FIXTURES.channel, links: { self: "/api/x" }, meta: { n: 1 } },
    "one",
  );
  assertEquals(resolved.type, "channels");
  assertEquals(resolved.id, "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11");
  assertEquals(resolved.attributes?.port, 8302);
  assertEquals(resolved.relationships, {});
});

Deno.test("jsonapi: relationships resolve to included resources, recursively", () => {
  const document = {
    data: {
      type: "inventories",
      id: "i1",
      attributes: {},
      relationships: { compartments: { data: [{ type: "compartments", id: "c1" }] } },
    },
    included: [
      {
        type: "compartments",
        id: "c1",
        attributes: { type: 1 },
        relationships: {
          assets: { data: [{ type: "assets", id: "a1" }, { type: "assets", id: "a2" }] },
          owner: { data: null },
        },
      },
      { type: "assets", id: "a1", attributes: { slot: 1 } },
      { type: "assets", id: "a2", attributes: { slot: 2 } },
    ],
  };
  const asset = resourceSchema("assets", { id: z.string(), attributes: z.object({ slot: z.number() }) });
  const compartment = resourceSchema("compartments", {
    id: z.string(),
    attributes: z.object({ type: z.number() }),
    relationships: { assets: toMany(asset), owner: toOne(asset) },
  });
  const inventory = resourceSchema("inventories", {
    id: z.string(),
    attributes: z.object({}),
    relationships: { compartments: toMany(compartment) },
  });
  const parsed = inventory.parse(resolveDocument(document, "one"));
  const [first] = parsed.relationships.compartments;
  assertEquals(first.attributes.type, 1);
  assertEquals(first.relationships.assets.map((a) => a.attributes.slot), [1, 2]);
  assertEquals(first.relationships.owner, null);
});

Deno.test("jsonapi: absent relationships become [] and null; a to-one object resolves", () => {
  const member = resourceSchema("members", { id: decimalId, attributes: z.object({ name: z.string() }) });
  const party = resourceSchema("parties", {
    id: decimalId,
    attributes: z.object({ leaderId: z.number() }),
    relationships: { members: toMany(member), leader: toOne(member) },
  });
  const bare = party.parse(
    resolveDocument({ data: { type: "parties", id: "5", attributes: { leaderId: 1 } } }, "one"),
  );
  assertEquals(bare.relationships, { members: [], leader: null });

  const withLeader = party.parse(resolveDocument({
    data: {
      type: "parties",
      id: "5",
      attributes: { leaderId: 1 },
      relationships: { leader: { data: { type: "members", id: "1" } } },
    },
    included: [{ type: "members", id: "1", attributes: { name: "Aria" } }],
  }, "one"));
  assertEquals(withLeader.relationships.leader?.attributes.name, "Aria");
});

Deno.test("jsonapi: a related resource missing from included resolves to its identifier only", () => {
  const resolved = resolveDocument({
    data: {
      type: "worlds",
      id: "0",
      attributes: {},
      relationships: {
        channels: { data: [{ type: "channels", id: "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11" }] },
      },
    },
  }, "one");
  assertEquals(resolved.relationships?.channels, [{
    type: "channels",
    id: "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11",
  }]);
  const world = resourceSchema("worlds", {
    id: decimalId,
    attributes: z.object({}),
    relationships: { channels: toMany(identifierOf("channels")) },
  });
  assertEquals(world.parse(resolved).relationships.channels[0].type, "channels");
});

Deno.test("jsonapi: cyclic relationships terminate", () => {
  const resolved = resolveDocument({
    data: {
      type: "a",
      id: "1",
      attributes: {},
      relationships: { b: { data: { type: "b", id: "1" } } },
    },
    included: [{
      type: "b",
      id: "1",
      attributes: {},
      relationships: { a: { data: { type: "a", id: "1" } } },
    }],
  }, "one");
  const b = resolved.relationships?.b as { relationships: Record<string, unknown> };
  assertEquals(b.relationships.a, { type: "a", id: "1" });
});

Deno.test("jsonapi: data must be present and of the expected shape", () => {
  const cases: [unknown, "one" | "many", string][] = [
    [{}, "one", "document has no data"],
    [{ data: null }, "many", "document has no data"],
    [{ data: [] }, "one", "expected a single resource"],
    [FIXTURES.channel, "many", "expected an array"],
    [[], "one", "not a JSON:API document"],
    ["text", "one", "not a JSON:API document"],
    [{ data: { type: "channels" } }, "one", "not a JSON:API document"],
    [{ data: { type: "channels", id: 5 } }, "one", "not a JSON:API document"],
  ];
  for (const [body, shape, expected] of cases) {
    const err = assertThrows(() => resolveDocument(body, shape), JsonApiShapeError);
    assertTrue(err.message.includes(expected), `${JSON.stringify(body)}: ${err.message}`);
  }
  assertEquals(resolveDocument({ data: [] }, "many"), []);
});

Deno.test("jsonapi: the resource type must match exactly; unknown attributes are stripped", () => {
  const schema = resourceSchema("channels", { id: uuidId, attributes: z.object({ port: z.number() }) });
  const resolved = resolveDocument(FIXTURES.channel, "one");
  assertEquals(schema.parse(resolved).attributes, { port: 8302 });
  assertTrue(!schema.safeParse({ ...resolved, type: "Channels" }).success);
});

Deno.test("jsonapi: decimal and uuid ids", () => {
  assertEquals(decimalId.parse("1001"), 1001);
  assertTrue(!decimalId.safeParse("10a").success);
  assertTrue(!decimalId.safeParse("-1").success);
  assertTrue(!decimalId.safeParse("99999999999999999999").success);
  assertEquals(uuidId.parse("5B0C9C62-8E7E-4A51-9F64-3F0D7A1C2B11"), "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11");
  assertTrue(!uuidId.safeParse("not-a-uuid").success);
});

Deno.test("jsonapi: request bodies are {data:{type,id,attributes}} in the given attribute order", () => {
  assertEquals(
    JSON.stringify(requestBody("keys", "91", { type: 7, action: 2000000 })),
    '{"data":{"type":"keys","id":"91","attributes":{"type":7,"action":2000000}}}',
  );
  assertEquals(NIL_UUID, "00000000-0000-0000-0000-000000000000");
});
