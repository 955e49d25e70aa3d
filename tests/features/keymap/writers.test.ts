/**
 * Golden tests of the key map packets. Layouts: the reference's socket/writer/character_key_map.go,
 * character_key_map_auto_hp.go, character_key_map_auto_mp.go (no version branches).
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  autoPotions,
  writeAutoPotion,
  writeKeyMap,
  writeKeyMapReset,
} from "../../../src/features/keymap/writers.ts";
import { hex } from "../character/golden.ts";

function bytes(build: (w: ReturnType<typeof packetWriter>) => void): string {
  const w = packetWriter();
  build(w);
  return hex(w.toBytes());
}

Deno.test("CharacterKeyMap: 00 then 90 × (i8 type, i32 action), zeros where unbound; keys ≥ 90 are not in it", () => {
  const actual = bytes((w) =>
    writeKeyMap(w, [
      { key: 2, type: 4, action: 10 },
      { key: 29, type: 1, action: 4001003 },
      { key: 89, type: -1, action: -2 },
      { key: 91, type: 7, action: 2000000 },
    ])
  );
  const slot = (type: string, action: string) => type + action;
  const empty = slot("00", "00000000");
  const expected = "00" + empty.repeat(2) + slot("04", "0a000000") + empty.repeat(26) +
    slot("01", "eb0c3d00") +
    empty.repeat(59) + slot("ff", "feffffff");
  assertEquals(actual, expected);
  assertEquals(actual.length, (1 + 90 * 5) * 2);
});

Deno.test("CharacterKeyMap reset: a single 01", () => {
  assertEquals(bytes((w) => writeKeyMapReset(w)), "01");
});

Deno.test("CharacterKeyMapAutoHp / AutoMp: the i32 item id of keys 91 / 92, 0 when unbound", () => {
  const potions = autoPotions([{ key: 91, type: 7, action: 2000000 }, { key: 18, type: 4, action: 0 }]);
  assertEquals(potions, { hp: 2000000, mp: 0 });
  assertEquals(bytes((w) => writeAutoPotion(w, potions.hp)), "80841e00");
  assertEquals(bytes((w) => writeAutoPotion(w, potions.mp)), "00000000");
});
