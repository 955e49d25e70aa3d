/**
 * atlas-keys calls (rest-contract.md §2.11): read a character's key bindings and change one binding.
 * @module
 */
import { z } from "zod";
import type { Tenant } from "../../tenant.ts";
import { int32, int8 } from "../../kafka/wire.ts";
import type { RestClient } from "../../rest/client.ts";
import { requestBody, resourceSchema } from "../../rest/jsonapi.ts";
import type { LookupOptions } from "../character/rest.ts";

/** A `keys` resource: the id is the key index (signed decimal text). */
export const keyResourceSchema = resourceSchema("keys", {
  id: z.string().regex(/^-?\d+$/, "a decimal key index").transform(Number).pipe(int32),
  attributes: z.object({ type: int8.default(0), action: int32.default(0) }),
});

/** One key binding. */
export interface KeyBinding {
  key: number;
  type: number;
  action: number;
}

/** Key index of the auto-HP potion slot. */
export const AUTO_HP_KEY = 91;
/** Key index of the auto-MP potion slot. */
export const AUTO_MP_KEY = 92;
/** Binding type of an item (what the auto-potion slots hold). */
export const ITEM_BINDING_TYPE = 7;

/** `GET {KEYS}characters/{id}/keys`. */
export async function getKeyBindings(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  options: LookupOptions = {},
): Promise<KeyBinding[]> {
  const resources = await rest.getMany("KEYS", `characters/${characterId}/keys`, keyResourceSchema, {
    ...options,
    tenant,
  });
  return resources.map((r) => ({ key: r.id, ...r.attributes }));
}

/** The PATCH body: type `keys`, id = key index text, attributes `type` and `action` in that order. */
export function keyBindingBody(binding: KeyBinding) {
  return requestBody("keys", String(binding.key), { type: binding.type, action: binding.action });
}

/**
 * `PATCH {KEYS}characters/{id}/keys/{key}`. Unlike the reference (which ignores the status), a non-2xx
 * answer rejects with a RestError. Not retried.
 */
export async function changeKeyBinding(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  binding: KeyBinding,
  options: LookupOptions = {},
): Promise<void> {
  await rest.patch("KEYS", `characters/${characterId}/keys/${binding.key}`, keyBindingBody(binding), {
    ...options,
    tenant,
  });
}
