/**
 * NPCs in the field (separate from the conversation and shop parts of this folder): a character entering
 * a map is shown its NPCs (`SpawnNPC`) and made their controller (`SpawnNPCRequestController`), as the
 * reference does for every newcomer; the controlling client's `NPCActionHandle` (an animation, or a
 * walk with a movement path) is echoed back to it as `NPCAction`, which is how the client plays it.
 *
 * A map's NPCs come from atlas-data (`data/maps/{id}/npcs`) once per map and tenant, then from memory:
 * map data does not change while the service runs. The action relay runs several times a second per
 * NPC, so it is checked against the NPCs this session was shown (no REST call; the reference looked the
 * NPC up over REST for every action) and a movement path must parse and pass the relay checks of
 * character movement (`checkRelayedPath`: element count, element types, coordinates) before it is echoed.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import { type Session, sessionKey } from "../../net/session.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { packetReader } from "../../protocol/reader.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { getMapNpcs, type MapNpc } from "../data/rest.ts";
import { checkRelayedPath, movementCodec, readMovementPath } from "../movement/path.ts";
import type { BuildPacket } from "../outbound.ts";

const log = getLogger("npc.field");

/** The writer names of the NPC field part. */
export const NPC_FIELD_WRITERS = {
  spawn: "SpawnNPC",
  controller: "SpawnNPCRequestController",
  action: "NPCAction",
} as const;

/** The client's "this client controls the NPC" flag of SpawnNPCRequestController. */
const CONTROL = 1;

/** Per-call limit of the map's NPC look-up. */
const LOOKUP_TIMEOUT_MS = 3000;

/** What SpawnNPC shows of an NPC. */
export type ShownNpc = Pick<MapNpc, "objectId" | "template" | "x" | "cy" | "f" | "fh" | "rx0" | "rx1">;

/** Whether the client reads the trailing enabled / mini-map byte (every version but GMS before v61). */
export function npcHasEnabledFlag(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region !== "GMS" || tenant.majorVersion >= 61;
}

function writeNpcBody(w: Parameters<BuildPacket>[0], npc: ShownNpc): void {
  w.uint32(npc.objectId)
    .uint32(npc.template)
    .int16(npc.x)
    .int16(npc.cy)
    .byte(npc.f === 1 ? 0 : 1)
    .uint16(npc.fh)
    .int16(npc.rx0)
    .int16(npc.rx1);
}

/** `SpawnNPC`. */
export function spawnNpcBody(tenant: Pick<Tenant, "region" | "majorVersion">, npc: ShownNpc): BuildPacket {
  return (w) => {
    writeNpcBody(w, npc);
    if (npcHasEnabledFlag(tenant)) w.byte(1);
  };
}

/** `SpawnNPCRequestController` granting control, shown on the mini map. */
export function npcControllerBody(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  npc: ShownNpc,
): BuildPacket {
  return (w) => {
    w.byte(CONTROL);
    writeNpcBody(w, npc);
    if (npcHasEnabledFlag(tenant)) w.bool(true);
  };
}

/** `NPCAction`: the object id, the two action bytes, then the movement path as the client sent it. */
export function npcActionBody(
  objectId: number,
  unk: number,
  unk2: number,
  movement: Uint8Array,
): BuildPacket {
  return (w) => {
    w.uint32(objectId).byte(unk).byte(unk2).bytes(movement);
  };
}

/** The NPCs the session was shown (and controls), in the map it was shown them. */
const shownNpcsKey = sessionKey<{ mapId: number; objectIds: ReadonlySet<number> }>("npc.shown");

/** A map's NPCs, loaded once per tenant and map (a failed load is retried by the next entry). */
export function createNpcCatalog(load: (tenant: Tenant, mapId: number) => Promise<MapNpc[]>) {
  const maps = new Map<string, Promise<MapNpc[]>>();
  return (tenant: Tenant, mapId: number): Promise<MapNpc[]> => {
    const key = `${tenantIdentity(tenant)}|${mapId}`;
    let found = maps.get(key);
    if (!found) {
      found = load(tenant, mapId);
      maps.set(key, found);
      found.catch(() => maps.delete(key));
    }
    return found;
  };
}

/** Shows the newcomer its map's NPCs and hands it their control. */
export async function showNpcs(
  ctx: FeatureContext,
  npcsOf: (tenant: Tenant, mapId: number) => Promise<MapNpc[]>,
  session: Session,
  mapId: number,
): Promise<void> {
  let npcs: MapNpc[];
  try {
    npcs = await npcsOf(session.tenant, mapId);
  } catch (err) {
    log.warn("map NPC look-up failed; no NPCs shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  session.set(shownNpcsKey, { mapId, objectIds: new Set(npcs.map((n) => n.objectId)) });
  for (const npc of npcs) {
    ctx.send(session, NPC_FIELD_WRITERS.spawn, spawnNpcBody(session.tenant, npc));
    ctx.send(session, NPC_FIELD_WRITERS.controller, npcControllerBody(session.tenant, npc));
  }
}

/** `NPCActionHandle`: echoes a shown NPC's animation or walk back to its controlling client. */
export function npcActionHandler(ctx: FeatureContext) {
  return (session: Session, reader: PacketReader, options: HandlerOptions): void => {
    const objectId = reader.uint32();
    const unk = reader.byte();
    const unk2 = reader.byte();
    let movement = reader.rest();
    if (movement.length > 0) {
      // A malformed path throws PacketReadError and a forged one (too many elements, element types the
      // client never sends, coordinates outside every map) InvalidPacketError: the dispatcher counts
      // either as misbehaviour and nothing is echoed. Like the reference, which re-encoded the parsed
      // path, only the path itself is echoed, not bytes after it.
      const path = packetReader(movement);
      const codec = movementCodec(session.tenant, options);
      checkRelayedPath(readMovementPath(path, codec), codec);
      movement = movement.subarray(0, path.offset);
    }
    const shown = session.get(shownNpcsKey);
    if (!shown || shown.mapId !== ctx.presence.mapOf(session) || !shown.objectIds.has(objectId)) {
      log.debug("action of an NPC this session does not control; ignored", {
        sessionId: session.id,
        objectId,
      });
      return;
    }
    ctx.send(session, NPC_FIELD_WRITERS.action, npcActionBody(objectId, unk, unk2, movement));
  };
}

/** Builds the NPC field feature over a map catalogue (one per app). */
export function createNpcFieldFeature(): Feature {
  // One catalogue per running app (its context), so two apps in one process never share REST roots.
  const catalogs = new WeakMap<FeatureContext, (tenant: Tenant, mapId: number) => Promise<MapNpc[]>>();
  const catalog = (ctx: FeatureContext) => {
    let npcsOf = catalogs.get(ctx);
    if (!npcsOf) {
      npcsOf = createNpcCatalog((tenant, mapId) =>
        ctx.rest ? getMapNpcs(ctx.rest, tenant, mapId, { timeoutMs: LOOKUP_TIMEOUT_MS }) : Promise.resolve([])
      );
      catalogs.set(ctx, npcsOf);
    }
    return npcsOf;
  };
  return {
    name: "npc-field",
    contracts: [],
    writers: [NPC_FIELD_WRITERS.spawn, NPC_FIELD_WRITERS.controller, NPC_FIELD_WRITERS.action],
    handlers: (ctx) => ({ NPCActionHandle: npcActionHandler(ctx) }),
    onFieldEnter: (ctx, session, mapId) => showNpcs(ctx, catalog(ctx), session, mapId),
  };
}

/** See the module documentation. */
export const npcFieldFeature: Feature = createNpcFieldFeature();
