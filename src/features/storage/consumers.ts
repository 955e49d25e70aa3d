/**
 * Storage events → StorageOperation (kafka-consumed.md §2.19, §2.37):
 *
 * - `COMMAND_TOPIC_STORAGE_SHOW` `SHOW_STORAGE` (from the saga orchestrator, for a channel this process
 *   serves): the storage and its assets over REST (metadata failure → capacity 4, no meso; assets
 *   failure → none), then for the character's session: remember the keeper (fees) and send `SHOW`;
 * - `EVENT_TOPIC_STORAGE_STATUS`, for the account's session in the event's world: `MESOS_UPDATED` →
 *   `UPDATE_MESO`; `ARRANGED` → the storage read again and `SHOW` (keeper 0); `ERROR` → the error mode
 *   (`STORAGE_FULL`, `NOT_ENOUGH_MESOS`, `ONE_OF_A_KIND`, else the message); `DEPOSITED` / `WITHDRAWN`
 *   (ignored by the reference) → the changed tab read again and `STORE_ASSETS` / `RETRIEVE_ASSETS`.
 *
 * Storage is opened a few times a session, so reading it over REST here is no hot path.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { sameTenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { getLogger } from "../../observability/log.ts";
import type { StorageShowCommand, StorageStatusEvent } from "./messages.ts";
import { FALLBACK_STORAGE_CAPACITY, getStorage, getStorageAssets, type StorageAsset } from "./rest.ts";
import { storageNpcKey } from "./handlers.ts";
import {
  STORAGE_OPERATION_WRITER,
  storageErrorBody,
  storageMesoBody,
  storageShowBody,
  storageTabBody,
} from "./writers.ts";

const log = getLogger("storage.consumers");

/** An account's storage as the client is shown it. */
interface StorageView {
  capacity: number;
  mesos: number;
  assets: StorageAsset[];
}

async function readStorage(
  ctx: FeatureContext,
  tenant: Tenant,
  accountId: number,
  worldId: number,
): Promise<StorageView> {
  const view: StorageView = { capacity: FALLBACK_STORAGE_CAPACITY, mesos: 0, assets: [] };
  const rest = ctx.rest;
  if (!rest) return view;
  const [storage, assets] = await Promise.allSettled([
    getStorage(rest, tenant, accountId, worldId),
    getStorageAssets(rest, tenant, accountId, worldId),
  ]);
  if (storage.status === "fulfilled") {
    view.capacity = storage.value.capacity;
    view.mesos = storage.value.mesos;
  } else {log.warn("storage lookup failed; shown empty", {
      accountId,
      worldId,
      error: String(storage.reason),
    });}
  if (assets.status === "fulfilled") view.assets = assets.value;
  else log.warn("storage assets lookup failed; shown without items", { accountId, worldId });
  return view;
}

/** The account's live session on this process in `worldId`. */
function accountSession(
  ctx: FeatureContext,
  tenant: Tenant,
  accountId: number,
  worldId: number,
): Session | undefined {
  for (const channel of ctx.channels()) {
    if (channel.worldId !== worldId || !sameTenant(channel.tenant, tenant)) continue;
    for (const session of channel.sessions.values()) {
      if (session.accountId === accountId && session.characterId !== undefined && !session.isClosed) {
        return session;
      }
    }
  }
  return undefined;
}

/** Handles `SHOW_STORAGE`; see the module documentation. */
export async function onStorageShow(
  ctx: FeatureContext,
  command: StorageShowCommand,
  tenant: Tenant,
): Promise<void> {
  if (!servesChannel(ctx, tenant, command.worldId, command.channelId)) return;
  const view = await readStorage(ctx, tenant, command.accountId, command.worldId);
  const session = characterSession(ctx, tenant, command.characterId, {
    worldId: command.worldId,
    channelId: command.channelId,
  });
  if (!session) return;
  session.set(storageNpcKey, command.npcId);
  ctx.send(
    session,
    STORAGE_OPERATION_WRITER,
    storageShowBody(session.tenant, command.npcId, view.capacity, view.mesos, view.assets),
  );
}

/** Handles one `EVENT_TOPIC_STORAGE_STATUS` event; see the module documentation. */
export async function onStorageStatus(
  ctx: FeatureContext,
  event: StorageStatusEvent,
  tenant: Tenant,
): Promise<void> {
  const session = accountSession(ctx, tenant, event.accountId, event.worldId);
  if (!session) return;
  switch (event.type) {
    case "MESOS_UPDATED": {
      const view = await readStorage(ctx, tenant, event.accountId, event.worldId);
      ctx.send(session, STORAGE_OPERATION_WRITER, storageMesoBody(view.capacity, event.body.newMesos));
      return;
    }
    case "ARRANGED": {
      const view = await readStorage(ctx, tenant, event.accountId, event.worldId);
      ctx.send(
        session,
        STORAGE_OPERATION_WRITER,
        storageShowBody(session.tenant, 0, view.capacity, view.mesos, view.assets),
      );
      return;
    }
    case "ERROR":
      if (
        !ctx.send(
          session,
          STORAGE_OPERATION_WRITER,
          storageErrorBody(event.body.errorCode, event.body.message),
        )
      ) {
        sendEnableActions(ctx, session);
      }
      return;
    case "DEPOSITED":
    case "WITHDRAWN": {
      const inventoryType = Math.floor(event.body.templateId / 1_000_000);
      if (inventoryType < 1 || inventoryType > 5) {
        sessionLogger(session, "storage.consumers").warn("storage event for an item of no inventory type", {
          templateId: event.body.templateId,
        });
        return;
      }
      const view = await readStorage(ctx, tenant, event.accountId, event.worldId);
      const kind = event.type === "DEPOSITED" ? "STORE_ASSETS" : "RETRIEVE_ASSETS";
      ctx.send(
        session,
        STORAGE_OPERATION_WRITER,
        storageTabBody(session.tenant, kind, view.capacity, inventoryType, view.assets),
      );
      return;
    }
  }
}
