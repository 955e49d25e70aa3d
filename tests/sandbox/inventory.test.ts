/**
 * The sandbox's atlas-inventory: compartment commands change the stored assets (which its REST serves)
 * and are answered with the events the real service emits; and, in dev mode, a bot's item steps keep
 * the channel's cached inventory equal to the service's REST view, also after a channel change.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { createStore } from "../../src/sandbox/store.ts";
import { applyCompartmentCommand, TEMPORARY_SLOT } from "../../src/sandbox/responders/inventory.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { CHARACTER_DATA } from "../../src/features/character/enter-field.ts";
import { getInventory, type Inventory } from "../../src/features/inventory/rest.ts";
import { createRestClient } from "../../src/rest/client.ts";
import { SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "./support.ts";

const slotsOf = (store: ReturnType<typeof createStore>, id: number, type: number) =>
  store.character(id)!.assets.filter((a) => a.inventoryType === type).map((
    a,
  ) => [a.id, a.slot, a.referenceData.quantity])
    .sort((a, b) => Number(a[0]) - Number(b[0]));

Deno.test("sandbox inventory: equip swaps through the temporary slot; unequip; move, merge, drop, sort", () => {
  const store = createStore({ generatedCount: 0 });
  const c = store.character(2001)!; // Cody: hat in equip slot 1, weapon worn at -11, 50 potions, 3 etc
  const base = 20010;
  // Equip the hat onto the weapon's position (the client picks it): the weapon parks at −32768, comes back to 1.
  let out = applyCompartmentCommand(c, {
    characterId: 2001,
    inventoryType: 1,
    type: "EQUIP",
    body: { source: 1, destination: -11 },
  });
  assertEquals(
    out.assets.map((e) => [e.type, e.assetId, e.slot, e.type === "MOVED" ? e.body.oldSlot : null]),
    [
      ["MOVED", base + 4, TEMPORARY_SLOT, -11],
      ["MOVED", base + 5, -11, 1],
      ["MOVED", base + 4, 1, TEMPORARY_SLOT],
    ],
  );
  assertEquals(out.assets[0].compartmentId, out.assets[1].compartmentId);
  // Unequip to an occupied slot → the first free one.
  out = applyCompartmentCommand(c, {
    characterId: 2001,
    inventoryType: 1,
    type: "UNEQUIP",
    body: { source: -11, destination: 1 },
  });
  assertEquals(out.assets.map((e) => [e.type, e.assetId, e.slot]), [["MOVED", base + 5, 2]]);
  // Drop part of a stack, then the rest.
  out = applyCompartmentCommand(c, {
    characterId: 2001,
    inventoryType: 4,
    type: "DROP",
    body: { worldId: 0, channelId: 0, mapId: 100000000, source: 1, quantity: 2, x: 0, y: 0 },
  });
  assertEquals(
    out.assets.map((e) => [e.type, e.assetId, e.type === "QUANTITY_CHANGED" ? e.body.quantity : 0]),
    [
      ["QUANTITY_CHANGED", base + 8, 1],
    ],
  );
  out = applyCompartmentCommand(c, {
    characterId: 2001,
    inventoryType: 4,
    type: "DROP",
    body: { worldId: 0, channelId: 0, mapId: 100000000, source: 1, quantity: 5, x: 0, y: 0 },
  });
  assertEquals(out.assets, [], "more than held: nothing, as atlas-inventory");
  // Two potion stacks: move one onto the other merges them; a move to an empty slot just moves.
  c.assets.push({
    ...structuredClone(c.assets.find((a) => a.id === base + 6)!),
    id: 99,
    slot: 6,
    referenceData: { ownerId: 0, quantity: 70, flag: 0, rechargeable: 0 },
  });
  out = applyCompartmentCommand(c, {
    characterId: 2001,
    inventoryType: 2,
    type: "MOVE",
    body: { source: 6, destination: 1 },
  });
  assertEquals(out.assets.map((e) => [e.type, e.assetId]), [["QUANTITY_CHANGED", base + 6], [
    "QUANTITY_CHANGED",
    99,
  ]]);
  assertEquals(slotsOf(store, 2001, 2), [[99, 6, 20], [base + 6, 1, 100], [200151, 2, 20], [200152, 3, 3], [
    200153,
    4,
    2,
  ]]);
  // Merge gathers nothing more (stack full) and compacts 6 → 5; then MERGE_COMPLETE.
  out = applyCompartmentCommand(c, { characterId: 2001, inventoryType: 2, type: "MERGE", body: {} });
  assertEquals(out.assets.map((e) => [e.type, e.assetId, e.slot]), [["MOVED", 99, 5]]);
  assertEquals(out.compartments.map((e) => [e.type, e.body]), [["MERGE_COMPLETE", { type: 2 }]]);
  // Sort orders the equip tab by item id: hat 1002001 before the weapon 1302000.
  out = applyCompartmentCommand(c, { characterId: 2001, inventoryType: 1, type: "SORT", body: {} });
  assertEquals(out.compartments.map((e) => e.type), ["SORT_COMPLETE"]);
  assertEquals(slotsOf(store, 2001, 1).filter(([, slot]) => Number(slot) > 0), [[base + 4, 2, undefined], [
    base + 5,
    1,
    undefined,
  ]]);
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
    "dev mode: the bot's item steps keep the cached inventory equal to the service's, across a channel change",
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
      await runScript(
        bot,
        parseScript("login,equip:1:-1,unequip:-11,move:2:1:5,drop:4:1:2,unequip:-5:3,sort:1,merge:2"),
        0,
      );
      assertTrue(
        lines.some((l) => l.includes("← CharacterInventoryChange") && l.includes("move tab 1 slot 1 → -1")),
        lines.join("\n"),
      );
      assertTrue(lines.some((l) => l.includes("← CharacterAppearanceUpdate")), lines.join("\n"));
      assertTrue(
        lines.some((l) => l.includes("← CompartmentSort") && l.includes("tab 1 sorted")),
        lines.join("\n"),
      );
      const rest = createRestClient({ baseServiceUrl: dev.sandbox.root, env: () => undefined });
      const session = () => [...dev.app.channels[0].sessions.values()].find((s) => s.characterId === 2001);
      const service = await getInventory(rest, SANDBOX_TENANT, 2001);
      assertEquals(view(session()!.get(CHARACTER_DATA)?.inventory), view(service));
      // The first etc stack lost 2 of 3 (the second, 5, untouched); the hat is worn.
      assertEquals(
        service.compartments.find((c) => c.type === 4)!.assets.map((a) =>
          a.payload.kind === "etc" ? a.payload.data.quantity : -1
        ),
        [1, 5],
      );
      // A channel change loads the inventory afresh: the same items.
      await bot.changeChannel(1);
      const moved = [...dev.app.channels[1].sessions.values()].find((s) => s.characterId === 2001);
      assertEquals(
        view(moved!.get(CHARACTER_DATA)?.inventory),
        view(await getInventory(rest, SANDBOX_TENANT, 2001)),
      );
    } finally {
      bot.close();
      await dev.stop();
    }
  },
});
