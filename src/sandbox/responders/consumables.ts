/**
 * atlas-consumables (with the atlas-inventory, atlas-character and atlas-maps steps it drives), for the
 * sandbox: `COMMAND_TOPIC_CONSUMABLE` answered on the stored character as the real services do
 * (services/atlas-consumables docs/kafka.md at the reference revision), collapsed into one step:
 *
 * - `REQUEST_ITEM_CONSUME` of an item the slot holds: one is used up (`QUANTITY_CHANGED`, or `DELETED`
 *   for the last), then its effect: potions restore HP/MP (`STAT_CHANGED` `HP`/`MP`), a return scroll
 *   warps to the map's return map (`MAP_CHANGED`, then the maps' `CHARACTER_EXIT`/`CHARACTER_ENTER`),
 *   pet food (212xxxx) feeds the hungriest pet out (atlas-pets' `FULLNESS_CHANGED`; no pet out: `ERROR`,
 *   nothing used up), anything else has no effect the sandbox shows;
 * - `REQUEST_SCROLL` of a scroll onto an equip with upgrade slots left: the scroll is used up, the equip
 *   gains a level and one point (weapon attack, or weapon defence for armour scrolls 204xxxx) and loses a
 *   slot (`UPDATED`), then `SCROLL` with `success: true` (the sandbox's scrolls never fail);
 * - anything that cannot be done (no such item, no slots left): `ERROR` `CONSUME_FAILED`, which makes
 *   the channel re-enable the client's actions.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { type AssetFixture, compartmentId } from "../../features/character/fixtures.ts";
import { characterStatusContract, type CharacterStatusEvent } from "../../features/character/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import {
  type ConsumableCommand,
  consumableCommandContract,
  consumableStatusContract,
  type ConsumableStatusEvent,
} from "../../features/consumable/messages.ts";
import type { AssetStatusEvent } from "../../features/inventory/messages.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";
import { publishInventoryOutcome } from "./inventory.ts";
import { feedHungriestPet, publishPetEvents } from "./pet.ts";
import type { PetStatusEvent } from "../../features/pet/messages.ts";
import type { WorldResponder } from "./world.ts";

const log = getLogger("sandbox.consumables");

/** HP / MP the sandbox's potions restore. */
export const POTIONS: Readonly<Record<number, { hp?: number; mp?: number }>> = {
  2000000: { hp: 50 },
  2000001: { hp: 150 },
  2000002: { hp: 300 },
  2000003: { mp: 100 },
  2000006: { mp: 300 },
};

/** Fullness the sandbox's pet food gives. */
export const PET_FOOD: Readonly<Record<number, number>> = { 2120000: 30 };

/** What a consumable command did, in order. */
export interface ConsumableOutcome {
  /** atlas-pets' answer to a feeding. */
  pet: PetStatusEvent[];
  assets: AssetStatusEvent[];
  status: CharacterStatusEvent[];
  consumable: ConsumableStatusEvent[];
  /** A return scroll's destination. */
  warpTo?: number;
}

const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/** Applies a consumable command to the stored character; see the module documentation. */
export function applyConsumableCommand(
  c: SandboxCharacter,
  command: ConsumableCommand,
  returnMapOf: (mapId: number) => number | undefined,
): ConsumableOutcome {
  const out: ConsumableOutcome = { pet: [], assets: [], status: [], consumable: [] };
  const fail = () => {
    out.consumable.push({ characterId: c.id, type: "ERROR", body: { error: "CONSUME_FAILED" } });
    return out;
  };
  const at = (type: number, slot: number) =>
    c.assets.find((a) => a.inventoryType === type && a.slot === slot);
  const useOne = (a: AssetFixture) => {
    const envelope = {
      characterId: c.id,
      compartmentId: compartmentId(c.id, a.inventoryType),
      assetId: a.id,
      templateId: a.templateId,
      slot: a.slot,
    };
    const left = Number(a.referenceData.quantity ?? 1) - 1;
    if (left > 0) {
      a.referenceData.quantity = left;
      out.assets.push({ ...envelope, type: "QUANTITY_CHANGED", body: { quantity: left } });
    } else {
      c.assets.splice(c.assets.indexOf(a), 1);
      out.assets.push({ ...envelope, type: "DELETED", body: {} });
    }
  };
  const attributes = c.attributes as Required<typeof c.attributes>;

  if (command.type === "REQUEST_ITEM_CONSUME") {
    const { source, itemId } = command.body;
    const item = at(Math.floor(itemId / 1_000_000), source);
    if (!item || item.templateId !== itemId) return fail();
    if (Math.floor(itemId / 10_000) === 212) {
      const fed = feedHungriestPet(c, PET_FOOD[itemId] ?? 30);
      if (!fed) return fail();
      out.pet.push(fed);
    }
    useOne(item);
    const potion = POTIONS[itemId];
    if (potion) {
      const updates: string[] = [];
      if (potion.hp) {
        attributes.hp = Math.min(attributes.maxHp, attributes.hp + potion.hp);
        updates.push("HP");
      }
      if (potion.mp) {
        attributes.mp = Math.min(attributes.maxMp, attributes.mp + potion.mp);
        updates.push("MP");
      }
      out.status.push({
        characterId: c.id,
        type: "STAT_CHANGED",
        worldId: command.worldId,
        body: { channelId: command.channelId, exclRequestSent: true, updates },
      });
    } else if (Math.floor(itemId / 10_000) === 203) {
      out.warpTo = returnMapOf(attributes.mapId);
    }
    return out;
  }

  const { scrollSlot, equipSlot, whiteScroll, legendarySpirit } = command.body;
  const scroll = at(2, scrollSlot);
  const equip = at(1, equipSlot);
  const stats = equip?.referenceData as Record<string, number> | undefined;
  if (
    !scroll || Math.floor(scroll.templateId / 10_000) < 204 || !equip || !stats || (stats.slots ?? 0) <= 0
  ) {
    return fail();
  }
  useOne(scroll);
  const stat = Math.floor(scroll.templateId / 10_000) === 204 ? "weaponDefense" : "weaponAttack";
  stats[stat] = (stats[stat] ?? 0) + 1;
  stats.slots -= 1;
  stats.level = (stats.level ?? 0) + 1;
  out.assets.push({
    characterId: c.id,
    compartmentId: compartmentId(c.id, 1),
    assetId: equip.id,
    templateId: equip.templateId,
    slot: equip.slot,
    type: "UPDATED",
    body: {
      referenceId: equip.referenceId ?? 0,
      referenceType: "equipable",
      referenceData: { ...stats, expiration: GO_ZERO_TIME } as never,
      expiration: equip.expiration ?? GO_ZERO_TIME,
    },
  });
  out.consumable.push({
    characterId: c.id,
    type: "SCROLL",
    body: { success: true, cursed: false, legendarySpirit, whiteScroll },
  });
  return out;
}

/** Subscribes the consumables responder on `bus` (call before `bus.start()`). */
export function consumablesResponder(bus: Bus, store: SandboxStore, world: WorldResponder): void {
  bus.subscribe(consumableCommandContract, async ({ value: command, tenant }) => {
    const c = store.character(command.characterId);
    if (!c) {
      log.warn("consumable command for an unknown character", { characterId: command.characterId });
      return;
    }
    const outcome = applyConsumableCommand(c, command, (mapId) => store.map(mapId)?.returnMapId);
    await publishPetEvents(bus, tenant, outcome.pet);
    await publishInventoryOutcome(bus, tenant, { assets: outcome.assets, compartments: [] });
    for (const event of outcome.status) {
      await bus.publish(characterStatusContract, event, { tenant, key: event.characterId });
    }
    if (outcome.warpTo !== undefined) await warp(bus, tenant, store, world, c, command, outcome.warpTo);
    for (const event of outcome.consumable) {
      await bus.publish(consumableStatusContract, event, { tenant, key: event.characterId });
    }
  }, { name: "sandbox_consumable_command" });
}

/** atlas-character's map change and atlas-maps' exit/enter, to the target map's first portal. */
async function warp(
  bus: Bus,
  tenant: Tenant,
  store: SandboxStore,
  world: WorldResponder,
  c: SandboxCharacter,
  command: ConsumableCommand,
  targetMapId: number,
): Promise<void> {
  const target = store.map(targetMapId);
  if (!target) return;
  const oldMapId = c.attributes.mapId!;
  const arrival = target.portals[0];
  c.attributes.mapId = target.id;
  c.attributes.x = arrival?.x ?? 0;
  c.attributes.y = arrival?.y ?? 0;
  world.setMap(tenant, c.id, target.id);
  const where = { worldId: command.worldId, channelId: command.channelId };
  await bus.publish(characterStatusContract, {
    characterId: c.id,
    type: "MAP_CHANGED",
    worldId: command.worldId,
    body: {
      channelId: command.channelId,
      oldMapId,
      targetMapId: target.id,
      targetPortalId: arrival?.id ?? 0,
    },
  }, { tenant, key: c.id });
  await bus.publish(mapStatusContract, {
    ...where,
    mapId: oldMapId,
    type: "CHARACTER_EXIT",
    body: { characterId: c.id },
  }, { tenant, key: oldMapId });
  await bus.publish(mapStatusContract, {
    ...where,
    mapId: target.id,
    type: "CHARACTER_ENTER",
    body: { characterId: c.id },
  }, { tenant, key: target.id });
}
