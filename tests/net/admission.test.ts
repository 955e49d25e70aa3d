/**
 * Admission (src/net/listener.ts, src/net/session.ts): pending connections are bounded per address and
 * per channel (the oldest makes room), players are never evicted and a full channel refuses newcomers,
 * and the login and unfinished-frame deadlines close what never gets anywhere. Waits are on the
 * sessions' own close events, each with a deadline that fails the test.
 */
import { type Admission, listen } from "../../src/net/listener.ts";
import { DEFAULT_SESSION_OPTIONS, type Session } from "../../src/net/session.ts";
import { connectClient, type HeadlessClient, HelloError } from "../../src/client/client.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";

const TENANT: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };

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

function server(
  admission: Partial<Admission>,
  options: Partial<typeof DEFAULT_SESSION_OPTIONS> = {},
  onPacket: (session: Session, body: Uint8Array) => void | Promise<void> = () => {},
) {
  const opened: Session[] = [];
  const waiters: ((s: Session) => void)[] = [];
  const listener = listen({
    hostname: "127.0.0.1",
    port: 0,
    tenant: TENANT,
    worldId: 0,
    channelId: 1,
    onPacket,
    onSession(session) {
      opened.push(session);
      waiters.shift()?.(session);
    },
    admission,
    options: { idleSweepIntervalMs: 10, ...options },
  });
  const clients: HeadlessClient[] = [];
  return {
    listener,
    opened,
    /** Connects a client and resolves with its server-side session once admitted. */
    async connect(): Promise<{ client: HeadlessClient; session: Session }> {
      const admitted = new Promise<Session>((resolve) => waiters.push(resolve));
      const client = await connectClient({ hostname: "127.0.0.1", port: listener.addr.port });
      clients.push(client);
      return { client, session: await within(admitted, 5000, "the session") };
    },
    async stop() {
      for (const c of clients) c.close();
      await listener.close();
    },
  };
}

Deno.test("admission: the oldest pending connections of an address make room for newcomers", async () => {
  const s = server({ maxPendingPerAddress: 3, maxPending: 100 });
  try {
    const first = await s.connect();
    const second = await s.connect();
    const rest = [await s.connect(), await s.connect(), await s.connect()];
    assertEquals(await within(first.session.closed, 5000, "first evicted"), "pending-per-address");
    assertEquals(await within(second.session.closed, 5000, "second evicted"), "pending-per-address");
    assertEquals(rest.map((c) => c.session.isClosed), [false, false, false]);
    assertEquals(s.listener.sessions.size, 3);
  } finally {
    await s.stop();
  }
});

Deno.test("admission: players are never evicted; the channel-wide pending bound evicts the oldest pending", async () => {
  const s = server({ maxPendingPerAddress: 100, maxPending: 2 });
  try {
    const player = await s.connect();
    (player.session as { accountId?: number }).accountId = 42; // login completed
    const a = await s.connect();
    const b = await s.connect();
    const c = await s.connect();
    assertEquals(await within(a.session.closed, 5000, "a evicted"), "pending-limit");
    assertEquals([player.session.isClosed, b.session.isClosed, c.session.isClosed], [false, false, false]);
  } finally {
    await s.stop();
  }
});

Deno.test("admission: a channel full of players refuses a newcomer and keeps its players", async () => {
  const s = server({ maxSessions: 1 });
  try {
    const player = await s.connect();
    (player.session as { accountId?: number }).accountId = 42;
    // Refused before its hello is written: the client sees the connection end.
    await assertRejects(
      () => within(connectClient({ hostname: "127.0.0.1", port: s.listener.addr.port }), 5000, "refusal"),
      HelloError,
    );
    assertEquals([player.session.isClosed, s.listener.sessions.size, s.opened.length], [false, 1, 1]);
  } finally {
    await s.stop();
  }
});

Deno.test("admission: no login within the deadline closes; a session that logged in stays", async () => {
  const s = server({}, { loginDeadlineMs: 150 });
  try {
    const player = await s.connect();
    const idle = await s.connect();
    (player.session as { accountId?: number }).accountId = 42;
    // The idle one opened after the player, so once it is closed the player's deadline has passed too.
    assertEquals(await within(idle.session.closed, 5000, "the login deadline"), "login-deadline");
    assertEquals(player.session.isClosed, false);
  } finally {
    await s.stop();
  }
});

Deno.test("admission: an unfinished frame held past its deadline closes the session", async () => {
  const s = server({}, { partialFrameDeadlineMs: 150, loginDeadlineMs: 0 });
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: s.listener.addr.port });
    const hello = new Uint8Array(64);
    await conn.read(hello);
    await within(
      new Promise<void>((r) => {
        const check = () => s.opened.length > 0 ? r() : setTimeout(check, 5);
        check();
      }),
      5000,
      "the session",
    );
    await conn.write(Uint8Array.of(0x12, 0x34)); // half a header, and nothing more
    assertEquals(await within(s.opened[0].closed, 5000, "the partial-frame deadline"), "partial-frame");
    conn.close();
  } finally {
    await s.stop();
  }
});

Deno.test("admission: time the server spends handling earlier packets never counts against an unfinished frame", async () => {
  const handled: number[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const s = server({}, { partialFrameDeadlineMs: 150, loginDeadlineMs: 0 }, async (_session, body) => {
    handled.push(body[0]);
    if (body[0] === 1) await released; // e.g. a chat line waiting for the broker
  });
  try {
    const { client, session } = await s.connect();
    const first = client.seal(Uint8Array.of(1, 0));
    const second = client.seal(Uint8Array.of(2, 0));
    // The first packet and half of the second's header in one write: the rest waits on the server.
    await client.sendRaw(Uint8Array.of(...first, ...second.subarray(0, 2)));
    await within(
      new Promise<void>((r) => {
        const check = () => handled.length > 0 ? r() : setTimeout(check, 5);
        check();
      }),
      5000,
      "the first packet",
    );
    await new Promise((r) => setTimeout(r, 600)); // four deadlines while the handler holds the session
    assertEquals(session.isClosed, false, "closed while the server, not the client, was busy");
    release();
    await client.sendRaw(second.subarray(2));
    await within(
      new Promise<void>((r) => {
        const check = () => handled.length > 1 ? r() : setTimeout(check, 5);
        check();
      }),
      5000,
      "the second packet",
    );
    assertEquals(handled, [1, 2]);
    assertEquals(session.isClosed, false);
  } finally {
    await s.stop();
  }
});
