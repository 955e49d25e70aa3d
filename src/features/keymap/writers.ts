/**
 * Key map packets sent after login: the 90 key bindings and the two auto-potion items. Layouts follow
 * the reference's socket/writer/character_key_map.go, character_key_map_auto_hp.go and
 * character_key_map_auto_mp.go (identical in every version).
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";
import { AUTO_HP_KEY, AUTO_MP_KEY, type KeyBinding } from "./rest.ts";

/** Writer names as the tenant templates bind them. */
export const KEY_MAP_WRITERS = {
  keyMap: "CharacterKeyMap",
  autoHp: "CharacterKeyMapAutoHp",
  autoMp: "CharacterKeyMapAutoMp",
} as const;

/** How many keys the key map packet carries (indexes 0–89). */
export const KEY_COUNT = 90;

/** CharacterKeyMap: `u8 0`, then for keys 0–89 `(i8 type, i32 action)`, zeros where unbound. */
export function writeKeyMap(w: PacketWriter, bindings: readonly KeyBinding[]): void {
  const byKey = new Map<number, KeyBinding>();
  for (const binding of bindings) byKey.set(binding.key, binding);
  w.byte(0);
  for (let key = 0; key < KEY_COUNT; key++) {
    const binding = byKey.get(key);
    w.int8(binding?.type ?? 0).int32(binding?.action ?? 0);
  }
}

/** CharacterKeyMap "reset to defaults": `u8 1` and nothing else. */
export function writeKeyMapReset(w: PacketWriter): void {
  w.byte(1);
}

/** CharacterKeyMapAutoHp / AutoMp: `i32` item id (0 = none). */
export function writeAutoPotion(w: PacketWriter, action: number): void {
  w.int32(action);
}

/** The auto-HP (key 91) and auto-MP (key 92) actions of a binding list, 0 when unbound. */
export function autoPotions(bindings: readonly KeyBinding[]): { hp: number; mp: number } {
  const action = (key: number) => bindings.findLast((b) => b.key === key)?.action ?? 0;
  return { hp: action(AUTO_HP_KEY), mp: action(AUTO_MP_KEY) };
}
