/**
 * atlas-inventory's events → packets, for the owner's session on this process (the envelopes name no
 * world or channel; kafka-consumed.md §2.5–2.6). Every asset event first updates the session's cached
 * inventory (`applyInventoryChange`), so SetField, spawns and looks written later need no lookup:
 *
 * - `CREATED` → CharacterInventoryChange "add"; `UPDATED` → "remove" + "add" of the slot (a refresh);
 *   `QUANTITY_CHANGED` → "quantity"; `MOVED` → "move"; `DELETED` → "remove";
 * - when the worn equipment changed (equip, unequip, a worn item created or destroyed),
 *   CharacterAppearanceUpdate to everyone in the owner's map, the owner included;
 * - compartment `RESERVATION_CANCELLED` → "enable actions"; `MERGE_COMPLETE` / `SORT_COMPLETE` →
 *   "enable actions" then CompartmentMerge / CompartmentSort; `CREATED` / `CAPACITY_CHANGED` update the
 *   cached capacity (no packet, as the reference).
 *
 * Unlike the reference, `MOVED` reads no REST (the look comes from the session cache) and the
 * appearance goes out only when the worn items changed, not for every move within a tab.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { applyInventoryChange, equippedSlots, type InventoryChange } from "../character/data.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { spawnCharacterOf } from "../map/spawn.ts";
import { sendEnableActions } from "../stats/mod.ts";
import type { AssetStatusEvent, CompartmentStatusEvent } from "./messages.ts";
import { assetFromAttributes, type Inventory } from "./rest.ts";
import {
  APPEARANCE_UPDATE_WRITER,
  appearanceUpdateBody,
  COMPARTMENT_MERGE_WRITER,
  COMPARTMENT_SORT_WRITER,
  compartmentMergeBody,
  compartmentSortBody,
  INVENTORY_CHANGE_WRITER,
  inventoryChangeBody,
  type InventoryOperation,
} from "./writers.ts";
import { settlePendingAction } from "./pending.ts";
import { showMessengerLook } from "../messenger/mod.ts";

/** The inventory type of an item: ⌊templateId / 1 000 000⌋. */
export function inventoryTypeOf(templateId: number): number {
  return Math.floor(templateId / 1_000_000);
}

/** The owner's live session on this process, if any. */
function ownerSession(ctx: FeatureContext, tenant: Tenant, characterId: number): Session | undefined {
  const session = ctx.presence.sessionOfCharacter(tenant, characterId);
  return session && !session.isClosed ? session : undefined;
}

/** What is worn, as `position:templateId` pairs (cash layer included), to see whether the look changed. */
function wornSignature(inventory: Inventory | null): string {
  return equippedSlots(inventory).map((s) => `${s.position}:${s.equip?.templateId}:${s.cash?.templateId}`)
    .join(",");
}

/** The cache change and the packet operations of one asset event. */
function describe(event: AssetStatusEvent): { change: InventoryChange; operations: InventoryOperation[] } {
  const inventoryType = inventoryTypeOf(event.templateId);
  const { slot, assetId } = event;
  switch (event.type) {
    case "CREATED":
    case "UPDATED": {
      const asset = assetFromAttributes(assetId, {
        slot,
        templateId: event.templateId,
        expiration: event.body.expiration,
        referenceId: event.body.referenceId,
        referenceType: event.body.referenceType,
        referenceData: event.body.referenceData,
      });
      const add: InventoryOperation = { mode: "add", inventoryType, slot, asset };
      return {
        change: { kind: "put", inventoryType, compartmentId: event.compartmentId, asset },
        operations: event.type === "CREATED" ? [add] : [{ mode: "remove", inventoryType, slot }, add],
      };
    }
    case "QUANTITY_CHANGED":
      return {
        change: { kind: "quantity", inventoryType, assetId, quantity: event.body.quantity },
        operations: [{ mode: "quantity", inventoryType, slot, quantity: event.body.quantity }],
      };
    case "MOVED":
      return {
        change: { kind: "move", inventoryType, assetId, slot },
        operations: [{ mode: "move", inventoryType, from: event.body.oldSlot, to: slot }],
      };
    case "DELETED":
      return {
        change: { kind: "remove", inventoryType, assetId },
        operations: [{ mode: "remove", inventoryType, slot }],
      };
  }
}

/** Handles one `EVENT_TOPIC_ASSET_STATUS` event; see the module documentation. */
export function onAssetStatus(ctx: FeatureContext, event: AssetStatusEvent, tenant: Tenant): void {
  const session = ownerSession(ctx, tenant, event.characterId);
  if (!session) return;
  const log = sessionLogger(session, "inventory.consumers");
  const { change, operations } = describe(event);
  const data = session.get(CHARACTER_DATA);
  const inventory = data?.inventory ?? null;
  const wornBefore = change.inventoryType === 1 ? wornSignature(inventory) : "";
  if (!applyInventoryChange(inventory, change)) {
    log.warn("asset event does not match the cached inventory; cache left as is", {
      characterId: event.characterId,
      assetId: event.assetId,
      type: event.type,
      cached: inventory !== null,
    });
  }
  settlePendingAction(session);
  ctx.send(session, INVENTORY_CHANGE_WRITER, inventoryChangeBody(session.tenant, operations));
  if (change.inventoryType === 1 && wornSignature(inventory) !== wornBefore) {
    const me = spawnCharacterOf(session);
    if (!me) return;
    ctx.broadcast(
      [...sessionsInMapOf(ctx, session)],
      APPEARANCE_UPDATE_WRITER,
      appearanceUpdateBody(session.tenant, me.id, me.look),
    );
    showMessengerLook(ctx, session, me.look);
  }
}

/** Handles one `EVENT_TOPIC_COMPARTMENT_STATUS` event; see the module documentation. */
export function onCompartmentStatus(
  ctx: FeatureContext,
  event: CompartmentStatusEvent,
  tenant: Tenant,
): void {
  const session = ownerSession(ctx, tenant, event.characterId);
  if (!session) return;
  switch (event.type) {
    case "RESERVATION_CANCELLED":
      settlePendingAction(session);
      sendEnableActions(ctx, session);
      return;
    case "MERGE_COMPLETE":
      settlePendingAction(session);
      sendEnableActions(ctx, session);
      ctx.send(session, COMPARTMENT_MERGE_WRITER, compartmentMergeBody(event.body.type));
      return;
    case "SORT_COMPLETE":
      settlePendingAction(session);
      sendEnableActions(ctx, session);
      ctx.send(session, COMPARTMENT_SORT_WRITER, compartmentSortBody(event.body.type));
      return;
    case "CREATED":
    case "CAPACITY_CHANGED":
      applyInventoryChange(session.get(CHARACTER_DATA)?.inventory ?? null, {
        kind: "capacity",
        inventoryType: event.body.type,
        compartmentId: event.compartmentId,
        capacity: event.body.capacity,
      });
      return;
    default:
      return;
  }
}
