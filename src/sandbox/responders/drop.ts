/**
 * atlas-drops (with atlas-inventory's gathering and atlas-character's meso drop) answering the channel:
 *
 * - `COMMAND_TOPIC_DROP` `REQUEST_RESERVATION` → the drop is reserved for the first character that asks
 *   (`RESERVED`), then gathered (`PICKED_UP`, as atlas-inventory's `REQUEST_PICK_UP` makes atlas-drops
 *   do); a drop that is gone or reserved by someone else → `RESERVATION_FAILURE`. Commands are keyed by
 *   the drop, so two characters racing for it are answered in order and only one gets it. A gathered
 *   meso drop adds to the character's mesos (`STAT_CHANGED` `MESO`).
 * - A character's meso drop ({@link DropResponder.mesoDropped}, called by the character responder) →
 *   `CREATED` in the character's map, owned by it, free for all (drop type 2), a player's drop.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { dropCommandContract, dropStatusContract } from "../../features/drop/messages.ts";
import type { SandboxDrop } from "../ground.ts";
import type { SandboxStore } from "../store.ts";

const log = getLogger("sandbox.drop");

/** What the drop responder offers the other responders. */
export interface DropResponder {
  /** A character dropped mesos where it stands (after atlas-character took them). */
  mesoDropped(
    tenant: Tenant,
    where: { worldId: number; channelId: number },
    characterId: number,
    amount: number,
  ): Promise<void>;
}

/** Publishes atlas-drops' `CREATED` for a drop of the registry. */
export async function publishDropCreated(bus: Bus, tenant: Tenant, drop: SandboxDrop): Promise<void> {
  await bus.publish(dropStatusContract, {
    worldId: drop.worldId,
    channelId: drop.channelId,
    mapId: drop.mapId,
    dropId: drop.id,
    type: "CREATED",
    body: {
      itemId: drop.itemId,
      quantity: drop.quantity,
      meso: drop.meso,
      type: drop.type,
      x: drop.x,
      y: drop.y,
      ownerId: drop.ownerId,
      ownerPartyId: drop.ownerPartyId,
      dropTime: drop.dropTime,
      dropperUniqueId: drop.dropperId,
      dropperX: drop.dropperX,
      dropperY: drop.dropperY,
      playerDrop: drop.characterDrop,
    },
  }, { tenant, key: drop.id });
}

/** Subscribes the drop responder on `bus` (call before `bus.start()`). */
export function dropResponder(bus: Bus, store: SandboxStore): DropResponder {
  bus.subscribe(dropCommandContract, async ({ value: command, tenant }) => {
    const { dropId, characterId, petSlot } = command.body;
    const where = { worldId: command.worldId, channelId: command.channelId, mapId: command.mapId };
    const drop = store.drops.reserve(dropId, characterId);
    if (!drop || drop.mapId !== command.mapId) {
      log.info("drop reservation failed", { dropId, characterId });
      await bus.publish(dropStatusContract, {
        ...where,
        dropId,
        type: "RESERVATION_FAILURE",
        body: { characterId },
      }, { tenant, key: dropId });
      return;
    }
    const taken = {
      itemId: drop.itemId,
      equipmentId: drop.equipmentId,
      quantity: drop.quantity,
      meso: drop.meso,
    };
    await bus.publish(dropStatusContract, {
      ...where,
      dropId,
      type: "RESERVED",
      body: { characterId, ...taken },
    }, { tenant, key: dropId });
    store.drops.remove(dropId);
    log.info("drop picked up", { dropId, characterId });
    await bus.publish(dropStatusContract, {
      ...where,
      dropId,
      type: "PICKED_UP",
      body: { characterId, ...taken, petSlot },
    }, { tenant, key: dropId });
    const character = store.character(characterId);
    if (character && drop.meso > 0) {
      character.attributes.meso = Number(character.attributes.meso) + drop.meso;
      await bus.publish(characterStatusContract, {
        characterId,
        type: "STAT_CHANGED",
        worldId: command.worldId,
        body: { channelId: command.channelId, exclRequestSent: true, updates: ["MESO"] },
      }, { tenant, key: characterId });
    }
  }, { name: "sandbox_drop_command" });

  return {
    async mesoDropped(tenant, where, characterId, amount) {
      const character = store.character(characterId);
      if (!character) return;
      const a = character.attributes;
      const drop = store.drops.create({
        worldId: where.worldId,
        channelId: where.channelId,
        mapId: Number(a.mapId),
        itemId: 0,
        equipmentId: 0,
        quantity: 0,
        meso: amount,
        type: 2,
        x: Number(a.x),
        y: Number(a.y),
        ownerId: characterId,
        ownerPartyId: 0,
        dropperId: characterId,
        dropperX: Number(a.x),
        dropperY: Number(a.y),
        characterDrop: true,
      });
      await publishDropCreated(bus, tenant, drop);
    },
  };
}
