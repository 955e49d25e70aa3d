import { type ChannelListener, listen, ListenError, type ListenOptions } from "../../src/net/listener.ts";
import type { CloseReason, Session } from "../../src/net/session.ts";
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";
import { PacketReadError } from "../../src/protocol/reader.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals, assertStringIncludes, assertTrue, fail } from "../support/assert.ts";
import { manualClock } from "../support/clock.ts";

const TENANT: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until true or fails after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) fail(`timed out waiting for ${what}`);
    await delay(5);
  }
}

/** A listener on 127.0.0.1:0 that records every close (session id → reasons, one entry per hook run). */
function startServer(overrides: Partial<ListenOptions> = {}) {
  const closes = new Map<string, CloseReason[]>();
  const received = new Map<string, Uint8Array[]>();
  const opened: Session[] = [];
  const server: ChannelListener = listen({
    hostname: "127.0.0.1",
    port: 0,
    tenant: TENANT,
    worldId: 1,
    channelId: 2,
    onPacket: (session, body) => {
      received.get(session.id)?.push(body.slice());
    },
    ...overrides,
    onSession: async (session) => {
      opened.push(session);
      received.set(session.id, []);
      session.onClose((s, reason) => {
        closes.set(s.id, [...(closes.get(s.id) ?? []), reason]);
      });
      await overrides.onSession?.(session);
    },
  });
  return { server, closes, received, opened, port: server.addr.port };
}

async function connect(port: number): Promise<HeadlessClient> {
  return await connectClient({ hostname: "127.0.0.1", port });
}

Deno.test("listener: hello carries the tenant version; session knows tenant, world, channel", async () => {
  const { server, opened, port } = startServer();
  const client = await connect(port);
  assertEquals(client.hello.majorVersion, 83);
  assertEquals(client.hello.minorVersion, 1);
  await waitFor(() => opened.length === 1, "session");
  const session = opened[0];
  assertEquals([session.tenant, session.worldId, session.channelId], [TENANT, 1, 2]);
  assertTrue(/^[0-9a-f-]{36}$/.test(session.id));
  assertTrue(session.remoteAddress.startsWith("127.0.0.1:"));
  assertEquals(server.sessions.get(session.id), session);
  client.close();
  await session.closed;
  assertEquals(server.sessions.size, 0);
  await server.close();
});

Deno.test("listener: bodies written one byte at a time arrive whole and in order", async () => {
  const { server, received, opened, port } = startServer();
  const client = await connect(port);
  const bodies = [Uint8Array.of(0x14, 0, 1, 2, 3, 4), new Uint8Array(0), Uint8Array.of(0x24, 0, 0xff)];
  const stream = bodies.map((b) => client.seal(b));
  for (const frame of stream) {
    for (const byte of frame) {
      await client.sendRaw(Uint8Array.of(byte));
      await delay(1);
    }
  }
  await waitFor(() => opened.length === 1 && received.get(opened[0].id)!.length === 3, "3 packets");
  assertEquals(received.get(opened[0].id), bodies);
  client.close();
  await server.close();
});

Deno.test("listener: coalesced frames and a header split across writes", async () => {
  const { server, received, opened, port } = startServer();
  const client = await connect(port);
  const bodies = Array.from({ length: 5 }, (_, i) => Uint8Array.of(0x30 + i, 0, i, i, i));
  const frames = bodies.map((b) => client.seal(b));
  const coalesced = new Uint8Array(frames.slice(0, 4).reduce((n, f) => n + f.length, 0) + 2);
  let at = 0;
  for (const f of frames.slice(0, 4)) {
    coalesced.set(f, at);
    at += f.length;
  }
  coalesced.set(frames[4].subarray(0, 2), at);
  await client.sendRaw(coalesced);
  await waitFor(() => opened.length === 1 && received.get(opened[0].id)!.length === 4, "4 packets");
  await delay(20);
  await client.sendRaw(frames[4].subarray(2));
  await waitFor(() => received.get(opened[0].id)!.length === 5, "5th packet");
  assertEquals(received.get(opened[0].id), bodies);
  client.close();
  await server.close();
});

Deno.test("listener: replies are encrypted in send order and decrypted by the client", async () => {
  const { server, port } = startServer({
    onPacket: (session, body) => {
      // Echo twice: the second send must follow the first on the wire (IV order == wire order).
      session.send(body);
      session.send(Uint8Array.of(...body, 0xee));
    },
  });
  const client = await connect(port);
  for (let i = 0; i < 20; i++) await client.send(Uint8Array.of(i, 0, i * 3));
  for (let i = 0; i < 20; i++) {
    assertEquals(await client.receive(2000), Uint8Array.of(i, 0, i * 3));
    assertEquals(await client.receive(2000), Uint8Array.of(i, 0, i * 3, 0xee));
  }
  client.close();
  await server.close();
});

Deno.test("listener: oversize frame closes the session with frame-error", async () => {
  const { server, closes, opened, port } = startServer({ options: { maxBodyLength: 64 } });
  const client = await connect(port);
  await client.send(new Uint8Array(64)); // exactly the limit is fine
  await client.send(new Uint8Array(65));
  assertEquals((await client.closed).reason, "eof");
  await waitFor(() => opened.length === 1 && closes.has(opened[0].id), "close hook");
  assertEquals(closes.get(opened[0].id), ["frame-error"]);
  await server.close();
});

Deno.test("listener: invalid header closes the session with frame-error", async () => {
  const { server, closes, opened, received, port } = startServer();
  const client = await connect(port);
  await client.send(Uint8Array.of(1, 0));
  const frame = client.seal(Uint8Array.of(2, 0));
  frame[1] ^= 0x40;
  await client.sendRaw(frame);
  assertEquals((await client.closed).reason, "eof");
  await waitFor(() => opened.length === 1 && closes.has(opened[0].id), "close hook");
  assertEquals(closes.get(opened[0].id), ["frame-error"]);
  assertEquals(received.get(opened[0].id), [Uint8Array.of(1, 0)]);
  await server.close();
});

Deno.test("listener: a silent client is closed by the idle timeout; an active one is not", async () => {
  const clock = manualClock();
  const { server, closes, opened, received, port } = startServer({
    options: { idleTimeoutMs: 300, idleSweepIntervalMs: 20 },
    clock,
  });
  const silent = await connect(port);
  const active = await connect(port);
  await waitFor(() => opened.length === 2, "2 sessions");
  const [silentS, activeS] = opened;
  clock.advance(250);
  assertTrue(!silentS.isClosed && !activeS.isClosed, "nobody idle for more than 300 ms yet");
  await active.send(Uint8Array.of(9, 0));
  await waitFor(() => received.get(activeS.id)!.length === 1, "the active client's packet");
  clock.advance(100); // t=350: silent idle 350 ms, active 100 ms
  assertEquals(silentS.closeReason, "idle-timeout");
  assertTrue(!activeS.isClosed, "the active client was closed");
  assertEquals((await silent.closed).reason, "eof");
  clock.advance(250); // t=600: the active one is idle 350 ms now
  assertEquals(activeS.closeReason, "idle-timeout");
  assertEquals((await active.closed).reason, "eof");
  await waitFor(() => closes.size === 2, "both close hooks");
  assertEquals([...closes.values()], [["idle-timeout"], ["idle-timeout"]]);
  await server.close();
});

Deno.test("listener: a handler's slow work does not count as idle time", async () => {
  const clock = manualClock();
  const entered = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const { server, closes, opened, port } = startServer({
    options: { idleTimeoutMs: 100, idleSweepIntervalMs: 10 },
    clock,
    onPacket: async (session, body) => {
      entered.resolve();
      await release.promise;
      session.send(body);
    },
  });
  const client = await connect(port);
  await client.send(Uint8Array.of(5, 0));
  await entered.promise;
  clock.advance(1000); // the handler "works" for a second of clock time
  assertTrue(!opened[0].isClosed, "closed while its handler ran");
  release.resolve();
  assertEquals(await client.receive(2000), Uint8Array.of(5, 0));
  client.close();
  await waitFor(() => closes.size === 1, "close");
  assertEquals([...closes.values()], [["eof"]]);
  await server.close();
});

Deno.test("listener: a client that never reads hits the outbound bound and is dropped", async () => {
  const maxOutboundBytes = 256 * 1024;
  let peak = 0;
  let sentBytes = 0;
  let refused = false;
  const { server, closes, opened, port } = startServer({
    options: { maxOutboundBytes },
    onSession: (session) => {
      const packet = new Uint8Array(60_000);
      (async () => {
        // Keep sending large packets, yielding so the writer can drain what the kernel accepts.
        // One large packet per tick: while the kernel still accepts data the queue stays near empty; once
        // the peer's receive window and our send buffer are full, the queue grows until the bound trips.
        while (sentBytes < 512 * 1024 * 1024) {
          if (!session.send(packet)) {
            refused = true;
            return;
          }
          sentBytes += packet.length;
          peak = Math.max(peak, session.outbound.bytes);
          await delay(0);
        }
      })();
    },
  });
  // A raw socket that reads nothing, not even the hello.
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await waitFor(() => opened.length === 1 && closes.has(opened[0].id), "slow-reader close", 30_000);
  assertEquals(closes.get(opened[0].id), ["slow-reader"]);
  assertTrue(refused, "send() did not report the refusal");
  assertTrue(peak <= maxOutboundBytes, `queue reached ${peak} bytes`);
  // The kernel absorbed data before the queue filled, so this was a real stall, not one burst.
  assertTrue(sentBytes > 2 * maxOutboundBytes, `only ${sentBytes} bytes were sent`);
  assertEquals(opened[0].outbound, { bytes: 0, packets: 0 });
  conn.close();
  await server.close();
});

Deno.test("listener: a throwing handler is logged and the session continues; malformed floods disconnect", async () => {
  const { server, closes, opened, port } = startServer({
    options: { maxMalformedPackets: 3 },
    onPacket: (session, body) => {
      if (body[0] === 0xee) throw new Error("handler bug");
      if (body[0] === 0xad) throw new PacketReadError("u32", 2, 4, 0);
      session.send(body);
    },
  });
  const client = await connect(port);
  await client.send(Uint8Array.of(0xee, 0));
  await client.send(Uint8Array.of(1, 0));
  assertEquals(await client.receive(2000), Uint8Array.of(1, 0));
  for (let i = 0; i < 3; i++) await client.send(Uint8Array.of(0xad, 0));
  await client.send(Uint8Array.of(2, 0));
  assertEquals(await client.receive(2000), Uint8Array.of(2, 0));
  await client.send(Uint8Array.of(0xad, 0)); // the fourth malformed packet is one too many
  assertEquals((await client.closed).reason, "eof");
  await waitFor(() => opened.length === 1 && closes.has(opened[0].id), "close hook");
  assertEquals(closes.get(opened[0].id), ["malformed-packets"]);
  await server.close();
});

Deno.test("listener: close hooks run exactly once on every close path", async () => {
  const extraRuns = new Map<string, number>();
  const clock = manualClock();
  const { server, closes, opened, received, port } = startServer({
    options: { idleTimeoutMs: 300, idleSweepIntervalMs: 20 },
    clock,
    onSession: (session) => {
      session.onClose(() => {
        throw new Error("a failing hook must not stop the others");
      });
    },
  });
  const eofClient = await connect(port); // peer closes
  const frameClient = await connect(port); // protocol error
  const idleClient = await connect(port); // timeout
  const kickedClient = await connect(port); // closed by the feature layer, twice
  const shutdownClient = await connect(port); // server shutdown
  await waitFor(() => opened.length === 5, "5 sessions");
  // Sessions are opened in accept order, which is connect order here (each connect awaited the hello).
  const [eofS, frameS, idleS, kickedS, shutdownS] = opened;

  eofClient.close();
  const badFrame = frameClient.seal(Uint8Array.of(2, 0));
  badFrame[0] ^= 0x01;
  await frameClient.sendRaw(badFrame);
  await Promise.all([kickedS.close("kicked"), kickedS.close("again"), kickedS.close("and again")]);
  // A hook registered after the close still runs, once.
  kickedS.onClose((s) => extraRuns.set(s.id, (extraRuns.get(s.id) ?? 0) + 1));
  await kickedS.closed;
  await waitFor(() => closes.size === 3, "eof, frame-error and kicked closes", 5000);
  // The idle one times out; the shutdown session was active at t=250, so it is left for the shutdown.
  clock.advance(250);
  await shutdownClient.send(Uint8Array.of(1, 0));
  await waitFor(() => received.get(shutdownS.id)!.length === 1, "the shutdown client's packet");
  clock.advance(100);
  await waitFor(() => closes.size === 4, "the idle close", 5000);
  await server.close();
  await server.close(); // idempotent
  assertEquals(closes.get(eofS.id), ["eof"]);
  assertEquals(closes.get(frameS.id), ["frame-error"]);
  assertEquals(closes.get(idleS.id), ["idle-timeout"]);
  assertEquals(closes.get(kickedS.id), ["kicked"]);
  assertEquals(closes.get(shutdownS.id), ["shutdown"]);
  assertEquals(extraRuns.get(kickedS.id), 1);
  assertEquals(kickedS.closeReason, "kicked");
  assertEquals(await shutdownS.closed, "shutdown");
  assertEquals(server.sessions.size, 0);
  for (const c of [frameClient, idleClient, kickedClient, shutdownClient]) {
    assertEquals((await c.closed).reason, "eof");
  }
  for (const s of opened) assertEquals(closes.get(s.id)!.length, 1);
});

Deno.test("listener: a connection reset by the peer closes the session once", async () => {
  const { server, closes, opened, port } = startServer();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await waitFor(() => opened.length === 1, "session");
  // Closing with unread data in the receive buffer (the hello) makes the kernel send RST, not FIN.
  await delay(20);
  conn.close();
  await waitFor(() => closes.size === 1, "close");
  const reasons = closes.get(opened[0].id)!;
  assertEquals(reasons.length, 1);
  assertTrue(reasons[0] === "read-error" || reasons[0] === "eof", `reason ${reasons[0]}`);
  await server.close();
});

Deno.test("listener: a port in use is a clear error naming tenant, world, channel and port", async () => {
  const { server, port } = startServer();
  try {
    listen({ hostname: "127.0.0.1", port, tenant: TENANT, worldId: 3, channelId: 4, onPacket: () => {} });
    fail("second listen on the same port succeeded");
  } catch (err) {
    assertTrue(err instanceof ListenError);
    assertStringIncludes(err.message, TENANT.id);
    assertStringIncludes(err.message, "world 3 channel 4");
    assertStringIncludes(err.message, `:${port}`);
    assertStringIncludes(err.message, "in use");
  }
  await server.close();
});

Deno.test("listener: a failing onSession closes that session with setup-failed", async () => {
  const closes: CloseReason[] = [];
  const server = listen({
    hostname: "127.0.0.1",
    port: 0,
    tenant: TENANT,
    worldId: 0,
    channelId: 0,
    onPacket: () => fail("no packet expected"),
    onSession: (session) => {
      session.onClose((_s, reason) => {
        closes.push(reason);
      });
      throw new Error("kafka down");
    },
  });
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  // The server closes without reading; whether the hello made it out first does not matter.
  const buffer = new Uint8Array(64);
  let total = 0;
  while (true) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) break;
    total += n;
  }
  assertTrue(total <= 16, `received ${total} bytes`);
  conn.close();
  await waitFor(() => closes.length === 1, "close");
  assertEquals(closes, ["setup-failed"]);
  await server.close();
});

Deno.test("listener: 200 concurrent sessions × 500 packets keep per-session order", async () => {
  const SESSIONS = 200;
  const PACKETS = 500;
  const order = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  let concurrent = 0;
  let maxConcurrent = 0;
  let perSessionOverlap = false;
  let total = 0;
  const { server, port } = startServer({
    admission: { maxPending: SESSIONS, maxPendingPerAddress: SESSIONS },
    onPacket: async (session, body) => {
      const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
      const n = view.getUint32(2, true);
      if ((inFlight.get(session.id) ?? 0) > 0) perSessionOverlap = true;
      inFlight.set(session.id, 1);
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      // A small random await to tempt reordering.
      const r = Math.random();
      if (r < 0.05) await delay(Math.random() * 2);
      else if (r < 0.5) await Promise.resolve();
      concurrent--;
      inFlight.set(session.id, 0);
      let list = order.get(session.id);
      if (!list) order.set(session.id, list = []);
      list.push(n);
      total++;
    },
  });
  const clients = await Promise.all(Array.from({ length: SESSIONS }, () => connect(port)));
  await Promise.all(clients.map(async (client) => {
    const writes: Promise<void>[] = [];
    for (let n = 0; n < PACKETS; n++) {
      const body = new Uint8Array(6);
      body[0] = 0x29;
      new DataView(body.buffer).setUint32(2, n, true);
      writes.push(client.send(body));
    }
    await Promise.all(writes);
  }));
  await waitFor(() => total === SESSIONS * PACKETS, `${SESSIONS * PACKETS} packets (got ${total})`, 45_000);
  const expected = Array.from({ length: PACKETS }, (_, i) => i);
  assertEquals(order.size, SESSIONS);
  for (const list of order.values()) assertEquals(list, expected);
  assertTrue(!perSessionOverlap, "two packets of one session were handled at the same time");
  assertTrue(maxConcurrent > 1, "sessions did not run concurrently");
  for (const c of clients) c.close();
  await server.close();
});
