/** `--count N`: N bots at once on distinct generated characters against the in-process sandbox. */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { parseBotArgs, runBots } from "../../src/bot/main.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name: "runBots: 12 generated characters log in together, walk and chat, and see each other",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, { channelPort: port, generatedCount: 20 });
    try {
      const command = parseBotArgs([
        "--port",
        String(port),
        "--count",
        "12",
        "--script",
        // Everyone is in the map before anyone walks; each then waits for the others' 2 steps each and
        // for the 12 chat lines (events, not waits).
        "login,sync,walk:2,chat,await:CharacterMovement:22,await:CharacterChatGeneral:12",
        "--delay",
        "100",
        "--linger",
        "0",
        "--quiet",
      ])!;
      const { bots, failures } = await runBots(command, () => {});
      assertEquals(failures, []);
      assertEquals(bots.map((b) => b.characterId).sort(), Array.from({ length: 12 }, (_, i) => 100001 + i));
      for (const bot of bots) {
        assertEquals(bot.sent.map((s) => s.name), [
          "CharacterLoggedInHandle",
          "CharacterMoveHandle",
          "CharacterMoveHandle",
          "CharacterChatGeneralHandle",
        ]);
        const others = new Set(
          bot.received.filter((p) => p.name === "CharacterMovement").map((p) => p.characterId),
        );
        assertEquals(others.size, 11, `bot ${bot.characterId} saw movement of ${[...others]}`);
        const lines = bot.received.filter((p) => p.name === "CharacterChatGeneral");
        assertTrue(lines.length === 12, `bot ${bot.characterId} heard ${lines.length} lines`);
      }
    } finally {
      await dev.stop();
    }
  },
});
