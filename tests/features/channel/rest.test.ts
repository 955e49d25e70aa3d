import { assertEquals, assertRejects, assertStringIncludes } from "../../support/assert.ts";
import {
  FIXTURES,
  type JsonApiServer,
  SAMPLE_TENANT,
  startJsonApiServer,
} from "../../support/jsonapi-server.ts";
import { createRestClient, type RestClient } from "../../../src/rest/client.ts";
import { RestError, RestNotFoundError } from "../../../src/rest/errors.ts";
import { setupLogging } from "../../../src/observability/log.ts";
import {
  announceChannels,
  channelRegistrationBody,
  getChannel,
  getWorld,
  goTimeText,
  registerChannel,
} from "../../../src/features/channel/rest.ts";

async function withServer(body: (server: JsonApiServer, rest: RestClient) => Promise<void>): Promise<void> {
  const server = await startJsonApiServer();
  try {
    await body(
      server,
      createRestClient({
        baseServiceUrl: server.root,
        env: () => undefined,
        timeoutMs: 2_000,
        retry: { attempts: 2, baseDelayMs: 1 },
      }),
    );
  } finally {
    await server.close();
  }
}

const registration = { worldId: 0, channelId: 1, ipAddress: "192.168.23.232", port: 8302 };

Deno.test("channel registration: the body is byte-for-byte the reference's", () => {
  const body = channelRegistrationBody(registration, new Date("2026-01-15T18:04:05.123Z"));
  assertEquals(
    JSON.stringify(body),
    '{"data":{"type":"channels","id":"00000000-0000-0000-0000-000000000000","attributes":{' +
      '"worldId":0,"channelId":1,"ipAddress":"192.168.23.232","port":8302,' +
      '"currentCapacity":0,"maxCapacity":0,"createdAt":"2026-01-15T18:04:05.123Z"}}}',
  );
});

Deno.test("channel registration: createdAt is Go's RFC3339Nano text (trailing zeros trimmed)", () => {
  assertEquals(goTimeText(new Date("2026-01-15T18:04:05.120Z")), "2026-01-15T18:04:05.12Z");
  assertEquals(goTimeText(new Date("2026-01-15T18:04:05.000Z")), "2026-01-15T18:04:05Z");
  assertEquals(goTimeText(new Date("2026-01-15T18:04:05.007Z")), "2026-01-15T18:04:05.007Z");
});

Deno.test("channel registration: POST worlds/{w}/channels with tenant headers and the exact body", async () => {
  await withServer(async (server, rest) => {
    server.on("POST", "worlds/0/channels", { status: 202 });
    await registerChannel(rest, SAMPLE_TENANT, registration, {
      now: () => new Date("2026-01-15T18:04:05.1Z"),
    });
    const [request] = server.requestsTo("POST", "worlds/0/channels");
    assertEquals(JSON.parse(request.body), {
      data: {
        type: "channels",
        id: "00000000-0000-0000-0000-000000000000",
        attributes: {
          worldId: 0,
          channelId: 1,
          ipAddress: "192.168.23.232",
          port: 8302,
          currentCapacity: 0,
          maxCapacity: 0,
          createdAt: "2026-01-15T18:04:05.1Z",
        },
      },
    });
    assertEquals(request.headers.get("TENANT_ID"), SAMPLE_TENANT.id);
    assertEquals(request.headers.get("MAJOR_VERSION"), "83");
    assertEquals(request.headers.get("content-type"), "application/json; charset=utf-8");
  });
});

Deno.test("channel registration: a failing POST is a RestError and is not retried", async () => {
  await withServer(async (server, rest) => {
    server.on("POST", "worlds/0/channels", { status: 500 });
    const err = await assertRejects(
      () => registerChannel(rest, SAMPLE_TENANT, registration),
      RestError,
    ) as RestError;
    assertEquals(err.status, 500);
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("channel registration: an invalid registration is rejected before any request", async () => {
  await withServer(async (server, rest) => {
    const err = await assertRejects(
      () => registerChannel(rest, SAMPLE_TENANT, { ...registration, port: 70000 }),
      RestError,
    );
    assertStringIncludes(err.message, "POST CHANNELS worlds/0/channels: invalid registration: port");
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("channel announce: registers every channel, counts and logs failures, never rejects", async () => {
  const lines: string[] = [];
  setupLogging("warn", (line) => lines.push(line));
  try {
    await withServer(async (server, rest) => {
      server.on("POST", "worlds/0/channels", { status: 202 });
      server.on("POST", "worlds/1/channels", { status: 400 });
      const result = await announceChannels(rest, [
        { tenant: SAMPLE_TENANT, registration },
        { tenant: SAMPLE_TENANT, registration: { ...registration, worldId: 1 } },
        { tenant: SAMPLE_TENANT, registration: { ...registration, channelId: 2 } },
      ]);
      assertEquals(result, { registered: 2, failed: 1 });
      assertEquals(server.requests.map((r) => r.path), [
        "worlds/0/channels",
        "worlds/1/channels",
        "worlds/0/channels",
      ]);
      assertEquals(server.requests.map((r) => JSON.parse(r.body).data.attributes.channelId), [1, 1, 2]);
    });
  } finally {
    setupLogging("info");
  }
  const failure = lines.map((line) => JSON.parse(line)).find((l) => l.msg === "channel registration failed");
  assertEquals(failure?.worldId, 1);
  assertEquals(failure?.tenantId, SAMPLE_TENANT.id);
  assertStringIncludes(String(failure?.error), "HTTP 400");
});

Deno.test("channel lookup: GET worlds/{w}/channels/{c} gives the address; 404 is RestNotFoundError", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "worlds/0/channels/1", { json: FIXTURES.channel });
    const channel = await getChannel(rest, SAMPLE_TENANT, 0, 1);
    assertEquals(channel, {
      id: "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11",
      worldId: 0,
      channelId: 1,
      ipAddress: "192.168.23.232",
      port: 8302,
      currentCapacity: 0,
      maxCapacity: 0,
      createdAt: "2026-01-15T18:04:05.123456789Z",
    });
    await assertRejects(() => getChannel(rest, SAMPLE_TENANT, 0, 5), RestNotFoundError);
    assertEquals(server.requests.map((r) => r.headers.get("REGION")), ["GMS", "GMS"]);
  });
});

Deno.test("world lookup: GET worlds/{w} gives the message and channel ids", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "worlds/0", { json: FIXTURES.world });
    const world = await getWorld(rest, SAMPLE_TENANT, 0);
    assertEquals(world, {
      id: 0,
      name: "Scania",
      state: 0,
      message: "Welcome to Scania!",
      eventMessage: "Scania!",
      recommended: true,
      recommendedMessage: "Most Populated!",
      capacityStatus: 0,
      channelIds: [],
    });
  });
});

Deno.test("world lookup: a crowd logging in at once shares requests; other tenants and worlds ask their own", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "worlds/0", { json: FIXTURES.world, delayMs: 50 });
    server.on("GET", "worlds/1", { json: FIXTURES.world, delayMs: 50 });
    const otherTenant = { ...SAMPLE_TENANT, id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b" };
    const worlds = await Promise.all([
      ...Array.from({ length: 30 }, () => getWorld(rest, SAMPLE_TENANT, 0)),
      getWorld(rest, otherTenant, 0),
      getWorld(rest, SAMPLE_TENANT, 1),
    ]);
    for (const world of worlds) assertEquals(world.message, "Welcome to Scania!");
    const tenants = server.requestsTo("GET", "worlds/0").map((r) => r.headers.get("TENANT_ID"));
    // The first caller's request, then one shared by the 29 who asked while it was on the way.
    assertEquals(tenants.filter((t) => t === SAMPLE_TENANT.id).length, 2);
    assertEquals(tenants.filter((t) => t === otherTenant.id).length, 1);
    assertEquals(server.requestsTo("GET", "worlds/1").length, 1);
    await getWorld(rest, SAMPLE_TENANT, 0);
    assertEquals(server.requestsTo("GET", "worlds/0").length, 4, "answered: the next caller asks afresh");
  });
});
