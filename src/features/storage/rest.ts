/**
 * atlas-storage lookups (rest-contract.md §2.21, §3.27): an account's storage in a world and the
 * assets in it. The service writes snake_case attribute names; the schemas read those exact names and
 * hand out camelCase records. A GET of the storage creates it when missing (the service's side effect).
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int16, uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema, uuidId } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";
import { optionalGoTime } from "../character/time.ts";

/** A `storages` resource. */
export const storageResourceSchema = resourceSchema("storages", {
  id: uuidId,
  attributes: z.object({
    world_id: uint8,
    account_id: uint32,
    capacity: uint32,
    mesos: uint32.default(0),
  }).transform((a) => ({
    worldId: a.world_id,
    accountId: a.account_id,
    capacity: a.capacity,
    mesos: a.mesos,
  })),
});

/** An account's storage in one world. */
export type Storage = z.output<typeof storageResourceSchema>["attributes"] & { id: string };

/** The capacity the reference shows when the storage cannot be read. */
export const FALLBACK_STORAGE_CAPACITY = 4;

/** A `storage_assets` resource. `quantity`, `owner_id` and `flag` are present only for stackables. */
export const storageAssetResourceSchema = resourceSchema("storage_assets", {
  id: decimalId,
  attributes: z.object({
    /** 1 equip, 2 use, 3 setup, 4 etc, 5 cash. */
    inventory_type: uint8,
    slot: int16,
    template_id: uint32,
    expiration: optionalGoTime.default(null),
    reference_id: uint32.default(0),
    /** `equipable`, `cash_equipable` (underscore here), `consumable`, `setup`, `etc`, `cash`, `pet`. */
    reference_type: z.string(),
    quantity: uint32.optional(),
    owner_id: uint32.optional(),
    flag: uint16.optional(),
  }).transform((a) => ({
    inventoryType: a.inventory_type,
    slot: a.slot,
    templateId: a.template_id,
    expiration: a.expiration,
    referenceId: a.reference_id,
    referenceType: a.reference_type,
    quantity: a.quantity,
    ownerId: a.owner_id,
    flag: a.flag,
  })),
});

/** An asset kept in storage. */
export type StorageAsset = z.output<typeof storageAssetResourceSchema>["attributes"] & { id: number };

/** `GET {STORAGE}storage/accounts/{a}?worldId={w}` (creates the storage if missing). */
export async function getStorage(
  rest: RestClient,
  tenant: Tenant,
  accountId: number,
  worldId: number,
  options: LookupOptions = {},
): Promise<Storage> {
  const r = await rest.get(
    "STORAGE",
    `storage/accounts/${accountId}?worldId=${worldId}`,
    storageResourceSchema,
    { ...options, tenant },
  );
  return { id: r.id, ...r.attributes };
}

/** `GET {STORAGE}storage/accounts/{a}/assets?worldId={w}`. */
export async function getStorageAssets(
  rest: RestClient,
  tenant: Tenant,
  accountId: number,
  worldId: number,
  options: LookupOptions = {},
): Promise<StorageAsset[]> {
  const resources = await rest.getMany(
    "STORAGE",
    `storage/accounts/${accountId}/assets?worldId=${worldId}`,
    storageAssetResourceSchema,
    { ...options, tenant },
  );
  return resources.map((r) => ({ id: r.id, ...r.attributes }));
}
