/**
 * Draining with 200 players connected: the ports close, every player reads the notice, those who leave
 * before `DRAIN_DEADLINE_MS` leave, the rest are logged out the way a disconnect does (the sandbox sees
 * every character go offline), the channels are deregistered from the world service, and the process
 * exits 0 within the deadline.
 */
import { assertEquals, assertStringIncludes, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { type Bot, connectBot } from "../../src/bot/bot.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const PLAYERS = 200;
const FIRST_ID = 100001;

/** Logs `count` generated characters in on `port`, `batch` at a time. */
async function logIn(port: number, count: number, batch = 25): Promise<Bot[]> {
  const bots: Bot[] = [];
  for (let i = 0; i < count; i += batch) {
    const ids = Array.from({ length: Math.min(batch, count - i) }, (_, k) => FIRST_ID + i + k);
    bots.push(
      ...await Promise.all(ids.map(async (characterId) => {
        const bot = await connectBot({ port, characterId, timeoutMs: 30_000 });
        await bot.login();
        return bot;
      })),
    );
  }
  return bots;
}

/** Resolves when the server closed the bot's connection. */
function closedByServer(bot: Bot): Promise<void> {
  return bot.client.closed.then(() => {});
}

/** The drain notice as the GMS v83 client reads it: opcode 0x44, mode NOTICE (0), length-prefixed text. */
function noticeBytes(text: string): Uint8Array {
  const ascii = [...text].map((c) => c.charCodeAt(0));
  return new Uint8Array([0x00, ascii.length & 0xff, ascii.length >> 8, ...ascii]);
}

Deno.test({
  name:
    "drain: 200 players; notice, 20 leave, the rest logged out at the deadline, ports closed, deregistered",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: PLAYERS,
      logoutAfterMs: 0,
    });
    try {
      const bots = await logIn(port, PLAYERS);
      assertEquals(dev.app.channels[0].sessions.size, PLAYERS);
      // A login's SetField goes out before its CREATED, which is what tells the sandbox the character is
      // online; logins complete side by side, so the last CREATEDs may still be on their way.
      const online = () =>
        Array.from({ length: PLAYERS }, (_, i) => FIRST_ID + i).filter((id) => dev.sandbox.store.online(id));
      const onlineBy = Date.now() + 10_000;
      while (online().length < PLAYERS && Date.now() < onlineBy) await new Promise((r) => setTimeout(r, 20));
      assertEquals(online().length, PLAYERS, "every player online");

      const tenantId = dev.app.channels[0].tenant.id.toLowerCase();
      assertTrue(dev.sandbox.store.channel(0, 0, tenantId), "registered before the drain");
      const deadlineMs = 2000;
      const started = performance.now();
      const draining = dev.app.drain(deadlineMs);
      // Every player is told, with the deadline in seconds.
      const notice = noticeBytes(
        "This channel is shutting down for maintenance in 2 seconds. Please change channel or log out now.",
      );
      await Promise.all(bots.map(async (bot) => {
        const packet = await bot.waitFor("WorldMessage", (p) => p.body[0] === 0x00, { timeoutMs: 10_000 });
        assertEquals(packet.opcode, 0x44);
        assertEquals([...packet.body], [...notice]);
      }));
      // No new player gets in once draining.
      const refused = await Deno.connect({ hostname: "127.0.0.1", port }).then(
        (c) => (c.close(), false),
        () => true,
      );
      assertTrue(refused, "the port is closed while draining");
      // Twenty leave on their own before the deadline.
      for (const bot of bots.slice(0, 20)) bot.close();
      const report = await draining;
      const elapsed = performance.now() - started;
      assertEquals(report.sessions, PLAYERS);
      assertEquals(report.left, 20);
      assertEquals(report.loggedOut, PLAYERS - 20);
      assertTrue(elapsed >= deadlineMs - 50 && elapsed < deadlineMs + 5000, `drain took ${elapsed} ms`);
      // The rest were disconnected by the server.
      await Promise.all(bots.slice(20).map(closedByServer));
      assertEquals(dev.app.channels.reduce((n, c) => n + c.sessions.size, 0), 0);
      // And logged out as a disconnect does: the sandbox's services saw every character leave.
      const until = Date.now() + 10_000;
      const stillOnline = () =>
        Array.from({ length: PLAYERS }, (_, i) => FIRST_ID + i).filter((id) => dev.sandbox.store.online(id));
      while (stillOnline().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assertEquals(stillOnline(), [], "characters still online after the drain");
      // Every channel was removed from the world service's registry.
      for (const channelId of [0, 1, 2]) {
        assertEquals(dev.sandbox.store.channel(0, channelId, tenantId), undefined, `channel ${channelId}`);
      }
      // Readiness says why the instance is out of rotation.
      assertEquals(dev.app.readiness().ready, false);
      assertTrue(dev.app.readiness().reasons.some((r) => r.startsWith("draining")));
    } finally {
      await dev.stop();
    }
  },
});

Deno.test({
  name: "drain: SIGTERM with 200 players exits 0 within DRAIN_DEADLINE_MS (process)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freeConsecutivePorts(3);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN],
      env: { NO_COLOR: "1", SANDBOX_PORT: String(port), DRAIN_DEADLINE_MS: "3000", LOG_FORMAT: "json" },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const lines: Record<string, unknown>[] = [];
    const running = Promise.withResolvers<void>();
    const reading = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({
        write(chunk) {
          for (const line of chunk.split("\n").filter((l) => l.trim().length > 0)) {
            const parsed = JSON.parse(line);
            lines.push(parsed);
            if (parsed.msg === "running; press Ctrl-C to stop") running.resolve();
          }
        },
      }),
    );
    try {
      await running.promise;
      const bots = await logIn(port, PLAYERS);
      const started = performance.now();
      child.kill("SIGTERM");
      // The notice reaches a player; nobody leaves on their own here.
      await bots[PLAYERS - 1].waitFor("WorldMessage", (p) => p.mode === 0, { timeoutMs: 10_000 });
      const status = await child.status;
      const elapsed = performance.now() - started;
      assertEquals(status.code, 0);
      assertTrue(elapsed < 3000 + 5000, `exited ${elapsed} ms after SIGTERM`);
      await Promise.all(bots.map(closedByServer));
      await reading;
      const drained = lines.find((l) => l.msg === "drained");
      assertEquals(
        [drained?.sessions, drained?.left, drained?.loggedOut],
        [PLAYERS, 0, PLAYERS],
        JSON.stringify(drained),
      );
      const shutdown = lines.find((l) => l.msg === "shutting down");
      assertEquals([shutdown?.signal, shutdown?.drain], ["SIGTERM", true]);
      assertStringIncludes(String(lines.at(-1)?.msg), "stopped");
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already exited */ }
    }
  },
});

Deno.test({
  name: "drain: a second SIGTERM ends the drain at once (exit 0, players logged out)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = freeConsecutivePorts(3);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN],
      env: { NO_COLOR: "1", SANDBOX_PORT: String(port), DRAIN_DEADLINE_MS: "60000", LOG_FORMAT: "json" },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const lines: Record<string, unknown>[] = [];
    const running = Promise.withResolvers<void>();
    const draining = Promise.withResolvers<void>();
    const reading = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({
        write(chunk) {
          for (const line of chunk.split("\n").filter((l) => l.trim().length > 0)) {
            const parsed = JSON.parse(line);
            lines.push(parsed);
            if (parsed.msg === "running; press Ctrl-C to stop") running.resolve();
            if (String(parsed.msg).startsWith("draining")) draining.resolve();
          }
        },
      }),
    );
    try {
      await running.promise;
      const [bot] = await logIn(port, 1);
      const started = performance.now();
      child.kill("SIGTERM");
      await draining.promise;
      await bot.waitFor("WorldMessage", (p) => p.mode === 0, { timeoutMs: 10_000 });
      child.kill("SIGTERM");
      const status = await child.status;
      assertEquals(status.code, 0);
      assertTrue(performance.now() - started < 15_000, "did not wait for the 60 s deadline");
      await closedByServer(bot);
      await reading;
      assertTrue(lines.some((l) => l.msg === "second signal: ending the drain now"));
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already exited */ }
    }
  },
});
