/** The binary's entry point, driven as a real process: help, version, bad settings, clean shutdown. */
import { assertEquals, assertStringIncludes, assertTrue } from "./support/assert.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

function spawnMain(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("main: --help lists the settings and exits 0", async () => {
  const out = await spawnMain(["--help"]).output();
  assertEquals(out.code, 0);
  const text = new TextDecoder().decode(out.stdout);
  assertStringIncludes(text, "--bootstrap-servers");
  assertStringIncludes(text, "SERVICE_ID");
  assertStringIncludes(text, "COMMAND_TOPIC_CHARACTER_MOVEMENT");
});

Deno.test("main: --version prints the version", async () => {
  const out = await spawnMain(["--version"]).output();
  assertEquals(out.code, 0);
  assertStringIncludes(new TextDecoder().decode(out.stdout), "atlas-channel-deno 0.");
});

Deno.test("main: a bad setting exits non-zero with one clear line", async () => {
  const out = await spawnMain([], { SERVICE_ID: "nope" }).output();
  assertEquals(out.code, 2);
  const err = new TextDecoder().decode(out.stderr).trim();
  assertEquals(err.split("\n").length, 1);
  assertStringIncludes(err, 'SERVICE_ID="nope"');
  assertStringIncludes(err, "expected a UUID");
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`main: ${signal} shuts the server down cleanly with exit 0`, async () => {
    const child = spawnMain([], { LOG_LEVEL: "info" }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("running; press Ctrl-C to stop")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    assertStringIncludes(seen, "running; press Ctrl-C to stop");
    child.kill(signal);
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    const status = await child.status;
    await child.stdout.cancel();
    assertEquals(status.code, 0);
    const lines = seen.trim().split("\n").map((l) => JSON.parse(l));
    assertTrue(lines.some((l) => l.msg === "shutting down" && l.signal === signal));
    assertTrue(lines.some((l) => l.msg === "stopped"));
  });
}
