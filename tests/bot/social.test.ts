/**
 * The social loop under `deno task dev`'s in-process mode (sandbox + channel on the in-memory bus), as
 * bot scripts play it: buddies (Aria asks Cody, Cody accepts, both lists show each other, Aria removes
 * Cody). Assertions are on the packets the bots decode and on the sandbox's state.
 */
import { assertEquals } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name: "dev mode: bots play the buddy loop (request, invite, accept, lists, delete)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      logoutAfterMs: 200,
    });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const aria = await connectBot({ port, characterId: 1001, log, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, log, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      // The list after login (empty in the sandbox).
      const first = await aria.waitFor("BuddyOperation", (p) => p.operation === "UPDATE");
      assertEquals(first.ids, []);

      await runScript(aria, parseScript("buddy:add:Cody"), 0);
      const invite = await cody.waitFor("BuddyOperation", (p) => p.operation === "INVITE");
      assertEquals([invite.characterId, invite.from], [1001, "Aria"]);
      await runScript(cody, parseScript("buddy:accept"), 0);
      const codyList = cody.received.findLast((p) => p.name === "BuddyOperation" && p.operation === "UPDATE");
      assertEquals(codyList?.ids, [1001]);
      const ariaList = await aria.waitFor(
        "BuddyOperation",
        (p) => p.operation === "UPDATE" && p.ids?.length === 1,
      );
      assertEquals(ariaList.ids, [2001]);
      assertEquals(dev.sandbox.store.buddyList(1001).buddies.map((b) => [b.characterId, b.pending]), [[
        2001,
        false,
      ]]);

      await runScript(aria, parseScript("buddy:delete:2001"), 0);
      const emptied = aria.received.findLast((p) => p.name === "BuddyOperation" && p.operation === "UPDATE");
      assertEquals(emptied?.ids, []);
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
