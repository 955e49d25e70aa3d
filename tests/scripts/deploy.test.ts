/**
 * The deployment kit: the systemd unit's settings are valid and its stop timeout covers a drain; the
 * example configuration file boots as it is (channels listen and greet a client, /readyz 200, SIGTERM
 * exits 0).
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { connectClient } from "../../src/client/client.ts";

const UNIT = new URL("../../scripts/atlas-channel.service", import.meta.url).pathname;
const EXAMPLE = new URL("../../scripts/atlas-channel.example.json", import.meta.url).pathname;
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function unitValues(text: string, key: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
}

Deno.test("systemd unit: valid settings, SIGTERM with a stop timeout longer than drain + shutdown, no restart on exit 2", async () => {
  const unit = await Deno.readTextFile(UNIT);
  const env = Object.fromEntries(
    unitValues(unit, "Environment").map((kv) => kv.split("=", 2) as [string, string]),
  );
  const [binary, ...args] = unitValues(unit, "ExecStart")[0].split(" ");
  assertEquals(binary, "/usr/local/bin/atlas-channel");
  const outcome = parseSettings(args, env);
  if (outcome.kind !== "run") throw new Error(`the unit's settings are rejected: ${JSON.stringify(outcome)}`);
  const { drainDeadlineMs, shutdownTimeoutMs, adminAddress, logFormat } = outcome.settings;
  assertEquals([adminAddress, logFormat], ["127.0.0.1", "json"]);
  assertEquals(unitValues(unit, "KillSignal"), ["SIGTERM"]);
  const stopSec = Number(unitValues(unit, "TimeoutStopSec")[0]);
  assertTrue(stopSec * 1000 > drainDeadlineMs + shutdownTimeoutMs, `TimeoutStopSec=${stopSec}`);
  assertEquals(unitValues(unit, "RestartPreventExitStatus"), ["2"]);
});

Deno.test({
  name: "example configuration: boots as it is; both channels greet a client; ready; SIGTERM exits 0",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const adminPort = probe.addr.port;
    probe.close();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN, "--config", EXAMPLE],
      env: { NO_COLOR: "1", ADMIN_PORT: String(adminPort), BIND_ADDRESS: "127.0.0.1", LOG_FORMAT: "json" },
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
          for (const line of chunk.split("\n").filter((l) => l.trim())) {
            const parsed = JSON.parse(line);
            lines.push(parsed);
            if (parsed.msg === "running; press Ctrl-C to stop") running.resolve();
          }
        },
        close: () => running.resolve(),
      }),
    );
    try {
      await running.promise;
      const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`);
      assertEquals([ready.status, await ready.text()], [200, "ready\n"]);
      for (const port of [7575, 7576]) {
        const client = await connectClient({ port });
        assertEquals([client.hello.majorVersion, client.hello.region], [83, "GMS"]);
        client.close();
      }
      const channels = lines.filter((l) => l.msg === "channel ready").map((
        l,
      ) => [l.worldId, l.channelId, l.port]);
      assertEquals(channels, [[0, 0, 7575], [0, 1, 7576]]);
      child.kill("SIGTERM");
      assertEquals((await child.status).code, 0);
      await reading;
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
    }
  },
});
