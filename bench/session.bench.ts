/**
 * Throughput of the network layer: frame decoding with the real cipher, and packets through a live
 * listener and headless client on 127.0.0.1. The idle-session memory figure is measured separately by
 * `bench/session_memory.ts`.
 * @module
 */
import { frameDecoder } from "../src/net/frame.ts";
import { listen } from "../src/net/listener.ts";
import { connectClient } from "../src/client/client.ts";
import { clientCrypto, serverCrypto } from "../src/protocol/crypto.ts";

const PARAMS = { region: "GMS", majorVersion: 83 };
const SEND_IV = Uint8Array.of(1, 2, 3, 4);
const RECV_IV = Uint8Array.of(5, 6, 7, 8);

/** 1,000 movement-sized (24-byte) frames as one stream, with the decryptor state that matches it. */
function stream(): { bytes: Uint8Array; fresh: () => ReturnType<typeof frameDecoder> } {
  const client = clientCrypto(PARAMS, SEND_IV, RECV_IV);
  const frames = Array.from({ length: 1000 }, (_, i) => client.send.seal(new Uint8Array(24).fill(i & 0xff)));
  const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    bytes.set(f, at);
    at += f.length;
  }
  return { bytes, fresh: () => frameDecoder(serverCrypto(PARAMS, SEND_IV, RECV_IV).recv) };
}

const decodeInput = stream();

Deno.bench("frame decoder: 1,000 × 24-byte frames in 1460-byte chunks (real cipher)", () => {
  const decoder = decodeInput.fresh();
  let bodies = 0;
  for (let at = 0; at < decodeInput.bytes.length; at += 1460) {
    bodies += decoder.push(decodeInput.bytes.subarray(at, at + 1460)).bodies.length;
  }
  if (bodies !== 1000) throw new Error(`decoded ${bodies}`);
});

const server = listen({
  hostname: "127.0.0.1",
  port: 0,
  tenant: { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 },
  worldId: 0,
  channelId: 0,
  onPacket: (session, body) => {
    session.send(body);
  },
});
const client = await connectClient({ port: server.addr.port });
const body = new Uint8Array(24);

Deno.bench("echo round trip: one packet to the server and back", async () => {
  await client.send(body);
  await client.receive(5000);
});

Deno.bench("echo pipeline: 1,000 packets in flight, then 1,000 replies", async () => {
  for (let i = 0; i < 1000; i++) client.send(body);
  for (let i = 0; i < 1000; i++) await client.receive(5000);
});

globalThis.addEventListener("unload", () => {
  client.close();
  server.close();
});
