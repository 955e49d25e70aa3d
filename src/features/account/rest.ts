/**
 * Account service lookups (rest-contract.md §2.2).
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import type { RestClient } from "../../rest/client.ts";
import { decimalId, resourceSchema } from "../../rest/jsonapi.ts";

/** The attributes of an `accounts` resource the channel reads. */
export const accountAttributesSchema = z.object({
  name: z.string(),
  /** Greater than zero means logged in. */
  loggedIn: z.number().int().min(0).max(0xff),
  gender: z.number().int().min(0).max(0xff).optional(),
  banned: z.boolean().optional(),
  /** Character slots of the account (Go `int16`; absent → 0 as Go decodes it). Shown in the cash shop. */
  characterSlots: z.number().int().min(-0x8000).max(0x7fff).default(0),
  // The rest of atlas-account's attributes (rest-contract.md §2.2); absent → Go's zero value.
  pin: z.string().default(""),
  pic: z.string().default(""),
  /** Go `uint64` (epoch milliseconds in practice). */
  lastLogin: z.number().int().min(0).default(0),
  tos: z.boolean().default(false),
  language: z.string().default(""),
  country: z.string().default(""),
});

/** An `accounts` resource. */
export const accountResourceSchema = resourceSchema("accounts", {
  id: decimalId,
  attributes: accountAttributesSchema,
});
/** See {@link accountResourceSchema}. */
export type AccountResource = z.output<typeof accountResourceSchema>;

/** Every account of the tenant (`GET {ACCOUNTS}accounts`; the service redirects to `accounts/`). */
export function listAccounts(rest: RestClient, tenant: Tenant): Promise<AccountResource[]> {
  return rest.getMany("ACCOUNTS", "accounts", accountResourceSchema, { tenant });
}

/** One account (`GET {ACCOUNTS}accounts/{id}`). 404 → RestNotFoundError. */
export function getAccount(rest: RestClient, tenant: Tenant, accountId: number): Promise<AccountResource> {
  return rest.get("ACCOUNTS", `accounts/${accountId}`, accountResourceSchema, { tenant });
}

/** The ids of the tenant's logged-in accounts. */
export async function loggedInAccountIds(rest: RestClient, tenant: Tenant): Promise<number[]> {
  const accounts = await listAccounts(rest, tenant);
  return accounts.filter((a) => a.attributes.loggedIn > 0).map((a) => a.id);
}
