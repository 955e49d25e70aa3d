/**
 * The session's output queue seals when it builds a write (issue 18: one buffer per write, no copy per
 * packet): packets sent and broadcast in one event-loop turn leave in one write, in call order, each
 * decrypting with the client's IV sequence; stand-in encryptors without `sealInto` still work; a close
 * whose last flush cannot be sealed closes the session once, for that failure.
 */
import { fakeConn } from "../support/session.ts";
import { createSession, DEFAULT_SESSION_OPTIONS, type Session } from "../../src/net/session.ts";
import { clientCrypto, type Encryptor, serverCrypto, sharedBody } from "../../src/protocol/crypto.ts";
import { frameDecoder } from "../../src/net/frame.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals, assertTrue } from "../support/assert.ts";

const TENANT: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const PARAMS = { region: "GMS", majorVersion: 83 };
const SEND_IV = Uint8Array.of(0x46, 0x72, 0x7a, 0x0b);
const RECV_IV = Uint8Array.of(0x11, 0x22, 0x33, 0x44);
const HELLO = Uint8Array.of(0x0e, 0x00, 0x53, 0x00, 0x01, 0x00, 0x31, ...RECV_IV, ...SEND_IV, 0x08);

/** A socket that records each write and completes it at once. */
function recordingConn(writes: Uint8Array[]): Deno.Conn {
  return fakeConn((p) => {
    writes.push(p.slice());
    return Promise.resolve(p.length);
  });
}

function session(writes: Uint8Array[], send: Encryptor): Session {
  return createSession({
    conn: recordingConn(writes),
    tenant: TENANT,
    worldId: 0,
    channelId: 0,
    handshake: { hello: HELLO, send, recv: serverCrypto(PARAMS, SEND_IV, RECV_IV).recv },
    onPacket: () => {},
  });
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

function decodeAll(bytes: Uint8Array): Uint8Array[] {
  const decoder = frameDecoder(clientCrypto(PARAMS, SEND_IV, RECV_IV).recv);
  const batch = decoder.push(bytes);
  assertEquals(batch.error, undefined);
  return batch.bodies.map((b) => b.slice());
}

const a = Uint8Array.of(0xb9, 0x00, 1, 2, 3);
const shared1 = Uint8Array.from({ length: 40 }, (_, i) => (0x50 + i) & 0xff);
const b = Uint8Array.from({ length: 1600 }, (_, i) => i & 0xff); // longer than one AES chunk
const shared2 = Uint8Array.of(0xba, 0x00);

for (
  const [label, encryptor] of [
    ["real encryptor (sealInto)", () => serverCrypto(PARAMS, SEND_IV, RECV_IV).send],
    [
      "stand-in without sealInto / sealShared",
      () => {
        const real = serverCrypto(PARAMS, SEND_IV, RECV_IV).send;
        return {
          seal: (p: Uint8Array) => real.seal(p),
          get iv() {
            return real.iv;
          },
        } as Encryptor;
      },
    ],
  ] as const
) {
  Deno.test(`session batch (${label}): one turn's packets leave in one write, in call order`, async () => {
    const writes: Uint8Array[] = [];
    const s = session(writes, encryptor());
    await turn();
    assertEquals(writes, [HELLO]);
    const s1 = sharedBody(shared1.slice());
    const s2 = sharedBody(shared2.slice());
    assertTrue(s.send(a));
    assertTrue(s.sendShared(s1));
    assertTrue(s.send(b));
    assertTrue(s.sendShared(s2));
    // Queued bytes are what goes on the wire: a 4-byte header per packet.
    assertEquals(s.outbound, {
      bytes: 4 * 4 + a.length + shared1.length + b.length + shared2.length,
      packets: 4,
    });
    assertEquals(writes.length, 1, "nothing is written before the turn ends");
    await turn();
    assertEquals(writes.length, 2);
    assertEquals(decodeAll(writes[1]), [a, shared1, b, shared2]);
    assertEquals(s1.plain, shared1, "a shared body is not modified");
    assertEquals(s.outbound, { bytes: 0, packets: 0 });
    await s.close("test");
  });
}

Deno.test("session batch: a later turn continues the IV sequence; an oversize body is refused at send", async () => {
  const writes: Uint8Array[] = [];
  const s = session(writes, serverCrypto(PARAMS, SEND_IV, RECV_IV).send);
  s.send(a);
  await turn();
  s.sendShared(sharedBody(shared2));
  await turn();
  assertEquals(writes.length, 2, "the hello and the first packet share the first write");
  let error: unknown;
  try {
    s.send(new Uint8Array(0x10000));
  } catch (err) {
    error = err;
  }
  assertTrue(error instanceof RangeError, String(error));
  s.send(a);
  await turn();
  const all = new Uint8Array(writes.reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of writes) all.set(w, (at += w.length) - w.length);
  assertEquals(decodeAll(all.subarray(HELLO.length)), [a, shared2, a]);
  await s.close("test");
});

/** A socket whose writes wait until `release` (a client that stopped reading), recording each. */
function stalledConn(writes: Uint8Array[]): { conn: Deno.Conn; release: () => void } {
  let open = Promise.withResolvers<void>();
  const conn = fakeConn(async (p) => {
    writes.push(p.slice());
    await open.promise;
    return p.length;
  }, 40001);
  return {
    conn,
    release() {
      const current = open;
      open = { promise: Promise.resolve(), resolve: () => {}, reject: () => {} } as PromiseWithResolvers<
        void
      >;
      current.resolve();
    },
  };
}

function behindSession(writes: Uint8Array[], coalesceFromPackets: number) {
  const { conn, release } = stalledConn(writes);
  const s = createSession({
    conn,
    tenant: TENANT,
    worldId: 0,
    channelId: 0,
    handshake: { hello: HELLO, ...serverCrypto(PARAMS, SEND_IV, RECV_IV) },
    onPacket: () => {},
    options: { ...DEFAULT_SESSION_OPTIONS, coalesceFromPackets },
  });
  return { s, release };
}

const move = (character: number, step: number) =>
  sharedBody(Uint8Array.of(0xb9, 0x00, character, step), `CharacterMovement:${character}`);

Deno.test("session batch: a recipient that is behind keeps only the newest movement of each character, in the first one's place", async () => {
  const writes: Uint8Array[] = [];
  const { s, release } = behindSession(writes, 2);
  await turn(); // the hello's write is now stuck: the client stopped reading
  assertEquals(writes, [HELLO]);
  s.send(a); // queue: 1
  assertTrue(s.sendShared(move(7, 1))); // queue: 2, not yet behind when it arrived: queued as is
  assertTrue(s.sendShared(move(8, 1))); // behind from here on
  s.send(Uint8Array.of(0x10, 0x00));
  assertTrue(s.sendShared(move(8, 2))); // replaces 8/1
  assertTrue(s.sendShared(move(7, 2))); // 7/1 was queued before the session was behind: queued anew
  assertTrue(s.sendShared(move(8, 3))); // replaces 8/2
  assertTrue(s.sendShared(sharedBody(Uint8Array.of(0x20, 0x00, 1)))); // no key: always queued
  assertEquals(s.outbound.packets, 6);
  // The hello's bytes count until its write completes.
  assertEquals(s.outbound.bytes, HELLO.length + 6 * 4 + a.length + 4 + 4 + 2 + 4 + 3);
  release();
  await turn();
  await turn();
  const all = new Uint8Array(writes.slice(1).reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of writes.slice(1)) all.set(w, (at += w.length) - w.length);
  assertEquals(decodeAll(all), [
    a,
    move(7, 1).plain,
    move(8, 3).plain,
    Uint8Array.of(0x10, 0x00),
    move(7, 2).plain,
    Uint8Array.of(0x20, 0x00, 1),
  ]);
  assertEquals(s.outbound, { bytes: 0, packets: 0 });
  // Caught up: the next movements are all sent again.
  s.sendShared(move(8, 4));
  s.sendShared(move(8, 5));
  await turn();
  assertEquals(
    decodeAll(
      writes.slice(1).reduce((acc, w) => {
        const next = new Uint8Array(acc.length + w.length);
        next.set(acc);
        next.set(w, acc.length);
        return next;
      }, new Uint8Array(0)),
    ).slice(-2),
    [move(8, 4).plain, move(8, 5).plain],
  );
  await s.close("test");
});

Deno.test("session batch: a recipient that keeps up is sent every movement", async () => {
  const writes: Uint8Array[] = [];
  const { s, release } = behindSession(writes, DEFAULT_SESSION_OPTIONS.coalesceFromPackets);
  release();
  await turn();
  for (let step = 1; step <= 5; step++) s.sendShared(move(9, step));
  await turn();
  const all = new Uint8Array(writes.slice(1).reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of writes.slice(1)) all.set(w, (at += w.length) - w.length);
  assertEquals(decodeAll(all), [1, 2, 3, 4, 5].map((step) => move(9, step).plain));
  await s.close("test");
});

Deno.test("session batch: one turn queueing more than the behind threshold still sends every movement while the socket drains", async () => {
  const writes: Uint8Array[] = [];
  const { s, release } = behindSession(writes, 2);
  release();
  await turn();
  for (let step = 1; step <= 6; step++) assertTrue(s.sendShared(move(9, step)));
  await turn();
  const all = new Uint8Array(writes.slice(1).reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of writes.slice(1)) all.set(w, (at += w.length) - w.length);
  assertEquals(decodeAll(all), [1, 2, 3, 4, 5, 6].map((step) => move(9, step).plain));
  await s.close("test");
});

Deno.test("session batch: a write buffer is never reused while its write is in flight (slabs roll over)", async () => {
  // Ten clients whose writes complete only when the test says so; each holds one write in flight at a time.
  const pending: { session: number; given: Uint8Array; copy: Uint8Array; done: () => void }[] = [];
  const written: Uint8Array[][] = [];
  const sessions = Array.from({ length: 10 }, (_, i) => {
    written.push([]);
    const conn = fakeConn((p) => {
      const { promise, resolve } = Promise.withResolvers<number>();
      pending.push({ session: i, given: p, copy: p.slice(), done: () => resolve(p.length) });
      return promise;
    }, 41000 + i);
    return createSession({
      conn,
      tenant: TENANT,
      worldId: 0,
      channelId: 0,
      handshake: { hello: new Uint8Array(0), ...serverCrypto(PARAMS, SEND_IV, RECV_IV) },
      onPacket: () => {},
    });
  });
  const sent: Uint8Array[][] = sessions.map(() => []);
  let seq = 0;
  /** Completes the `n` newest writes in flight (the older ones stay in flight, their slabs with them). */
  const complete = (n: number) => {
    for (const w of pending.splice(pending.length - n, n)) {
      // What the socket was handed must be what it still holds when the write completes.
      assertEquals(w.given, w.copy, `session ${w.session}'s write changed while in flight`);
      written[w.session].push(w.copy);
      w.done();
    }
  };
  // 60 rounds of a 6 KiB packet to each session: about 3.6 MB through 64 KiB slabs; each round the newest
  // half of the writes complete, so some writes stay in flight for many rounds while slabs roll over.
  for (let round = 0; round < 60; round++) {
    sessions.forEach((s, i) => {
      const body = Uint8Array.from({ length: 6000 }, (_, k) => (seq + i * 7 + k) & 0xff);
      body[0] = 0x01;
      body[1] = 0x00;
      seq++;
      sent[i].push(body);
      assertTrue(s.send(body));
    });
    await turn();
    complete(Math.ceil(pending.length / 2));
    await turn();
  }
  while (pending.length > 0) {
    complete(pending.length);
    await turn();
    await turn();
  }
  sessions.forEach((_, i) => {
    const all = new Uint8Array(written[i].reduce((n, w) => n + w.length, 0));
    let at = 0;
    for (const w of written[i]) all.set(w, (at += w.length) - w.length);
    assertEquals(decodeAll(all), sent[i], `session ${i}`);
  });
  await Promise.all(sessions.map((s) => s.close("test")));
});

Deno.test("session: a packet that cannot be sealed while the session closes closes it once, for that failure", async () => {
  const real = serverCrypto(PARAMS, SEND_IV, RECV_IV).send;
  const broken: Encryptor = {
    get iv() {
      return real.iv;
    },
    seal: () => {
      throw new RangeError("cannot seal");
    },
  };
  let connCloses = 0;
  const conn = fakeConn(() => new Promise<number>(() => {}));
  conn.close = () => {
    connCloses++;
  };
  const s = createSession({
    conn,
    tenant: TENANT,
    worldId: 0,
    channelId: 0,
    handshake: { hello: HELLO, send: broken, recv: serverCrypto(PARAMS, SEND_IV, RECV_IV).recv },
    onPacket: () => {},
  });
  const hooks: string[] = [];
  s.onClose((_session, reason) => {
    hooks.push(String(reason));
  });
  assertTrue(s.send(a));
  // The close seals what was queued before it; that fails, and the failure is what closed the session.
  await s.close("shutdown");
  assertEquals(s.closeReason, "write-error");
  assertEquals(hooks, ["write-error"]);
  assertEquals(connCloses, 1);
});
