/**
 * The sandbox's atlas-consumables: item use and scrolls change the stored character (which its REST
 * serves) and are answered with the services' events; in dev mode a bot drinks a potion, reads a scroll
 * and uses a return scroll, and the channel's cached inventory stays equal to the service's view.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { createStore } from "../../src/sandbox/store.ts";
import { applyConsumableCommand } from "../../src/sandbox/responders/consumables.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { CHARACTER_DATA } from "../../src/features/character/enter-field.ts";
import { getInventory, type Inventory } from "../../src/features/inventory/rest.ts";
import { createRestClient } from "../../src/rest/client.ts";
import { HENESYS, SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "./support.ts";

const where = { worldId: 0, channelId: 0, characterId: 2001 };

Deno.test("sandbox consumables: potion, return scroll, upgrade scroll, and failures", () => {
  const store = createStore({ generatedCount: 0 });
  const c = store.character(2001)!;
  c.attributes.hp = 10;
  let out = applyConsumableCommand(c, {
    ...where,
    type: "REQUEST_ITEM_CONSUME",
    body: { source: 1, itemId: 2000000, quantity: 1 },
  }, () => HENESYS);
  assertEquals(out.assets.map((e) => [e.type, e.slot, e.type === "QUANTITY_CHANGED" ? e.body.quantity : 0]), [
    ["QUANTITY_CHANGED", 1, 49],
  ]);
  assertEquals(out.status.map((e) => e.type === "STAT_CHANGED" ? e.body.updates : []), [["HP"]]);
  assertEquals(c.attributes.hp, 60);
  // The wrong item for the slot: an error, nothing used.
  out = applyConsumableCommand(c, {
    ...where,
    type: "REQUEST_ITEM_CONSUME",
    body: { source: 1, itemId: 2000001, quantity: 1 },
  }, () => HENESYS);
  assertEquals(out.assets, []);
  assertEquals(out.consumable, [{ characterId: 2001, type: "ERROR", body: { error: "CONSUME_FAILED" } }]);
  // A return scroll warps home.
  out = applyConsumableCommand(c, {
    ...where,
    type: "REQUEST_ITEM_CONSUME",
    body: { source: 3, itemId: 2030000, quantity: 1 },
  }, () => HENESYS);
  assertEquals(out.warpTo, HENESYS);
  // A helmet scroll onto the hat in equip slot 1: +1 weapon defence, one slot fewer, SCROLL success.
  out = applyConsumableCommand(c, {
    ...where,
    type: "REQUEST_SCROLL",
    body: { scrollSlot: 4, equipSlot: 1, whiteScroll: false, legendarySpirit: false },
  }, () => HENESYS);
  assertEquals(out.assets.map((e) => [e.type, e.templateId]), [["QUANTITY_CHANGED", 2040000], [
    "UPDATED",
    1002001,
  ]]);
  const hat = c.assets.find((a) => a.templateId === 1002001)!;
  assertEquals([hat.referenceData.weaponDefense, hat.referenceData.slots, hat.referenceData.level], [
    1,
    6,
    1,
  ]);
  assertEquals(out.consumable.map((e) => e.type), ["SCROLL"]);
});

function view(inventory: Inventory | null | undefined) {
  return (inventory?.compartments ?? []).map((c) => ({
    type: c.type,
    capacity: c.capacity,
    assets: [...c.assets].sort((a, b) => a.id - b.id),
  })).sort((a, b) => a.type - b.type);
}

Deno.test({
  name:
    "dev mode: the bot drinks, scrolls and reads a return scroll; the cached inventory follows the service",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, { channelPort: port, generatedCount: 2 });
    const lines: string[] = [];
    const bot = await connectBot({ port, characterId: 2001, log: (l) => lines.push(l), timeoutMs: 8000 });
    try {
      await runScript(bot, parseScript("login,use:1:2000000,scroll:4:1,use:9:2000000,use:3:2030000"), 0);
      assertTrue(
        lines.some((l) => l.includes("← CharacterItemUpgrade") && l.includes("worked")),
        lines.join("\n"),
      );
      await bot.waitFor("SetField", (p) => p.login === false); // the return scroll's warp
      const rest = createRestClient({ baseServiceUrl: dev.sandbox.root, env: () => undefined });
      const session = [...dev.app.channels[0].sessions.values()].find((s) => s.characterId === 2001)!;
      assertEquals(
        view(session.get(CHARACTER_DATA)?.inventory),
        view(await getInventory(rest, SANDBOX_TENANT, 2001)),
      );
    } finally {
      bot.close();
      await dev.stop();
    }
  },
});
