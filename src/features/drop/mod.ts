/**
 * The drop domain: atlas-drops' `EVENT_TOPIC_DROP_STATUS` → drops appearing and leaving for the sessions
 * in the map (and the picker's pick-up message), `DropPickUpHandle` → `COMMAND_TOPIC_DROP`
 * `REQUEST_RESERVATION` (and `PetDropPickUpHandle`, a pet of the character's picking up, naming the
 * pet's slot), and the drops shown to a character entering a map.
 *
 * Pick-up requests are checked locally first (no REST on this path unless a party-owned drop makes the
 * character's party the deciding fact): the drop must lie in the character's map, and within atlas-drops'
 * 15 s ownership window only its owner or the owning party may take it. A refused request produces no
 * command and unlocks the client ("enable actions"); so does atlas-drops' `RESERVATION_FAILURE` (the
 * loser of a pick-up race), which the reference ignored, leaving that client frozen until it moved.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { Tenant } from "../../tenant.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { findPartyByMember } from "../party/rest.ts";
import { summonedPet } from "../pet/state.ts";
import { enableActionsBody } from "../stats/writers.ts";
import {
  type DropCommand,
  dropCommandContract,
  dropStatusContract,
  type DropStatusEvent,
} from "./messages.ts";
import { type Drop, getDropsInMap } from "./rest.ts";
import { createGroundDrops, type GroundDrop, type GroundDrops, mayPickUp, needsParty } from "./ground.ts";
import {
  DROP_ENTER,
  DROP_WRITERS,
  dropExpiredBody,
  dropPickedUpBody,
  dropSpawnBody,
  pickUpMessageBody,
} from "./writers.ts";

const log = getLogger("drop");

/** Per-call limit of the look-ups made on map entry and for a party-owned pick-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** Whether the client's pick-up request ends with its CRC (GMS from v83, and JMS v185). */
export function pickUpHasCrc(tenant: Pick<Tenant, "majorVersion">): boolean {
  return tenant.majorVersion >= 83;
}

/** A drop as atlas-drops' REST collection lists it, as the index keeps it. */
export function groundDropOf(drop: Drop): GroundDrop {
  return {
    id: drop.id,
    itemId: drop.itemId,
    equipmentId: drop.equipmentId,
    quantity: drop.quantity,
    meso: drop.meso,
    type: drop.type,
    x: drop.x,
    y: drop.y,
    ownerId: drop.ownerId,
    ownerPartyId: drop.ownerPartyId,
    dropperId: drop.dropperId,
    dropperX: drop.dropperX,
    dropperY: drop.dropperY,
    playerDrop: drop.characterDrop,
    droppedAt: drop.dropTime ? drop.dropTime.getTime() : null,
  };
}

function groundDropFromEvent(event: Extract<DropStatusEvent, { type: "CREATED" }>): GroundDrop {
  const b = event.body;
  const at = new Date(b.dropTime).getTime();
  return {
    id: event.dropId,
    itemId: b.itemId,
    equipmentId: 0,
    quantity: b.quantity,
    meso: b.meso,
    type: b.type,
    x: b.x,
    y: b.y,
    ownerId: b.ownerId,
    ownerPartyId: b.ownerPartyId,
    dropperId: b.dropperUniqueId,
    dropperX: b.dropperX,
    dropperY: b.dropperY,
    playerDrop: b.playerDrop,
    droppedAt: at > 0 ? at : null,
  };
}

/** Handles one drop status event; returns how many packets were queued. */
export function onDropStatus(
  ctx: FeatureContext,
  ground: GroundDrops,
  delivery: Delivery<DropStatusEvent>,
): number {
  const { value: event, tenant } = delivery;
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const where = { worldId: event.worldId, channelId: event.channelId, mapId: event.mapId };
  const inMap = () => [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)];
  switch (event.type) {
    case "CREATED": {
      const drop = groundDropFromEvent(event);
      ground.add(tenant, where, drop);
      return ctx.broadcast(
        inMap(),
        DROP_WRITERS.spawn,
        dropSpawnBody(drop, DROP_ENTER.fresh, event.body.mod ?? 0),
      );
    }
    case "EXPIRED":
      ground.remove(tenant, where, event.dropId);
      return ctx.broadcast(inMap(), DROP_WRITERS.destroy, dropExpiredBody(event.dropId));
    case "PICKED_UP": {
      const b = event.body;
      ground.remove(tenant, where, event.dropId);
      let sent = ctx.broadcast(
        inMap(),
        DROP_WRITERS.destroy,
        dropPickedUpBody(event.dropId, b.characterId, b.petSlot),
      );
      const picker = characterSession(ctx, tenant, b.characterId, where);
      if (picker && ctx.send(picker, "CharacterStatusMessage", pickUpMessageBody(tenant, b))) sent++;
      return sent;
    }
    case "RESERVATION_FAILURE": {
      const characterId = event.body?.characterId;
      if (typeof characterId !== "number") return 0;
      const loser = characterSession(ctx, tenant, characterId, where);
      return loser && ctx.send(loser, "StatChanged", enableActionsBody()) ? 1 : 0;
    }
    case "RESERVED":
      return 0; // atlas-inventory's business (it gathers the reserved drop)
  }
}

/** The pick-up handler's dependencies. */
export interface PickUpDeps {
  ground: GroundDrops;
  /** The character's party id (0: none); only asked when a party-owned drop depends on it. */
  partyOf(session: Session): Promise<number>;
  now(): number;
}

/** `DropPickUpHandle`: a checked pick-up request → `REQUEST_RESERVATION`, keyed by the drop. */
export function dropPickUpHandler(ctx: FeatureContext, deps: PickUpDeps) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    reader.byte(); // field key
    reader.uint32(); // update time
    const x = reader.int16();
    const y = reader.int16();
    const dropId = reader.uint32();
    if (pickUpHasCrc(session.tenant)) reader.uint32();
    await requestPickUp(ctx, deps, session, { x, y, dropId, petSlot: -1 });
  };
}

/**
 * Whether a pet's pick-up request carries the owner-position block (GMS v87+, and only for a drop id
 * that is not a multiple of 13: libs/atlas-packet `pet/serverbound/drop_pick_up.go` at d59a1ad2df).
 */
export function petPickUpHasOwnerBlock(
  tenant: Pick<Tenant, "region" | "majorVersion">,
  dropId: number,
): boolean {
  return tenant.region === "GMS" && tenant.majorVersion >= 87 && dropId % 13 !== 0;
}

/**
 * `PetDropPickUpHandle` (`u64 petId, u8 fieldKey, u32 updateTime, i16 x, i16 y, u32 dropId, u32 crc,
 * bool pickUpOthers, bool sweep, bool longRange`, then on GMS v87+ the owner-position block): the same
 * checks as the owner's own pick-up, for a pet `petSlotOf` finds out (the session character's pet);
 * the reservation names the pet's slot. Unlike the reference (which produced slot 0 for an unknown
 * pet), a pet that is not out picks up nothing.
 */
export function petDropPickUpHandler(
  ctx: FeatureContext,
  deps: PickUpDeps & { petSlotOf(session: Session, petId: number): number | undefined },
) {
  return async (session: Session, reader: PacketReader): Promise<void> => {
    const petId = Number(reader.uint64() & 0xffffffffn);
    reader.byte(); // field key
    reader.uint32(); // update time
    const x = reader.int16();
    const y = reader.int16();
    const dropId = reader.uint32();
    if (pickUpHasCrc(session.tenant)) reader.uint32();
    reader.bool(); // pick up others' drops
    reader.bool(); // sweep for drop
    reader.bool(); // long range
    if (petPickUpHasOwnerBlock(session.tenant, dropId)) {
      reader.int16(); // owner x
      reader.int16(); // owner y
      reader.uint32(); // position crc
      reader.uint32(); // rect crc
    }
    const petSlot = deps.petSlotOf(session, petId);
    if (petSlot === undefined) {
      log.info("pet pick-up refused: the pet is not out", { sessionId: session.id, petId, dropId });
      ctx.send(session, "StatChanged", enableActionsBody());
      return;
    }
    await requestPickUp(ctx, deps, session, { x, y, dropId, petSlot });
  };
}

/** The checks and the `REQUEST_RESERVATION` both pick-up handlers share. */
async function requestPickUp(
  ctx: FeatureContext,
  deps: PickUpDeps,
  session: Session,
  request: { x: number; y: number; dropId: number; petSlot: number },
): Promise<void> {
  const { x, y, dropId, petSlot } = request;
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  const refuse = (reason: string) => {
    log.info(`pick-up refused: ${reason}`, { sessionId: session.id, characterId, dropId, mapId, petSlot });
    ctx.send(session, "StatChanged", enableActionsBody());
  };
  if (!characterId || mapId === undefined) return refuse("no character in a map");
  const where = { worldId: session.worldId, channelId: session.channelId, mapId };
  const drop = deps.ground.get(session.tenant, where, dropId);
  if (!drop) return refuse("no such drop in the character's map");
  const now = deps.now();
  let partyId = 0;
  if (needsParty(drop, characterId, now)) partyId = await deps.partyOf(session);
  if (!mayPickUp(drop, characterId, partyId, now)) return refuse("another character's drop");
  const command: DropCommand = {
    ...where,
    type: "REQUEST_RESERVATION",
    body: { dropId, characterId, characterX: x, characterY: y, petSlot },
  };
  try {
    await ctx.bus.publish(dropCommandContract, command, { tenant: session.tenant, key: dropId });
  } catch (err) {
    log.error("pick-up request not published", {
      sessionId: session.id,
      dropId,
      error: err instanceof Error ? err.message : String(err),
    });
    ctx.send(session, "StatChanged", enableActionsBody());
  }
}

/** Sends the newcomer the drops of its map: the index, reconciled with atlas-drops' listing. */
export async function showDrops(ctx: FeatureContext, ground: GroundDrops, session: Session, mapId: number) {
  const where = { worldId: session.worldId, channelId: session.channelId, mapId };
  if (ctx.rest) {
    const requestedAt = Date.now();
    try {
      const listed = await getDropsInMap(ctx.rest, session.tenant, where.worldId, where.channelId, mapId, {
        timeoutMs: LOOKUP_TIMEOUT_MS,
      });
      ground.reconcile(session.tenant, where, listed.map(groundDropOf), requestedAt);
    } catch (err) {
      log.warn("drops look-up failed; showing the drops known here", {
        sessionId: session.id,
        mapId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  for (const drop of ground.list(session.tenant, where)) {
    ctx.send(session, DROP_WRITERS.spawn, dropSpawnBody(drop, DROP_ENTER.existing));
  }
}

/** Builds the drop feature; each running app (its context) gets an index of its own. */
export function createDropFeature(): Feature {
  const indexes = new WeakMap<FeatureContext, GroundDrops>();
  const groundOf = (ctx: FeatureContext) => {
    let ground = indexes.get(ctx);
    if (!ground) indexes.set(ctx, ground = createGroundDrops());
    return ground;
  };
  return {
    name: "drop",
    contracts: [dropStatusContract, dropCommandContract],
    writers: [DROP_WRITERS.spawn, DROP_WRITERS.destroy],
    handlers(ctx) {
      const partyOf = async (session: Session): Promise<number> => {
        if (!ctx.rest || !session.characterId) return 0;
        try {
          const party = await findPartyByMember(ctx.rest, session.tenant, session.characterId, {
            timeoutMs: LOOKUP_TIMEOUT_MS,
          });
          return party?.id ?? 0;
        } catch (err) {
          log.warn("party look-up for a pick-up failed; treated as no party", {
            sessionId: session.id,
            error: err instanceof Error ? err.message : String(err),
          });
          return 0;
        }
      };
      const deps = { ground: groundOf(ctx), partyOf, now: Date.now };
      return {
        DropPickUpHandle: dropPickUpHandler(ctx, deps),
        PetDropPickUpHandle: petDropPickUpHandler(ctx, {
          ...deps,
          petSlotOf: (session, petId) => summonedPet(session, petId)?.slot,
        }),
      };
    },
    onFieldEnter: (ctx, session, mapId) => showDrops(ctx, groundOf(ctx), session, mapId),
    start(ctx) {
      ctx.bus.subscribe(dropStatusContract, (delivery) => void onDropStatus(ctx, groundOf(ctx), delivery), {
        name: "drop_status_event",
      });
    },
  };
}

/** See the module documentation. */
export const dropFeature: Feature = createDropFeature();
