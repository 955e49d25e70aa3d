/**
 * atlas-npc-shops lookup (rest-contract.md §2.20, §3.26): an NPC's shop with its commodities
 * (`include=commodities`). A 404 means "this NPC has no shop".
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { RestNotFoundError } from "../../rest/errors.ts";
import { resourceSchema, toMany, uuidId } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `commodities` resource: one item for sale (its UUID is repeated inside the attributes). */
export const commodityResourceSchema = resourceSchema("commodities", {
  id: uuidId,
  attributes: z.object({
    templateId: uint32,
    mesoPrice: uint32.default(0),
    discountRate: uint8.default(0),
    tokenTemplateId: uint32.default(0),
    tokenPrice: uint32.default(0),
    /** Rental period (0 = permanent). */
    period: uint32.default(0),
    levelLimit: uint32.default(0),
    /** Price per unit of rechargeable items (stars, bullets). */
    unitPrice: z.number().default(0),
    slotMax: uint32.default(0),
  }),
});

/** A commodity. */
export type Commodity = z.output<typeof commodityResourceSchema>["attributes"] & { id: string };

/** A `shops` resource: the id is `shop-<npcId>` text, not a number. */
export const shopResourceSchema = resourceSchema("shops", {
  id: z.string(),
  attributes: z.object({
    npcId: uint32,
    /** Sent by atlas-npc-shops; the reference does not read it. */
    recharger: z.boolean().default(false),
  }),
  relationships: { commodities: toMany(commodityResourceSchema) },
});

/** An NPC shop and its commodities, in the service's order. */
export interface NpcShop {
  id: string;
  npcId: number;
  recharger: boolean;
  commodities: Commodity[];
}

/** The relationship the shop lookup asks atlas-npc-shops to include. */
export const SHOP_INCLUDE = ["commodities"] as const;

/** `GET {NPC_SHOP}npcs/{templateId}/shop?include=commodities`. 404 (no shop) → RestNotFoundError. */
export async function getNpcShop(
  rest: RestClient,
  tenant: Tenant,
  npcTemplateId: number,
  options: LookupOptions = {},
): Promise<NpcShop> {
  const r = await rest.get("NPC_SHOP", `npcs/${npcTemplateId}/shop`, shopResourceSchema, {
    ...options,
    tenant,
    include: SHOP_INCLUDE,
  });
  return {
    id: r.id,
    ...r.attributes,
    commodities: r.relationships.commodities.map((c) => ({ id: c.id, ...c.attributes })),
  };
}

/**
 * The NPC's shop, or `undefined` when it has none (404). Unlike the reference, any other failure
 * rejects instead of silently turning a shop NPC into a conversation NPC.
 */
export async function findNpcShop(
  rest: RestClient,
  tenant: Tenant,
  npcTemplateId: number,
  options: LookupOptions = {},
): Promise<NpcShop | undefined> {
  try {
    return await getNpcShop(rest, tenant, npcTemplateId, options);
  } catch (err) {
    if (err instanceof RestNotFoundError) return undefined;
    throw err;
  }
}
