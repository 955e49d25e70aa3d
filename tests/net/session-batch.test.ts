/**
 * The session's output queue seals when it builds a write (issue 18: one buffer per write, no copy per
 * packet): packets sent and broadcast in one event-loop turn leave in one write, in call order, each
 * decrypting with the client's IV sequence; stand-in encryptors without `sealInto` still work.
 */
import { createSession, type Session } from "../../src/net/session.ts";
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
  return {
    remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 40000 },
    localAddr: { transport: "tcp", hostname: "127.0.0.1", port: 8585 },
    write(p: Uint8Array) {
      writes.push(p.slice());
      return Promise.resolve(p.length);
    },
    read: () => new Promise<number | null>(() => {}),
    close() {},
  } as unknown as Deno.Conn;
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
