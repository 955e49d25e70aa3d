/**
 * atlas-storage and the saga orchestrator's storage sagas, for the sandbox (services/atlas-storage and
 * atlas-saga-orchestrator docs at the reference revision), collapsed into one step:
 *
 * - talking to the storage keeper ({@link STORAGE_KEEPER}, `COMMAND_TOPIC_NPC` `START_CONVERSATION`) →
 *   `COMMAND_TOPIC_STORAGE_SHOW` `SHOW_STORAGE` for the character's account (as the keeper's script
 *   does through the orchestrator);
 * - a storage saga (`COMMAND_TOPIC_SAGA`, initiated by `STORAGE`) is checked whole first (mesos on both
 *   sides, the items, storage room); a saga that cannot complete changes nothing and answers `ERROR`
 *   (`NOT_ENOUGH_MESOS`, `STORAGE_FULL`, `GENERIC`); otherwise its steps run in order: `award_mesos` →
 *   `STAT_CHANGED` `MESO`; `update_storage_mesos` → `MESOS_UPDATED`; `destroy_asset` → the inventory's
 *   `QUANTITY_CHANGED`/`DELETED`; `deposit_to_storage` → `DEPOSITED`; `withdraw_from_storage` →
 *   `WITHDRAWN`; `award_asset` → the inventory's `CREATED` in the first free slot of the item's tab;
 * - `COMMAND_TOPIC_STORAGE` `ARRANGE` orders the storage by item id → `ARRANGED`.
 *
 * The storage itself is kept per account and world in the store and served at
 * `storage/accounts/{a}?worldId=` and `…/assets?worldId=`.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { compartmentId, equipableData } from "../../features/character/fixtures.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { npcCommandContract } from "../../features/npc/messages.ts";
import type { AssetStatusEvent } from "../../features/inventory/messages.ts";
import { type SagaCommand, sagaCommandContract } from "../../features/saga/messages.ts";
import {
  storageCommandContract,
  storageShowCommandContract,
  storageStatusContract,
  type StorageStatusEvent,
} from "../../features/storage/messages.ts";
import type { SandboxCharacter, SandboxStorage, SandboxStore } from "../store.ts";
import { publishInventoryOutcome, SANDBOX_CAPACITY } from "./inventory.ts";

const log = getLogger("sandbox.storage");

/** The storage keeper NPC template in Henesys. */
export const STORAGE_KEEPER = 1012009;

const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

/** What a saga did: the events to publish, in order. */
export interface StorageSagaOutcome {
  assets: AssetStatusEvent[];
  storage: StorageStatusEvent[];
  mesoChanged: boolean;
}

/** Applies a storage saga to the character and the account's storage; see the module documentation. */
export function applyStorageSaga(
  c: SandboxCharacter,
  storage: SandboxStorage,
  saga: SagaCommand,
): StorageSagaOutcome {
  const out: StorageSagaOutcome = { assets: [], storage: [], mesoChanged: false };
  const a = c.attributes as Required<typeof c.attributes>;
  const envelope = {
    transactionId: saga.transactionId,
    worldId: storage.worldId,
    accountId: storage.accountId,
  };
  const fail = (errorCode: string) => {
    out.storage.push({ ...envelope, type: "ERROR", body: { errorCode } });
    return out;
  };
  // Check the whole saga first, so a failing one changes nothing.
  let meso = a.meso;
  let stored = storage.mesos;
  let room = storage.capacity - storage.assets.length;
  for (const step of saga.steps) {
    const p = step.payload as Record<string, unknown>;
    switch (step.action) {
      case "award_mesos":
        meso += Number(p.amount);
        if (meso < 0) return fail("NOT_ENOUGH_MESOS");
        break;
      case "update_storage_mesos":
        stored += p.operation === "SUBTRACT" ? -Number(p.mesos) : Number(p.mesos);
        if (stored < 0) return fail("NOT_ENOUGH_MESOS");
        break;
      case "deposit_to_storage":
        if (--room < 0) return fail("STORAGE_FULL");
        break;
      case "withdraw_from_storage":
        if (!storage.assets.some((x) => x.id === p.assetId)) return fail("GENERIC");
        room++;
        break;
      case "destroy_asset": {
        const held = c.assets.find((x) => x.templateId === p.templateId);
        if (!held || Number(held.referenceData.quantity ?? 1) < Number(p.quantity)) return fail("GENERIC");
        break;
      }
      case "award_asset":
        break;
    }
  }
  for (const step of saga.steps) {
    switch (step.action) {
      case "award_mesos":
        a.meso += step.payload.amount;
        out.mesoChanged = true;
        break;
      case "update_storage_mesos": {
        const oldMesos = storage.mesos;
        storage.mesos += step.payload.operation === "SUBTRACT" ? -step.payload.mesos : step.payload.mesos;
        out.storage.push({ ...envelope, type: "MESOS_UPDATED", body: { oldMesos, newMesos: storage.mesos } });
        break;
      }
      case "destroy_asset": {
        const held = c.assets.find((x) => x.templateId === step.payload.templateId)!;
        const left = Number(held.referenceData.quantity ?? 1) - step.payload.quantity;
        const event = {
          characterId: c.id,
          compartmentId: compartmentId(c.id, held.inventoryType),
          assetId: held.id,
          templateId: held.templateId,
          slot: held.slot,
        };
        if (left > 0 && held.referenceData.quantity !== undefined) {
          held.referenceData.quantity = left;
          out.assets.push({ ...event, type: "QUANTITY_CHANGED", body: { quantity: left } });
        } else {
          c.assets.splice(c.assets.indexOf(held), 1);
          out.assets.push({ ...event, type: "DELETED", body: {} });
        }
        break;
      }
      case "deposit_to_storage": {
        const d = step.payload;
        const inventoryType = Math.floor(d.templateId / 1_000_000);
        const id = storage.nextAssetId++;
        const slot = storage.assets.length;
        storage.assets.push({
          id,
          inventoryType,
          slot,
          templateId: d.templateId,
          referenceId: d.referenceId,
          referenceType: d.referenceType,
          quantity: inventoryType === 1 ? undefined : d.quantity,
        });
        out.storage.push({
          ...envelope,
          type: "DEPOSITED",
          body: { assetId: id, slot, templateId: d.templateId, referenceType: d.referenceType },
        });
        break;
      }
      case "withdraw_from_storage": {
        const taken = storage.assets.find((x) => x.id === step.payload.assetId)!;
        storage.assets.splice(storage.assets.indexOf(taken), 1);
        storage.assets.forEach((x, index) => x.slot = index);
        out.storage.push({
          ...envelope,
          type: "WITHDRAWN",
          body: { assetId: taken.id, slot: taken.slot, templateId: taken.templateId },
        });
        break;
      }
      case "award_asset": {
        const { templateId, quantity } = step.payload.item;
        const inventoryType = Math.floor(templateId / 1_000_000);
        const used = new Set(c.assets.filter((x) => x.inventoryType === inventoryType).map((x) => x.slot));
        let slot = 1;
        while (used.has(slot) && slot <= SANDBOX_CAPACITY) slot++;
        const id = storage.nextAssetId++ + 5_000_000;
        const referenceType = ["", "equipable", "consumable", "setup", "etc", "cash"][inventoryType];
        const referenceData: Record<string, unknown> = inventoryType === 1
          ? equipableData()
          : inventoryType === 5
          ? { ownerId: 0, cashId: "0", quantity, flag: 0, purchasedBy: 0 }
          : { ownerId: 0, quantity, flag: 0, ...(inventoryType === 2 ? { rechargeable: 0 } : {}) };
        c.assets.push({
          id,
          inventoryType,
          slot,
          templateId,
          referenceType,
          referenceId: id + 2000,
          referenceData,
        });
        out.assets.push({
          characterId: c.id,
          compartmentId: compartmentId(c.id, inventoryType),
          assetId: id,
          templateId,
          slot,
          type: "CREATED",
          body: {
            referenceId: id + 2000,
            referenceType,
            referenceData: { ...referenceData, ...(inventoryType === 1 ? { expiration: GO_ZERO_TIME } : {}) },
            expiration: GO_ZERO_TIME,
          } as never,
        });
        break;
      }
    }
  }
  return out;
}

/** Subscribes the storage responder on `bus` (call before `bus.start()`). */
export function storageResponder(bus: Bus, store: SandboxStore): void {
  bus.subscribe(npcCommandContract, async ({ value: command, tenant }) => {
    if (command.type !== "START_CONVERSATION" || command.npcId !== STORAGE_KEEPER) return;
    const { worldId, channelId, accountId } = command.body;
    await bus.publish(storageShowCommandContract, {
      transactionId: crypto.randomUUID(),
      worldId,
      channelId,
      characterId: command.characterId,
      npcId: STORAGE_KEEPER,
      accountId,
      type: "SHOW_STORAGE",
    }, { tenant, key: command.characterId });
  }, { name: "sandbox_storage_keeper" });

  bus.subscribe(sagaCommandContract, async ({ value: saga, tenant }) => {
    if (saga.initiatedBy !== "STORAGE") return;
    const first = saga.steps[0].payload as { characterId: number };
    const c = store.character(first.characterId);
    const where = saga.steps.map((s) => s.payload as { accountId?: number; worldId?: number })
      .find((p) => p.accountId !== undefined);
    if (!c || !where) {
      return log.warn("storage saga for an unknown character", { characterId: first.characterId });
    }
    const storage = store.storage(where.accountId!, where.worldId ?? 0);
    const outcome = applyStorageSaga(c, storage, saga);
    await publishInventoryOutcome(bus, tenant, { assets: outcome.assets, compartments: [] });
    if (outcome.mesoChanged) {
      const channelId = saga.steps.map((s) =>
        s.payload as { channelId?: number }
      ).find((p) => p.channelId !== undefined)
        ?.channelId ?? 0;
      await bus.publish(characterStatusContract, {
        characterId: c.id,
        type: "STAT_CHANGED",
        worldId: storage.worldId,
        body: { channelId, exclRequestSent: true, updates: ["MESO"] },
      }, { tenant, key: c.id });
    }
    await publishStorage(bus, tenant, outcome.storage);
  }, { name: "sandbox_storage_saga" });

  bus.subscribe(storageCommandContract, async ({ value: command, tenant }) => {
    const storage = store.storage(command.accountId, command.worldId);
    storage.assets.sort((x, y) => x.templateId - y.templateId).forEach((x, index) => x.slot = index);
    await publishStorage(bus, tenant, [{
      transactionId: command.transactionId,
      worldId: command.worldId,
      accountId: command.accountId,
      type: "ARRANGED",
      body: {},
    }]);
  }, { name: "sandbox_storage_command" });
}

async function publishStorage(bus: Bus, tenant: Tenant, events: StorageStatusEvent[]): Promise<void> {
  for (const event of events) {
    await bus.publish(storageStatusContract, event, { tenant, key: event.accountId });
  }
}
