/**
 * A real server-side Session over a local TCP pair, for handler tests that need a session object the
 * features can send to and cache on (the client side is only kept open, never read).
 * @module
 */
import { createSession, type Session } from "../../src/net/session.ts";
import { serverCrypto } from "../../src/protocol/crypto.ts";
import { SAMPLE_TENANT } from "./jsonapi-server.ts";
import type { Tenant } from "../../src/tenant.ts";

/**
 * Runs `body` with a fresh session of `tenant` (default {@link SAMPLE_TENANT}) on world 0, channel 1 (GMS 83 crypto, fixed
 * IVs, incoming packets ignored), not yet logged in; closes the session and its client socket afterwards,
 * also when `body` throws.
 */
export async function withLocalSession(
  body: (session: Session) => Promise<void> | void,
  tenant: Tenant = SAMPLE_TENANT,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const [client, conn] = await Promise.all([
    Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
    listener.accept(),
  ]);
  listener.close();
  const iv = Uint8Array.of(1, 2, 3, 4);
  const session = createSession({
    conn,
    tenant,
    worldId: 0,
    channelId: 1,
    handshake: { hello: new Uint8Array(0), ...serverCrypto({ region: "GMS", majorVersion: 83 }, iv, iv) },
    onPacket: () => {},
  });
  try {
    await body(session);
  } finally {
    await session.close("test done");
    client.close();
  }
}

/**
 * A stand-in socket for session tests that look at what the session writes: it never has anything to
 * read, and each write is handed to `write`, whose promise completes it (with the bytes written).
 */
export function fakeConn(write: (bytes: Uint8Array) => Promise<number>, port = 40000): Deno.Conn {
  return {
    remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port },
    localAddr: { transport: "tcp", hostname: "127.0.0.1", port: 8585 },
    write,
    read: () => new Promise<number | null>(() => {}),
    close() {},
  } as unknown as Deno.Conn;
}
