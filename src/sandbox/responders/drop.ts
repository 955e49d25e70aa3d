/**
 * atlas-drops (with atlas-inventory's gathering and atlas-character's meso drop) answering the channel,
 * each tenant on its own registry (`store.drops(tenantId)`: a drop of one tenant can be neither seen nor
 * picked up from another):
 *
 * - `COMMAND_TOPIC_DROP` `REQUEST_RESERVATION` → the drop is reserved for the first character that asks
 *   (`RESERVED`), then gathered (`PICKED_UP`, as atlas-inventory's `REQUEST_PICK_UP` makes atlas-drops
 *   do); a drop that is gone, of another map or reserved by someone else → `RESERVATION_FAILURE`.
 *   Commands are keyed by the drop, so two characters racing for it are answered in order and only one
 *   gets it. A gathered meso drop adds to the character's mesos (`STAT_CHANGED` `MESO`). A gathered item
 *   goes into the inventory first, as atlas-inventory's pick-up does on `RESERVED`: onto the first stack
 *   of the same item with room (`QUANTITY_CHANGED`, the rest into a new stack), else into the first free
 *   slot of its tab (`CREATED`; an equip comes back with the stats it dropped with); with no room the
 *   reservation is cancelled (`RESERVATION_FAILURE`, the drop stays).
 * - A character's meso drop ({@link DropResponder.mesoDropped}, called by the character responder) and
 *   item drop ({@link DropResponder.itemDropped}, called by the inventory responder after `DROP`, as
 *   atlas-inventory's `SPAWN_FROM_CHARACTER`) → `CREATED` where the character stands, owned by it, free
 *   for all (drop type 2), a player's drop.
 * - A drop nobody reserved expires after `expiryMs` (atlas-drops' expiration task, 3 minutes by
 *   default) → `EXPIRED`. The seeded drops stay, so a bot always finds something to pick up.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { dropCommandContract, dropStatusContract } from "../../features/drop/messages.ts";
import type { SandboxDrop } from "../ground.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";
import { type AssetFixture, compartmentId } from "../../features/character/fixtures.ts";
import { type InventoryOutcome, publishInventoryOutcome, SANDBOX_CAPACITY, SLOT_MAX } from "./inventory.ts";

const log = getLogger("sandbox.drop");

/** atlas-drops' default drop lifetime (its `drop_expiration_task` without configuration). */
export const DEFAULT_DROP_EXPIRY_MS = 180_000;

/** What the drop responder offers the other responders. */
export interface DropResponder {
  /** Stops the expiration sweep. */
  stop(): void;
  /** A character dropped mesos where it stands (after atlas-character took them). */
  mesoDropped(
    tenant: Tenant,
    where: { worldId: number; channelId: number },
    characterId: number,
    amount: number,
  ): Promise<void>;
  /** A character dropped an item where it stands (after atlas-inventory took it out; `item` as taken). */
  itemDropped(
    tenant: Tenant,
    where: { worldId: number; channelId: number; mapId: number; x: number; y: number },
    characterId: number,
    item: AssetFixture,
  ): Promise<void>;
}

/** Go's zero time, as atlas-inventory writes an unset expiration. */
const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * atlas-inventory's pick-up of a drop's item into the character's inventory; undefined when there is no
 * room. A stackable goes onto the first stack of the same item with room (the overflow into a new stack);
 * anything else, or a stack with no room, into the first free slot of its tab.
 */
export function pickUpItem(c: SandboxCharacter, drop: SandboxDrop): InventoryOutcome | undefined {
  const inventoryType = Math.floor(drop.itemId / 1_000_000);
  if (inventoryType < 1 || inventoryType > 5) return undefined;
  const out: InventoryOutcome = { assets: [], compartments: [] };
  const tab = c.assets.filter((a) => a.inventoryType === inventoryType);
  const freeSlot = () => {
    for (let slot = 1; slot <= SANDBOX_CAPACITY; slot++) if (!tab.some((a) => a.slot === slot)) return slot;
    return undefined;
  };
  const quantityOf = (a: AssetFixture) => a.referenceData.quantity as number | undefined;
  let left = inventoryType === 1 ? 1 : drop.quantity;
  const stack = inventoryType === 1
    ? undefined
    : tab.find((a) =>
      a.templateId === drop.itemId && quantityOf(a) !== undefined && quantityOf(a)! < SLOT_MAX
    );
  const slot = freeSlot();
  if (!stack && slot === undefined) return undefined;
  if (stack && quantityOf(stack)! + left > SLOT_MAX && slot === undefined) return undefined;
  if (stack) {
    const total = Math.min(SLOT_MAX, quantityOf(stack)! + left);
    left -= total - quantityOf(stack)!;
    stack.referenceData.quantity = total;
    out.assets.push({
      characterId: c.id,
      compartmentId: compartmentId(c.id, inventoryType),
      assetId: stack.id,
      templateId: stack.templateId,
      slot: stack.slot,
      type: "QUANTITY_CHANGED",
      body: { quantity: total },
    });
  }
  if (left > 0) {
    const id = Math.max(7_000_000, ...c.assets.map((a) => a.id)) + 1;
    const referenceType = ["", "equipable", "consumable", "setup", "etc", "cash"][inventoryType];
    const referenceData: Record<string, unknown> = drop.asset
      ? structuredClone(drop.asset.referenceData)
      : inventoryType === 5
      ? { ownerId: 0, cashId: "0", flag: 0, purchasedBy: 0 }
      : { ownerId: 0, flag: 0, ...(inventoryType === 2 ? { rechargeable: 0 } : {}) };
    if (inventoryType !== 1) referenceData.quantity = left;
    const made: AssetFixture = {
      id,
      inventoryType,
      slot: slot!,
      templateId: drop.itemId,
      referenceType: drop.asset?.referenceType ?? referenceType,
      referenceId: inventoryType === 1
        ? drop.equipmentId || (drop.asset?.referenceId ?? id + 2000)
        : id + 2000,
      referenceData,
    };
    c.assets.push(made);
    out.assets.push({
      characterId: c.id,
      compartmentId: compartmentId(c.id, inventoryType),
      assetId: id,
      templateId: drop.itemId,
      slot: made.slot,
      type: "CREATED",
      body: {
        referenceId: made.referenceId!,
        referenceType: made.referenceType,
        referenceData: { ...referenceData, ...(inventoryType === 1 ? { expiration: GO_ZERO_TIME } : {}) },
        expiration: GO_ZERO_TIME,
      } as never,
    });
  }
  return out;
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
export function dropResponder(
  bus: Bus,
  store: SandboxStore,
  options: { expiryMs?: number } = {},
): DropResponder {
  const expiryMs = options.expiryMs ?? DEFAULT_DROP_EXPIRY_MS;
  // The tenants drops were made for (EXPIRED carries the tenant's headers).
  const tenants = new Map<string, Tenant>();
  const made = (tenant: Tenant) => tenants.set(tenant.id.toLowerCase(), tenant);
  const sweep = async () => {
    const now = Date.now();
    for (const [id, tenant] of tenants) {
      const drops = store.drops(id);
      for (const drop of drops.all()) {
        if (drop.seeded || drop.status !== "AVAILABLE") continue;
        if (Date.parse(drop.dropTime) + expiryMs > now) continue;
        drops.remove(drop.id);
        log.info("drop expired", { dropId: drop.id });
        await bus.publish(dropStatusContract, {
          worldId: drop.worldId,
          channelId: drop.channelId,
          mapId: drop.mapId,
          dropId: drop.id,
          type: "EXPIRED",
          body: {},
        }, { tenant, key: drop.id });
      }
    }
  };
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep().catch((err) => log.error("drop expiry failed", { error: String(err) }))
      .finally(() => sweeping = false);
  }, Math.max(10, Math.min(1000, expiryMs / 4)));

  bus.subscribe(dropCommandContract, async ({ value: command, tenant }) => {
    const { dropId, characterId, petSlot } = command.body;
    const where = { worldId: command.worldId, channelId: command.channelId, mapId: command.mapId };
    const drops = store.drops(tenant.id);
    const fail = (why: string) => {
      log.info("drop reservation failed", { dropId, characterId, why });
      return bus.publish(dropStatusContract, {
        ...where,
        dropId,
        type: "RESERVATION_FAILURE",
        body: { characterId },
      }, { tenant, key: dropId });
    };
    const found = drops.get(dropId);
    if (!found || !isIn(found, where)) return await fail("no such drop in the map");
    const drop = drops.reserve(dropId, characterId);
    if (!drop) return await fail("reserved by another character");
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
    const character = store.character(characterId);
    if (drop.itemId > 0) {
      // atlas-inventory on RESERVED: into the inventory, then REQUEST_PICK_UP (or CANCEL_RESERVATION).
      const gathered = character ? pickUpItem(character, drop) : undefined;
      if (!gathered) {
        drops.release(dropId, characterId);
        return await fail("no room in the inventory");
      }
      await publishInventoryOutcome(bus, tenant, gathered);
    }
    drops.remove(dropId);
    log.info("drop picked up", { dropId, characterId });
    await bus.publish(dropStatusContract, {
      ...where,
      dropId,
      type: "PICKED_UP",
      body: { characterId, ...taken, petSlot },
    }, { tenant, key: dropId });
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
    stop: () => clearInterval(timer),
    async mesoDropped(tenant, where, characterId, amount) {
      const character = store.character(characterId);
      if (!character) return;
      const a = character.attributes;
      made(tenant);
      const drop = store.drops(tenant.id).create({
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
    async itemDropped(tenant, where, characterId, item) {
      const equip = item.inventoryType === 1;
      made(tenant);
      const drop = store.drops(tenant.id).create({
        worldId: where.worldId,
        channelId: where.channelId,
        mapId: where.mapId,
        itemId: item.templateId,
        equipmentId: equip ? item.referenceId ?? 0 : 0,
        quantity: equip ? 1 : Number(item.referenceData.quantity ?? 1),
        meso: 0,
        type: 2,
        x: where.x,
        y: where.y,
        ownerId: characterId,
        ownerPartyId: 0,
        dropperId: characterId,
        dropperX: where.x,
        dropperY: where.y,
        characterDrop: true,
        asset: item,
      });
      log.info("item dropped", {
        dropId: drop.id,
        characterId,
        itemId: drop.itemId,
        quantity: drop.quantity,
      });
      await publishDropCreated(bus, tenant, drop);
    },
  };
}

function isIn(drop: SandboxDrop, where: { worldId: number; channelId: number; mapId: number }): boolean {
  return drop.worldId === where.worldId && drop.channelId === where.channelId && drop.mapId === where.mapId;
}
