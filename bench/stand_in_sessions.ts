/**
 * Sessions over stand-in sockets for the session-layer benchmarks (`broadcast_cpu.ts`,
 * `broadcast_memory.ts`): never started (nothing is read), each with its own IVs, writing through
 * `write`.
 * @module
 */
import { createSession, type Session } from "../src/net/session.ts";
import { serverCrypto } from "../src/protocol/crypto.ts";
import type { Tenant } from "../src/tenant.ts";

/** A GMS 83 tenant of its own for one benchmark run. */
export function benchTenant(): Tenant {
  return { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
}

/** `count` sessions of `tenant`; session `i` writes through `write(i, bytes)`. */
export function standInSessions(
  count: number,
  tenant: Tenant,
  write: (i: number, bytes: Uint8Array) => Promise<number>,
): Session[] {
  return Array.from({ length: count }, (_, i) => {
    const iv = (k: number) => Uint8Array.of(i & 0xff, (i >> 8) & 0xff, k, 7);
    const { send, recv } = serverCrypto(tenant, iv(1), iv(2));
    const conn = {
      remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 10000 + i },
      localAddr: { transport: "tcp", hostname: "127.0.0.1", port: 8585 },
      write: (bytes: Uint8Array) => write(i, bytes),
      read: () => new Promise<number | null>(() => {}),
      close() {},
    } as unknown as Deno.Conn;
    return createSession({
      conn,
      tenant,
      worldId: 0,
      channelId: 0,
      handshake: { hello: new Uint8Array(16), send, recv },
      onPacket: () => {},
    });
  });
}
