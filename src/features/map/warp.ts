/**
 * The short SetField a character receives when it changes maps (reference `WarpToMapBody` in
 * `socket/writer/set_field.go`; socket-protocol.md §6.3, warp variant). The server time is the real
 * time (README decision 3), not the reference's doubled one.
 * @module
 */
import type { Tenant } from "../../kafka/tenant.ts";
import type { BuildPacket } from "../outbound.ts";
import { serverFileTime } from "../character/time.ts";

/** Writer name of both SetField variants. */
export const SET_FIELD = "SetField";

/** Where a warp lands. */
export interface Warp {
  channelId: number;
  mapId: number;
  /** Written as one byte, as the reference does. */
  portalId: number;
  hp: number;
}

/** `SetField`, warp variant. */
export function setFieldWarpBody(
  v: Pick<Tenant, "region" | "majorVersion">,
  warp: Warp,
  nowMs: number = Date.now(),
): BuildPacket {
  return (w) => {
    const gms = v.region === "GMS";
    if ((gms && v.majorVersion > 83) || v.region === "JMS") w.uint16(0);
    w.uint32(warp.channelId);
    if (v.region === "JMS") w.byte(0).uint32(0);
    w.byte(0).byte(0); // notifier message, no character data
    if ((gms && v.majorVersion > 28) || v.region === "JMS") w.uint16(0).byte(0); // notifier check, revive
    w.uint32(warp.mapId).byte(warp.portalId).uint16(warp.hp);
    if (gms && v.majorVersion > 28) w.bool(false); // not chasing
    w.int64(serverFileTime(nowMs));
  };
}
