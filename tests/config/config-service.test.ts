import { z } from "zod";
import { assertEquals, assertRejects, assertStringIncludes } from "../support/assert.ts";
import { FIXTURES, type JsonApiServer, startJsonApiServer } from "../support/jsonapi-server.ts";
import { createRestClient, type RestClient } from "../../src/rest/client.ts";
import { RestError, RestSchemaError } from "../../src/rest/errors.ts";
import {
  fetchConfigurations,
  fetchServiceConfiguration,
  fetchTenantConfiguration,
} from "../../src/config/config-service.ts";

const SERVICE_ID = "e7fb1d7e-47b8-46bd-97dc-867d93530000";
const TENANT_ID = "083839c6-c47c-42a6-9585-76492795d123";

// Small stand-ins for the real attribute schemas in tenant-config.ts: this module is generic over them.
const serviceAttributes = z.object({
  tasks: z.array(z.object({ type: z.string(), interval: z.number(), duration: z.number() })),
  tenants: z.array(z.object({
    id: z.string(),
    ipAddress: z.string(),
    worlds: z.array(
      z.object({ id: z.number(), channels: z.array(z.object({ id: z.number(), port: z.number() })) }),
    ),
  })),
});
const tenantAttributes = z.object({ region: z.string(), majorVersion: z.number(), minorVersion: z.number() });

async function withServer(body: (server: JsonApiServer, rest: RestClient) => Promise<void>): Promise<void> {
  const server = await startJsonApiServer();
  try {
    await body(
      server,
      createRestClient({
        baseServiceUrl: server.root,
        env: () => undefined,
        retry: { attempts: 2, baseDelayMs: 1 },
      }),
    );
  } finally {
    await server.close();
  }
}

Deno.test("config service: GET configurations/services/{id} without tenant headers", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", `configurations/services/${SERVICE_ID}`, { json: FIXTURES.service });
    const service = await fetchServiceConfiguration(rest, SERVICE_ID, serviceAttributes);
    assertEquals(service.id, SERVICE_ID);
    assertEquals(service.attributes.tasks, [{ type: "timeout", interval: 10000, duration: 300000 }]);
    assertEquals(service.attributes.tenants[0].worlds[0].channels[1], { id: 1, port: 8302 });
    assertEquals(server.requests[0].headers.get("TENANT_ID"), null);
  });
});

Deno.test("config service: the boot sequence reads the service then each listed tenant in order", async () => {
  await withServer(async (server, rest) => {
    const second = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";
    const service = structuredClone(FIXTURES.service) as unknown as {
      data: { attributes: { tenants: { id: string }[] } };
    };
    service.data.attributes.tenants.push({ ...service.data.attributes.tenants[0], id: second });
    const jms = structuredClone(FIXTURES.tenant) as unknown as { data: { id: string; attributes: object } };
    jms.data.id = second;
    jms.data.attributes = { ...jms.data.attributes, region: "JMS", majorVersion: 185 };
    server.on("GET", `configurations/services/${SERVICE_ID}`, { json: service });
    server.on("GET", `configurations/tenants/${TENANT_ID}`, { json: FIXTURES.tenant });
    server.on("GET", `configurations/tenants/${second}`, { json: jms });
    const result = await fetchConfigurations(rest, SERVICE_ID, {
      service: serviceAttributes,
      tenant: tenantAttributes,
      tenantIds: (attributes) => attributes.tenants.map((t) => t.id),
    });
    assertEquals(result.tenants, [
      { id: TENANT_ID, attributes: { region: "GMS", majorVersion: 83, minorVersion: 1 } },
      { id: second, attributes: { region: "JMS", majorVersion: 185, minorVersion: 1 } },
    ]);
    assertEquals(server.requests.map((r) => r.path), [
      `configurations/services/${SERVICE_ID}`,
      `configurations/tenants/${TENANT_ID}`,
      `configurations/tenants/${second}`,
    ]);
  });
});

Deno.test("config service: failures are typed errors naming the resource", async () => {
  await withServer(async (server, rest) => {
    // atlas-configurations answers 500 (not 404) for an unknown id.
    server.on("GET", `configurations/tenants/${TENANT_ID}`, { status: 500 });
    server.on("GET", `configurations/services/${SERVICE_ID}`, { json: FIXTURES.tenant });
    const unknown = await assertRejects(
      () => fetchTenantConfiguration(rest, TENANT_ID, tenantAttributes),
      RestError,
    ) as RestError;
    assertEquals(unknown.status, 500);
    assertStringIncludes(unknown.message, `GET CONFIGURATIONS configurations/tenants/${TENANT_ID}`);
    // A tenants document where a services document is expected.
    await assertRejects(
      () => fetchServiceConfiguration(rest, SERVICE_ID, serviceAttributes),
      RestSchemaError,
    );
    const badId = await assertRejects(
      () => fetchTenantConfiguration(rest, "not-a-uuid", tenantAttributes),
      RestError,
    );
    assertStringIncludes(badId.message, 'tenants id "not-a-uuid" is not a UUID');
    assertEquals(server.requestsTo("GET", "configurations/tenants/not-a-uuid").length, 0);
  });
});
