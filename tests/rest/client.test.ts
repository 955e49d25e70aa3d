import { z } from "zod";
import { assertEquals, assertRejects, assertStringIncludes, assertTrue } from "../support/assert.ts";
import {
  FIXTURES,
  type JsonApiServer,
  SAMPLE_TENANT,
  startJsonApiServer,
} from "../support/jsonapi-server.ts";
import {
  backoffDelay,
  CONTENT_TYPE,
  createRestClient,
  type RestClientOptions,
} from "../../src/rest/client.ts";
import {
  RestError,
  RestMalformedResponseError,
  RestNotFoundError,
  RestSchemaError,
  RestTimeoutError,
} from "../../src/rest/errors.ts";
import { decimalId, resourceSchema, toMany, uuidId } from "../../src/rest/jsonapi.ts";

const channelSchema = resourceSchema("channels", {
  id: uuidId,
  attributes: z.object({
    worldId: z.number(),
    channelId: z.number(),
    ipAddress: z.string(),
    port: z.number(),
  }),
});
const memberSchema = resourceSchema("members", {
  id: decimalId,
  attributes: z.object({ name: z.string(), level: z.number(), online: z.boolean() }),
});
const partySchema = resourceSchema("parties", {
  id: decimalId,
  attributes: z.object({ leaderId: z.number() }),
  relationships: { members: toMany(memberSchema) },
});
const commoditySchema = resourceSchema("commodities", {
  id: uuidId,
  attributes: z.object({ templateId: z.number(), mesoPrice: z.number(), slotMax: z.number() }),
});
const shopSchema = resourceSchema("shops", {
  id: z.string(),
  attributes: z.object({ npcId: z.number(), recharger: z.boolean() }),
  relationships: { commodities: toMany(commoditySchema) },
});

/** Runs `body` with a fresh fixture server and a client whose every root points at it. */
async function withServer(
  body: (server: JsonApiServer, options: RestClientOptions) => Promise<void>,
): Promise<void> {
  const server = await startJsonApiServer();
  try {
    await body(server, {
      baseServiceUrl: server.root,
      env: () => undefined,
      timeoutMs: 2_000,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
  } finally {
    await server.close();
  }
}

Deno.test("rest client: GET a single resource parses it with the schema", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { json: FIXTURES.channel });
    const rest = createRestClient(options);
    const channel = await rest.get("CHANNELS", "worlds/0/channels/1", channelSchema, {
      tenant: SAMPLE_TENANT,
    });
    assertEquals(channel, {
      type: "channels",
      id: "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11",
      attributes: { worldId: 0, channelId: 1, ipAddress: "192.168.23.232", port: 8302 },
      relationships: {},
    });
  });
});

Deno.test("rest client: GET a collection resolves included relationships", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "parties?filter[members.id]=1001", { json: FIXTURES.parties });
    const rest = createRestClient(options);
    const parties = await rest.getMany("PARTIES", "parties?filter[members.id]=1001", partySchema, {
      tenant: SAMPLE_TENANT,
    });
    assertEquals(parties.length, 1);
    assertEquals(parties[0].id, 1000000001);
    assertEquals(parties[0].attributes.leaderId, 1001);
    assertEquals(parties[0].relationships.members.map((m) => [m.id, m.attributes.name, m.attributes.level]), [
      [1001, "Aria", 30],
      [1002, "Brin", 28],
    ]);
    // Brackets travel unescaped, as Atlas sends them.
    assertEquals(server.requests[0].path, "parties?filter[members.id]=1001");
  });
});

Deno.test("rest client: include option is appended to the query and included resources are followed", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "npcs/1011100/shop?include=commodities", { json: FIXTURES.shop });
    const rest = createRestClient(options);
    const shop = await rest.get("NPC_SHOP", "npcs/1011100/shop", shopSchema, {
      tenant: SAMPLE_TENANT,
      include: ["commodities"],
    });
    assertEquals(shop.attributes.npcId, 1011100);
    assertEquals(shop.relationships.commodities.map((c) => c.attributes), [
      { templateId: 2000000, mesoPrice: 50, slotMax: 100 },
    ]);
  });
});

Deno.test("rest client: an empty collection is an empty array", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "parties?filter[members.id]=7", { json: { data: [] } });
    const rest = createRestClient(options);
    assertEquals(await rest.getMany("PARTIES", "parties?filter[members.id]=7", partySchema), []);
  });
});

Deno.test("rest client: 404 is a RestNotFoundError and is not retried", async () => {
  await withServer(async (server, options) => {
    const rest = createRestClient(options);
    const err = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/9", channelSchema, { tenant: SAMPLE_TENANT }),
      RestNotFoundError,
    ) as RestNotFoundError;
    assertEquals(err.status, 404);
    assertEquals(err.service, "CHANNELS");
    assertEquals(err.path, "worlds/0/channels/9");
    const host = new URL(options.baseServiceUrl!).host;
    assertEquals(err.message, `GET CHANNELS worlds/0/channels/9: not found (HTTP 404 from ${host})`);
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: 400 fails at once with the status", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0", { status: 400 });
    const rest = createRestClient(options);
    const err = await assertRejects(
      () => rest.get("WORLDS", "worlds/0", channelSchema),
      RestError,
    ) as RestError;
    assertEquals(err.status, 400);
    assertTrue(!(err instanceof RestNotFoundError));
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: a 500 followed by success is retried and succeeds", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { status: 500 }, { json: FIXTURES.channel });
    const rest = createRestClient(options);
    const channel = await rest.get("CHANNELS", "worlds/0/channels/1", channelSchema);
    assertEquals(channel.attributes.port, 8302);
    assertEquals(server.requestsTo("GET", "worlds/0/channels/1").length, 2);
  });
});

Deno.test("rest client: persistent 500 gives a RestError after the bounded number of attempts", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { status: 500, text: "<html>bad gateway</html>" });
    const rest = createRestClient({ ...options, retry: { attempts: 4, baseDelayMs: 2, maxDelayMs: 5 } });
    const err = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/1", channelSchema),
      RestError,
    ) as RestError;
    assertEquals(err.constructor, RestError);
    assertEquals(err.status, 500);
    assertEquals(err.attempts, 4);
    assertEquals(
      err.message,
      `GET CHANNELS worlds/0/channels/1: unexpected status (HTTP 500 from ${
        new URL(options.baseServiceUrl!).host
      }) after 4 attempts`,
    );
    assertEquals(server.requests.length, 4);
  });
});

Deno.test("rest client: a response slower than the timeout is a RestTimeoutError, retried then given up", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { delayMs: 1_000, json: FIXTURES.channel });
    const rest = createRestClient({ ...options, timeoutMs: 50, retry: { attempts: 2, baseDelayMs: 1 } });
    const started = performance.now();
    const err = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/1", channelSchema),
      RestTimeoutError,
    ) as RestTimeoutError;
    const elapsed = performance.now() - started;
    assertEquals(err.timeoutMs, 50);
    assertEquals(err.attempts, 2);
    assertStringIncludes(
      err.message,
      `GET CHANNELS worlds/0/channels/1: no response from ${
        new URL(options.baseServiceUrl!).host
      } within 50 ms`,
    );
    assertTrue(elapsed < 900, `gave up after ${elapsed} ms`);
    assertEquals(server.requests.length, 2);
  });
});

Deno.test("rest client: a timeout followed by a fast answer succeeds", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { delayMs: 1_000, json: FIXTURES.channel }, {
      json: FIXTURES.channel,
    });
    const rest = createRestClient({ ...options, timeoutMs: 50 });
    const channel = await rest.get("CHANNELS", "worlds/0/channels/1", channelSchema);
    assertEquals(channel.attributes.channelId, 1);
  });
});

Deno.test("rest client: malformed JSON is a RestMalformedResponseError, not retried", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { text: '{"data":{"type":"channels",' });
    const rest = createRestClient(options);
    const err = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/1", channelSchema),
      RestMalformedResponseError,
    );
    assertStringIncludes(err.message, "GET CHANNELS worlds/0/channels/1: malformed JSON");
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: an empty 200 body and a document without data are malformed", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1", { text: "" });
    server.on("GET", "worlds/0/channels/2", { json: { data: null } });
    server.on("GET", "worlds/0/channels/3", { json: { data: [FIXTURES.channel.data] } });
    const rest = createRestClient(options);
    await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/1", channelSchema),
      RestMalformedResponseError,
    );
    const noData = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/2", channelSchema),
      RestMalformedResponseError,
    );
    assertStringIncludes(noData.message, "document has no data");
    const wrongShape = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/3", channelSchema),
      RestMalformedResponseError,
    );
    assertStringIncludes(wrongShape.message, "expected a single resource");
  });
});

Deno.test("rest client: a body that does not match the schema is a RestSchemaError naming the field", async () => {
  await withServer(async (server, options) => {
    const wrong = structuredClone(FIXTURES.channel) as { data: { attributes: Record<string, unknown> } };
    wrong.data.attributes.port = "8302";
    server.on("GET", "worlds/0/channels/1", { json: wrong });
    server.on("GET", "worlds/0", { json: FIXTURES.world });
    const rest = createRestClient(options);
    const err = await assertRejects(
      () => rest.get("CHANNELS", "worlds/0/channels/1", channelSchema),
      RestSchemaError,
    ) as RestSchemaError;
    assertStringIncludes(err.message, "GET CHANNELS worlds/0/channels/1");
    assertTrue(err.issues.some((issue) => issue.startsWith("data.attributes.port")), err.issues.join("|"));
    // A resource of another type is a mismatch too (Atlas checks `type`).
    const typeErr = await assertRejects(
      () => rest.get("WORLDS", "worlds/0", channelSchema),
      RestSchemaError,
    ) as RestSchemaError;
    assertTrue(typeErr.issues.some((issue) => issue.startsWith("data.type")), typeErr.issues.join("|"));
    assertEquals(server.requests.length, 2);
  });
});

Deno.test("rest client: sends tenant headers, trace headers from the hook and Atlas' content type", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0", { json: FIXTURES.world });
    server.on("POST", "worlds/0/channels", { status: 202 });
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const rest = createRestClient({ ...options, injectHeaders: (h) => h.set("traceparent", traceparent) });
    await rest.get("WORLDS", "worlds/0", z.unknown(), { tenant: SAMPLE_TENANT });
    await rest.post("CHANNELS", "worlds/0/channels", { data: {} }, { tenant: SAMPLE_TENANT });
    for (const request of server.requests) {
      assertEquals(request.headers.get("TENANT_ID"), SAMPLE_TENANT.id);
      assertEquals(request.headers.get("REGION"), "GMS");
      assertEquals(request.headers.get("MAJOR_VERSION"), "83");
      assertEquals(request.headers.get("MINOR_VERSION"), "1");
      assertEquals(request.headers.get("traceparent"), traceparent);
      assertEquals(request.headers.get("content-type"), CONTENT_TYPE);
      // Atlas sends no Accept; fetch's default */* is equivalent (never application/vnd.api+json).
      assertEquals(request.headers.get("accept"), "*/*");
    }
  });
});

Deno.test("rest client: without a tenant no tenant header is sent; a throwing trace hook does not fail the call", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "configurations/services/x", { json: FIXTURES.service });
    const rest = createRestClient({
      ...options,
      injectHeaders: () => {
        throw new Error("tracer broken");
      },
    });
    await rest.get("CONFIGURATIONS", "configurations/services/x", z.unknown());
    const headers = server.requests[0].headers;
    for (const name of ["TENANT_ID", "REGION", "MAJOR_VERSION", "MINOR_VERSION", "traceparent"]) {
      assertEquals(headers.get(name), null, name);
    }
  });
});

Deno.test("rest client: a per-service override variable wins over the base URL, even when empty", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0", { json: FIXTURES.world });
    const env: Record<string, string> = { WORLDS_SERVICE_URL: server.root };
    const rest = createRestClient({
      ...options,
      baseServiceUrl: "http://127.0.0.1:9/api/",
      env: (n) => env[n],
    });
    await rest.get("WORLDS", "worlds/0", z.unknown());
    assertEquals(server.requests.length, 1);

    env.WORLDS_SERVICE_URL = "";
    const err = await assertRejects(() => rest.get("WORLDS", "worlds/0", z.unknown()), RestError);
    assertEquals(
      err.message,
      'GET WORLDS worlds/0: no usable service root: WORLDS_SERVICE_URL is "" (it must be an absolute URL ending in /api/)',
    );
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: redirects are followed with the tenant headers (Atlas' MAPS and accounts paths rely on it)", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0/channels/1/maps/100000000/characters/", {
      status: 301,
      location: "worlds/0/channels/1/maps/100000000/characters",
    });
    server.on("GET", "worlds/0/channels/1/maps/100000000/characters", {
      json: { data: [{ type: "characters", id: "1001", attributes: {} }] },
    });
    const rest = createRestClient(options);
    const ids = await rest.getMany(
      "MAPS",
      "worlds/0/channels/1/maps/100000000/characters/",
      resourceSchema("characters", { id: decimalId, attributes: z.object({}) }),
      { tenant: SAMPLE_TENANT },
    );
    assertEquals(ids.map((c) => c.id), [1001]);
    assertEquals(server.requests.map((r) => r.headers.get("TENANT_ID")), [
      SAMPLE_TENANT.id,
      SAMPLE_TENANT.id,
    ]);
  });
});

Deno.test("rest client: POST is not retried on 500 and reports the status", async () => {
  await withServer(async (server, options) => {
    server.on("POST", "worlds/0/channels", { status: 500 });
    const rest = createRestClient(options);
    const err = await assertRejects(
      () => rest.post("CHANNELS", "worlds/0/channels", { data: {} }, { tenant: SAMPLE_TENANT }),
      RestError,
    ) as RestError;
    assertEquals(err.status, 500);
    assertEquals(err.method, "POST");
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: POST/PATCH/DELETE send their bodies; 2xx with or without a body succeeds", async () => {
  await withServer(async (server, options) => {
    server.on("POST", "characters/1/cash-shop/wishlist", {
      json: {
        data: { type: "items", id: "a3c1d2e4-5f60-4a7b-8c9d-0e1f2a3b4c5d", attributes: { serialNumber: 5 } },
      },
    });
    server.on("PATCH", "characters/1/keys/91", { status: 200 });
    server.on("DELETE", "characters/1/cash-shop/wishlist", { status: 204 });
    const rest = createRestClient(options);
    const item = await rest.postResource(
      "CASHSHOP",
      "characters/1/cash-shop/wishlist",
      { data: { type: "items", attributes: { serialNumber: 5 } } },
      resourceSchema("items", { id: uuidId, attributes: z.object({ serialNumber: z.number() }) }),
      { tenant: SAMPLE_TENANT },
    );
    assertEquals(item.attributes.serialNumber, 5);
    await rest.patch("KEYS", "characters/1/keys/91", { data: { type: "keys", id: "91" } }, {
      tenant: SAMPLE_TENANT,
    });
    await rest.delete("CASHSHOP", "characters/1/cash-shop/wishlist", { tenant: SAMPLE_TENANT });
    assertEquals(server.requests.map((r) => [r.method, r.body]), [
      ["POST", '{"data":{"type":"items","attributes":{"serialNumber":5}}}'],
      ["PATCH", '{"data":{"type":"keys","id":"91"}}'],
      ["DELETE", ""],
    ]);
  });
});

Deno.test("rest client: a write that opts into retry is retried", async () => {
  await withServer(async (server, options) => {
    server.on("DELETE", "characters/1/cash-shop/wishlist", { status: 503 }, { status: 204 });
    const rest = createRestClient(options);
    await rest.delete("CASHSHOP", "characters/1/cash-shop/wishlist", { retry: true });
    assertEquals(server.requests.length, 2);
  });
});

Deno.test("rest client: a refused connection is retried, then a RestError naming host:port and the cause", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close(); // nothing listens there now
  const rest = createRestClient({
    baseServiceUrl: `http://127.0.0.1:${port}/api/`,
    env: () => undefined,
    retry: { attempts: 2, baseDelayMs: 1 },
  });
  const err = await assertRejects(() => rest.get("WORLDS", "worlds/0", z.unknown()), RestError) as RestError;
  assertEquals(err.status, undefined);
  assertEquals(err.attempts, 2);
  assertStringIncludes(err.message, `GET WORLDS worlds/0: cannot reach 127.0.0.1:${port}: `);
  assertStringIncludes(err.message, "Connection refused");
  assertTrue(!err.message.includes("error sending request"), err.message);
  assertTrue(err.cause !== undefined);
});

Deno.test("rest client: the caller's signal aborts a pending call without retrying", async () => {
  await withServer(async (server, options) => {
    server.on("GET", "worlds/0", { delayMs: 1_000, json: FIXTURES.world });
    const rest = createRestClient(options);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const err = await assertRejects(
      () => rest.get("WORLDS", "worlds/0", z.unknown(), { signal: controller.signal }),
      RestError,
    );
    assertStringIncludes(err.message, "aborted by the caller");
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("rest client: backoff is jittered, doubles per retry and is capped", () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 250 };
  assertEquals(backoffDelay(1, policy, () => 0.5), 50);
  assertEquals(backoffDelay(2, policy, () => 0.5), 100);
  assertEquals(backoffDelay(3, policy, () => 0.5), 125);
  assertEquals(backoffDelay(3, policy, () => 0), 0);
  assertEquals(backoffDelay(1, policy, () => 0.999), 99);
});
