/**
 * What is on the ground, played under `deno task dev`'s in-process mode (sandbox + channel on the
 * in-memory bus): two bots in Henesys see the sandbox's seeded drops on entry, pick them up (a race for
 * one drop gives it to exactly one of them; the other is unlocked), a meso drop appears for both and
 * can be picked up by the other player, and an item dropped from the inventory lands for both and goes
 * back onto its stack when picked up.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { FIRST_DROP_ID, SANDBOX_REACTORS, SEEDED_DROPS } from "../../src/sandbox/ground.ts";
import { HENESYS, SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name:
    "dev mode: bots see the ground, race for a drop (one wins), drop and pick up mesos, sit, hold a board",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 5,
      logoutAfterMs: 200,
    });
    const aria = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      // Channel 0's seeded drops are the first ids (channels are seeded in order).
      const seeded = SEEDED_DROPS.map((_, i) => FIRST_DROP_ID + i);
      for (const bot of [aria, cody]) {
        for (const id of seeded) await bot.waitFor("DropSpawn", (p) => p.dropId === id);
      }
      assertEquals([...aria.drops.keys()].sort(), seeded);

      // Aria picks the first one up (script step); both see it go.
      await runScript(aria, parseScript(`pickup:${seeded[0]}`), 0);
      for (const bot of [aria, cody]) {
        const gone = await bot.waitFor("DropDestroy", (p) => p.dropId === seeded[0]);
        assertEquals(gone.summary, `drop ${seeded[0]} is taken by character 1001`);
      }
      assertTrue(!cody.drops.has(seeded[0]), "cody no longer sees it");

      // Both go for the second drop at once: one gets it, the other is unlocked.
      const sinceAria = aria.received.length;
      const sinceCody = cody.received.length;
      await Promise.all([aria.pickUp(seeded[1]), cody.pickUp(seeded[1])]);
      const taken = await aria.waitFor("DropDestroy", (p) => p.dropId === seeded[1], { since: sinceAria });
      const winner = taken.summary.endsWith("1001") ? aria : cody;
      const loser = winner === aria ? cody : aria;
      const loserSince = loser === aria ? sinceAria : sinceCody;
      await loser.waitFor("StatChanged", (p) => p.summary === "enable actions", { since: loserSince });
      const destroys = [aria, cody].flatMap((b) =>
        b.received.filter((p) => p.name === "DropDestroy" && p.dropId === seeded[1])
      );
      assertEquals(destroys.length, 2, "each sees the drop go once");
      assertEquals(destroys[0].summary, destroys[1].summary);
      assertEquals(dev.sandbox.store.drops(SANDBOX_TENANT.id).get(seeded[1]), undefined);

      // Aria drops 100 mesos; both see them fall; Cody takes them (a player's drop is anyone's).
      const mesoSince = cody.received.length;
      await runScript(aria, parseScript("meso:100"), 0);
      const fallen = await cody.waitFor("DropSpawn", (p) => p.summary.includes("100 mesos"), {
        since: mesoSince,
      });
      await aria.waitFor("DropSpawn", (p) => p.dropId === fallen.dropId);
      const codyMeso = Number(dev.sandbox.store.character(2001)!.attributes.meso);
      await runScript(cody, parseScript(`pickup:${fallen.dropId}`), 0);
      await aria.waitFor("DropDestroy", (p) => p.dropId === fallen.dropId);
      const gained = await cody.waitFor("StatChanged", (p) => p.stats?.MESO !== undefined, {
        since: mesoSince,
      });
      assertEquals(gained.stats!.MESO, codyMeso + 100);

      // Aria drops one of her etc items (tab 4, slot 1: the sandbox's atlas-inventory takes it, atlas-drops
      // puts it where she stands); both see it land, she picks it up again and it is back on its stack.
      const etc = () =>
        dev.sandbox.store.character(1001)!.assets.find((a) => a.inventoryType === 4 && a.slot === 1)!;
      const held = Number(etc().referenceData.quantity);
      const itemSince = cody.received.length;
      await runScript(aria, parseScript("drop:4:1"), 0);
      const landed = aria.received.findLast((p) => p.name === "DropSpawn")!;
      assertEquals(landed.characterId, 1001);
      assertTrue(landed.summary.includes(`item ${etc().templateId}`), landed.summary);
      await cody.waitFor("DropSpawn", (p) => p.dropId === landed.dropId, { since: itemSince });
      assertEquals(Number(etc().referenceData.quantity), held - 1);
      const pickSince = aria.received.length;
      await runScript(aria, parseScript("pickup:last"), 0);
      const restocked = await aria.waitFor(
        "CharacterInventoryChange",
        (p) => p.inventory?.some((op) => op.mode === "quantity" && op.inventoryType === 4) === true,
        { since: pickSince },
      );
      assertEquals(restocked.inventory, [{ mode: "quantity", inventoryType: 4, slot: 1, quantity: held }]);
      await cody.waitFor("DropDestroy", (p) => p.dropId === landed.dropId, { since: itemSince });
      assertEquals(Number(etc().referenceData.quantity), held);
      assertEquals(dev.sandbox.store.drops(SANDBOX_TENANT.id).get(landed.dropId!), undefined);

      // Henesys is a town: the town clock is shown on entry (no route starts there: no boat state).
      await aria.waitFor("Clock", (p) => p.summary.startsWith("town clock"));

      // Reactors: the sandbox's Henesys reactors are shown on entry.
      for (const reactor of SANDBOX_REACTORS) {
        await aria.waitFor("ReactorSpawn", (p) => p.objectId === reactor.id);
      }

      // Info window: Aria looks at Cody.
      await runScript(aria, parseScript("info:2001"), 0);
      const about = aria.received.find((p) => p.name === "CharacterInfo")!;
      assertEquals(about.summary, "info: character 2001, level 12, job 100");

      // NPCs: each bot controls Henesys' NPCs and sees its own animations echoed.
      assertTrue(aria.npcs.size > 0, "aria controls the map's NPCs");
      const echoed = await aria.animateNpc();
      assertEquals(echoed.objectId, [...aria.npcs][0]);
      await runScript(cody, parseScript("npc"), 0);

      // Chairs: Aria sits on a portable chair and stands up; Cody sees both.
      await runScript(aria, parseScript("sit:3010000"), 0);
      await cody.waitFor("CharacterShowChair", (p) => p.characterId === 1001 && p.chairId === 3010000);
      await runScript(aria, parseScript("stand"), 0);
      await cody.waitFor("CharacterShowChair", (p) => p.characterId === 1001 && p.chairId === 0);
      // Map seats: seat 1 exists, seat 5 does not (refused, unlocked).
      const seated = await cody.sitOnSeat(1);
      assertEquals([seated.name, seated.chairId], ["CharacterSitResult", 1]);
      const refused = await aria.sitOnSeat(5);
      assertEquals([refused.name, refused.summary], ["StatChanged", "enable actions"]);
      await runScript(cody, parseScript("stand"), 0);
      assertEquals(dev.sandbox.store.seats(SANDBOX_TENANT.id).chairs.size, 0);

      // Chalkboard: Aria holds one up (the cash item's part, played by the sandbox) and puts it away.
      await dev.sandbox.seats.holdUp(
        SANDBOX_TENANT,
        { worldId: 0, channelId: 0, mapId: HENESYS },
        1001,
        "hello",
      );
      await cody.waitFor("ChalkboardUse", (p) => p.characterId === 1001 && p.message === "hello");
      await runScript(aria, parseScript("chalkboard"), 0);
      await cody.waitFor("ChalkboardUse", (p) => p.characterId === 1001 && p.message === undefined);
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});
