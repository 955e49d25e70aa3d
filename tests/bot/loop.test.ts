/**
 * The issue-7 loop under `deno task dev`'s in-process mode (sandbox + channel on the in-memory bus):
 * Aria runs a script through every client action in scope (AP by hand and automatic, SP, heal, meso
 * drop, whispers, party chat, key map, channel change, cash shop, logout) while Cody watches from
 * Henesys on channel 0. Assertions are on the packets the bots decode, and on the sandbox's state.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot, type ReceivedPacket } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS, SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test({
  name:
    "dev mode: a bot plays the whole loop (stats, whispers, party chat, keys, channel, cash shop, logout)",
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
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const aria = await connectBot({ port, characterId: 1001, log, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, log, timeoutMs: 10_000 });
    try {
      await cody.login(HENESYS);
      await aria.login(HENESYS);
      await aria.waitFor("CharacterSpawn", (p) => p.characterId === 2001);
      await cody.waitFor("CharacterSpawn", (p) => p.characterId === 1001);

      // The sandbox greets each login with a system message (pink text, WorldMessage mode 5).
      const welcome = await aria.waitFor("WorldMessage", (p) => p.mode === 5);
      assertEquals([welcome.mode, welcome.message], [5, "Welcome to the Atlas sandbox, Aria!"]);

      const script = parseScript(
        "ap:STR,autoap,sp:4001003,heal,meso:100,whisper:Cody:hi Cody,whisper:Brin:anyone?," +
          "multichat:party:party time,keymap,channel:1,cashshop,logout",
      );
      await runScript(aria, script, 20);

      // Stats: each request answered by StatChanged with the new values, unlocking the client.
      const stats = aria.received.filter((p) => p.name === "StatChanged" && p.stats !== undefined);
      const shown = (s: ReceivedPacket) => [s.stats, s.exclRequest];
      const find = (stat: string) => stats.filter((p) => p.stats && stat in p.stats);
      assertEquals(shown(find("STRENGTH")[0]), [{ STRENGTH: 5, AVAILABLE_AP: 4 }, true]);
      assertEquals(shown(find("DEXTERITY")[0]), [{ STRENGTH: 6, DEXTERITY: 26, AVAILABLE_AP: 2 }, true]);
      assertEquals(shown(find("AVAILABLE_SP")[0]), [{ AVAILABLE_SP: 2 }, true]);
      assertEquals(shown(find("MESO")[0]), [{ MESO: 149900 }, true]);
      // Heal at full HP/MP: the pools stay at their maxima.
      assertEquals(find("HP")[0].stats, { HP: 820 });
      assertEquals(find("MP")[0].stats, { MP: 310 });

      // Whispers: Cody is online and receives it; Brin is offline, so the send fails.
      const results = aria.received.filter((p) =>
        p.name === "CharacterChatWhisper" && p.whisperMode === 0x0a
      );
      assertEquals(results.map((p) => [p.from, p.success]), [["Cody", true], ["Brin", false]]);
      const whisper = await cody.waitFor("CharacterChatWhisper", (p) => p.whisperMode === 0x12);
      assertEquals([whisper.from, whisper.message], ["Aria", "hi Cody"]);

      // Party chat to the characters nearby (Cody).
      const party = await cody.waitFor("CharacterMultiChat");
      assertEquals([party.mode, party.from, party.message], [1, "Aria", "party time"]);

      // Key map: the binding reached the sandbox's atlas-keys.
      assertEquals(dev.sandbox.store.character(1001)?.keys[59], [1, 4001003]);

      // Channel change: ChannelChange to channel 1's port, a new login there; Cody sees Aria leave.
      const changes = aria.received.filter((p) => p.name === "ChannelChange");
      assertEquals(changes.map((p) => p.address), [
        { hostname: "127.0.0.1", port: port + 1 },
        { hostname: "127.0.0.1", port: port + 1 },
      ]);
      assertEquals(aria.received.filter((p) => p.name === "SetField" && p.login).length, 3);
      await cody.waitFor("CharacterDespawn", (p) => p.characterId === 1001);
      // Cash shop: opened, then back to the same channel.
      assertEquals(aria.received.filter((p) => p.name === "CashShopOpen").length, 1);
      assertEquals(aria.port, port + 1);

      // Logout: after the transition timeout, the sandbox has her offline and her account logged out.
      await until("Aria offline", () => dev.sandbox.store.online(1001) === undefined);
      await until(
        "account 1 logged out",
        () => dev.sandbox.accountSessions.states(SANDBOX_TENANT, 1).size === 0,
      );

      // Cody saw none of Aria's own packets.
      assertEquals(
        cody.received.filter((p) => p.name === "StatChanged" || p.name === "CashShopOpen").length,
        0,
      );
      assertTrue(lines.some((l) => l.startsWith("[bot 1001] → ChannelChangeHandle 0x27")), lines.join("\n"));
      assertTrue(
        lines.some((l) => l.startsWith("[bot 1001] ← StatChanged 0x1F: stats STRENGTH=5")),
        lines.join("\n"),
      );
    } catch (err) {
      console.error(lines.join("\n"));
      throw err;
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});
