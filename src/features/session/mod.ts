/**
 * The session domain: `EVENT_TOPIC_SESSION_STATUS` and disconnect cleanup.
 *
 * - Produced (kafka-produced.md A1): `CREATED` when a login completes (published by the login
 *   domain through {@link publishSessionStatus}) and `DESTROYED` when the socket closes.
 * - Disconnect cleanup (socket-protocol.md §6.8), from one close hook per session so it runs exactly
 *   once whatever closed it (EOF, error, idle timeout, account-service error, stale session, server
 *   shutdown — the bus stops after the sessions): `LOGOUT` on `COMMAND_TOPIC_ACCOUNT_SESSION` (key
 *   account id), then `DESTROYED` (key character id). As in the reference both are sent even for a
 *   session that never logged in, with ids 0.
 * - Consumed (reference README decision 1): a `CREATED` from a channel for another session of the same
 *   tenant, with the same character or account as a live session here, means that session moved on
 *   (another instance, or a reconnect that overtook the old socket's close): the stale local session is
 *   closed.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { accountSessionCommandContract } from "../account/messages.ts";
import { sessionStatusContract, type SessionStatusEvent } from "./messages.ts";

const log = getLogger("session");

/** Close reason of a session replaced by a newer one elsewhere. */
export const STALE_SESSION_CLOSE = "superseded";

/** The `EVENT_TOPIC_SESSION_STATUS` value for a session (ids 0 before login). */
export function sessionStatusEvent(session: Session, type: SessionStatusEvent["type"]): SessionStatusEvent {
  return {
    sessionId: session.id,
    accountId: session.accountId ?? 0,
    characterId: session.characterId ?? 0,
    worldId: session.worldId,
    channelId: session.channelId,
    issuer: "CHANNEL",
    type,
  };
}

/** Publishes the session's status (key: character id); a failure is logged, not thrown. */
export async function publishSessionStatus(
  ctx: Pick<FeatureContext, "bus">,
  session: Session,
  type: SessionStatusEvent["type"],
): Promise<boolean> {
  const event = sessionStatusEvent(session, type);
  try {
    await ctx.bus.publish(sessionStatusContract, event, { tenant: session.tenant, key: event.characterId });
    return true;
  } catch (err) {
    log.error("session status not produced", { sessionId: session.id, type, error: String(err) });
    return false;
  }
}

/** The reference's destroy messages for a closed session: `LOGOUT`, then `DESTROYED`. */
export async function announceSessionEnd(ctx: Pick<FeatureContext, "bus">, session: Session): Promise<void> {
  const accountId = session.accountId ?? 0;
  try {
    await ctx.bus.publish(accountSessionCommandContract, {
      sessionId: session.id,
      accountId,
      author: "CHANNEL",
      type: "LOGOUT",
      body: {},
    }, { tenant: session.tenant, key: accountId });
  } catch (err) {
    log.error("logout command not produced", { sessionId: session.id, accountId, error: String(err) });
  }
  await publishSessionStatus(ctx, session, "DESTROYED");
}

/**
 * The live local sessions a `CREATED` from another session makes stale: same tenant, a different
 * session id, and the same character (or, when both are known, the same account).
 */
export function staleSessions(ctx: FeatureContext, tenant: Tenant, event: SessionStatusEvent): Session[] {
  if (event.type !== "CREATED" || event.issuer !== "CHANNEL") return [];
  const identity = tenantIdentity(tenant);
  const stale: Session[] = [];
  for (const channel of ctx.channels()) {
    if (tenantIdentity(channel.tenant) !== identity) continue;
    for (const session of channel.sessions.values()) {
      if (session.id === event.sessionId || session.isClosed) continue;
      const sameCharacter = event.characterId > 0 && session.characterId === event.characterId;
      const sameAccount = event.accountId > 0 && session.accountId === event.accountId;
      if (sameCharacter || sameAccount) stale.push(session);
    }
  }
  return stale;
}

/** See the module documentation. */
export const sessionFeature: Feature = {
  name: "session",
  contracts: [sessionStatusContract],
  onSession(ctx, session) {
    session.onClose(() => announceSessionEnd(ctx, session));
  },
  start(ctx) {
    ctx.bus.subscribe(sessionStatusContract, async ({ value, tenant }) => {
      for (const session of staleSessions(ctx, tenant, value)) {
        log.info("a newer session of this character or account was created elsewhere; closing this one", {
          sessionId: session.id,
          newSessionId: value.sessionId,
          accountId: session.accountId,
          characterId: session.characterId,
          worldId: value.worldId,
          channelId: value.channelId,
        });
        await session.close(STALE_SESSION_CLOSE);
      }
    }, { name: "session_status_event" });
  },
};
