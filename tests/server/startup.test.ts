/**
 * A client that connects while the server is still starting is held (its packets unread, no feature
 * hooks run) until the bus runs; if start-up fails, it is closed with the channels.
 */
import { assertEquals, assertRejects, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startApp } from "../../src/app.ts";
import type { Feature } from "../../src/features/feature.ts";
import { connectClient } from "../../src/client/client.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function settingsWithPort(port: number) {
  const path = `${await Deno.makeTempDir()}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      service: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{
          id: TENANT_ID,
          ipAddress: "127.0.0.1",
          worlds: [{ id: 0, channels: [{ id: 1, port }] }],
        }],
      },
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    }),
  );
  const outcome = parseSettings(
    ["--config", path, "--bind-address", "127.0.0.1", "--log-level", "error"],
    {},
  );
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  return outcome.settings;
}

async function waitUntil(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

Deno.test("start-up: sessions that connect before the bus runs wait for it", async () => {
  const port = freePort();
  const gate = Promise.withResolvers<void>();
  const seen: string[] = [];
  const slow: Feature = {
    name: "slow",
    contracts: [],
    onSession: () => void seen.push("session"),
    start: async () => {
      await gate.promise;
      seen.push("started");
    },
  };
  const starting = startApp(await settingsWithPort(port), { features: [slow], env: {} });
  let client;
  for (let i = 0; i < 100 && !client; i++) {
    client = await connectClient({ port }).catch(() => undefined);
    if (!client) await new Promise((r) => setTimeout(r, 20));
  }
  // The client has its hello: the session exists. Its feature hook runs only after start-up finished.
  assertTrue(client, "the listener accepts during start-up");
  gate.resolve();
  const app = await starting;
  try {
    await waitUntil(() => seen.length === 2);
    assertEquals(seen, ["started", "session"], "no feature hook before the bus runs");
  } finally {
    client!.close();
    await app.stop();
  }
});

Deno.test("start-up: a failed start closes the sessions that were waiting", async () => {
  const port = freePort();
  const gate = Promise.withResolvers<void>();
  const failing: Feature = { name: "failing", contracts: [], start: () => gate.promise };
  const starting = startApp(await settingsWithPort(port), { features: [failing], env: {} });
  let client;
  for (let i = 0; i < 100 && !client; i++) {
    client = await connectClient({ port }).catch(() => undefined);
    if (!client) await new Promise((r) => setTimeout(r, 20));
  }
  assertTrue(client);
  gate.reject(new Error("feature failed to start"));
  await assertRejects(() => starting);
  const closed = await client!.closed;
  assertTrue(closed.reason === "eof" || closed.reason === "error", closed.reason);
});
