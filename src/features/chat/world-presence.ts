/**
 * Where characters play across every channel instance of a tenant, learned from the channels' own
 * `EVENT_TOPIC_SESSION_STATUS` (`CREATED`/`DESTROYED` with issuer `CHANNEL`, which every Atlas channel
 * produces): character → world and channel of its live channel session. Whispers and `/find` use it to
 * tell "online elsewhere" from "offline" without REST. It knows only sessions created since this process
 * started consuming; characters already online on other instances then are unknown (read as offline).
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import type { SessionStatusEvent } from "../session/messages.ts";

/** Where a character's channel session is. */
export interface Whereabouts {
  readonly sessionId: string;
  readonly worldId: number;
  readonly channelId: number;
}

/** The world presence directory. */
export interface WorldPresence {
  /** Applies one session status event. */
  apply(delivery: Pick<Delivery<SessionStatusEvent>, "value" | "tenant">): void;
  /** Where the character plays, when known to be online. */
  whereIs(tenant: Tenant, characterId: number): Whereabouts | undefined;
}

/** An empty directory. */
export function createWorldPresence(): WorldPresence {
  const online = new Map<string, Whereabouts>();
  const key = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
  return {
    apply({ value: event, tenant }) {
      if (event.issuer !== "CHANNEL" || event.characterId === 0) return;
      const k = key(tenant, event.characterId);
      if (event.type === "CREATED") {
        online.set(k, { sessionId: event.sessionId, worldId: event.worldId, channelId: event.channelId });
      } else if (online.get(k)?.sessionId === event.sessionId) {
        // A DESTROYED of an older session (after a channel change) must not hide the new one.
        online.delete(k);
      }
    },
    whereIs: (tenant, characterId) => online.get(key(tenant, characterId)),
  };
}
