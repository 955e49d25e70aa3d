/**
 * Portals: `MapChangeHandle` (walking through a portal) and `PortalScriptHandle` (a scripted portal).
 * Both resolve the portal name in the character's current map to an id and ask atlas-portals to take it
 * (`COMMAND_TOPIC_PORTAL` `ENTER`, keyed by the portal id). Layouts: socket-protocol.md §6.5 item 6 and
 * the reference's `socket/handler/map_change.go` / `portal_script.go`.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import { portalCommandContract } from "./messages.ts";
import type { PortalDirectory } from "./rest.ts";

const log = getLogger("portal");

/** A MapChange request through a portal. */
export interface MapChangeRequest {
  fieldKey: number;
  targetMapId: number;
  portalName: string;
  x: number;
  y: number;
  premium: number;
  /** GMS ≥ 83 only. */
  chase: boolean;
  targetX: number;
  targetY: number;
}

/** Reads a non-empty MapChange body; throws `PacketReadError` when truncated. */
export function readMapChange(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
): MapChangeRequest {
  const fieldKey = reader.byte();
  const targetMapId = reader.uint32();
  const portalName = reader.string();
  // The client sends its position only with a portal name (libs/atlas-packet field/serverbound/change.go).
  const x = portalName.length > 0 ? reader.int16() : 0;
  const y = portalName.length > 0 ? reader.int16() : 0;
  reader.byte(); // unused
  const premium = reader.byte();
  let chase = false;
  let targetX = 0;
  let targetY = 0;
  if (tenant.region === "GMS" && tenant.majorVersion >= 83) {
    chase = reader.bool();
    if (chase) {
      targetX = reader.int32();
      targetY = reader.int32();
    }
  }
  return { fieldKey, targetMapId, portalName, x, y, premium, chase, targetX, targetY };
}

/** A PortalScript request. */
export interface PortalScriptRequest {
  fieldKey: number;
  portalName: string;
  x: number;
  y: number;
}

/** Reads a PortalScript body; throws `PacketReadError` when truncated. */
export function readPortalScript(reader: PacketReader): PortalScriptRequest {
  return { fieldKey: reader.byte(), portalName: reader.string(), x: reader.int16(), y: reader.int16() };
}

/** Resolves the portal in the session's map and publishes the ENTER command; false when nothing was sent. */
export async function enterPortal(
  ctx: FeatureContext,
  portals: PortalDirectory | undefined,
  session: Session,
  portalName: string,
): Promise<boolean> {
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  if (characterId === undefined || mapId === undefined) {
    log.debug("portal request before the character is in a map dropped", { session: session.id });
    return false;
  }
  if (!portals) {
    log.warn("portal request dropped: no data service configured", { characterId, portalName });
    return false;
  }
  let portalId: number | undefined;
  try {
    portalId = await portals.idOf(session.tenant, mapId, portalName);
  } catch (err) {
    log.error("portal look-up failed", { characterId, mapId, portalName, error: err });
    return false;
  }
  if (portalId === undefined) {
    log.warn("no such portal in the character's map", { characterId, mapId, portalName });
    return false;
  }
  await ctx.bus.publish(portalCommandContract, {
    worldId: session.worldId,
    channelId: session.channelId,
    mapId,
    portalId,
    type: "ENTER",
    body: { characterId },
  }, { tenant: session.tenant, key: portalId });
  return true;
}

/**
 * `MapChangeHandle`. An empty body is the return from the cash shop, which belongs to the cash-shop
 * handoff (`onCashShopReturn`); without one it is logged and ignored.
 */
export function mapChangeHandler(
  ctx: FeatureContext,
  portals: PortalDirectory | undefined,
  onCashShopReturn?: (session: Session) => Promise<void> | void,
) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    if (reader.remaining === 0) {
      if (onCashShopReturn) await onCashShopReturn(session);
      else log.debug("cash shop return not handled here", { session: session.id });
      return;
    }
    const request = readMapChange(reader, session.tenant);
    await enterPortal(ctx, portals, session, request.portalName);
  };
}

/** `PortalScriptHandle`. */
export function portalScriptHandler(ctx: FeatureContext, portals: PortalDirectory | undefined) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    const request = readPortalScript(reader);
    await enterPortal(ctx, portals, session, request.portalName);
  };
}
