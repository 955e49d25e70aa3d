/**
 * The issue-13 NPC loop under `deno task dev`'s in-process mode: a bot talks to the Maple Administrator
 * through its whole script (say, menu, number, OK), takes and completes its quest, talks to Maya's Friend (a text prompt) after a portal, and
 * buys from Athena Pierce's shop; the sandbox's conversation and shop responders answer as
 * atlas-npc-conversations and atlas-npc-shops do.
 */
import { assertEquals } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS } from "../../src/sandbox/world.ts";
import { macrosDoc } from "../../src/sandbox/documents.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test({
  name: "dev mode: a bot talks to NPCs through their scripts and buys from a shop",
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
    try {
      await aria.login(HENESYS);
      await runScript(
        aria,
        parseScript("talk:1000:1:7,buy:1001:1:2,quest:1000,quest:1000,portal,talk:1000"),
        0,
      );

      const dialogues = aria.received.filter((p) => p.name === "NPCConversation");
      assertEquals(dialogues.map((d) => [d.npcId, d.dialogue, d.message]), [
        [9010000, "SAY", "Welcome to the world in a box!"],
        [
          9010000,
          "ASK_MENU",
          "What would you like to know?\r\n#L0#Where to shop#l\r\n#L1#A number game#l\r\n#L2#Nothing#l",
        ],
        [9010000, "ASK_NUMBER", "Pick a number from 1 to 10."],
        [9010000, "SAY", "Seven! Lucky you."],
        [9010000, "ASK_YES_NO_QUEST", "Will you run a small errand for me?"],
        [9010000, "SAY", "Thank you! Come back when it is done."],
        [9010000, "ASK_YES_NO", "Is the errand done?"],
        [9010000, "SAY", "Well done!"],
        [1012101, "ASK_TEXT", "What should I call you?"],
        [1012101, "SAY", "Nice to meet you!"],
      ]);

      // The quest log: started (1, no progress), then completed (2 and a completion time).
      const records = aria.received.filter((p) => p.name === "CharacterStatusMessage" && p.body[0] === 1);
      assertEquals(records.map((p) => hex(p.body.subarray(0, 4))), ["01e80301", "01e80302"]);

      const shop = aria.received.find((p) => p.name === "NPCShop")!;
      assertEquals([shop.npcId, shop.items], [1012100, [2000000, 2000003, 2060000, 2070000]]);
      const result = aria.received.find((p) => p.name === "NPCShopOperation")!;
      assertEquals(result.code, 0);
      // Two Blue Potions at 200 mesos each.
      const meso = aria.received.filter((p) => p.name === "StatChanged" && p.stats?.MESO !== undefined);
      assertEquals(meso.map((p) => p.stats!.MESO), [149600]);
      assertEquals(dev.sandbox.store.character(1001)?.attributes.meso, 149600);

      // Pets: Kitty (700001) answers a command.
      await runScript(aria, parseScript("pet:700001:2"), 0);
      const answer = aria.received.find((p) => p.name === "PetCommandResponse")!;
      assertEquals(hex(answer.body), "e9030000" + "00" + "00" + "02" + "01" + "00");

      // Macros: atlas-skills keeps the set; the next login's CharacterSkillMacro shows it.
      await runScript(aria, parseScript("macro:Haste:4001003:4001002"), 0);
      const character = dev.sandbox.store.character(1001)!;
      await until(() => JSON.stringify(macrosDoc(character)).includes("Haste"));
      aria.close();
      const again = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
      try {
        await new Promise((r) => setTimeout(r, 300)); // the old session's logout
        await again.login(HENESYS);
        const shown = await again.waitFor("CharacterSkillMacro");
        // 1 macro, "Haste", shout byte 0, 4001003, 4001002, 0
        assertEquals(hex(shown.body), "01" + "05004861737465" + "00" + "eb0c3d00" + "ea0c3d00" + "00000000");
      } finally {
        again.close();
      }
    } finally {
      aria.close();
      await dev.stop();
    }
  },
});
