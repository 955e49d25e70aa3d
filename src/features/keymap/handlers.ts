/**
 * CharacterKeyMapChangeHandle: the client rebinds keys or picks an auto-potion. As in the reference
 * (socket/handler/character_key_map_change.go) each change is one `PATCH characters/{id}/keys/{key}` to
 * atlas-keys, sequentially; nothing goes to Kafka. Unlike the reference, the whole packet is read and
 * checked before any call, so a truncated or out-of-range packet changes nothing.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { PacketReadError } from "../../protocol/reader.ts";
import type { RestClient } from "../../rest/client.ts";
import { getLogger } from "../../observability/log.ts";
import { AUTO_HP_KEY, AUTO_MP_KEY, changeKeyBinding, ITEM_BINDING_TYPE, type KeyBinding } from "./rest.ts";
import { KEY_COUNT } from "./writers.ts";

const log = getLogger("keymap");

/** The handler name in the tenant templates. */
export const KEY_MAP_CHANGE_HANDLER = "CharacterKeyMapChangeHandle";

/** Bytes of one changed key in mode 0: `i32 key, i8 type, i32 action`. */
const CHANGE_SIZE = 9;

/** A key map change packet that reads fine but makes no sense (the reference would PATCH garbage). */
export class KeyMapChangeError extends Error {
  override name = "KeyMapChangeError";
}

/**
 * Reads a key map change: mode 0 → `u32 count` and the changed keys; mode 1/2 → `u32 itemId` for the
 * auto-HP/auto-MP slot. Throws PacketReadError for a truncated packet, and KeyMapChangeError for more
 * than 90 keys, a key outside 0–89, an item id that does not fit the i32 action, or an unknown mode.
 */
export function readKeyMapChange(reader: PacketReader): KeyBinding[] {
  const mode = reader.uint32();
  if (mode === 0) {
    const count = reader.uint32();
    if (count > KEY_COUNT || count * CHANGE_SIZE > reader.remaining) {
      if (count > KEY_COUNT) throw new KeyMapChangeError(`the packet claims ${count} changed keys`);
      throw new PacketReadError(`${count} key changes`, reader.offset, count * CHANGE_SIZE, reader.remaining);
    }
    const changes: KeyBinding[] = [];
    for (let i = 0; i < count; i++) {
      const key = reader.int32();
      const type = reader.int8();
      const action = reader.int32();
      if (key < 0 || key >= KEY_COUNT) throw new KeyMapChangeError(`key index ${key} is outside 0–89`);
      changes.push({ key, type, action });
    }
    return changes;
  }
  if (mode === 1 || mode === 2) {
    const itemId = reader.uint32();
    if (itemId > 0x7fff_ffff) {
      throw new KeyMapChangeError(`auto-potion item ${itemId} does not fit an i32 action`);
    }
    return [{ key: mode === 1 ? AUTO_HP_KEY : AUTO_MP_KEY, type: ITEM_BINDING_TYPE, action: itemId }];
  }
  throw new KeyMapChangeError(`unknown mode ${mode}`);
}

/**
 * PATCHes each change in order. A failed call is logged and the next one still runs (the reference
 * also carries on). Resolves with the number of changes the service accepted.
 */
export async function applyKeyMapChanges(
  rest: RestClient,
  tenant: Tenant,
  characterId: number,
  changes: readonly KeyBinding[],
): Promise<number> {
  let applied = 0;
  for (const change of changes) {
    try {
      await changeKeyBinding(rest, tenant, characterId, change);
      applied++;
    } catch (err) {
      log.error("key binding change failed", {
        tenantId: tenant.id,
        characterId,
        key: change.key,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return applied;
}
