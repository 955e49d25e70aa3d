/**
 * Checks that a built binary is this program and works on its own (CI runs it after `deno task compile`):
 *
 * 1. `BINARY --version` prints `atlas-channel-deno <version of deno.json>`;
 * 2. copied alone into an empty folder and started there with no configuration (the sandbox), it gets
 *    ready (`/readyz` 200 on its admin listener) and a bot logs in, walks and chats;
 * 3. SIGTERM drains it and it exits 0.
 *
 *     deno run --allow-all scripts/smoke_binary.ts dist/atlas-channel
 *
 * Exit 0 when every check passed; otherwise 1 with the failed check on stderr.
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };

const BOT = new URL("../src/bot/main.ts", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

/** Nine consecutive free ports (the sandbox's three tenants × three channels), or throws after a few tries. */
function freePortRange(): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = freePort();
    try {
      for (let p = base + 1; p <= base + 8; p++) Deno.listen({ hostname: "127.0.0.1", port: p }).close();
      return base;
    } catch { /* taken; try another */ }
  }
  throw new Error("no nine consecutive free ports");
}

function fail(message: string): never {
  console.error(`smoke: FAILED: ${message}`);
  Deno.exit(1);
}

async function waitReady(
  url: string,
  child: Deno.ChildProcess,
  ms: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  let exited = false;
  child.status.then(() => exited = true);
  while (Date.now() < deadline) {
    if (exited) fail(`the binary exited before it was ready:\n${output()}`);
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${url} did not answer 200 within ${ms} ms:\n${output()}`);
}

/** Runs the checks of the module documentation against `binary`. */
export async function smoke(binary: string): Promise<void> {
  const expected = `atlas-channel-deno ${denoJson.version}`;
  const version = await new Deno.Command(binary, {
    args: ["--version"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000),
  }).output();
  const printed = new TextDecoder().decode(version.stdout).trim();
  if (!version.success || printed !== expected) {
    fail(
      `--version printed ${JSON.stringify(printed)} (exit ${version.code}); expected ${
        JSON.stringify(expected)
      }`,
    );
  }
  console.error(`smoke: --version ok (${printed})`);

  // Alone in an empty folder: the binary must need no files beside it.
  const dir = await Deno.makeTempDir({ prefix: "atlas-channel-smoke-" });
  const alone = `${dir}/${binary.split("/").pop()}`;
  await Deno.copyFile(binary, alone);
  await Deno.chmod(alone, 0o755);
  const channelPort = freePortRange();
  const adminPort = freePort();
  const child = new Deno.Command(alone, {
    cwd: dir,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: dir,
      SANDBOX_PORT: String(channelPort),
      ADMIN_PORT: String(adminPort),
      DRAIN_DEADLINE_MS: "1000",
      LOG_FORMAT: "json",
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const collecting = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void log.push(chunk) }),
  );
  try {
    await waitReady(`http://127.0.0.1:${adminPort}/readyz`, child, 30_000, () => log.join(""));
    console.error("smoke: /readyz 200");
    const bot = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "--allow-env",
        "--allow-read",
        BOT,
        "--port",
        String(channelPort),
        "--character",
        "1001",
        "--script",
        "login,walk,chat",
        "--delay",
        "100",
        "--linger",
        "200",
        "--quiet",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const botOut = new TextDecoder().decode(bot.stdout) + new TextDecoder().decode(bot.stderr);
    if (!bot.success) fail(`the bot did not finish its script (exit ${bot.code}):\n${botOut}`);
    console.error(`smoke: a bot logged in, walked and chatted (${botOut.trim().split("\n").pop()})`);
  } catch (err) {
    child.kill("SIGKILL");
    await child.status;
    throw err;
  }
  child.kill("SIGTERM");
  const status = await Promise.race([
    child.status,
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 20_000)),
  ]);
  if (!status) {
    child.kill("SIGKILL");
    fail("the binary did not exit within 20 s of SIGTERM");
  }
  await collecting;
  if (status.code !== 0) fail(`exit code ${status.code} after SIGTERM:\n${log.join("")}`);
  console.error("smoke: SIGTERM drained and exited 0");
  await Deno.remove(dir, { recursive: true });
}

if (import.meta.main) {
  const binary = Deno.args[0];
  if (!binary) fail("usage: deno run --allow-all scripts/smoke_binary.ts BINARY");
  await smoke(binary);
  console.error("smoke: all checks passed");
}
