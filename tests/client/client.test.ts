import {
  ClientClosedError,
  connectClient,
  HelloError,
  ReceiveTimeoutError,
} from "../../src/client/client.ts";
import { serverCrypto } from "../../src/protocol/crypto.ts";
import { encodeHello } from "../../src/protocol/hello.ts";
import { frameDecoder } from "../../src/net/frame.ts";
import { assertEquals, assertRejects, assertTrue } from "../support/assert.ts";

const SEND_IV = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
const RECV_IV = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);
const PARAMS = { region: "GMS", majorVersion: 83 };
const HELLO = encodeHello({ ...PARAMS, minorVersion: 1, recvIv: RECV_IV, sendIv: SEND_IV });

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A hand-driven server: accepts one connection and lets the test write exact bytes. */
function rawServer(script: (conn: Deno.Conn) => Promise<void>) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    const conn = await listener.accept();
    listener.close();
    conn.setNoDelay(true);
    await script(conn);
  })();
  return { port: listener.addr.port, done };
}

Deno.test("client: hello split across writes, then packets byte by byte", async () => {
  const crypto = serverCrypto(PARAMS, SEND_IV, RECV_IV);
  let release!: () => void;
  const finished = new Promise<void>((r) => release = r);
  const { port, done } = rawServer(async (conn) => {
    await conn.write(HELLO.subarray(0, 3));
    await delay(20);
    await conn.write(HELLO.subarray(3, 9));
    await delay(20);
    await conn.write(HELLO.subarray(9));
    const frame = crypto.send.seal(Uint8Array.of(0x7d, 0, 42));
    for (const byte of frame) await conn.write(Uint8Array.of(byte));
    await finished;
    conn.close();
  });
  const client = await connectClient({ port });
  assertEquals(client.hello.recvIv, RECV_IV);
  assertEquals(client.hello.sendIv, SEND_IV);
  assertEquals(client.hello.region, "GMS");
  assertEquals(await client.receive(2000), Uint8Array.of(0x7d, 0, 42));
  release();
  assertEquals((await client.closed).reason, "eof");
  await assertRejects(() => client.receive(), ClientClosedError);
  await done;
});

Deno.test("client: hello coalesced with the first packets; send encrypts for the server", async () => {
  const crypto = serverCrypto(PARAMS, SEND_IV, RECV_IV);
  const fromClient: Uint8Array[] = [];
  const { port, done } = rawServer(async (conn) => {
    const a = crypto.send.seal(Uint8Array.of(1, 0));
    const b = crypto.send.seal(Uint8Array.of(2, 0, 9));
    const all = new Uint8Array(HELLO.length + a.length + b.length);
    all.set(HELLO);
    all.set(a, HELLO.length);
    all.set(b, HELLO.length + a.length);
    await conn.write(all);
    const decoder = frameDecoder(crypto.recv);
    const buffer = new Uint8Array(256);
    while (fromClient.length < 2) {
      const n = await conn.read(buffer);
      if (n === null) break;
      const batch = decoder.push(buffer.subarray(0, n));
      assertEquals(batch.error, undefined);
      fromClient.push(...batch.bodies);
    }
    conn.close();
  });
  const client = await connectClient({ port });
  const received: Uint8Array[] = [];
  await client.send(Uint8Array.of(0x14, 0, 1, 0, 0, 0));
  await client.send(new Uint8Array(0));
  for await (const body of client) received.push(body);
  assertEquals(received, [Uint8Array.of(1, 0), Uint8Array.of(2, 0, 9)]);
  await done;
  assertEquals(fromClient, [Uint8Array.of(0x14, 0, 1, 0, 0, 0), new Uint8Array(0)]);
});

Deno.test("client: receive times out; sendRaw writes raw bytes; close is idempotent", async () => {
  const raw: number[] = [];
  const { port, done } = rawServer(async (conn) => {
    await conn.write(HELLO);
    const buffer = new Uint8Array(16);
    while (raw.length < 3) {
      const n = await conn.read(buffer);
      if (n === null) break;
      raw.push(...buffer.subarray(0, n));
    }
    // Wait for the client to go away.
    while ((await conn.read(buffer).catch(() => null)) !== null) { /* drain */ }
    conn.close();
  });
  const client = await connectClient({ port });
  const started = performance.now();
  await assertRejects(() => client.receive(50), ReceiveTimeoutError);
  assertTrue(performance.now() - started >= 45);
  await client.sendRaw(Uint8Array.of(0xde, 0xad, 0xbe));
  while (raw.length < 3) await delay(5);
  assertEquals(raw, [0xde, 0xad, 0xbe]);
  client.close();
  client.close();
  assertEquals((await client.closed).reason, "closed");
  await assertRejects(() => client.send(Uint8Array.of(1)), ClientClosedError);
  await done;
});

Deno.test("client: a server that closes during the hello is a HelloError", async () => {
  const { port, done } = rawServer(async (conn) => {
    await conn.write(HELLO.subarray(0, 8));
    conn.close();
  });
  await assertRejects(() => connectClient({ port }), HelloError);
  await done;
});

Deno.test("client: a frame error from the server ends the connection with reason error", async () => {
  const { port, done } = rawServer(async (conn) => {
    await conn.write(HELLO);
    await conn.write(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0));
    await delay(50);
    conn.close();
  });
  const client = await connectClient({ port });
  const info = await client.closed;
  assertEquals(info.reason, "error");
  await assertRejects(() => client.receive(), ClientClosedError);
  await done;
});
