/**
 * A complete map entry, played under `deno task dev`'s in-process mode: Aria is in Henesys, sits on a
 * portable chair, holds up a board and drops an item; Cody, arriving later, is shown the same map she
 * sees — her with her chair and board, the same drops (hers included), the reactors, the NPCs (and
 * their control), the town clock — everything after his SetField.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import type { ReceivedPacket } from "../../src/bot/decode.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { SANDBOX_REACTORS } from "../../src/sandbox/ground.ts";
import { HENESYS, SANDBOX_MAPS, SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

const ids = (
  packets: readonly ReceivedPacket[],
  name: string,
  id: (p: ReceivedPacket) => number | undefined,
) => packets.filter((p) => p.name === name).map(id).sort((a, b) => a! - b!);

Deno.test({
  name: "dev mode: a newcomer is shown the map as the one who was there sees it (chair, board, drops, ...)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, { channelPort: port, generatedCount: 2 });
    const aria = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await aria.waitFor("Clock");
      for (const reactor of SANDBOX_REACTORS) {
        await aria.waitFor("ReactorSpawn", (p) => p.objectId === reactor.id);
      }
      await runScript(aria, parseScript("sit:3010000,drop:4:1"), 0);
      await dev.sandbox.seats.holdUp(
        SANDBOX_TENANT,
        { worldId: 0, channelId: 0, mapId: HENESYS },
        1001,
        "trade?",
      );
      await aria.waitFor("ChalkboardUse", (p) => p.characterId === 1001 && p.message === "trade?");

      const since = cody.received.length;
      await cody.login(HENESYS);
      const setField = cody.received.findIndex((p, i) => i >= since && p.name === "SetField");
      // Her board and the NPCs' control.
      await cody.waitFor("ChalkboardUse", (p) => p.characterId === 1001 && p.message === "trade?");
      const npcCount = SANDBOX_MAPS.find((m) => m.id === HENESYS)!.npcs.length;
      while (cody.npcs.size < npcCount) await cody.waitFor("SpawnNPCRequestController", () => true);

      // Her, sitting, with her board.
      await cody.waitFor("CharacterSpawn", (p) => p.characterId === 1001, { since });
      await cody.waitFor("CharacterShowChair", (p) => p.characterId === 1001 && p.chairId === 3010000, {
        since,
      });
      // The same drops she sees (her item among them), the same reactors, the same NPCs, the clock.
      for (const dropId of aria.drops.keys()) {
        await cody.waitFor("DropSpawn", (p) => p.dropId === dropId, { since });
      }
      for (const reactor of SANDBOX_REACTORS) {
        await cody.waitFor("ReactorSpawn", (p) => p.objectId === reactor.id, { since });
      }
      await cody.waitFor("Clock", () => true, { since });
      assertEquals([...cody.drops.keys()].sort(), [...aria.drops.keys()].sort());
      const hers = aria.received.findLast((p) => p.name === "DropSpawn" && p.characterId === 1001)!;
      assertTrue(cody.drops.has(hers.dropId!), "her dropped item is shown");
      const shown = cody.received.slice(since);
      const objects = [
        "CharacterSpawn",
        "CharacterShowChair",
        "DropSpawn",
        "ReactorSpawn",
        "SpawnNPC",
        "Clock",
      ];
      assertTrue(
        shown.every((p, i) => !objects.includes(p.name) || since + i > setField),
        "nothing of the map before the SetField",
      );
      assertEquals(
        ids(shown, "ReactorSpawn", (p) => p.objectId),
        ids(aria.received, "ReactorSpawn", (p) => p.objectId),
      );
      assertEquals([...cody.npcs].sort(), [...aria.npcs].sort());
      assertEquals(ids(shown, "SpawnNPC", (p) => p.objectId), [...aria.npcs].sort((a, b) => a - b));
      assertTrue(shown.some((p) => p.name === "Clock" && p.summary.startsWith("town clock")), "the clock");
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});
