/**
 * `EVENT_TOPIC_PET_STATUS` closeness, fullness, level, slot and exclusion changes end to end on the real
 * broker (field harness, GMS 83 template), and the pets a field entry shows. Expected bytes are written
 * out from the client layouts (libs/atlas-packet d59a1ad2df: `inventory/change_entry.go` and the pet
 * item of `model/asset`, `pet/clientbound/*.go`, `character/clientbound/effect.go`,
 * `stat/clientbound/changed.go`; codes and stat bits from the GMS 83 template). The owner's map mates
 * get only what the reference shows them; another map, another channel and another tenant get nothing
 * (sentinels).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURE_CHARACTERS, startField } from "../../support/field.ts";
import { assertNone, isOpcode, type Received, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import { petStatusContract, type PetStatusEvent } from "../../../src/features/pet/messages.ts";

const h = (text: string) => text.trim().split(/\s+/).join(" ");
const KITTY = 700001; // out, slot 0, cash slot 1
const REX = 700002; // resting, cash slot 2
const CHARACTERS = FIXTURE_CHARACTERS.map((c) =>
  c.id === 1001
    ? {
      ...c,
      pets: [
        { id: KITTY, templateId: 5000000, name: "Kitty", slot: 0 },
        { id: REX, templateId: 5000001, name: "Rex", slot: -1 },
      ],
    }
    : c
);

/** Kitty's PetActivated spawn: owner 1001, slot 0, where Aria stands (-200, 274), foothold 0. */
const KITTY_OUT = h(`e9 03 00 00  00 01 01  40 4b 4c 00  05 00 4b 69 74 74 79  61 ae 0a 00 00 00 00 00
  38 ff 12 01  00  00 00  00 00`);
/** Kitty's empty exclusion list. */
const KITTY_EXCLUDES = h(`e9 03 00 00  00  61 ae 0a 00 00 00 00 00  00`);
/** FILETIME "unset" (-1), the pet item's first date. */
const UNSET = "ff ff ff ff ff ff ff ff";
/** A pet without an expiration has no dead date: 0. */
const NO_DEAD_DATE = "00 00 00 00 00 00 00 00";

/** CharacterInventoryChange refreshing Kitty's cash item (cash slot 1): remove, then add. */
function kittyItem(level: number, closeness: number, fullness: number): string {
  const b = (n: number) => n.toString(16).padStart(2, "0");
  return h(`01 02  03 05 01 00  00 05 01 00
    03 40 4b 4c 00 01  61 ae 0a 00 00 00 00 00  ${UNSET}
    4b 69 74 74 79 00 00 00 00 00 00 00 00  ${b(level)}  ${b(closeness & 0xff)} ${b(closeness >> 8)}  ${
    b(fullness)
  }
    ${NO_DEAD_DATE}  00 00  00 00  50 46 00 00  00 00`);
}

const event = (petId: number, e: Omit<PetStatusEvent, "petId" | "ownerId">, ownerId = 1001) =>
  ({ petId, ownerId, ...e }) as PetStatusEvent;

Deno.test(
  integration("pet status: changes → item refresh, reactions, effects, slots, exclusions", async () => {
    const field = await startField({ characters: CHARACTERS, secondTenant: true });
    try {
      const activated = field.writerOpcode("PetActivated");
      const exclude = field.writerOpcode("PetExcludeResponse");
      const inventory = field.writerOpcode("CharacterInventoryChange");
      const command = field.writerOpcode("PetCommandResponse");
      const effect = field.writerOpcode("CharacterEffect");
      const effectForeign = field.writerOpcode("CharacterEffectForeign");
      const stat = field.writerOpcode("StatChanged");
      const body = (seen: Received[]) => toHex(seen[seen.length - 1].body);
      const bodyIs = (opcode: number, hex: string) => (p: Received) =>
        p.opcode === opcode && toHex(p.body) === hex;

      // Field entry: Aria's pet out is shown to her with its exclusion list; Cody, arriving later, sees it.
      const aria = await field.login(1001);
      assertEquals(toHex(await receiveOpcode(aria.client, activated)), KITTY_OUT);
      assertEquals(toHex(await receiveOpcode(aria.client, exclude)), KITTY_EXCLUDES);
      const cody = await field.login(2001);
      assertEquals(toHex(await receiveOpcode(cody.client, activated)), KITTY_OUT);
      const brin = await field.login(1002); // Ellinia
      const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
      const evie = await field.login(1001, { otherTenant: true }); // the other tenant's 1001
      assertEquals(toHex(await receiveOpcode(evie.client, exclude)), KITTY_EXCLUDES); // her own Kitty

      // CLOSENESS_CHANGED: the owner's cash item is refreshed with the new closeness.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "CLOSENESS_CHANGED", body: { slot: 0, closeness: 125, amount: 4 } }),
      );
      assertEquals(toHex(await receiveOpcode(aria.client, inventory)), kittyItem(1, 125, 100));

      // FULLNESS_CHANGED with a positive amount: refresh, and the food reaction for the map.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "FULLNESS_CHANGED", body: { slot: 0, fullness: 90, amount: 30 } }),
      );
      assertEquals(toHex(await receiveOpcode(aria.client, inventory)), kittyItem(1, 125, 90));
      const fed = h(`e9 03 00 00  00  01  01 00`);
      assertEquals(toHex(await receiveOpcode(aria.client, command)), fed);
      assertEquals(toHex(await receiveOpcode(cody.client, command)), fed);
      // A hunger tick (negative amount): the refresh only.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "FULLNESS_CHANGED", body: { slot: 0, fullness: 85, amount: -5 } }),
      );
      assertEquals(toHex(await receiveOpcode(aria.client, inventory)), kittyItem(1, 125, 85));

      // LEVEL_CHANGED: refresh; the pet level-up effect for the owner, the foreign one for the others.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "LEVEL_CHANGED", body: { slot: 0, level: 6, amount: 1 } }),
      );
      assertEquals(toHex(await receiveOpcode(aria.client, inventory)), kittyItem(6, 125, 85));
      assertEquals(toHex(await receiveOpcode(aria.client, effect)), "04 00 00");
      assertEquals(toHex(await receiveOpcode(cody.client, effectForeign)), "e9 03 00 00 04 00 00");

      // SLOT_CHANGED: Rex comes out into slot 1 (PET_SN_2, stat bit 19), Kitty goes in (PET_SN_1, bit 3,
      // zeroed), then Rex moves from slot 1 to 0: taken from slot 1, shown in slot 0.
      await field.publishEvent(
        petStatusContract,
        event(REX, { type: "SLOT_CHANGED", body: { oldSlot: -1, newSlot: 1 } }),
      );
      await receiveUntil(aria.client, bodyIs(stat, h(`01 00 00 08 00 62 ae 0a 00 00 00 00 00 00`)), {
        what: "PET_SN_2",
      });
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "SLOT_CHANGED", body: { oldSlot: 0, newSlot: -1 } }),
      );
      await receiveUntil(aria.client, bodyIs(stat, h(`01 08 00 00 00 00 00 00 00 00 00 00 00 00`)), {
        what: "PET_SN_1 0",
      });
      await field.publishEvent(
        petStatusContract,
        event(REX, { type: "SLOT_CHANGED", body: { oldSlot: 1, newSlot: 0 } }),
      );
      await receiveUntil(aria.client, bodyIs(stat, h(`01 08 00 00 00 62 ae 0a 00 00 00 00 00 00`)), {
        what: "PET_SN_1 Rex",
      });
      const rexOut = h(`e9 03 00 00  00 01 01  41 4b 4c 00  03 00 52 65 78  62 ae 0a 00 00 00 00 00
      38 ff 12 01  00  00 00  00 00`);
      for (const who of [aria, cody]) {
        const gone = await receiveUntil(who.client, isOpcode(activated), { what: "Rex leaving slot 1" });
        assertEquals(body(gone), h(`e9 03 00 00  01  00  00`));
        assertEquals(toHex(await receiveOpcode(who.client, activated)), rexOut);
      }

      // EXCLUDE_CHANGED: the owner gets the list of a pet that is out (Rex), nothing for one that is not.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "EXCLUDE_CHANGED", body: { items: [4000000] } }),
      );
      await field.publishEvent(
        petStatusContract,
        event(REX, { type: "EXCLUDE_CHANGED", body: { items: [2000000, 2000001] } }),
      );
      const lists = await receiveUntil(aria.client, isOpcode(exclude), { what: "Rex's exclusions" });
      assertEquals(body(lists), h(`e9 03 00 00  00  62 ae 0a 00 00 00 00 00  02  80 84 1e 00  81 84 1e 00`));
      assertNone(lists.slice(0, -1), isOpcode(exclude), "Kitty's list (she is not out)");

      // The other tenant's event for its own 1001 reaches her alone: the first refresh she sees is its
      // (her Kitty: closeness 0, fullness 100), nothing of this tenant's came before. This tenant's event
      // for a character not here reaches no one.
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "LEVEL_CHANGED", body: { slot: 0, level: 7, amount: 1 } }),
        { tenant: field.otherTenant },
      );
      await field.publishEvent(
        petStatusContract,
        event(KITTY, { type: "CLOSENESS_CHANGED", body: { slot: 0, closeness: 1, amount: 1 } }, 4001),
      );
      const petPackets = isOpcode(activated, exclude, inventory, command, effect, effectForeign);
      const evieSaw = await receiveUntil(evie.client, isOpcode(inventory), { what: "her tenant's refresh" });
      assertEquals(body(evieSaw), kittyItem(7, 0, 100));
      assertNone(evieSaw.slice(0, -1), petPackets, "this tenant's pet packets");
      assertEquals(toHex(await receiveOpcode(evie.client, effect)), "04 00 00");
      const ariaSentinel = await field.sentinel(aria);
      assertNone(
        await receiveUntil(aria.client, ariaSentinel),
        isOpcode(effect, inventory),
        "another tenant's event",
      );
      const codySentinel = await field.sentinel(cody);
      assertNone(
        await receiveUntil(cody.client, codySentinel),
        isOpcode(exclude, inventory, effect, stat),
        "the owner's own packets",
      );
      for (const who of [brin, dana, evie]) {
        const sentinel = await field.sentinel(who);
        assertNone(
          await receiveUntil(who.client, sentinel),
          petPackets,
          "a pet packet of another map, channel or tenant",
        );
      }
      assertTrue(!aria.session.isClosed && !cody.session.isClosed, "sessions stay open");
    } finally {
      await field.stop();
    }
  }),
);
