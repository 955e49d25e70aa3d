/**
 * Boot from the configurations service: two tenants (GMS 83 and GMS 95 templates), two worlds, three
 * channels, plus one tenant whose configuration fails. Every configured listener opens and speaks its
 * tenant's hello; the broken tenant is skipped. A channel status request on the real broker makes
 * exactly the channels of its tenant re-register, with their real capacities.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { createTopics, freshTopic, integration, testBrokers, testKafka } from "../support/kafka.ts";
import { type JsonApiServer, startJsonApiServer } from "../support/jsonapi-server.ts";
import { parseSettings, type Settings } from "../../src/config/settings.ts";
import { startApp } from "../../src/app.ts";
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";
import { tenantKafkaHeaders } from "../../src/kafka/tenant-headers.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url);
const SERVICE_ID = crypto.randomUUID();
const T83 = crypto.randomUUID();
const T95 = crypto.randomUUID();
const BROKEN = crypto.randomUUID();

async function template(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(name, TEMPLATES)));
}

function freePorts(n: number): number[] {
  const listeners = Array.from({ length: n }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function fixtureServer(ports: number[]): Promise<JsonApiServer> {
  const server = await startJsonApiServer();
  server.on("GET", `configurations/services/${SERVICE_ID}`, {
    json: {
      data: {
        type: "services",
        id: SERVICE_ID,
        attributes: {
          tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
          tenants: [
            {
              id: T83,
              ipAddress: "10.0.0.83",
              worlds: [
                { id: 0, channels: [{ id: 1, port: ports[0] }, { id: 2, port: ports[1] }] },
                { id: 1, channels: [{ id: 1, port: ports[2] }] },
              ],
            },
            {
              id: BROKEN,
              ipAddress: "10.0.0.66",
              worlds: [{ id: 0, channels: [{ id: 1, port: ports[3] }] }],
            },
            { id: T95, ipAddress: "10.0.0.95", worlds: [{ id: 0, channels: [{ id: 1, port: ports[4] }] }] },
          ],
        },
      },
    },
  });
  server.on("GET", `configurations/tenants/${T83}`, {
    json: { data: { type: "tenants", id: T83, attributes: await template("template_gms_83_1.json") } },
  });
  server.on("GET", `configurations/tenants/${T95}`, {
    json: { data: { type: "tenants", id: T95, attributes: await template("template_gms_95_1.json") } },
  });
  server.on("GET", `configurations/tenants/${BROKEN}`, { status: 500, text: "boom" });
  server.on("POST", "worlds/0/channels", { status: 202 });
  server.on("POST", "worlds/1/channels", { status: 202 });
  return server;
}

function settingsFor(server: JsonApiServer, statusTopic: string, accountTopic: string): Settings {
  const outcome = parseSettings([
    "--service-id",
    SERVICE_ID,
    "--base-service-url",
    server.root,
    "--bootstrap-servers",
    testBrokers().join(","),
    "--bind-address",
    "127.0.0.1",
    "--max-sessions",
    "7",
    "--registration-interval-ms",
    "3600000",
    "--log-level",
    "error",
    "--topic",
    `COMMAND_TOPIC_CHANNEL_STATUS=${statusTopic}`,
    "--topic",
    `EVENT_TOPIC_ACCOUNT_STATUS=${accountTopic}`,
  ], {});
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  return outcome.settings;
}

interface Registration {
  tenantId: string | null;
  path: string;
  attributes: Record<string, unknown>;
}

function registrations(server: JsonApiServer): Registration[] {
  return server.requests.filter((r) => r.method === "POST").map((r) => ({
    tenantId: r.headers.get("TENANT_ID"),
    path: r.path,
    attributes: JSON.parse(r.body).data.attributes,
  }));
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test(
  integration(
    "boot: two tenants, two worlds, three channels; broken tenant skipped; status request re-registers its tenant only",
    async () => {
      const ports = freePorts(5);
      const server = await fixtureServer(ports);
      const statusTopic = freshTopic("channel-status");
      const accountTopic = freshTopic("account-status");
      await createTopics(testKafka(), [statusTopic, accountTopic]);
      const app = await startApp(settingsFor(server, statusTopic, accountTopic), { env: {} });
      const clients: HeadlessClient[] = [];
      try {
        const opened = app.channels.map((c) => `${c.tenant.id}/${c.worldId}/${c.channelId}:${c.port}`).sort();
        assertEquals(
          opened,
          [
            `${T83}/0/1:${ports[0]}`,
            `${T83}/0/2:${ports[1]}`,
            `${T83}/1/1:${ports[2]}`,
            `${T95}/0/1:${ports[4]}`,
          ].sort(),
        );

        // The broken tenant's port stays closed.
        let refused = false;
        try {
          (await Deno.connect({ hostname: "127.0.0.1", port: ports[3] })).close();
        } catch {
          refused = true;
        }
        assertTrue(refused, "the broken tenant's port must not be open");

        // Each listener speaks its own tenant's hello.
        for (const [port, major] of [[ports[0], 83], [ports[1], 83], [ports[2], 83], [ports[4], 95]]) {
          const client = await connectClient({ port });
          clients.push(client);
          assertEquals(client.hello.majorVersion, major);
          assertEquals(client.hello.minorVersion, 1);
          assertEquals(client.hello.region, "GMS");
        }
        // A second session on the GMS 95 channel, so its capacity is 2.
        clients.push(await connectClient({ port: ports[4] }));

        // Start-up registration: every channel once, with the advertised address.
        await waitFor("start-up registrations", () => registrations(server).length >= 4);
        const startup = registrations(server);
        assertEquals(startup.length, 4);
        assertEquals(
          startup.map((r) => `${r.tenantId}|${r.path}|${r.attributes.channelId}|${r.attributes.ipAddress}`)
            .sort(),
          [
            `${T83}|worlds/0/channels|1|10.0.0.83`,
            `${T83}|worlds/0/channels|2|10.0.0.83`,
            `${T83}|worlds/1/channels|1|10.0.0.83`,
            `${T95}|worlds/0/channels|1|10.0.0.95`,
          ].sort(),
        );

        // A status request for the GMS 95 tenant, on the real broker.
        await waitFor(
          "GMS 95 sessions",
          () => app.channels.find((c) => c.tenant.id === T95)!.sessions.size === 2,
        );
        const producer = testKafka().producer();
        await producer.connect();
        await producer.send({
          topic: statusTopic,
          messages: [{
            value: JSON.stringify({ type: "STATUS_REQUEST" }),
            headers: Object.fromEntries(
              Object.entries(
                tenantKafkaHeaders({ id: T95, region: "GMS", majorVersion: 95, minorVersion: 1 }),
              )
                .map(([k, v]) => [k, Buffer.from(v)]),
            ),
          }],
        });
        // The sentinel: a status request for the GMS 83 tenant after it. Requests are handled one at a
        // time, each awaiting its registrations, so the GMS 83 ones come after all of the GMS 95 one's.
        await producer.send({
          topic: statusTopic,
          messages: [{
            value: JSON.stringify({ type: "STATUS_REQUEST" }),
            headers: Object.fromEntries(
              Object.entries(
                tenantKafkaHeaders({ id: T83, region: "GMS", majorVersion: 83, minorVersion: 1 }),
              )
                .map(([k, v]) => [k, Buffer.from(v)]),
            ),
          }],
        });
        await producer.disconnect();
        await waitFor("both status re-registrations", () => registrations(server).length >= 8);
        const after = registrations(server).slice(4);
        assertEquals(after.slice(1).map((r) => r.tenantId), [T83, T83, T83], "the sentinel's registrations");
        assertEquals(after.length, 4);
        assertEquals(after[0].tenantId, T95);
        assertEquals(after[0].path, "worlds/0/channels");
        assertEquals(after[0].attributes.currentCapacity, 2);
        assertEquals(after[0].attributes.maxCapacity, 7);
        assertEquals(after[0].attributes.port, ports[4]);
      } finally {
        for (const c of clients) c.close();
        await app.stop();
        await server.close();
      }
    },
  ),
);

Deno.test(
  integration(
    "boot: a port already in use is a start-up error naming tenant, world and channel",
    async () => {
      const ports = freePorts(5);
      const blocker = Deno.listen({ hostname: "127.0.0.1", port: ports[1] });
      const server = await fixtureServer(ports);
      try {
        let message = "";
        try {
          const app = await startApp(settingsFor(server, freshTopic("s"), freshTopic("a")), { env: {} });
          await app.stop();
        } catch (err) {
          message = err instanceof Error ? err.message : String(err);
        }
        assertTrue(message.includes(`tenant ${T83} world 0 channel 2`), message);
        assertTrue(message.includes("port already in use"), message);
        // Listeners opened before the failure were closed again.
        const probe = Deno.listen({ hostname: "127.0.0.1", port: ports[0] });
        probe.close();
      } finally {
        blocker.close();
        await server.close();
      }
    },
  ),
);
