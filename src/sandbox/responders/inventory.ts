/**
 * atlas-inventory, for the sandbox: `COMMAND_TOPIC_COMPARTMENT` applied to the stored character's assets
 * (which `characters/{id}/inventory` serves), answered with the events the real service emits
 * (services/atlas-inventory docs/kafka.md and compartment/processor.go at the reference revision):
 *
 * - `MOVE`: onto a stack of the same item with room (not equipment, not rechargeable) → the stacks merge
 *   (`QUANTITY_CHANGED` of the destination and `DELETED` of the source, or both `QUANTITY_CHANGED` when it
 *   overflows); otherwise a swap through the temporary slot −32768 (`MOVED` destination → −32768, source →
 *   destination, −32768 → source; only assets that exist move);
 * - `EQUIP`: the same swap into the equipment slot the client chose; `UNEQUIP`: to the client's slot when
 *   free and inside the compartment, else the first free slot (`MOVED`);
 * - `DROP`: the whole stack → `DELETED`, part of it → `QUANTITY_CHANGED`; then, as atlas-inventory's
 *   `SPAWN_FROM_CHARACTER` to atlas-drops, the `itemDropped` hook puts the item on the ground where the
 *   character stands (the drop responder's {@link DropResponder.itemDropped});
 * - `MERGE`: stacks of the same item merge, then every tab slot is compacted, then `MERGE_COMPLETE`;
 *   `SORT`: compacted and ordered by item id, then `SORT_COMPLETE`;
 * - anything that cannot be done (empty source, no free slot, too many to drop) emits nothing, like the
 *   real service: the channel's answer watchdog unlocks the client.
 *
 * Stacks hold at most {@link SLOT_MAX} (atlas-inventory reads the item's `slotMax` from atlas-data).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { type AssetFixture, compartmentId } from "../../features/character/fixtures.ts";
import {
  assetStatusContract,
  type AssetStatusEvent,
  type CompartmentCommand,
  compartmentCommandContract,
  compartmentStatusContract,
  type CompartmentStatusEvent,
} from "../../features/inventory/messages.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";
import type { DropResponder } from "./drop.ts";

const log = getLogger("sandbox.inventory");

/** The most of one item a stack holds in the sandbox. */
export const SLOT_MAX = 100;
/** atlas-inventory's parking slot during a swap. */
export const TEMPORARY_SLOT = -32768;
/** Tab size of every compartment (the sandbox inventory document's capacity). */
export const SANDBOX_CAPACITY = 24;

/** What a command produced, in order. */
export interface InventoryOutcome {
  assets: AssetStatusEvent[];
  compartments: CompartmentStatusEvent[];
  /** What a `DROP` took out of the inventory: a copy of the asset holding just the dropped quantity. */
  dropped?: AssetFixture;
}

function quantity(a: AssetFixture): number | undefined {
  const q = a.referenceData.quantity;
  return typeof q === "number" ? q : undefined;
}

/** Applies a compartment command to the character's assets; returns atlas-inventory's events. */
export function applyCompartmentCommand(c: SandboxCharacter, command: CompartmentCommand): InventoryOutcome {
  const type = command.inventoryType;
  const characterId = c.id;
  const out: InventoryOutcome = { assets: [], compartments: [] };
  const tab = () => c.assets.filter((a) => a.inventoryType === type);
  const at = (slot: number) => tab().find((a) => a.slot === slot);
  const envelope = (a: AssetFixture) => ({
    characterId,
    compartmentId: compartmentId(characterId, type),
    assetId: a.id,
    templateId: a.templateId,
  });
  const moveTo = (a: AssetFixture | undefined, slot: number) => {
    if (!a) return;
    const oldSlot = a.slot;
    a.slot = slot;
    out.assets.push({ ...envelope(a), slot, type: "MOVED", body: { oldSlot } });
  };
  const setQuantity = (a: AssetFixture, q: number) => {
    a.referenceData.quantity = q;
    out.assets.push({ ...envelope(a), slot: a.slot, type: "QUANTITY_CHANGED", body: { quantity: q } });
  };
  const remove = (a: AssetFixture) => {
    c.assets.splice(c.assets.indexOf(a), 1);
    out.assets.push({ ...envelope(a), slot: a.slot, type: "DELETED", body: {} });
  };
  const swap = (source: number, destination: number) => {
    const moving = at(source)!;
    moveTo(at(destination), TEMPORARY_SLOT);
    moveTo(moving, destination);
    moveTo(at(TEMPORARY_SLOT), source);
  };
  const mergeable = (a: AssetFixture, b: AssetFixture) =>
    type !== 1 && a.templateId === b.templateId && quantity(a) !== undefined && quantity(b) !== undefined &&
    !(Number(a.referenceData.rechargeable ?? 0) > 0 || Number(b.referenceData.rechargeable ?? 0) > 0) &&
    quantity(b)! < SLOT_MAX;
  const mergeInto = (a: AssetFixture, b: AssetFixture) => {
    const total = quantity(a)! + quantity(b)!;
    if (total <= SLOT_MAX) {
      setQuantity(b, total);
      remove(a);
    } else {
      setQuantity(b, SLOT_MAX);
      setQuantity(a, total - SLOT_MAX);
    }
  };
  const nextFree = () => {
    for (let slot = 1; slot <= SANDBOX_CAPACITY; slot++) if (!at(slot)) return slot;
    return undefined;
  };
  const compact = () => {
    for (const a of tab().filter((x) => x.slot > 0).sort((x, y) => x.slot - y.slot)) {
      const free = nextFree();
      if (free !== undefined && free < a.slot) moveTo(a, free);
    }
  };

  switch (command.type) {
    case "MOVE": {
      const { source, destination } = command.body;
      const moving = at(source);
      if (!moving || destination <= 0 || destination > SANDBOX_CAPACITY) break;
      const target = at(destination);
      if (target && mergeable(moving, target)) mergeInto(moving, target);
      else swap(source, destination);
      break;
    }
    case "EQUIP": {
      const { source, destination } = command.body;
      if (type !== 1 || !at(source) || destination >= 0) break;
      swap(source, destination);
      break;
    }
    case "UNEQUIP": {
      const { source, destination } = command.body;
      const worn = at(source);
      if (type !== 1 || !worn) break;
      const slot = destination > 0 && destination <= SANDBOX_CAPACITY && !at(destination)
        ? destination
        : nextFree();
      if (slot === undefined) break;
      moveTo(worn, slot);
      break;
    }
    case "DROP": {
      const { source, quantity: count } = command.body;
      const dropped = at(source);
      if (!dropped || count <= 0) break;
      const held = quantity(dropped) ?? 1;
      if (count > held) break;
      out.dropped = structuredClone(dropped);
      if (quantity(dropped) !== undefined) out.dropped.referenceData.quantity = count;
      if (count === held) remove(dropped);
      else setQuantity(dropped, held - count);
      break;
    }
    case "MERGE": {
      let merged = true;
      while (merged) {
        merged = false;
        const stacks = tab().filter((a) => a.slot > 0).sort((a, b) => a.slot - b.slot);
        outer: for (let i = 0; i < stacks.length; i++) {
          for (let j = i + 1; j < stacks.length; j++) {
            if (mergeable(stacks[j], stacks[i])) {
              mergeInto(stacks[j], stacks[i]);
              merged = true;
              break outer;
            }
          }
        }
      }
      compact();
      out.compartments.push({
        characterId,
        compartmentId: compartmentId(characterId, type),
        type: "MERGE_COMPLETE",
        body: { type },
      });
      break;
    }
    case "SORT": {
      compact();
      const ordered = tab().filter((a) => a.slot > 0).sort((a, b) =>
        a.templateId - b.templateId || a.slot - b.slot
      );
      ordered.forEach((a, index) => {
        const slot = index + 1;
        if (a.slot !== slot) swap(a.slot, slot);
      });
      out.compartments.push({
        characterId,
        compartmentId: compartmentId(characterId, type),
        type: "SORT_COMPLETE",
        body: { type },
      });
      break;
    }
  }
  return out;
}

/** Subscribes the inventory responder on `bus` (call before `bus.start()`). */
export function inventoryResponder(
  bus: Bus,
  store: SandboxStore,
  hooks: { itemDropped?: DropResponder["itemDropped"] } = {},
): void {
  bus.subscribe(compartmentCommandContract, async ({ value: command, tenant }) => {
    const c = store.character(command.characterId);
    if (!c) {
      log.warn("compartment command for an unknown character", { characterId: command.characterId });
      return;
    }
    const outcome = applyCompartmentCommand(c, command);
    if (outcome.assets.length === 0 && outcome.compartments.length === 0) {
      log.info("compartment command refused; no answer", { characterId: c.id, type: command.type });
    }
    await publishInventoryOutcome(bus, tenant, outcome);
    if (outcome.dropped && command.type === "DROP") {
      const { worldId, channelId, mapId, x, y } = command.body;
      await hooks.itemDropped?.(tenant, { worldId, channelId, mapId, x, y }, c.id, outcome.dropped);
    }
  }, { name: "sandbox_compartment_command" });
}

/** Publishes a command's events, asset events first, keyed by the character. */
export async function publishInventoryOutcome(
  bus: Bus,
  tenant: Tenant,
  outcome: InventoryOutcome,
): Promise<void> {
  for (const event of outcome.assets) {
    await bus.publish(assetStatusContract, event, { tenant, key: event.characterId });
  }
  for (const event of outcome.compartments) {
    await bus.publish(compartmentStatusContract, event, { tenant, key: event.characterId });
  }
}
