/**
 * Who an event is for, answered from this process's own state (the channels it serves and the
 * presence index), never from REST. Every feature's consumers pick their sessions with these, so
 * "the reference's server match" and "the character's session" are written once:
 *
 * ```ts
 * bus.subscribe(contract, ({ value: event, tenant }) => {
 *   const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
 *   if (!session) return;                                   // not ours: another process serves it
 *   ctx.send(session, "Writer", body(event));               // name the event, pick sessions, send
 * });
 * ```
 * @module
 */
import type { Session } from "../net/session.ts";
import { sameTenant, type Tenant } from "../tenant.ts";
import type { FeatureContext } from "./feature.ts";

/** Where an event places its character: always a world, a channel when the event names one. */
export interface Whereabouts {
  readonly worldId: number;
  readonly channelId?: number;
}

/** Whether this process serves (tenant, world, channel): the reference's "server match". */
export function servesChannel(
  ctx: Pick<FeatureContext, "channels">,
  tenant: Tenant,
  worldId: number,
  channelId: number,
): boolean {
  return ctx.channels().some((c) =>
    c.worldId === worldId && c.channelId === channelId && sameTenant(c.tenant, tenant)
  );
}

/**
 * "The character's session": the live session here playing `characterId` for `tenant`, when it is on
 * the world (and the channel, when given) the event names; undefined otherwise.
 */
export function characterSession(
  ctx: Pick<FeatureContext, "presence">,
  tenant: Tenant,
  characterId: number,
  where: Whereabouts,
): Session | undefined {
  const session = ctx.presence.sessionOfCharacter(tenant, characterId);
  if (!session || session.isClosed || session.worldId !== where.worldId) return undefined;
  if (where.channelId !== undefined && session.channelId !== where.channelId) return undefined;
  return session;
}

/**
 * The sessions in the same map as `session` (itself included; pass it as `except` to a broadcast), or
 * none before its character entered a field. A live view: copy it before awaiting.
 */
export function sessionsInMapOf(
  ctx: Pick<FeatureContext, "presence">,
  session: Session,
): ReadonlySet<Session> {
  const mapId = ctx.presence.mapOf(session);
  if (mapId === undefined) return NO_SESSIONS;
  return ctx.presence.sessionsIn(session.tenant, session.worldId, session.channelId, mapId);
}

const NO_SESSIONS: ReadonlySet<Session> = new Set();
