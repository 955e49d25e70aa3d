/**
 * The owner's pet packets end to end on the real broker (field harness, GMS 83 template): spawn, chat,
 * movement, food, the auto-potion and the pet's pick-up become the reference's commands with the exact
 * JSON, the Atlas key, tenant headers and trace context; owner and slot come from the session's pets
 * (loaded at field entry), never from the packet. Packets for a pet that is not the character's or not
 * out, truncated packets and forged paths produce nothing (proven by the valid command that follows
 * being the first on its topic). A pet's movement reaches the others in the map, not its owner and not
 * another map (sentinel). Client layouts: libs/atlas-packet `pet/serverbound/*.go` at d59a1ad2df.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import { assertNone, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import { petCommandContract } from "../../../src/features/pet/messages.ts";
import { chatCommandContract } from "../../../src/features/chat/messages.ts";
import { petMovementContract } from "../../../src/features/movement/messages.ts";
import { consumableCommandContract } from "../../../src/features/consumable/messages.ts";
import { dropCommandContract, dropStatusContract } from "../../../src/features/drop/messages.ts";

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
const ENABLE_ACTIONS = "01 00 00 00 00 00";

Deno.test(
  integration("pet handlers: spawn, chat, movement, food, auto-potion and pick-up commands", async () => {
    const field = await startField({ characters: CHARACTERS });
    try {
      const aria = await field.login(1001); // Henesys, owns Kitty (out) and Rex (resting)
      const cody = await field.login(2001); // Henesys
      const brin = await field.login(1002); // Ellinia
      const statChanged = field.writerOpcode("StatChanged");
      const petMovement = field.writerOpcode("PetMovement");

      // PetSpawnHandle: u32 updateTime, i16 cash slot, bool lead. An empty slot and a cut packet: nothing.
      await aria.client.send(field.packet("PetSpawnHandle", (w) => w.uint32(1).int16(9).bool(false)));
      assertEquals(toHex(await receiveOpcode(aria.client, statChanged)), ENABLE_ACTIONS);
      await aria.client.send(field.packet("PetSpawnHandle", (w) => w.uint32(1).int16(2)));
      await aria.client.send(field.packet("PetSpawnHandle", (w) => w.uint32(2).int16(2).bool(true))); // Rex in
      await aria.client.send(field.packet("PetSpawnHandle", (w) => w.uint32(3).int16(1).bool(false))); // Kitty out
      await field.waitFor("two pet commands", () => field.captured(petCommandContract).length >= 2);
      const spawns = field.captured(petCommandContract);
      assertEquals(spawns.map((c) => c.raw), [
        `{"actorId":1001,"petId":${REX},"type":"SPAWN","body":{"lead":true}}`,
        `{"actorId":1001,"petId":${KITTY},"type":"DESPAWN","body":{}}`,
      ]);
      assertEquals(spawns.map((c) => c.keyId), [REX, KITTY]);
      assertEquals(spawns[0].headers.TENANT_ID, field.tenant.id);
      assertEquals(spawns[0].headers.REGION, "GMS");
      assertEquals(toHex(spawns[0].rawHeaders.MAJOR_VERSION), "00 53");
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(spawns[0].headers.traceparent), "traceparent");

      // PetChatHandle: u64 petId, u8 type, u8 action, str text (no update time before GMS v95). Rex is
      // not out, 700009 is not hers, a control character is refused: the first chat is Kitty's.
      const chat = (petId: number, text: string) =>
        field.packet("PetChatHandle", (w) => w.uint64(BigInt(petId)).byte(0).byte(1).string(text));
      await aria.client.send(chat(REX, "grr"));
      await aria.client.send(chat(700009, "meow"));
      await aria.client.send(chat(KITTY, "bad\u0001"));
      await aria.client.send(field.packet("PetChatHandle", (w) => w.uint64(BigInt(KITTY)).byte(0)));
      await cody.client.send(chat(KITTY, "not his"));
      await aria.client.send(chat(KITTY, "woof"));
      const line = await field.expectCommand(chatCommandContract);
      assertEquals(
        line.raw,
        `{"worldId":0,"channelId":1,"mapId":${HENESYS},"actorId":${KITTY},"message":"woof","type":"PET","body":{"ownerId":1001,"petSlot":0,"type":0,"action":1,"balloon":false}}`,
      );
      assertEquals(line.keyId, KITTY);
      assertEquals(field.captured(chatCommandContract).length, 1);
      assertEquals(line.headers.TENANT_ID, field.tenant.id);

      // PetMovementHandle: u64 petId, then the path. Empty, foreign, resting and forged paths: nothing.
      const elements = "00 64 00 c8 00 05 00 fd ff 0c 00 02 78 00";
      const move = (petId: number, path: string) =>
        field.packet("PetMovementHandle", (w) => {
          w.uint64(BigInt(petId));
          for (const b of h(path).split(" ")) w.byte(parseInt(b, 16));
        });
      await aria.client.send(move(KITTY, "64 fe d7 00 00"));
      await aria.client.send(move(REX, `64 fe d7 00 01 ${elements}`));
      await aria.client.send(move(KITTY, `64 fe d7 00 01 00 18 79 c8 00 05 00 fd ff 0c 00 02 78 00`)); // x 31000
      await aria.client.send(move(KITTY, `64 fe d7 00 01 00 64 00`)); // cut
      await cody.client.send(move(KITTY, `64 fe d7 00 01 ${elements}`));
      await aria.client.send(move(KITTY, `64 fe d7 00 01 ${elements}`));
      const moved = await field.expectCommand(petMovementContract);
      assertEquals(
        moved.raw,
        `{"worldId":0,"channelId":1,"mapId":${HENESYS},"objectId":${KITTY},"observerId":1001,"x":100,"y":200,"stance":2}`,
      );
      assertEquals(moved.keyId, KITTY);
      assertEquals(field.captured(petMovementContract).length, 1);
      // Cody sees Kitty (owner 1001, slot 0) walk, once.
      const codySaw = await receiveUntil(cody.client, isOpcode(petMovement), { what: "Kitty's movement" });
      assertEquals(toHex(codySaw[codySaw.length - 1].body), h(`e9 03 00 00  00  64 fe d7 00 01 ${elements}`));

      // Its owner and another map see nothing of it: their sentinels arrive first.
      for (const who of [aria, brin]) {
        const sentinel = await field.sentinel(who);
        const seen = await receiveUntil(who.client, sentinel, { what: "the sentinel" });
        assertNone(seen, isOpcode(petMovement), "a pet movement for its owner or another map");
      }
      const codySentinel = await field.sentinel(cody);
      assertNone(
        await receiveUntil(cody.client, codySentinel, { what: "cody's sentinel" }),
        isOpcode(petMovement),
        "a second pet movement",
      );

      // PetFoodHandle: u32 updateTime, i16 slot, u32 itemId; only pet food (212xxxx) the slot holds.
      const food = (slot: number, itemId: number) =>
        field.packet("PetFoodHandle", (w) => w.uint32(5).int16(slot).uint32(itemId));
      await aria.client.send(food(1, 2000000)); // a red potion is not food
      assertEquals(toHex(await receiveOpcode(aria.client, statChanged)), ENABLE_ACTIONS);
      await aria.client.send(food(3, 2120000)); // nothing there
      assertEquals(toHex(await receiveOpcode(aria.client, statChanged)), ENABLE_ACTIONS);
      await aria.client.send(food(2, 2120000));
      const fed = await field.expectCommand(consumableCommandContract);
      assertEquals(
        fed.raw,
        `{"worldId":0,"channelId":1,"characterId":1001,"type":"REQUEST_ITEM_CONSUME","body":{"source":2,"itemId":2120000,"quantity":1}}`,
      );
      assertEquals(fed.keyId, 1001);

      // PetItemUseHandle: u64 petId, bool buffSkill, u32 updateTime, i16 slot, u32 itemId; Rex is resting.
      const potion = (petId: number) =>
        field.packet(
          "PetItemUseHandle",
          (w) => w.uint64(BigInt(petId)).bool(false).uint32(6).int16(1).uint32(2000000),
        );
      await aria.client.send(potion(REX));
      assertEquals(toHex(await receiveOpcode(aria.client, statChanged)), ENABLE_ACTIONS);
      await aria.client.send(potion(KITTY));
      const used = await field.expectCommand(consumableCommandContract, (c) => c !== fed);
      assertEquals(
        used.raw,
        `{"worldId":0,"channelId":1,"characterId":1001,"type":"REQUEST_ITEM_CONSUME","body":{"source":1,"itemId":2000000,"quantity":1}}`,
      );
      assertEquals(field.captured(consumableCommandContract).length, 2);

      // PetDropPickUpHandle: u64 petId, u8 fieldKey, u32 updateTime, i16 x, i16 y, u32 dropId, u32 crc,
      // bool ×3. Rex (resting) picks up nothing; Kitty's reservation names her slot.
      await field.publishEvent(dropStatusContract, {
        worldId: 0,
        channelId: 1,
        mapId: HENESYS,
        dropId: 9001,
        type: "CREATED",
        body: {
          itemId: 4000000,
          quantity: 3,
          meso: 0,
          type: 0,
          x: 10,
          y: 20,
          ownerId: 1001,
          ownerPartyId: 0,
          dropTime: new Date().toISOString(),
          dropperUniqueId: 7000,
          dropperX: 5,
          dropperY: 6,
          playerDrop: false,
        },
      });
      await receiveUntil(aria.client, isOpcode(field.writerOpcode("DropSpawn")), { what: "the drop" });
      const pickUp = (petId: number) =>
        field.packet(
          "PetDropPickUpHandle",
          (w) =>
            w.uint64(BigInt(petId)).byte(0).uint32(7).int16(12).int16(-34).uint32(9001).uint32(0xabcd)
              .bool(false).bool(false).bool(false),
        );
      await aria.client.send(pickUp(REX));
      assertEquals(toHex(await receiveOpcode(aria.client, statChanged)), ENABLE_ACTIONS);
      await aria.client.send(field.packet("PetDropPickUpHandle", (w) => w.uint64(BigInt(KITTY)).byte(0)));
      await aria.client.send(pickUp(KITTY));
      const reserved = await field.expectCommand(dropCommandContract);
      assertEquals(
        reserved.raw,
        `{"worldId":0,"channelId":1,"mapId":${HENESYS},"type":"REQUEST_RESERVATION","body":{"dropId":9001,"characterId":1001,"characterX":12,"characterY":-34,"petSlot":0}}`,
      );
      assertEquals(reserved.keyId, 9001);
      assertTrue(!aria.session.isClosed && !cody.session.isClosed, "sessions stay open");
    } finally {
      await field.stop();
    }
  }),
);
