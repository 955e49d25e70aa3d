/**
 * The account feature keeps the LoggedInValidator's table: prefilled from the account service at boot
 * (logged in ⇔ `loggedIn > 0`), then kept current by EVENT_TOPIC_ACCOUNT_STATUS for the tenants this
 * process serves. Runs the whole app on the in-memory bus with a local configuration file.
 */
import { assertEquals } from "../../support/assert.ts";
import { startJsonApiServer } from "../../support/jsonapi-server.ts";
import { parseSettings } from "../../../src/config/settings.ts";
import { startApp } from "../../../src/app.ts";
import { createMemoryBus, MemoryBroker } from "../../../src/kafka/memory-bus.ts";
import { accountStatusContract } from "../../../src/features/account/messages.ts";
import { createAccountRegistry } from "../../../src/features/account/registry.ts";
import type { Feature } from "../../../src/features/feature.ts";
import { accountFeature } from "../../../src/features/account/mod.ts";

const TEMPLATES = new URL("../../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";
const TENANT = { id: TENANT_ID, region: "GMS", majorVersion: 83, minorVersion: 1 };
const OTHER = { ...TENANT, id: "6e4f2d9b-0c58-4a32-9f7b-1d3a8c0e5b24" };

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function configFile(): Promise<string> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      service: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{
          id: TENANT_ID,
          ipAddress: "127.0.0.1",
          worlds: [{ id: 0, channels: [{ id: 1, port: freePort() }] }],
        }],
      },
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    }),
  );
  return path;
}

function accountDoc(id: number, loggedIn: number) {
  return {
    type: "accounts",
    id: String(id),
    attributes: { name: `acc${id}`, loggedIn, gender: 0, banned: false },
  };
}

Deno.test("account: boot prefill from the account service, then account status events for served tenants only", async () => {
  const rest = await startJsonApiServer();
  rest.on("GET", "accounts", { json: { data: [accountDoc(1, 1), accountDoc(2, 0), accountDoc(3, 2)] } });
  const broker = new MemoryBroker();
  const settings = parseSettings(
    [
      "--config",
      await configFile(),
      "--base-service-url",
      rest.root,
      "--bind-address",
      "127.0.0.1",
      "--log-level",
      "error",
    ],
    {},
  );
  if (settings.kind !== "run") throw new Error(JSON.stringify(settings));
  // Capture the registry the feature writes to by wrapping the feature's context.
  let seen: ReturnType<typeof createAccountRegistry> | undefined;
  const probe: Feature = { name: "probe", contracts: [], start: (ctx) => void (seen = ctx.accounts) };
  const app = await startApp(settings.settings, {
    features: [accountFeature, probe],
    memoryBroker: broker,
    env: {},
  });
  const publisher = createMemoryBus({
    broker,
    topics: settings.settings.topics,
    serviceId: crypto.randomUUID(),
  });
  await publisher.start();
  try {
    const accounts = seen!;
    assertEquals([1, 2, 3].map((id) => accounts.isLoggedIn(TENANT, id)), [true, false, true]);
    assertEquals(rest.requestsTo("GET", "accounts")[0].headers.get("TENANT_ID"), TENANT_ID);

    await publisher.publish(accountStatusContract, { account_id: 2, name: "acc2", status: "LOGGED_IN" }, {
      tenant: TENANT,
      key: 2,
    });
    await publisher.publish(accountStatusContract, { account_id: 1, name: "acc1", status: "LOGGED_OUT" }, {
      tenant: TENANT,
      key: 1,
    });
    // Ignored status and another tenant's event change nothing.
    await publisher.publish(accountStatusContract, { account_id: 3, name: "acc3", status: "CREATED" }, {
      tenant: TENANT,
      key: 3,
    });
    await publisher.publish(accountStatusContract, { account_id: 9, name: "x", status: "LOGGED_IN" }, {
      tenant: OTHER,
      key: 9,
    });
    // The sentinel, on the same topic after them: account 4 logs in.
    await publisher.publish(accountStatusContract, { account_id: 4, name: "acc4", status: "LOGGED_IN" }, {
      tenant: TENANT,
      key: 4,
    });
    const deadline = Date.now() + 5000;
    while (!accounts.isLoggedIn(TENANT, 4)) {
      if (Date.now() > deadline) throw new Error("the sentinel LOGGED_IN of account 4 was not applied");
      await new Promise((r) => setTimeout(r, 10));
    }
    assertEquals([1, 2, 3].map((id) => accounts.isLoggedIn(TENANT, id)), [false, true, true]);
    assertEquals(accounts.isLoggedIn(OTHER, 9), false);
    assertEquals(accounts.count(OTHER), 0);
  } finally {
    await publisher.stop();
    await app.stop();
    await rest.close();
  }
});

Deno.test("account: a failing account service leaves the table to the events; boot still succeeds", async () => {
  const rest = await startJsonApiServer();
  rest.on("GET", "accounts", { status: 500, text: "down" });
  const settings = parseSettings(
    [
      "--config",
      await configFile(),
      "--base-service-url",
      rest.root,
      "--bind-address",
      "127.0.0.1",
      "--log-level",
      "error",
    ],
    {},
  );
  if (settings.kind !== "run") throw new Error(JSON.stringify(settings));
  const app = await startApp(settings.settings, { features: [accountFeature], env: {} });
  try {
    assertEquals(app.channels.length, 1);
    assertEquals(rest.requestsTo("GET", "accounts").length, 3); // bounded GET retries
  } finally {
    await app.stop();
    await rest.close();
  }
});
