/**
 * Channel registration heartbeat: every channel re-registers every CHANNEL_REGISTRATION_INTERVAL_MS with
 * its current sessions and maximum; a slow world service never gets overlapping heartbeats; stop ends it.
 */
import { assertEquals } from "../../support/assert.ts";
import { startJsonApiServer } from "../../support/jsonapi-server.ts";
import { parseSettings } from "../../../src/config/settings.ts";
import { startApp } from "../../../src/app.ts";
import { channelFeature } from "../../../src/features/channel/mod.ts";
import { connectClient } from "../../../src/client/client.ts";
import { manualClock } from "../../support/clock.ts";

const TEMPLATES = new URL("../../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function configFile(port: number): Promise<string> {
  const path = `${await Deno.makeTempDir()}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      service: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{ id: TENANT_ID, ipAddress: "10.1.2.3", worlds: [{ id: 0, channels: [{ id: 1, port }] }] }],
      },
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    }),
  );
  return path;
}

/** Polls `done` every 10 ms; fails naming `what` after 10 s. */
async function until(done: () => boolean, what: string, tick?: () => void): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    tick?.();
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("channel heartbeat: periodic re-registration with live capacity, never overlapping, stops with the app", async () => {
  const rest = await startJsonApiServer();
  // The world service answers slowly: 150 ms per registration, longer than the 50 ms interval.
  rest.on("POST", "worlds/0/channels", { status: 202, delayMs: 150 });
  const port = freePort();
  const outcome = parseSettings([
    "--config",
    await configFile(port),
    "--base-service-url",
    rest.root,
    "--bind-address",
    "127.0.0.1",
    "--registration-interval-ms",
    "50",
    "--max-sessions",
    "42",
    "--log-level",
    "error",
  ], {});
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  const clock = manualClock();
  const app = await startApp(outcome.settings, { features: [channelFeature], env: {}, clock });
  const posts = () => rest.requestsTo("POST", "worlds/0/channels");
  const capacityOf = (i: number) => JSON.parse(posts()[i].body).data.attributes.currentCapacity;
  const client = await connectClient({ port });
  try {
    await until(() => posts().length >= 1, "the registration at boot");
    assertEquals(clock.pending(), 1, "one heartbeat timer");
    // Heartbeats until one counts the connected client.
    await until(
      () => posts().length >= 2 && capacityOf(posts().length - 1) === 1,
      "a heartbeat with 1 session",
      () => {
        if (posts().length < 2 || capacityOf(posts().length - 1) !== 1) clock.advance(50);
      },
    );
    const attributes = JSON.parse(posts()[posts().length - 1].body).data.attributes;
    assertEquals(
      [
        attributes.worldId,
        attributes.channelId,
        attributes.ipAddress,
        attributes.port,
        attributes.maxCapacity,
      ],
      [0, 1, "10.1.2.3", port, 42],
    );

    // A heartbeat is in flight (150 ms answer): three more intervals pass without a second request.
    const before = posts().length;
    await until(() => posts().length === before + 1, "the next heartbeat", () => clock.advance(50));
    clock.advance(50);
    clock.advance(50);
    clock.advance(50);
    // The sentinel: ticking until one more heartbeat arrives; the three ticks above came first, so had
    // they overlapped, their requests would be counted here too.
    await until(
      () => posts().length > before + 1,
      "the heartbeat after the slow answer",
      () => clock.advance(50),
    );
    assertEquals(posts().length, before + 2, "no overlapping heartbeats while one was in flight");
  } finally {
    client.close();
    await app.stop();
  }
  assertEquals(clock.pending(), 0, "the heartbeat timer stopped with the app");
  const stoppedAt = posts().length;
  clock.advance(1_000);
  // Sentinel: a request of our own, sent after the ticks, is answered; nothing came before it.
  await fetch(`${rest.root}sentinel`).then((r) => r.body?.cancel());
  assertEquals(posts().length, stoppedAt, "no registration after stop");
  assertEquals(rest.requests[rest.requests.length - 1].path, "sentinel");
  await rest.close();
});
