/**
 * StorageOperationHandle (`u8 mode`, codes from the handler's `operations` option) → storage sagas on
 * `COMMAND_TOPIC_SAGA` (kafka-produced.md §4.36) and `ARRANGE` on `COMMAND_TOPIC_STORAGE` (§4.35):
 *
 * - `RETRIEVE_ASSET` `u8 inventoryType, u8 slot`: the storage asset in that slot (storage read over REST)
 *   → [fee] `award_mesos` −fee (NPC), `withdraw_from_storage` (all), `award_asset`;
 * - `STORE_ASSET` `i16 slot, u32 itemId, u16 quantity` → [fee] `award_mesos` −fee (NPC),
 *   `destroy_asset`, `deposit_to_storage` (lower-case reference type, as atlas-storage compares);
 * - `MESO` `i32 amount`: negative deposits (`award_mesos` amount, then `update_storage_mesos` `ADD`),
 *   positive withdraws (`update_storage_mesos` `SUBTRACT`, then `award_mesos`);
 * - `ARRANGE_ASSET` → `ARRANGE`; `CLOSE` forgets the storage keeper.
 *
 * Fees come from the storage keeper the last SHOW_STORAGE named (`data/npcs/{id}`; none when unknown or
 * the lookup fails). Unlike the reference, a deposit must match the session's inventory (the item in
 * that slot, no more than it holds) and a meso deposit no more than the character's cached meso; a
 * refused or unpublishable request re-enables the client's actions.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { type Session, sessionKey, sessionLogger } from "../../net/session.ts";
import { type HandlerOptions, optionCode } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { RestClient } from "../../rest/client.ts";
import { getNpcTemplate } from "../data/rest.ts";
import { cachedAssetAt, quantityOf } from "../inventory/handlers.ts";
import type { SagaCommand, SagaStep } from "../saga/messages.ts";
import type { StorageReferenceType } from "../saga/messages.ts";
import type { StorageCommand } from "./messages.ts";
import { getStorageAssets } from "./rest.ts";

/** The storage keeper NPC the open storage belongs to (set by SHOW_STORAGE, cleared by CLOSE). */
export const storageNpcKey = sessionKey<number>("storage.npc");

/** Go's zero time, which every storage saga step sends as the item expiration. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

const REFERENCE_TYPES: Readonly<Record<number, StorageReferenceType>> = {
  1: "equipable",
  2: "consumable",
  3: "setup",
  4: "etc",
  5: "cash",
};

/** What the handler needs from the server. */
export interface StorageHandlerDeps {
  rest?: RestClient;
  publishSaga(tenant: Tenant, saga: SagaCommand): Promise<void>;
  publishStorage(tenant: Tenant, command: StorageCommand): Promise<void>;
  enableActions(session: Session): void;
  /** The character's meso as cached at login and kept current by the stats domain. */
  mesoOf(session: Session): number | undefined;
  /** Clock for the saga timestamps; `Date.now` by default. */
  now?: () => number;
}

/** The storage handler, bound to `deps`. */
export function storageOperationHandler(deps: StorageHandlerDeps) {
  const now = deps.now ?? Date.now;
  const fees = async (session: Session): Promise<{ put: number; get: number }> => {
    const npcId = session.get(storageNpcKey);
    if (!npcId || !deps.rest) return { put: 0, get: 0 };
    try {
      const npc = await getNpcTemplate(deps.rest, session.tenant, npcId);
      return { put: Math.max(0, npc.trunkPut), get: Math.max(0, npc.trunkGet) };
    } catch (err) {
      sessionLogger(session, "storage.handlers").warn("storage keeper lookup failed; no fee", {
        npcId,
        error: err instanceof Error ? err.message : String(err),
      });
      return { put: 0, get: 0 };
    }
  };

  return async (session: Session, reader: PacketReader, options: HandlerOptions): Promise<void> => {
    const log = sessionLogger(session, "storage.handlers");
    const mode = reader.byte();
    const is = (name: string) => optionCode(options, "operations", name) === mode;
    const refuse = (reason: string, fields: Record<string, unknown> = {}) => {
      log.warn(`StorageOperationHandle: ${reason}; nothing produced`, { mode, ...fields });
      deps.enableActions(session);
    };
    const characterId = session.characterId;
    const accountId = session.accountId;
    if (!characterId || accountId === undefined) return refuse("no character logged in");
    const worldId = session.worldId;
    const channelId = session.channelId;
    const at = new Date(now()).toISOString();
    const step = (stepId: string, rest: Omit<SagaStep, "stepId" | "status" | "createdAt" | "updatedAt">) =>
      ({ stepId, status: "pending", createdAt: at, updatedAt: at, ...rest }) as SagaStep;
    const fee = (stepId: string, amount: number) =>
      step(stepId, {
        action: "award_mesos",
        payload: {
          characterId,
          worldId,
          channelId,
          actorId: session.get(storageNpcKey) ?? 0,
          actorType: "NPC",
          amount: -amount,
        },
      });
    const saga = async (steps: SagaStep[]) => {
      const command: SagaCommand = {
        transactionId: crypto.randomUUID(),
        sagaType: "inventory_transaction",
        initiatedBy: "STORAGE",
        steps,
      };
      try {
        await deps.publishSaga(session.tenant, command);
      } catch (err) {
        log.error("storage saga not published", { error: err instanceof Error ? err.message : String(err) });
        deps.enableActions(session);
      }
    };

    if (is("RETRIEVE_ASSET")) {
      const inventoryType = reader.byte();
      const slot = reader.byte();
      if (!deps.rest) return refuse("no storage service configured");
      let assets;
      try {
        assets = await getStorageAssets(deps.rest, session.tenant, accountId, worldId);
      } catch (err) {
        return refuse("storage lookup failed", { error: err instanceof Error ? err.message : String(err) });
      }
      const inSlot = assets.filter((a) => a.slot === slot);
      const asset = inSlot.find((a) => a.inventoryType === inventoryType) ?? inSlot[0];
      if (!asset) return refuse("no asset in that storage slot", { inventoryType, slot });
      const { get } = await fees(session);
      const steps: SagaStep[] = [];
      if (get > 0) steps.push(fee("charge_withdrawal_fee", get));
      steps.push(step("remove_from_storage", {
        action: "withdraw_from_storage",
        payload: { characterId, accountId, worldId, assetId: asset.id, quantity: 0 },
      }));
      steps.push(step("add_to_inventory", {
        action: "award_asset",
        payload: {
          characterId,
          item: { templateId: asset.templateId, quantity: asset.quantity ?? 1, expiration: ZERO_TIME },
        },
      }));
      return await saga(steps);
    }

    if (is("STORE_ASSET")) {
      const slot = reader.int16();
      const itemId = reader.uint32();
      const quantity = reader.uint16();
      const fields = { slot, itemId, quantity };
      const inventoryType = Math.floor(itemId / 1_000_000);
      const referenceType = REFERENCE_TYPES[inventoryType];
      if (!referenceType) return refuse("item of no inventory type", fields);
      if (quantity === 0 || slot <= 0) return refuse("nothing to store", fields);
      const held = cachedAssetAt(session, inventoryType, slot);
      if (held === undefined || (held && (held.templateId !== itemId || quantity > quantityOf(held)))) {
        return refuse("the slot does not hold that many of the item", fields);
      }
      const { put } = await fees(session);
      const steps: SagaStep[] = [];
      if (put > 0) steps.push(fee("charge_deposit_fee", put));
      steps.push(step("remove_from_inventory", {
        action: "destroy_asset",
        payload: { characterId, templateId: itemId, quantity, removeAll: false },
      }));
      steps.push(step("add_to_storage", {
        action: "deposit_to_storage",
        payload: {
          characterId,
          accountId,
          worldId,
          slot,
          templateId: itemId,
          referenceId: 0,
          referenceType,
          expiration: ZERO_TIME,
          quantity,
          ownerId: characterId,
          flag: 0,
        },
      }));
      return await saga(steps);
    }

    if (is("MESO")) {
      const amount = reader.int32();
      if (amount === 0) return refuse("no meso amount");
      const mesos = Math.abs(amount);
      const toCharacter = (stepId: string, value: number) =>
        step(stepId, {
          action: "award_mesos",
          payload: {
            characterId,
            worldId,
            channelId,
            actorId: characterId,
            actorType: "STORAGE",
            amount: value,
          },
        });
      const toStorage = (stepId: string, operation: "ADD" | "SUBTRACT") =>
        step(stepId, {
          action: "update_storage_mesos",
          payload: { characterId, accountId, worldId, operation, mesos },
        });
      if (amount < 0) {
        const held = deps.mesoOf(session);
        if (held !== undefined && mesos > held) {
          return refuse("deposits more meso than the character has", { amount });
        }
        return await saga([
          toCharacter("deduct_character_mesos", amount),
          toStorage("add_storage_mesos", "ADD"),
        ]);
      }
      return await saga([
        toStorage("subtract_storage_mesos", "SUBTRACT"),
        toCharacter("add_character_mesos", amount),
      ]);
    }

    if (is("ARRANGE_ASSET")) {
      try {
        await deps.publishStorage(session.tenant, {
          transactionId: crypto.randomUUID(),
          worldId,
          accountId,
          type: "ARRANGE",
          body: {},
        });
      } catch (err) {
        log.error("storage arrange not published", {
          error: err instanceof Error ? err.message : String(err),
        });
        deps.enableActions(session);
      }
      return;
    }

    if (is("CLOSE")) {
      session.set(storageNpcKey, undefined);
      return;
    }
    refuse("unknown storage operation");
  };
}
