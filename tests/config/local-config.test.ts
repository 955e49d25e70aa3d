import { assertEquals, assertRejects, assertStringIncludes } from "../support/assert.ts";
import { loadLocalConfig, LocalConfigError, parseLocalConfig } from "../../src/config/local-config.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url);
const TENANT_ID = "083839c6-c47c-42a6-9585-76492795d123";
const SERVICE_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

const service = {
  id: SERVICE_ID,
  tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
  tenants: [{
    id: TENANT_ID,
    ipAddress: "127.0.0.1",
    worlds: [{ id: 0, channels: [{ id: 0, port: 8585 }] }],
  }],
};

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "local-config-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function rejection(fn: () => Promise<unknown>): Promise<string> {
  return (await assertRejects(fn, LocalConfigError)).message;
}

Deno.test("local config: a file with a seed template included by path loads", async () => {
  await withTempDir(async (dir) => {
    const templatePath = new URL("template_gms_83_1.json", TEMPLATES).pathname;
    await Deno.copyFile(templatePath, `${dir}/gms83.json`);
    const path = `${dir}/channel.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ service, tenants: [{ id: TENANT_ID, file: "gms83.json" }] }),
    );
    const config = await loadLocalConfig(path);
    assertEquals(config.service.id, SERVICE_ID);
    assertEquals(config.service.tenants[0].worlds[0].channels[0].port, 8585);
    const tenant = config.tenants.get(TENANT_ID);
    assertEquals([tenant?.region, tenant?.majorVersion, tenant?.minorVersion], ["GMS", 83, 1]);
    assertEquals(tenant?.socket.handlers.length, 84);
  });
});

Deno.test("local config: inline attributes and JSON:API documents are both accepted", async () => {
  const tenantAttributes = {
    id: TENANT_ID,
    region: "JMS",
    majorVersion: 185,
    minorVersion: 1,
    socket: {
      handlers: [{ opCode: "0x07", validator: "NoOpValidator", handler: "CharacterLoggedInHandle" }],
      writers: [],
    },
  };
  const inline = await parseLocalConfig(
    JSON.stringify({ service, tenants: [tenantAttributes] }),
    "inline.json",
  );
  assertEquals(inline.tenants.get(TENANT_ID)?.socket.handlers[0].opCode, "0x07");

  const { id: _id, ...attributes } = tenantAttributes;
  const documents = {
    service: {
      data: {
        type: "services",
        id: SERVICE_ID,
        attributes: { tasks: service.tasks, tenants: service.tenants },
      },
    },
    tenants: [{ data: { type: "tenants", id: TENANT_ID, attributes } }],
  };
  const parsed = await parseLocalConfig(JSON.stringify(documents), "docs.json");
  assertEquals(parsed.service.id, SERVICE_ID);
  assertEquals(parsed.tenants.get(TENANT_ID)?.region, "JMS");
});

Deno.test("local config: bad JSON names the file", async () => {
  const message = await rejection(() => parseLocalConfig("{ not json", "conf/bad.json"));
  assertStringIncludes(message, "config file conf/bad.json: not valid JSON");
});

Deno.test("local config: a missing file names the file", async () => {
  const message = await rejection(() => loadLocalConfig("/nonexistent/channel.json"));
  assertStringIncludes(message, "config file /nonexistent/channel.json: cannot read");
});

Deno.test("local config: bad shapes name the file and the JSON path", async () => {
  assertEquals(
    await rejection(() => parseLocalConfig(JSON.stringify({ service }), "a.json")),
    "config file a.json: $.tenants: Invalid input: expected array, received undefined",
  );
  const badPort = structuredClone(service);
  badPort.tenants[0].worlds[0].channels[0].port = "8585" as unknown as number;
  assertStringIncludes(
    await rejection(() => parseLocalConfig(JSON.stringify({ service: badPort, tenants: [] }), "b.json")),
    "config file b.json: $.service.tenants[0].worlds[0].channels[0].port:",
  );
  const badTenant = {
    id: TENANT_ID,
    region: "GMS",
    majorVersion: 83,
    minorVersion: 1,
    socket: { handlers: [{}] },
  };
  const message = await rejection(() =>
    parseLocalConfig(JSON.stringify({ service, tenants: [badTenant] }), "c.json")
  );
  assertStringIncludes(message, "config file c.json: $.tenants[0].socket.handlers[0].opCode:");
  assertStringIncludes(message, "$.tenants[0].socket.handlers[0].handler:");
});

Deno.test("local config: a service tenant without a configuration is named", async () => {
  const message = await rejection(() => parseLocalConfig(JSON.stringify({ service, tenants: [] }), "d.json"));
  assertEquals(message, `config file d.json: $.tenants[0].id: no tenant configuration for ${TENANT_ID}`);
});

Deno.test("local config: an unreadable or broken include names both files and the path", async () => {
  const files: Record<string, string> = { "dir/broken.json": '{"region": "GMS"}' };
  const read = (path: string) =>
    path in files ? Promise.resolve(files[path]) : Promise.reject(new Error(`no such file ${path}`));
  const missing = await rejection(() =>
    parseLocalConfig(
      JSON.stringify({ service, tenants: [{ id: TENANT_ID, file: "gone.json" }] }),
      "dir/e.json",
      read,
    )
  );
  assertStringIncludes(missing, "config file dir/e.json: $.tenants[0].file: cannot read dir/gone.json");
  const broken = await rejection(() =>
    parseLocalConfig(
      JSON.stringify({ service, tenants: [{ id: TENANT_ID, file: "broken.json" }] }),
      "dir/e.json",
      read,
    )
  );
  assertStringIncludes(broken, "dir/broken.json (included by dir/e.json $.tenants[0].file)");
  assertStringIncludes(broken, "$.majorVersion");
  const badId = await rejection(() =>
    parseLocalConfig(
      JSON.stringify({ service, tenants: [{ id: "x", file: "broken.json" }] }),
      "dir/e.json",
      read,
    )
  );
  assertEquals(badId, "config file dir/e.json: $.tenants[0].id: expected a UUID");
});
