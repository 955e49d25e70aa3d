/**
 * The lookups of cash-shop entry (rest-contract.md §2.22 and §3.28–3.30): the account's wallet, its
 * cash inventory compartment with the items, the character's wish list, and the buddy list capacity
 * CharacterInfo carries. Attribute names are atlas-cashshop's and atlas-buddies' exactly.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int64String, uint16, uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import {
  decimalId,
  NIL_UUID,
  requestBody,
  resourceSchema,
  toMany,
  toOne,
  uuidId,
} from "../../rest/jsonapi.ts";

const zero = (schema: z.ZodNumber) => schema.default(0);

/** Cash-shop compartment types (query `type`); the channel asks for the explorer one, as the reference. */
export const CASH_COMPARTMENT_TYPES = { explorer: 1, cygnus: 2, legend: 3 } as const;

/** A `wallets` resource. */
export const walletResourceSchema = resourceSchema("wallets", {
  id: uuidId,
  attributes: z.object({
    accountId: zero(uint32),
    credit: zero(uint32),
    points: zero(uint32),
    prepaid: zero(uint32),
  }),
});

/** An account's cash balances. */
export interface Wallet {
  credit: number;
  points: number;
  prepaid: number;
}

/** What the client is shown when the wallet cannot be read (the reference's zero wallet). */
export const EMPTY_WALLET: Readonly<Wallet> = Object.freeze({ credit: 0, points: 0, prepaid: 0 });

/** `GET {CASHSHOP}accounts/{id}/wallet`. 404 (no wallet) → RestNotFoundError. */
export async function getWallet(rest: RestClient, tenant: Tenant, accountId: number): Promise<Wallet> {
  const { attributes } = await rest.get("CASHSHOP", `accounts/${accountId}/wallet`, walletResourceSchema, {
    tenant,
  });
  return { credit: attributes.credit, points: attributes.points, prepaid: attributes.prepaid };
}

/** An `items` resource of the cash-item flavour (the id is decimal, `cashId` is an int64 as text). */
export const cashItemResourceSchema = resourceSchema("items", {
  id: decimalId,
  attributes: z.object({
    cashId: int64String.default("0"),
    templateId: zero(uint32),
    quantity: zero(uint32),
    flag: zero(uint16),
    purchasedBy: zero(uint32),
  }),
});

/** An `assets` resource of the cash-shop flavour: a slot of the cash inventory holding one item. */
export const cashAssetResourceSchema = resourceSchema("assets", {
  id: uuidId,
  attributes: z.object({ compartmentId: uuidId.optional() }),
  relationships: { item: toOne(cashItemResourceSchema) },
});

/** A `compartments` resource of the cash-shop flavour, with its assets and their items included. */
export const cashCompartmentResourceSchema = resourceSchema("compartments", {
  id: uuidId,
  attributes: z.object({ accountId: zero(uint32), type: zero(uint8), capacity: zero(uint32) }),
  relationships: { assets: toMany(cashAssetResourceSchema) },
});

/** One item of the cash inventory. */
export interface CashItem {
  /** The asset's id (UUID). */
  assetId: string;
  /** The item's id (decimal id of the `items` resource). */
  itemId: number;
  /** Cash serial number, decimal text (may exceed 2^53). */
  cashId: string;
  templateId: number;
  quantity: number;
  flag: number;
  purchasedBy: number;
}

/** An account's cash inventory compartment. */
export interface CashCompartment {
  id: string;
  accountId: number;
  type: number;
  capacity: number;
  /** In the order the service listed them; assets whose item was not included are left out. */
  items: CashItem[];
}

/** `GET {CASHSHOP}accounts/{id}/cash-shop/inventory/compartments?type={type}`. */
export async function getCashCompartment(
  rest: RestClient,
  tenant: Tenant,
  accountId: number,
  type: number = CASH_COMPARTMENT_TYPES.explorer,
): Promise<CashCompartment> {
  const resource = await rest.get(
    "CASHSHOP",
    `accounts/${accountId}/cash-shop/inventory/compartments?type=${type}`,
    cashCompartmentResourceSchema,
    { tenant },
  );
  const items: CashItem[] = [];
  for (const asset of resource.relationships.assets) {
    const item = asset.relationships.item;
    if (!item) continue;
    items.push({ assetId: asset.id, itemId: item.id, ...item.attributes });
  }
  return {
    id: resource.id,
    accountId: resource.attributes.accountId,
    type: resource.attributes.type,
    capacity: resource.attributes.capacity,
    items,
  };
}

/** One asset of the cash inventory: its compartment and the item it holds (`null` if none was included). */
export interface CashAsset {
  id: string;
  compartmentId: string | undefined;
  item: CashItem | null;
}

/**
 * `GET {CASHSHOP}accounts/{a}/cash-shop/inventory/compartments/{c}/assets/{id}` with the item included
 * (shows a bought item). 404 → RestNotFoundError.
 */
export async function getCashAsset(
  rest: RestClient,
  tenant: Tenant,
  accountId: number,
  compartmentId: string,
  assetId: string,
): Promise<CashAsset> {
  const asset = await rest.get(
    "CASHSHOP",
    `accounts/${accountId}/cash-shop/inventory/compartments/${compartmentId}/assets/${assetId}`,
    cashAssetResourceSchema,
    { tenant },
  );
  const item = asset.relationships.item;
  return {
    id: asset.id,
    compartmentId: asset.attributes.compartmentId,
    item: item ? { assetId: asset.id, itemId: item.id, ...item.attributes } : null,
  };
}

/** An `items` resource of the wish-list flavour. */
export const wishlistItemResourceSchema = resourceSchema("items", {
  id: uuidId,
  attributes: z.object({ characterId: zero(uint32), serialNumber: uint32 }),
});

/** `GET {CASHSHOP}characters/{id}/cash-shop/wishlist`: the wished serial numbers, in listed order. */
export async function getWishlist(rest: RestClient, tenant: Tenant, characterId: number): Promise<number[]> {
  const items = await rest.getMany(
    "CASHSHOP",
    `characters/${characterId}/cash-shop/wishlist`,
    wishlistItemResourceSchema,
    { tenant },
  );
  return items.map((item) => item.attributes.serialNumber);
}

/**
 * `DELETE {CASHSHOP}characters/{id}/cash-shop/wishlist`: clears the wish list. Unlike the reference the
 * status is checked (non-2xx rejects). Not retried.
 */
export async function clearWishlist(rest: RestClient, tenant: Tenant, characterId: number): Promise<void> {
  await rest.delete("CASHSHOP", `characters/${characterId}/cash-shop/wishlist`, { tenant });
}

/** The POST body adding one serial number: type `items`, nil UUID id, `characterId` then `serialNumber`. */
export function wishlistItemBody(characterId: number, serialNumber: number) {
  return requestBody("items", NIL_UUID, { characterId, serialNumber });
}

/**
 * `POST {CASHSHOP}characters/{id}/cash-shop/wishlist`: adds one serial number. The created resource the
 * service answers with is not needed and not parsed. Not retried (a repeat would add it twice).
 */
export async function addWishlistItem(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  serialNumber: number,
): Promise<void> {
  await rest.post(
    "CASHSHOP",
    `characters/${characterId}/cash-shop/wishlist`,
    wishlistItemBody(characterId, serialNumber),
    { tenant },
  );
}
