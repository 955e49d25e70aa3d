/**
 * Acceptance (d): the `deno task dev` entry point with an empty environment starts the sandbox, logs who
 * can log in, serves a bot, and stops cleanly (exit 0) on SIGINT. SANDBOX_PORT moves the channels off
 * 8585 only when that port is taken on this machine.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { freeConsecutivePorts, SANDBOX_PORT_SPAN } from "./support.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function portsFree(base: number): boolean {
  try {
    for (let i = 0; i < SANDBOX_PORT_SPAN; i++) {
      Deno.listen({ hostname: "127.0.0.1", port: base + i }).close();
    }
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "main.ts with no configuration runs the sandbox, a bot logs in, SIGINT exits 0",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const port = portsFree(8585) ? 8585 : freeConsecutivePorts(3);
    const env: Record<string, string> = port === 8585 ? {} : { SANDBOX_PORT: String(port) };
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN],
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = child.stdout.pipeTo(new WritableStream());
    const lines: string[] = [];
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    const readLines = (async () => {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += value;
        const parts = buffered.split("\n");
        buffered = parts.pop() ?? "";
        lines.push(...parts);
      }
    })();
    try {
      const deadline = Date.now() + 30_000;
      while (!lines.some((l) => l.includes("can log in"))) {
        if (Date.now() > deadline) throw new Error(`no "can log in" line:\n${lines.join("\n")}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const announced = JSON.parse(lines.find((l) => l.includes("can log in"))!);
      assertTrue(announced.characters.includes("1001 Aria (account 1)"), JSON.stringify(announced));

      const bot = await connectBot({ port, characterId: 1001 });
      try {
        const field = await bot.login();
        assertEquals(field.login, true);
        await bot.chat("smoke");
        const echoed = await bot.waitFor("CharacterChatGeneral", (p) => p.message === "smoke");
        assertEquals(echoed.characterId, 1001);
      } finally {
        bot.close();
      }
    } finally {
      child.kill("SIGINT");
    }
    const status = await child.status;
    await readLines;
    await stdout;
    assertEquals(status.code, 0, lines.slice(-5).join("\n"));
    assertTrue(lines.some((l) => l.includes('"msg":"stopped"')), lines.slice(-5).join("\n"));
  },
});
