/**
 * The boat, played under `deno task dev`'s in-process mode (sandbox + channel on the in-memory bus, a
 * short trip): Brin boards in Ellinia (`boat` step), is taken on board when the boat departs and off at
 * Orbis Station when it arrives; Cody, waiting in Ellinia, sees the boat leave. Back in Ellinia while
 * the boat is away, Brin sees it away on entry and the boarding portal refuses him.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import {
  BOAT_EN_ROUTE,
  BOAT_PORTAL,
  BOAT_STAGING,
  ELLINIA,
  HENESYS,
  ORBIS_STATION,
  PREV_PORTAL,
} from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name: "dev mode: a bot rides the boat from Ellinia to Orbis; the portal refuses while the boat is away",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      // Boarding long enough to log in and board; away long enough to find the portal closed.
      transportTimes: { boardingMs: 5000, lockedMs: 300, travelMs: 800, returnMs: 60_000 },
    });
    const lines: string[] = [];
    const brin = await connectBot({ port, characterId: 1002, log: (l) => lines.push(l), timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, timeoutMs: 10_000 });
    try {
      await brin.login(ELLINIA);
      // The boat is boarding when the sandbox starts: shown docked on entry.
      const docked = await brin.waitFor("FieldTransportState");
      assertEquals([docked.mode, docked.summary], [0, "the boat is docked"]);
      await cody.login(HENESYS); // Brin and Aria share an account: Cody waits in Ellinia
      const inEllinia = await cody.portal(PREV_PORTAL);
      assertEquals(inEllinia.mapId, ELLINIA);

      const since = brin.received.length;
      await runScript(brin, parseScript("boat"), 0);
      const warps = brin.received.slice(since).filter((p) => p.name === "SetField").map((p) => p.mapId);
      assertEquals(warps, [BOAT_STAGING, BOAT_EN_ROUTE, ORBIS_STATION]);
      assertTrue(lines.some((l) => l.includes(`through ${BOAT_PORTAL}`)), lines.join("\n"));
      assertEquals(dev.sandbox.store.character(1002)!.attributes.mapId, ORBIS_STATION);

      // Cody, in Ellinia all along, saw the boat leave.
      const left = await cody.waitFor("FieldTransportState", (p) => p.mode === 2);
      assertEquals(left.summary, "the boat is away (state 2)");
      assertEquals(dev.sandbox.store.route.state, "awaiting_return");

      // Back to Ellinia: the boat is away, shown on entry; the boarding portal refuses.
      const back = brin.received.length;
      const home = await brin.portal();
      assertEquals(home.mapId, ELLINIA);
      await brin.waitFor("FieldTransportState", (p) => p.mode === 2, { since: back });
      const refusedSince = brin.received.length;
      const boarding = brin.rideBoat(BOAT_PORTAL, 1500);
      await brin.waitFor("StatChanged", (p) => p.summary === "enable actions", { since: refusedSince });
      const stillAway = await boarding.then(() => "boarded", (err: Error) => err.message);
      assertTrue(stillAway.includes("FieldTransportState"), stillAway);
      assertEquals(dev.sandbox.store.character(1002)!.attributes.mapId, ELLINIA);
    } finally {
      brin.close();
      cody.close();
      await dev.stop();
    }
  },
});
