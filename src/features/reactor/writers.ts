/**
 * `ReactorSpawn` and `ReactorDestroy`, as the client reads them (Atlas `libs/atlas-packet` d59a1ad2df
 * `reactor/clientbound/spawn.go`, `destroy.go`). The spawn ends with the reactor's name from GMS v83 and
 * in JMS; older GMS clients do not read it (the b0c865294b channel always wrote it).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { BuildPacket } from "../outbound.ts";

/** The writer names of the reactor domain. */
export const REACTOR_WRITERS = { spawn: "ReactorSpawn", destroy: "ReactorDestroy" } as const;

/** What ReactorSpawn shows. */
export interface ShownReactor {
  id: number;
  /** The reactor template id. */
  classification: number;
  state: number;
  x: number;
  y: number;
  direction: number;
  name: string;
}

/** Whether the client reads the reactor's name (GMS v83 and later, JMS). */
export function reactorHasName(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return (tenant.region === "GMS" && tenant.majorVersion >= 83) || tenant.region === "JMS";
}

/** `ReactorSpawn`. */
export function reactorSpawnBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  reactor: ShownReactor,
): BuildPacket {
  return (w) => {
    w.uint32(reactor.id)
      .uint32(reactor.classification)
      .int8(reactor.state)
      .int16(reactor.x)
      .int16(reactor.y)
      .byte(reactor.direction);
    if (reactorHasName(tenant)) w.string(reactor.name);
  };
}

/** `ReactorDestroy`: the reactor's final state where it stood. */
export function reactorDestroyBody(id: number, state: number, x: number, y: number): BuildPacket {
  return (w) => {
    w.uint32(id).int8(state).int16(x).int16(y);
  };
}
