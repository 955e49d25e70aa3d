/**
 * The sandbox's atlas-pets: commands change the stored pets (which its REST serves) and are answered
 * with atlas-pets' events in its order (slot shifts first, then the pet's own slot change, then
 * SPAWNED/DESPAWNED); pet food feeds the hungriest pet out; and under `deno task dev` a bot puts its pet
 * away, takes it out, walks it (seen by another bot in the map) and feeds it.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { createStore } from "../../src/sandbox/store.ts";
import { applyPetCommand, feedHungriestPet } from "../../src/sandbox/responders/pet.ts";
import { applyConsumableCommand } from "../../src/sandbox/responders/consumables.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "./support.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("sandbox pets: spawn (lowest slot, or lead), despawn (shift down), command, exclude, food", () => {
  const store = createStore({ generatedCount: 0 });
  const aria = store.character(1001)!; // Kitty (700001) out in slot 0
  aria.pets[700002] = { name: "Rex", ownerId: 1001, slot: -1 };
  aria.pets[700003] = { name: "Bo", ownerId: 1001, slot: -1 };
  const spawn = (petId: number, lead: boolean) =>
    applyPetCommand(aria, { petId, type: "SPAWN", body: { lead } }).map((e) => [e.petId, e.type, e.body]);

  assertEquals(spawn(700002, false).map(([id, type]) => [id, type]), [[700002, "SLOT_CHANGED"], [
    700002,
    "SPAWNED",
  ]]);
  assertEquals(aria.pets[700002].slot, 1);
  assertEquals(spawn(700002, false), []); // already out
  // Bo leads: Rex (1 → 2) and Kitty (0 → 1) move up first, highest slot first.
  assertEquals(spawn(700003, true).slice(0, 3), [
    [700002, "SLOT_CHANGED", { oldSlot: 1, newSlot: 2 }],
    [700001, "SLOT_CHANGED", { oldSlot: 0, newSlot: 1 }],
    [700003, "SLOT_CHANGED", { oldSlot: -1, newSlot: 0 }],
  ]);
  aria.pets[700004] = { name: "Too many", ownerId: 1001, slot: -1 };
  assertEquals(spawn(700004, false), []); // three are out

  // Kitty (slot 1) goes in: Rex moves down from 2 to 1, then Kitty's own change and DESPAWNED.
  const despawn = applyPetCommand(aria, { petId: 700001, type: "DESPAWN", body: {} });
  assertEquals(despawn.map((e) => [e.petId, e.type]), [
    [700002, "SLOT_CHANGED"],
    [700001, "SLOT_CHANGED"],
    [700001, "DESPAWNED"],
  ]);
  assertEquals(despawn[2].body, {
    templateId: 5000000,
    name: "Kitty",
    slot: -1,
    level: 5,
    closeness: 120,
    fullness: 90,
    oldSlot: 1,
    reason: "NORMAL",
  });
  assertEquals([aria.pets[700001].slot, aria.pets[700002].slot, aria.pets[700003].slot], [-1, 1, 0]);

  const answer = applyPetCommand(aria, { petId: 700003, type: "ATTEMPT_COMMAND", body: { commandId: 2 } });
  assertEquals(answer[0].body, { slot: 0, closeness: 121, fullness: 90, commandId: 2, success: true });
  const excluded = applyPetCommand(aria, { petId: 700003, type: "EXCLUDE", body: { items: [2000000] } });
  assertEquals(excluded[0].body, { items: [2000000] });
  assertEquals(aria.pets[700003].excludes, [{ itemId: 2000000 }]);

  // Food: the hungriest pet out (Rex, 40) gains 30; a character without a pet out gets nothing.
  aria.pets[700002].fullness = 40;
  assertEquals(feedHungriestPet(aria, 30)?.body, { slot: 1, fullness: 70, amount: 30 });
  assertEquals(feedHungriestPet(store.character(2001)!, 30), undefined);
  // Through atlas-consumables: pet food is used up only when a pet ate it.
  const cody = store.character(2001)!;
  const eaten = applyConsumableCommand(aria, {
    worldId: 0,
    channelId: 0,
    characterId: 1001,
    type: "REQUEST_ITEM_CONSUME",
    body: { source: 5, itemId: 2120000, quantity: 1 },
  }, () => HENESYS);
  assertEquals([eaten.pet.map((e) => e.body), eaten.assets.map((a) => a.type)], [[{
    slot: 1,
    fullness: 100,
    amount: 30,
  }], ["QUANTITY_CHANGED"]]);
  cody.assets.push({ ...aria.assets.find((a) => a.templateId === 2120000)!, id: 999 });
  const refused = applyConsumableCommand(cody, {
    worldId: 0,
    channelId: 0,
    characterId: 2001,
    type: "REQUEST_ITEM_CONSUME",
    body: { source: 5, itemId: 2120000, quantity: 1 },
  }, () => HENESYS);
  assertEquals([refused.pet, refused.assets, refused.consumable.map((e) => e.type)], [[], [], ["ERROR"]]);
});

Deno.test({
  name: "dev mode: a bot puts its pet away, takes it out, walks it (another bot sees it) and feeds it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 1,
      logoutAfterMs: 200,
    });
    const aria = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      await runScript(aria, parseScript("petspawn:1,petspawn:1,petmove:700001,petfeed"), 0);
      const activated = aria.received.filter((p) => p.name === "PetActivated").map((p) => hex(p.body));
      // Shown at entry, put away (slot 0, NORMAL), taken out again into slot 0.
      assertEquals(activated.slice(-2)[0], "e9030000" + "00" + "00" + "00");
      assertTrue(
        activated[activated.length - 1].startsWith("e9030000" + "00" + "0101" + "404b4c00"),
        "out again",
      );
      const food = aria.received.filter((p) => p.name === "PetCommandResponse").map((p) => hex(p.body));
      assertEquals(food, ["e9030000" + "00" + "01" + "01" + "00"]);
      const kitty = dev.sandbox.store.character(1001)!.pets[700001];
      assertEquals([kitty.slot, kitty.fullness], [0, 100]);
      // Cody saw Kitty walk (owner 1001, slot 0), and atlas-pets recorded where she went.
      const walk = await cody.waitFor("PetMovement");
      assertTrue(hex(walk.body).startsWith("e9030000" + "00"), "Kitty's walk");
      // The bot starts at x 0 and walks Kitty to x -30 at its y.
      const deadline = Date.now() + 5000;
      while (kitty.x !== -30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assertEquals(kitty.x, -30);
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});
