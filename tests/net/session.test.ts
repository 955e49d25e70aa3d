import {
  createSession,
  DEFAULT_SESSION_OPTIONS,
  overdueSweeper,
  type Session,
  sessionKey,
  type SessionOptions,
  sweepInterval,
} from "../../src/net/session.ts";
import { clientCrypto, serverCrypto } from "../../src/protocol/crypto.ts";
import { frameDecoder } from "../../src/net/frame.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";
import type { Clock } from "../../src/net/clock.ts";
import { manualClock } from "../support/clock.ts";

const TENANT: Tenant = { id: crypto.randomUUID(), region: "JMS", majorVersion: 185, minorVersion: 1 };
const PARAMS = { region: "JMS", majorVersion: 185 };
const SEND_IV = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
const RECV_IV = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);
const HELLO = Uint8Array.of(0x0e, 0x00, 0xb9, 0x00, 0x01, 0x00, 0x31, ...RECV_IV, ...SEND_IV, 0x03);

/** A TCP pair: a server-side Session built from fixed IVs and the raw client socket facing it. */
async function sessionPair(
  onPacket: (s: Session, body: Uint8Array) => void | Promise<void> = () => {},
  clock?: Clock,
  options?: SessionOptions,
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const [client, serverConn] = await Promise.all([
    Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    listener.accept(),
  ]);
  listener.close();
  const session = createSession({
    conn: serverConn,
    tenant: TENANT,
    worldId: 0,
    channelId: 5,
    handshake: { hello: HELLO, ...serverCrypto(PARAMS, SEND_IV, RECV_IV) },
    onPacket,
    clock,
    options,
  });
  return { session, client, crypto: clientCrypto(PARAMS, SEND_IV, RECV_IV) };
}

async function readExactly(conn: Deno.Conn, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const n = await conn.read(out.subarray(at));
    if (n === null) throw new Error("eof");
    at += n;
  }
  return out;
}

Deno.test("session: the hello is written first and unencrypted, then packets encrypted in send order", async () => {
  const { session, client, crypto } = await sessionPair();
  session.send(Uint8Array.of(0x7b, 0x00, 1));
  session.send(Uint8Array.of(0x7b, 0x00, 2));
  assertEquals(await readExactly(client, HELLO.length), HELLO);
  const decoder = frameDecoder(crypto.recv);
  const bodies: Uint8Array[] = [];
  while (bodies.length < 2) {
    const batch = decoder.push(await readExactly(client, 1));
    assertEquals(batch.error, undefined);
    bodies.push(...batch.bodies);
  }
  assertEquals(bodies, [Uint8Array.of(0x7b, 0, 1), Uint8Array.of(0x7b, 0, 2)]);
  client.close();
  await session.close("test");
});

Deno.test("session: close is idempotent, send after close is refused, closed resolves after hooks", async () => {
  const { session, client } = await sessionPair();
  const order: string[] = [];
  session.onClose(async () => {
    await new Promise((r) => setTimeout(r, 20));
    order.push("hook");
  });
  const closed = session.closed.then((reason) => order.push(`closed:${reason}`));
  const first = session.close("kicked");
  const second = session.close("other");
  assertEquals(session.closeReason, "kicked");
  assertTrue(session.isClosed);
  await Promise.all([first, second, closed]);
  assertEquals(order, ["hook", "closed:kicked"]);
  assertEquals(session.send(Uint8Array.of(1)), false);
  assertEquals(await session.closed, "kicked");
  client.close();
});

Deno.test("session: EOF before start() still runs hooks once started; attributes are typed and per key", async () => {
  const { session, client } = await sessionPair();
  const mapId = sessionKey<number>("mapId");
  const other = sessionKey<number>("mapId");
  session.set(mapId, 100000000);
  assertEquals(session.get(mapId), 100000000);
  assertEquals(session.get(other), undefined);
  session.set(mapId, undefined);
  assertEquals(session.get(mapId), undefined);
  session.accountId = 7;
  session.characterId = 8;
  let runs = 0;
  session.onClose(() => {
    runs++;
  });
  client.close();
  session.start();
  session.start();
  assertEquals(await session.closed, "eof");
  assertEquals(runs, 1);
});

Deno.test("session: handlers run one at a time and in order; idleMs is 0 while one runs", async () => {
  const clock = manualClock();
  const seen: number[] = [];
  const firstEntered = Promise.withResolvers<void>();
  const firstReleased = Promise.withResolvers<void>();
  const secondDone = Promise.withResolvers<void>();
  const { session, client, crypto } = await sessionPair(async (_s, body) => {
    if (body[0] === 1) {
      firstEntered.resolve();
      await firstReleased.promise;
    }
    seen.push(body[0]);
    if (body[0] === 2) secondDone.resolve();
  }, clock);
  session.start();
  await readExactly(client, HELLO.length);
  // Both frames in one write: a session that dispatched concurrently would run the second handler in
  // the same turn as the first, before the test gets to look.
  await client.write(
    Uint8Array.of(...crypto.send.seal(Uint8Array.of(1)), ...crypto.send.seal(Uint8Array.of(2))),
  );
  await firstEntered.promise;
  assertEquals(seen, []);
  clock.advance(10_000);
  assertEquals(session.idleMs(), 0, "a running handler is not idle time");
  firstReleased.resolve();
  await secondDone.promise;
  assertEquals(seen, [1, 2]);
  // The session marks the end of the handler in the microtasks after it returned; one macrotask turn
  // runs them all (an ordering guarantee of the event loop, not a wait).
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(30);
  assertEquals(session.idleMs(), 30);
  client.close();
  await session.closed;
});

Deno.test("overdueSweeper: closes idle sessions only, stops on request, no deadline disables", async () => {
  const clock = manualClock();
  const idle = {
    ...DEFAULT_SESSION_OPTIONS,
    idleTimeoutMs: 40,
    loginDeadlineMs: 0,
    partialFrameDeadlineMs: 0,
  };
  const bReceived = Promise.withResolvers<void>();
  const a = await sessionPair(() => {}, clock, idle);
  const b = await sessionPair(() => bReceived.resolve(), clock, idle);
  a.session.start();
  b.session.start();
  assertEquals(sweepInterval({ idleTimeoutMs: 0, loginDeadlineMs: 0, partialFrameDeadlineMs: 0 }), undefined);
  assertEquals(overdueSweeper(() => [], undefined, clock)(), undefined);
  const stop = overdueSweeper(() => [a.session, b.session], 10, clock);
  clock.advance(30);
  assertTrue(!a.session.isClosed && !b.session.isClosed, "nobody is idle for more than 40 ms yet");
  await readExactly(b.client, HELLO.length);
  await b.client.write(b.crypto.send.seal(Uint8Array.of(1)));
  await bReceived.promise; // b's last inbound packet is at t=30
  clock.advance(20); // t=50: a idle 50 ms, b 20 ms
  assertTrue(a.session.isClosed, "a was idle for 50 ms");
  assertEquals(await a.session.closed, "idle-timeout");
  assertEquals(b.session.isClosed, false);
  stop();
  clock.advance(1000);
  assertEquals(b.session.isClosed, false, "a stopped sweeper closes nothing");
  a.client.close();
  b.client.close();
  await b.session.closed;
});
