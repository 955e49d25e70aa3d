/**
 * Hostile clients against the real app (in-memory bus, the GMS 83 template): packets no client sends
 * and packets before login count as misbehaviour and end the session; a garbage flood is throttled and
 * cut; honest sessions on the same channel are untouched. Every wait is a close event with a deadline.
 */
import { assertEquals } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startApp } from "../../src/app.ts";
import type { Session } from "../../src/net/session.ts";
import type { Feature } from "../../src/features/feature.ts";
import { chatFeature } from "../../src/features/chat/mod.ts";
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url).pathname;
const TENANT_ID = "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13";

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function hostileApp(extraArgs: string[] = []) {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  const path = `${await Deno.makeTempDir()}/config.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      service: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{
          id: TENANT_ID,
          ipAddress: "127.0.0.1",
          worlds: [{ id: 0, channels: [{ id: 1, port }] }],
        }],
      },
      tenants: [{ id: TENANT_ID, file: `${TEMPLATES}template_gms_83_1.json` }],
    }),
  );
  const outcome = parseSettings(
    ["--config", path, "--bind-address", "127.0.0.1", "--log-level", "error", ...extraArgs],
    {},
  );
  if (outcome.kind !== "run") throw new Error(JSON.stringify(outcome));
  const sessions: Session[] = [];
  const waiters: ((s: Session) => void)[] = [];
  const probe: Feature = {
    name: "probe",
    contracts: [],
    onSession(_ctx, session) {
      sessions.push(session);
      waiters.shift()?.(session);
    },
  };
  // Chat is implemented (and needs a completed login); nothing else is, e.g. NPC conversations.
  const app = await startApp(outcome.settings, { features: [chatFeature, probe], env: {} });
  const clients: HeadlessClient[] = [];
  return {
    async connect() {
      const admitted = new Promise<Session>((resolve) => waiters.push(resolve));
      const client = await connectClient({ hostname: "127.0.0.1", port });
      clients.push(client);
      return { client, session: await within(admitted, 5000, "the session") };
    },
    async stop() {
      for (const c of clients) c.close();
      await app.stop();
    },
  };
}

Deno.test("hostile: opcodes no client sends count as misbehaviour; the eleventh closes the session", async () => {
  const app = await hostileApp();
  try {
    const { client, session } = await app.connect();
    for (let i = 0; i < 11; i++) await client.send(Uint8Array.of(0xfe, 0x7f, i));
    assertEquals(await within(session.closed, 5000, "the close"), "malformed-packets");
  } finally {
    await app.stop();
  }
});

Deno.test("hostile: logged-in-only packets before login count too; unimplemented handlers do not", async () => {
  const app = await hostileApp();
  try {
    const honest = await app.connect();
    // NPCStartConversationHandle (0x3A) is in the template but not served by this app: never counted.
    for (let i = 0; i < 30; i++) await honest.client.send(Uint8Array.of(0x3a, 0x00, 1, 0, 0, 0));
    const early = await app.connect();
    // CharacterChatGeneralHandle (0x31) needs a completed login.
    for (let i = 0; i < 11; i++) await early.client.send(Uint8Array.of(0x31, 0x00, 1, 0, 0x41, 0));
    assertEquals(await within(early.session.closed, 5000, "the close"), "malformed-packets");
    // The honest session's 30 packets were sent before the other's 11, on an ordered channel: handled.
    assertEquals(honest.session.isClosed, false);
  } finally {
    await app.stop();
  }
});

Deno.test("hostile: a garbage flood is throttled, then cut as a flood", async () => {
  const app = await hostileApp(["--packet-rate", "50"]);
  try {
    const { client, session } = await app.connect();
    const frames: Promise<void>[] = [];
    for (let i = 0; i < 2_000 && !session.isClosed; i++) {
      frames.push(client.send(Uint8Array.of(0x3a, 0x00, i & 0xff)).catch(() => {}));
    }
    await Promise.all(frames);
    assertEquals(await within(session.closed, 5000, "the close"), "flood");
  } finally {
    await app.stop();
  }
});

Deno.test("hostile: the app applies the login deadline from its settings (15 s unless told otherwise)", async () => {
  const defaults = parseSettings([], {});
  if (defaults.kind !== "run") throw new Error(JSON.stringify(defaults));
  assertEquals([defaults.settings.loginDeadlineMs, defaults.settings.partialFrameDeadlineMs], [
    15_000,
    10_000,
  ]);
  const app = await hostileApp(["--login-deadline-ms", "200"]);
  try {
    const { session } = await app.connect();
    assertEquals(await within(session.closed, 5000, "the login deadline"), "login-deadline");
  } finally {
    await app.stop();
  }
});
