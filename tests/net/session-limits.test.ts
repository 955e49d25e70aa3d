/**
 * A session's own limits (src/net/session.ts): a recipient falling behind skips broadcasts instead of
 * being closed for someone else's activity, while its own direct packets still close it as a slow
 * reader; misbehaviour is counted up to the limit.
 */
import { createSession, DEFAULT_SESSION_OPTIONS, type Session } from "../../src/net/session.ts";
import { serverCrypto, sharedBody } from "../../src/protocol/crypto.ts";
import type { Tenant } from "../../src/tenant.ts";
import { assertEquals } from "../support/assert.ts";

const TENANT: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };

async function localSession(
  options: Partial<typeof DEFAULT_SESSION_OPTIONS>,
): Promise<{ session: Session; client: Deno.Conn }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const [client, conn] = await Promise.all([
    Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    listener.accept(),
  ]);
  listener.close();
  const crypto = serverCrypto(
    { region: "GMS", majorVersion: 83 },
    Uint8Array.of(1, 2, 3, 4),
    Uint8Array.of(5, 6, 7, 8),
  );
  return {
    session: createSession({
      conn,
      tenant: TENANT,
      worldId: 0,
      channelId: 1,
      handshake: { hello: new Uint8Array(0), ...crypto },
      onPacket: () => {},
      options: { ...DEFAULT_SESSION_OPTIONS, ...options },
    }),
    client,
  };
}

Deno.test("session: a recipient with a half-full queue skips broadcasts and stays open", async () => {
  const { session, client } = await localSession({ maxOutboundPackets: 8 });
  try {
    // Queued in one turn (the flush waits for the next), so the queue fills deterministically.
    const shared = Array.from({ length: 10 }, () => session.sendShared(sharedBody(Uint8Array.of(1, 0, 9))));
    // The empty hello is queued first: 1 + 3 broadcasts reach half of 8; the rest are skipped.
    assertEquals(shared, [true, true, true, false, false, false, false, false, false, false]);
    assertEquals(session.isClosed, false);
    // Its own packets still count against the hard limit: past it, it is a slow reader.
    const direct = Array.from({ length: 5 }, () => session.send(Uint8Array.of(2, 0)));
    assertEquals(direct, [true, true, true, true, false]);
    assertEquals(await session.closed, "slow-reader");
  } finally {
    client.close();
    await session.close("test");
  }
});

Deno.test("session: misbehaviour is counted up to maxMalformedPackets, then the session closes", async () => {
  const { session, client } = await localSession({ maxMalformedPackets: 2 });
  try {
    assertEquals([session.misbehaved("unknown-opcode"), session.misbehaved("not-ready")], [true, true]);
    assertEquals(session.misbehaved("empty"), false);
    assertEquals(await session.closed, "malformed-packets");
  } finally {
    client.close();
  }
});
