/**
 * The receive helpers fail where a swallowing drain would pass: on a connection the server closed, on a
 * sentinel that never comes, and on an unwanted packet before the sentinel. A hand-driven server writes
 * exact frames to the real headless client.
 */
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";
import { serverCrypto } from "../../src/protocol/crypto.ts";
import { encodeHello } from "../../src/protocol/hello.ts";
import { assertEquals, assertRejects } from "./assert.ts";
import { assertNone, expectNoneBefore, isOpcode, receiveOpcode, receiveUntil } from "./receive.ts";

const SEND_IV = Uint8Array.of(0x12, 0x34, 0x56, 0x78);
const RECV_IV = Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4);
const PARAMS = { region: "GMS", majorVersion: 83 };

/**
 * A server that sends the hello, then `bodies` (opcode + payload), then closes the connection when
 * `close` is true or keeps it open until the test ends.
 */
async function serve(bodies: number[][], close: boolean): Promise<{ client: HeadlessClient; end(): void }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const served = (async () => {
    const conn = await listener.accept();
    listener.close();
    const crypto = serverCrypto(PARAMS, SEND_IV, RECV_IV);
    await conn.write(encodeHello({ ...PARAMS, minorVersion: 1, recvIv: RECV_IV, sendIv: SEND_IV }));
    for (const body of bodies) await conn.write(crypto.send.seal(Uint8Array.from(body)));
    if (!close) await released;
    conn.close();
  })();
  const client = await connectClient({ port: listener.addr.port });
  return {
    client,
    end() {
      release();
      client.close();
      return served;
    },
  };
}

Deno.test("receive: receiveUntil returns what came before the match, the match last", async () => {
  const server = await serve([[1, 0, 7], [2, 0, 8], [3, 0, 9]], false);
  try {
    const seen = await receiveUntil(server.client, isOpcode(2));
    assertEquals(seen, [{ opcode: 1, body: Uint8Array.of(7) }, { opcode: 2, body: Uint8Array.of(8) }]);
    assertEquals(await receiveOpcode(server.client, 3), Uint8Array.of(9));
  } finally {
    await server.end();
  }
});

Deno.test("receive: a connection the server closed fails the wait (never 'nothing received')", async () => {
  const server = await serve([[1, 0, 7]], true);
  try {
    assertEquals(
      (await assertRejects(() => expectNoneBefore(server.client, isOpcode(5), isOpcode(2), "nothing of 5")))
        .message,
      "the connection closed while waiting for the sentinel (nothing of 5) (received before: 0x1)",
    );
  } finally {
    await server.end();
  }
});

Deno.test("receive: a sentinel that never comes fails with the deadline", async () => {
  const server = await serve([[1, 0, 7]], false);
  try {
    assertEquals(
      (await assertRejects(() =>
        expectNoneBefore(server.client, isOpcode(5), isOpcode(2), "nothing of 5", 200)
      )).message,
      "timed out after 200 ms waiting for the sentinel (nothing of 5) (received: 0x1)",
    );
  } finally {
    await server.end();
  }
});

Deno.test("receive: an unwanted packet before the sentinel fails; after it, it is not looked at", async () => {
  const server = await serve([[1, 0], [5, 0], [2, 0], [5, 0], [2, 0]], false);
  try {
    assertEquals(
      (await assertRejects(() => expectNoneBefore(server.client, isOpcode(5), isOpcode(2), "no 5"))).message,
      "no 5: received 1 unwanted packet(s) (0x5)",
    );
    const seen = await expectNoneBefore(server.client, isOpcode(1), isOpcode(2), "no 1");
    assertEquals(seen.map((p) => p.opcode), [5, 2]);
    assertNone(seen, isOpcode(1), "no 1");
  } finally {
    await server.end();
  }
});
