/**
 * Sending packets by writer name: the tenant's opcode tables pick the opcode; a writer the tenant does
 * not bind is logged at debug level and nothing is sent, as in the reference.
 * @module
 */
import {
  optionCode,
  writePacket,
  WriterNotFoundError,
  type WriterOptions,
  type WriterTables,
} from "../net/dispatch.ts";
import type { Session } from "../net/session.ts";
import type { PacketWriter } from "../protocol/writer.ts";
import type { Tenant } from "../tenant.ts";
import { type SharedBody, sharedBody } from "../protocol/crypto.ts";
import { getLogger } from "../observability/log.ts";
import { type Counter, counter, increment } from "../observability/metrics.ts";

const log = getLogger("features.outbound");

const packetsOut = new Map<string, Counter>();
/** `net.packets.out{name}`: packets queued for clients, by writer name. */
function countOut(writerName: string, sessions: number): void {
  let c = packetsOut.get(writerName);
  if (!c) packetsOut.set(writerName, c = counter("net.packets.out", { name: writerName }));
  c.inc(sessions);
}

/**
 * Writes a packet body (after the opcode) given the writer's configured options and the client version
 * of the tenant it is encoded for (always passed by the send functions below).
 */
export type BuildPacket = (
  writer: PacketWriter,
  options: WriterOptions,
  version?: Pick<Tenant, "region" | "majorVersion">,
) => void;

/**
 * The tenant's configuration gives no usable code for an option a packet needs (e.g. an operation
 * code). The reference writes 99 there, which the client may crash on; we send nothing instead: the
 * send functions below catch this, log it and count it (`net.writer.option_missing`).
 */
export class MissingWriterOptionError extends Error {
  override name = "MissingWriterOptionError";
  constructor(readonly writer: string, readonly group: string, readonly key: string) {
    super(`writer ${writer} has no usable option ${group}.${key} in this tenant's configuration`);
  }
}

/**
 * Reads a one-byte code from a writer's options (`options[group][key]`), or throws
 * {@link MissingWriterOptionError}. Every writer that needs a configured code reads it with this.
 */
export function requireOptionCode(
  writer: string,
  options: WriterOptions,
  group: string,
  key: string,
): number {
  const code = optionCode(options, group, key);
  if (code === undefined || code > 0xff) throw new MissingWriterOptionError(writer, group, key);
  return code;
}

/** Finds a tenant's writer tables. */
export type TablesOf = (tenant: Tenant) => WriterTables | undefined;

/** Encodes the packet for `tenant`, or undefined when the writer is not bound (logged). */
export function encodeFor(
  tablesOf: TablesOf,
  tenant: Tenant,
  writerName: string,
  build: BuildPacket,
): Uint8Array | undefined {
  const tables = tablesOf(tenant);
  if (!tables) {
    log.warn("no opcode tables for tenant", { tenantId: tenant.id, writer: writerName });
    return undefined;
  }
  try {
    return writePacket(tables, writerName, (writer, options) => build(writer, options, tenant));
  } catch (err) {
    if (err instanceof WriterNotFoundError) {
      increment("net.writer.unbound", { writer: writerName });
      log.debug(err.message, { tenantId: tenant.id });
      return undefined;
    }
    if (err instanceof MissingWriterOptionError) {
      increment("net.writer.option_missing", { writer: writerName });
      log.error(err.message, { tenantId: tenant.id });
      return undefined;
    }
    throw err;
  }
}

/** Sends one packet to one session; false when nothing was sent. */
export function sendPacket(
  tablesOf: TablesOf,
  session: Session,
  writerName: string,
  build: BuildPacket,
): boolean {
  const body = encodeFor(tablesOf, session.tenant, writerName, build);
  if (!body || !session.send(body)) return false;
  countOut(writerName, 1);
  return true;
}

/**
 * Sends the same packet to many sessions, encoding it once per tenant and sharing the IV-independent
 * part of its encryption (every session still encrypts with its own IV). `except` is skipped (e.g. the mover of a movement broadcast); `coalesceKey` lets a recipient that has fallen behind keep only the newest queued packet of that key. Returns how many
 * sessions it was queued for.
 */
export function broadcastPacket(
  tablesOf: TablesOf,
  sessions: Iterable<Session>,
  writerName: string,
  build: BuildPacket,
  except?: Session,
  coalesceKey?: string,
): number {
  const encoded = new Map<string, SharedBody | undefined>();
  // A map's sessions are nearly always of one tenant: remember the last one's body without a lookup.
  let lastTenantId: string | undefined;
  let lastBody: SharedBody | undefined;
  let sent = 0;
  for (const session of sessions) {
    if (session === except) continue;
    const tenantId = session.tenant.id;
    if (tenantId !== lastTenantId) {
      if (!encoded.has(tenantId)) {
        const plain = encodeFor(tablesOf, session.tenant, writerName, build);
        encoded.set(tenantId, plain && sharedBody(plain, coalesceKey));
      }
      lastTenantId = tenantId;
      lastBody = encoded.get(tenantId);
    }
    if (lastBody && session.sendShared(lastBody)) sent++;
  }
  if (sent > 0) countOut(writerName, sent);
  return sent;
}

/**
 * Encodes a packet for `tenant` once, to be sent later to any number of that tenant's sessions with
 * {@link sendEncoded} (e.g. a remembered CharacterSpawn shown to each newcomer); undefined when the
 * writer is not bound (logged as by {@link encodeFor}).
 */
export function encodeShared(
  tablesOf: TablesOf,
  tenant: Tenant,
  writerName: string,
  build: BuildPacket,
): SharedBody | undefined {
  const plain = encodeFor(tablesOf, tenant, writerName, build);
  return plain && sharedBody(plain);
}

/** Sends a packet made by {@link encodeShared} for the session's tenant; false when nothing was sent. */
export function sendEncoded(session: Session, writerName: string, packet: SharedBody): boolean {
  if (!session.sendShared(packet)) return false;
  countOut(writerName, 1);
  return true;
}
