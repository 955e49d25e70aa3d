/**
 * Acceptance (c): the sandbox's fixtures parse with the channel's own schemas (and a drifted fixture is
 * caught), and the HTTP server answers the channel's look-ups as its REST client expects them.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { checkFixture, fixtureChecks, validateFixtures } from "../../src/sandbox/validate.ts";
import { createStore } from "../../src/sandbox/store.ts";
import { characterDoc } from "../../src/sandbox/documents.ts";
import { serveSandboxHttp } from "../../src/sandbox/http.ts";
import { createRestClient } from "../../src/rest/client.ts";
import { findCharacterByName, getCharacter } from "../../src/features/character/rest.ts";
import { loadCharacterData } from "../../src/features/character/data.ts";
import { changeKeyBinding, getKeyBindings } from "../../src/features/keymap/rest.ts";
import { portalDirectory } from "../../src/features/portal/rest.ts";
import { getChannel, getWorld, registerChannel } from "../../src/features/channel/rest.ts";
import { listAccounts } from "../../src/features/account/rest.ts";
import { getSkillMacros } from "../../src/features/skill/rest.ts";
import { RestNotFoundError } from "../../src/rest/errors.ts";
import {
  CASH_COMPARTMENT_TYPES,
  getCashCompartment,
  getWallet,
  getWishlist,
} from "../../src/features/cash-shop/rest.ts";
import { assertRejects } from "../support/assert.ts";
import {
  ELLINIA,
  GENERATED_FIRST_ID,
  HENESYS,
  HUNTING_GROUND,
  SANDBOX_TENANT,
} from "../../src/sandbox/world.ts";

Deno.test("every sandbox fixture parses with the channel's schemas", () => {
  assertEquals(validateFixtures(), []);
  // Named characters, a generated one, maps, accounts, world and channel are all covered.
  const what = fixtureChecks().map((c) => c.what);
  for (
    const expected of [
      "characters/1001",
      "characters/2002/inventory",
      `characters/${GENERATED_FIRST_ID}/keys`,
      `data/maps/${ELLINIA}/portals`,
      "accounts",
      "worlds/0",
    ]
  ) {
    assertTrue(what.includes(expected), `no check for ${expected}`);
  }
});

Deno.test("a fixture drifting from the contract is reported", () => {
  const store = createStore({ generatedCount: 1 });
  const drifted = characterDoc(store.character(1001)!) as { data: { attributes: Record<string, unknown> } };
  drifted.data.attributes.level = "thirty";
  drifted.data.attributes.hp = 70000;
  const check = fixtureChecks(store).find((c) => c.what === "characters/1001")!;
  const problems = checkFixture({ ...check, document: drifted });
  assertEquals(problems.length, 2, problems.join("; "));
  assertTrue(problems.every((p) => p.startsWith("characters/1001:")), problems.join("; "));
  // The same drift in the store itself fails the whole validation.
  (store.character(1001)!.attributes as Record<string, unknown>).gender = -1;
  assertTrue(validateFixtures(store).some((p) => p.includes("characters/1001") && p.includes("gender")));
});

Deno.test({
  name: "the HTTP server answers the channel's REST look-ups",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const store = createStore({ generatedCount: 3 });
    const http = await serveSandboxHttp(store);
    try {
      const rest = createRestClient({ baseServiceUrl: http.root });
      const tenant = SANDBOX_TENANT;
      const aria = await getCharacter(rest, tenant, 1001);
      assertEquals([aria.name, aria.accountId, aria.mapId], ["Aria", 1, HENESYS]);
      assertEquals((await findCharacterByName(rest, tenant, "Cody"))?.id, 2001);
      assertEquals((await findCharacterByName(rest, tenant, "Bot100002"))?.id, 100002);
      await assertRejects(() => getCharacter(rest, tenant, 100004), RestNotFoundError);

      const data = await loadCharacterData(rest, tenant, 1001);
      assertEquals(data.pets.map((p) => p.name), ["Kitty"]);
      assertEquals(data.skills.map((s) => s.id), [4001003, 4001344]);
      assertEquals(data.inventory?.compartments.length, 5);
      assertEquals((await getSkillMacros(rest, tenant, 1001))[0].skillId1, 4001003);

      // Key bindings: PATCH then read back.
      await changeKeyBinding(rest, tenant, 1001, { key: 40, type: 4, action: 7 });
      const keys = await getKeyBindings(rest, tenant, 1001);
      assertTrue(keys.some((k) => k.key === 40 && k.type === 4 && k.action === 7), JSON.stringify(keys));

      // Portals: the ring.
      const portals = portalDirectory(rest);
      assertEquals(await portals.idOf(tenant, HENESYS, "next00"), 1);
      assertEquals(await portals.idOf(tenant, HUNTING_GROUND, "prev00"), 2);
      assertEquals(await portals.idOf(tenant, HENESYS, "nowhere"), undefined);

      // Channel registration, then the address look-up a channel change makes.
      await registerChannel(rest, tenant, { worldId: 0, channelId: 1, ipAddress: "127.0.0.1", port: 9001 });
      assertEquals((await getChannel(rest, tenant, 0, 1)).port, 9001);
      await assertRejects(() => getChannel(rest, tenant, 0, 2), RestNotFoundError);
      assertEquals((await getWorld(rest, tenant, 0)).name, "Sandbox");
      const accounts = await listAccounts(rest, tenant);
      assertEquals(accounts.slice(0, 2).map((a) => a.id), [1, 2]);
      assertEquals(accounts.length, 5);

      // Without tenant headers the services answer 400; another tenant finds nothing.
      assertEquals((await fetch(`${http.root}characters/1001`)).status, 400);
      await assertRejects(
        () => getCharacter(rest, { ...tenant, id: crypto.randomUUID() }, 1001),
        RestNotFoundError,
      );
      // Configuration documents need no tenant.
      const service =
        await (await fetch(`${http.root}configurations/services/5a4db0c5-0000-4000-8000-5a4db0c50001`))
          .json();
      assertEquals(service.data.attributes.tenants[0].worlds[0].channels.length, 3);
    } finally {
      await http.close();
    }
  },
});

Deno.test({
  name: "the HTTP server answers the cash shop's look-ups (wallet, empty cash inventory, empty wish list)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const http = await serveSandboxHttp(createStore({ generatedCount: 1 }));
    try {
      const rest = createRestClient({ baseServiceUrl: http.root });
      const tenant = SANDBOX_TENANT;
      assertEquals(await getWallet(rest, tenant, 1), { credit: 5000, points: 1200, prepaid: 0 });
      const compartment = await getCashCompartment(rest, tenant, 2, CASH_COMPARTMENT_TYPES.explorer);
      assertEquals([compartment.accountId, compartment.type, compartment.items], [2, 1, []]);
      assertEquals(await getWishlist(rest, tenant, 1001), []);
      await assertRejects(() => getWallet(rest, tenant, 99), RestNotFoundError);
    } finally {
      await http.close();
    }
  },
});
