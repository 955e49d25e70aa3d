/**
 * Measures the memory an idle connected session costs the server.
 *
 *   ./scripts/deno run -A --v8-flags=--expose-gc bench/session_memory.ts [sessions=2000]
 *
 * The server (this process) starts a channel listener; a child process opens the connections, reads each
 * hello and then stays silent, so client-side memory is not counted. Heap is measured after a full GC
 * before and after the sessions are connected; the difference divided by the session count is the
 * per-session figure. `external` covers ArrayBuffer backing stores (the read buffers), reported apart.
 * @module
 */
import { listen } from "../src/net/listener.ts";
import { settledMemory } from "./settled_memory.ts";

const CLIENT_FLAG = "--clients";

async function runClients(port: number, count: number): Promise<void> {
  const conns: Deno.Conn[] = [];
  const hello = new Uint8Array(64);
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, async () => {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        let got = 0;
        while (got < 16) {
          const n = await conn.read(hello);
          if (n === null) throw new Error("server closed during hello");
          got += n;
        }
        return conn;
      }),
    );
    conns.push(...batch);
  }
  await Deno.stdout.write(new TextEncoder().encode("ready\n"));
  // Stay connected and silent until the parent closes our stdin.
  const buf = new Uint8Array(16);
  while ((await Deno.stdin.read(buf)) !== null) { /* wait */ }
  for (const conn of conns) conn.close();
}

async function measure(count: number): Promise<void> {
  const server = listen({
    hostname: "127.0.0.1",
    port: 0,
    tenant: { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 },
    worldId: 0,
    channelId: 0,
    onPacket: () => {},
    // Every connection comes from this machine and never logs in: the admission limits would evict them.
    admission: { maxPending: Infinity, maxPendingPerAddress: Infinity },
  });
  const before = await settledMemory();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", import.meta.filename!, CLIENT_FLAG, String(server.addr.port), String(count)],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("client process ended early");
    text += value;
  }
  while (server.sessions.size < count) await new Promise((resolve) => setTimeout(resolve, 20));
  const after = await settledMemory();
  const per = (a: number, b: number) => ((b - a) / count / 1024).toFixed(2);
  console.log(JSON.stringify({
    sessions: server.sessions.size,
    heapUsedKiBPerSession: Number(per(before.heapUsed, after.heapUsed)),
    externalKiBPerSession: Number(per(before.external, after.external)),
    rssKiBPerSession: Number(per(before.rss, after.rss)),
    heapUsedMiB: { before: before.heapUsed / 2 ** 20, after: after.heapUsed / 2 ** 20 },
  }));
  await child.stdin.close();
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  await child.status;
  await server.close();
}

if (import.meta.main) {
  if (Deno.args[0] === CLIENT_FLAG) {
    await runClients(Number(Deno.args[1]), Number(Deno.args[2]));
  } else {
    await measure(Number(Deno.args[0] ?? 2000));
  }
}
