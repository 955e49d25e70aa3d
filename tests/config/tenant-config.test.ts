import { assertEquals, assertStringIncludes, assertThrows, assertTrue } from "../support/assert.ts";
import {
  assembleConfiguration,
  ConfigurationError,
  formatJsonPath,
  parseServiceAttributes,
  parseServiceDocument,
  parseTenantAttributes,
  parseTenantDocument,
  tenantOf,
  timeoutTask,
} from "../../src/config/tenant-config.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url);
const TEMPLATE_FILES = [
  "template_gms_12_1.json",
  "template_gms_83_1.json",
  "template_gms_87_1.json",
  "template_gms_92_1.json",
  "template_gms_95_1.json",
  "template_jms_185_1.json",
];
const TENANT_ID = "083839c6-c47c-42a6-9585-76492795d123";
const SERVICE_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

async function template(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(file, TEMPLATES)));
}

function serviceAttributes() {
  return {
    tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
    tenants: [{
      id: TENANT_ID,
      ipAddress: "127.0.0.1",
      worlds: [{ id: 0, channels: [{ id: 0, port: 8585 }, { id: 1, port: 8586 }] }],
    }],
  };
}

function problemsOf(fn: () => unknown): readonly string[] {
  return (assertThrows(fn, ConfigurationError) as ConfigurationError).problems;
}

Deno.test("tenant config: all six Atlas templates load with their identity and entry counts", async () => {
  const expected: Record<string, [string, number, number, number, number]> = {
    "template_gms_12_1.json": ["GMS", 12, 1, 21, 36],
    "template_gms_83_1.json": ["GMS", 83, 1, 84, 95],
    "template_gms_87_1.json": ["GMS", 87, 1, 34, 40],
    "template_gms_92_1.json": ["GMS", 92, 1, 34, 40],
    "template_gms_95_1.json": ["GMS", 95, 1, 23, 19],
    "template_jms_185_1.json": ["JMS", 185, 1, 23, 36],
  };
  for (const file of TEMPLATE_FILES) {
    const config = parseTenantAttributes(await template(file), { id: TENANT_ID, source: file });
    const [region, major, minor, handlers, writers] = expected[file];
    assertEquals(
      [config.region, config.majorVersion, config.minorVersion],
      [region, major, minor],
      file,
    );
    assertEquals(config.socket.handlers.length, handlers, `${file} handlers`);
    assertEquals(config.socket.writers.length, writers, `${file} writers`);
    assertEquals(config.id, TENANT_ID);
    assertTrue(config.characters.templates.length > 0, `${file} character templates`);
  }
});

Deno.test("tenant config: entries keep opCode text, options default to {} and keep their content", async () => {
  const config = parseTenantAttributes(await template("template_gms_83_1.json"), { id: TENANT_ID });
  const loggedIn = config.socket.handlers.find((h) => h.handler === "CharacterLoggedInHandle");
  assertEquals(loggedIn, {
    opCode: "0x14",
    validator: "NoOpValidator",
    handler: "CharacterLoggedInHandle",
    options: {},
  });
  const shop = config.socket.handlers.find((h) => h.handler === "NPCShopHandle");
  assertEquals(shop?.options, { operations: { BUY: 0, SELL: 1, RECHARGE: 2, LEAVE: 3 } });
  assertEquals(config.npcs[0], { npcId: 1002000, impl: "Phil" });
  assertEquals(config.worlds[0].name.length > 0, true);
});

Deno.test("tenant config: JSON:API document with null options (as the server sends)", () => {
  const doc = {
    data: {
      type: "tenants",
      id: TENANT_ID.toUpperCase(),
      attributes: {
        region: "GMS",
        majorVersion: 83,
        minorVersion: 1,
        usesPin: false,
        socket: {
          handlers: [{
            opCode: "0x14",
            validator: "NoOpValidator",
            handler: "CharacterLoggedInHandle",
            options: null,
          }],
          writers: [{ opCode: "0x7D", writer: "SetField", options: null }],
        },
        characters: { templates: [] },
        npcs: [],
        worlds: [],
      },
    },
  };
  const config = parseTenantDocument(doc);
  assertEquals(config.id, TENANT_ID);
  assertEquals(config.socket.handlers[0].options, {});
  assertEquals(config.socket.writers[0], { opCode: "0x7D", writer: "SetField", options: {} });
  assertEquals(tenantOf(config), { id: TENANT_ID, region: "GMS", majorVersion: 83, minorVersion: 1 });
});

Deno.test("tenant config: errors name the source and the JSON path", () => {
  const bad = {
    data: {
      type: "tenants",
      id: TENANT_ID,
      attributes: {
        region: "GMS",
        majorVersion: 70000,
        minorVersion: 1,
        socket: { handlers: [{ opCode: "0x14", validator: "NoOpValidator" }], writers: [] },
      },
    },
  };
  const err = assertThrows(
    () => parseTenantDocument(bad, { source: "tenants/083839c6" }),
    ConfigurationError,
  );
  assertStringIncludes(err.message, "tenants/083839c6: ");
  assertStringIncludes(err.message, "$.data.attributes.majorVersion");
  assertStringIncludes(err.message, "$.data.attributes.socket.handlers[0].handler");
  const wrongType = problemsOf(() =>
    parseTenantDocument({ data: { type: "services", id: TENANT_ID, attributes: {} } })
  );
  assertStringIncludes(wrongType.join(), "$.data.type");
  assertStringIncludes(
    problemsOf(() => parseTenantAttributes({ region: "GMS" }, { id: "nope" })).join(),
    "$.socket",
  );
  // Plain attributes need an id from somewhere.
  const noId = problemsOf(() =>
    parseTenantAttributes({ region: "GMS", majorVersion: 83, minorVersion: 1, socket: {} })
  );
  assertEquals(noId, ["$.id: expected a UUID"]);
});

Deno.test("service config: JSON:API document and plain attributes", () => {
  const doc = { data: { type: "services", id: SERVICE_ID, attributes: serviceAttributes() } };
  const service = parseServiceDocument(doc);
  assertEquals(service.id, SERVICE_ID);
  assertEquals(service.tenants[0].worlds[0].channels, [{ id: 0, port: 8585 }, { id: 1, port: 8586 }]);
  assertEquals(timeoutTask(service), { type: "timeout", interval: 10000, duration: 300000 });
  const plain = parseServiceAttributes(serviceAttributes());
  assertEquals(plain.id, undefined);
  assertEquals(plain.tenants[0].ipAddress, "127.0.0.1");
});

Deno.test("service config: missing timeout task, duplicate ports and ids, bad values are reported by path", () => {
  const noTimeout = { ...serviceAttributes(), tasks: [{ type: "other", interval: 1, duration: 1 }] };
  assertEquals(problemsOf(() => parseServiceAttributes(noTimeout)), [
    '$.tasks: a "timeout" task is required',
  ]);

  const clash = serviceAttributes();
  clash.tenants[0].worlds[0].channels[1] = { id: 0, port: 8585 };
  const problems = problemsOf(() => parseServiceAttributes(clash));
  assertEquals(problems.length, 2);
  assertStringIncludes(problems[0], "$.tenants[0].worlds[0].channels[1].id: duplicate channel 0");
  assertStringIncludes(problems[1], "$.tenants[0].worlds[0].channels[1].port: port 8585 is already used by");

  const badPort = serviceAttributes();
  badPort.tenants[0].worlds[0].channels[0].port = 70000;
  assertStringIncludes(
    problemsOf(() => parseServiceAttributes(badPort))[0],
    "$.tenants[0].worlds[0].channels[0].port",
  );

  const badId = serviceAttributes();
  badId.tenants[0].id = "not-a-uuid";
  assertEquals(problemsOf(() => parseServiceAttributes(badId)), ["$.tenants[0].id: expected a UUID"]);
});

Deno.test("configuration: every listed tenant needs a tenant configuration", async () => {
  const service = parseServiceAttributes(serviceAttributes());
  const tenant = parseTenantAttributes(await template("template_gms_83_1.json"), { id: TENANT_ID });
  const other = { ...tenant, id: "11111111-2222-3333-4444-555555555555" };
  const assembled = assembleConfiguration(service, [other, tenant]);
  assertEquals([...assembled.tenants.keys()], [TENANT_ID]);
  assertEquals(assembled.tenants.get(TENANT_ID)?.majorVersion, 83);
  const err = assertThrows(() => assembleConfiguration(service, [other], "boot"), ConfigurationError);
  assertEquals(err.message, `boot: $.tenants[0].id: no tenant configuration for ${TENANT_ID}`);
});

Deno.test("configuration: JSON paths are printed with bracketed odd keys", () => {
  assertEquals(formatJsonPath(["a", 0, "b-c", "d"]), '$.a[0]["b-c"].d');
});
