import { assertEquals } from "../support/assert.ts";
import { SERVICE_KEYS, serviceRoot, serviceUrl, serviceUrlVariable } from "../../src/rest/url.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("service url: the root and the path are concatenated with no separator", () => {
  const source = { baseServiceUrl: "http://atlas-ingress/api/", env: envOf({}) };
  assertEquals(
    serviceUrl("CHARACTERS", "characters/1001", source),
    "http://atlas-ingress/api/characters/1001",
  );
  // No normalisation: a base without its trailing slash is used as given, as Atlas does.
  assertEquals(
    serviceUrl("WORLDS", "worlds/0", { ...source, baseServiceUrl: "http://h/api" }),
    "http://h/apiworlds/0",
  );
  // Trailing slashes in paths are kept (the MAPS path has one).
  assertEquals(
    serviceUrl("MAPS", "worlds/0/channels/1/maps/100000000/characters/", source),
    "http://atlas-ingress/api/worlds/0/channels/1/maps/100000000/characters/",
  );
});

Deno.test("service url: K_SERVICE_URL overrides the base, even when set to an empty string", () => {
  const base = "http://atlas-ingress/api/";
  const env = envOf({ CHARACTERS_SERVICE_URL: "http://characters:8080/api/", GUILD_THREADS_SERVICE_URL: "" });
  assertEquals(serviceRoot("CHARACTERS", { baseServiceUrl: base, env }), {
    root: "http://characters:8080/api/",
    from: "CHARACTERS_SERVICE_URL",
  });
  assertEquals(serviceRoot("GUILD_THREADS", { baseServiceUrl: base, env }), {
    root: "",
    from: "GUILD_THREADS_SERVICE_URL",
  });
  assertEquals(serviceRoot("GUILDS", { baseServiceUrl: base, env }), {
    root: base,
    from: "BASE_SERVICE_URL",
  });
});

Deno.test("service url: without a configured base the BASE_SERVICE_URL variable is read", () => {
  const env = envOf({ BASE_SERVICE_URL: "http://from-env/api/" });
  assertEquals(serviceUrl("NOTES", "notes/77", { env }), "http://from-env/api/notes/77");
  // The configured base (flag or settings) wins over the variable.
  assertEquals(
    serviceUrl("NOTES", "notes/77", { env, baseServiceUrl: "http://flag/api/" }),
    "http://flag/api/notes/77",
  );
  assertEquals(serviceRoot("NOTES", { env: envOf({}) }), { root: "", from: "BASE_SERVICE_URL" });
});

Deno.test("service url: the real process environment is read on every call", () => {
  const name = serviceUrlVariable("CHAIRS");
  const before = Deno.env.get(name);
  try {
    Deno.env.delete(name);
    assertEquals(serviceUrl("CHAIRS", "x", { baseServiceUrl: "http://base/api/" }), "http://base/api/x");
    Deno.env.set(name, "http://chairs/api/");
    assertEquals(serviceUrl("CHAIRS", "x", { baseServiceUrl: "http://base/api/" }), "http://chairs/api/x");
  } finally {
    if (before === undefined) Deno.env.delete(name);
    else Deno.env.set(name, before);
  }
});

Deno.test("service url: the 27 service keys and their override variables", () => {
  assertEquals(SERVICE_KEYS.length, 27);
  assertEquals(serviceUrlVariable("NPC_SHOP"), "NPC_SHOP_SERVICE_URL");
  assertEquals(serviceUrlVariable("GUILD_THREADS"), "GUILD_THREADS_SERVICE_URL");
});
