/**
 * Acceptance (a): `deno task dev`'s in-process mode (the function main.ts calls) with two bots on the
 * in-memory bus: log in, see each other spawn, walk, chat and emote, change map through a portal.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { HUNTING_GROUND, SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts, playThrough } from "./support.ts";

function devSettings() {
  const outcome = parseSettings(["--log-level", "error"], {});
  if (outcome.kind !== "run") throw new Error("settings rejected");
  return outcome.settings;
}

Deno.test({
  name: "dev mode: two bots log in, see each other walk, chat and emote, and one takes a portal",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freeConsecutivePorts(3);
    const dev = await startDev(devSettings(), { channelPort: port, generatedCount: 10 });
    try {
      // Three channels per tenant: v83 on the first three ports, v95 and JMS on the next six.
      assertEquals(dev.app.channels.map((c) => c.port), Array.from({ length: 9 }, (_, i) => port + i));
      assertEquals(
        dev.app.channels.filter((c) => c.tenant.id === SANDBOX_TENANT.id).map((c) => c.port),
        [port, port + 1, port + 2],
      );
      const { lines } = await playThrough(port);
      // Both sides logged what they sent and received, by name.
      assertTrue(lines.some((l) => l.startsWith("[bot 1001] → MapChangeHandle 0x26")), lines.join("\n"));
      assertTrue(lines.some((l) => l.startsWith("[bot 2001] ← CharacterDespawn 0xA1")), lines.join("\n"));
      // The sandbox's state followed: Aria is stored in the hunting ground, online on channel 0.
      assertEquals(dev.sandbox.store.character(1001)?.attributes.mapId, HUNTING_GROUND);
      // The channel fetched its configuration and registered its channels with the sandbox.
      assertEquals(dev.sandbox.store.channel(0, 0)?.port, port);
      assertTrue((dev.sandbox.requests.get("GET characters/1001") ?? 0) >= 1);
      assertEquals(dev.app.channels[0].tenant.id, SANDBOX_TENANT.id);
    } finally {
      await dev.stop();
    }
  },
});
