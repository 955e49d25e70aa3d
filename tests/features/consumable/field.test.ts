/**
 * End to end on the real broker (GMS 83 template): item-use packets become `COMMAND_TOPIC_CONSUMABLE`
 * (and buff `CANCEL`, chalkboard `SET`) commands with the exact JSON, key and headers, refused when the
 * session's inventory does not show the item; atlas-consumables' events become the reference's packets
 * for exactly the targeted sessions.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import {
  consumableCommandContract,
  consumableStatusContract,
} from "../../../src/features/consumable/messages.ts";
import { buffCommandContract } from "../../../src/features/buff/messages.ts";
import { chalkboardCommandContract } from "../../../src/features/chalkboard/messages.ts";
import { assetStatusContract } from "../../../src/features/inventory/messages.ts";

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");
const ENABLE_ACTIONS = hexOf("01 00 00 00 00 00");

Deno.test(
  integration("consumable field: item use → commands; refused and malformed → nothing", async () => {
    const field = await startField();
    try {
      const cody = await field.login(2001); // Henesys ch 1; use tab slot 1: 50 × 2000000; hat in equip slot 1
      const statChanged = field.writerOpcode("StatChanged");
      const change = field.writerOpcode("CharacterInventoryChange");
      const send = (handler: string, build: (w: PacketWriter) => void) =>
        cody.client.send(field.packet(handler, build));
      const cursors = new Map<TopicContract, number>(); // every command comes from this test, in order
      const expectNext = async (contract: TopicContract, raw: string) => {
        const cursor = cursors.get(contract) ?? 0;
        await field.waitFor(`command ${cursor + 1}`, () => field.captured(contract).length > cursor);
        const command = field.captured(contract)[cursor];
        cursors.set(contract, cursor + 1);
        assertEquals(command.raw, raw, "the next command");
        assertEquals(command.keyId, 2001);
        assertEquals(command.headers.TENANT_ID, field.tenant.id);
        assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");
      };

      await send("CharacterItemUseHandle", (w) => w.uint32(1).int16(1).uint32(2000000));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_ITEM_CONSUME","body":{"source":1,"itemId":2000000,"quantity":1}}`,
      );
      await send("CharacterItemUseScrollHandle", (w) => w.uint32(2).int16(1).int16(1).int16(2).bool(false));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_SCROLL","body":{"scrollSlot":1,"equipSlot":1,"whiteScroll":true,"legendarySpirit":false}}`,
      );
      await send("CharacterItemCancelHandle", (w) => w.int32(-2000000));
      await expectNext(
        buffCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"CANCEL","body":{"sourceId":-2000000}}`,
      );

      // Give Cody a return scroll, a summon bag, pet food and a chalkboard through asset events.
      const give = (
        assetId: number,
        templateId: number,
        slot: number,
        referenceType: "consumable" | "cash",
      ) =>
        field.publishEvent(assetStatusContract, {
          characterId: 2001,
          compartmentId: "00000000-0000-4000-8000-000020010002",
          assetId,
          templateId,
          slot,
          type: "CREATED",
          body: {
            referenceId: assetId + 1000,
            referenceType,
            referenceData: referenceType === "consumable"
              ? { ownerId: 0, quantity: 3, flag: 0, rechargeable: 0 }
              : { ownerId: 0, cashId: "900000000012345", quantity: 1, flag: 0, purchasedBy: 2001 },
            expiration: "0001-01-01T00:00:00Z",
          },
        } as never);
      await give(60001, 2030000, 2, "consumable");
      await give(60002, 2100000, 3, "consumable");
      await give(60003, 5240000, 1, "cash");
      await give(60004, 5370000, 2, "cash");
      for (let i = 0; i < 4; i++) {
        await receiveUntil(cody.client, isOpcode(change), { what: `item ${i + 1}` });
      }

      await send("CharacterItemUseTownScrollHandle", (w) => w.uint32(3).int16(2).uint32(2030000));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_ITEM_CONSUME","body":{"source":2,"itemId":2030000,"quantity":1}}`,
      );
      await send("CharacterItemUseSummonBagHandle", (w) => w.uint32(4).int16(3).uint32(2100000));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_ITEM_CONSUME","body":{"source":3,"itemId":2100000,"quantity":1}}`,
      );
      // GMS v83: the cash item's update time comes last.
      await send("CharacterCashItemUseHandle", (w) => w.int16(1).uint32(5240000).uint32(5));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_ITEM_CONSUME","body":{"source":1,"itemId":5240000,"quantity":1}}`,
      );
      await send(
        "CharacterCashItemUseHandle",
        (w) => w.int16(2).uint32(5370000).string("Selling Zhelms").uint32(6),
      );
      await expectNext(
        chalkboardCommandContract,
        `{"worldId":0,"channelId":1,"mapId":100000000,"characterId":2001,"type":"SET","body":{"message":"Selling Zhelms"}}`,
      );

      // Refused: each answered with enable actions, nothing produced.
      const refused: [string, (w: PacketWriter) => void][] = [
        ["CharacterItemUseHandle", (w) => w.uint32(1).int16(1).uint32(2000001)], // another item in the slot
        ["CharacterItemUseHandle", (w) => w.uint32(1).int16(9).uint32(2000000)], // empty slot
        ["CharacterItemUseHandle", (w) => w.uint32(1).int16(1).uint32(4000000)], // not a use item
        ["CharacterItemUseTownScrollHandle", (w) => w.uint32(1).int16(1).uint32(2000000)], // not a scroll
        ["CharacterItemUseSummonBagHandle", (w) => w.uint32(1).int16(1).uint32(2000000)], // not a bag
        ["CharacterItemUseScrollHandle", (w) => w.uint32(1).int16(1).int16(7).int16(0).bool(false)], // no equip
        ["CharacterCashItemUseHandle", (w) => w.int16(1).uint32(5040000).uint32(7)], // not served
      ];
      for (const [handler, build] of refused) {
        await send(handler, build);
        const seen = await receiveUntil(
          cody.client,
          (p) => p.opcode === statChanged && toHex(p.body) === ENABLE_ACTIONS,
          {
            what: `enable actions (${handler})`,
          },
        );
        assertTrue(seen.length > 0);
      }
      // Malformed: dropped without a command; then a valid use is the next command.
      await send("CharacterItemUseHandle", (w) => w.uint32(1).int16(1));
      await send("CharacterItemUseScrollHandle", (w) => w.uint32(1).int16(1).int16(1));
      await send("CharacterItemCancelHandle", (w) => w.int16(1));
      await send("CharacterItemUseHandle", (w) => w.uint32(9).int16(1).uint32(2000000));
      await expectNext(
        consumableCommandContract,
        `{"worldId":0,"channelId":1,"characterId":2001,"type":"REQUEST_ITEM_CONSUME","body":{"source":1,"itemId":2000000,"quantity":1}}`,
      );
      assertTrue(!cody.session.isClosed, "the session survives");
    } finally {
      await field.stop();
    }
  }),
);

Deno.test(
  integration("consumable field: status events → packets for exactly the targeted sessions", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const aria = await field.login(1001); // Henesys, channel 1
      const cody = await field.login(2001); // Henesys, channel 1
      const brin = await field.login(1002); // Ellinia, channel 1
      const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
      const foreign = await field.login(1001, { otherTenant: true });
      const upgrade = field.writerOpcode("CharacterItemUpgrade");
      const food = field.writerOpcode("PetCashFoodResult");
      const statChanged = field.writerOpcode("StatChanged");

      await field.publishEvent(consumableStatusContract, {
        characterId: 1001,
        type: "SCROLL",
        body: { success: true, cursed: false, legendarySpirit: false, whiteScroll: true },
      });
      const scrolled = hexOf("e9 03 00 00 01 00 00 01");
      for (const who of [aria, cody]) {
        const seen = await receiveUntil(who.client, isOpcode(upgrade), { what: "CharacterItemUpgrade" });
        assertEquals(toHex(seen[seen.length - 1].body), scrolled);
      }
      await field.publishEvent(consumableStatusContract, {
        characterId: 1001,
        type: "ERROR",
        body: { error: "PET_CANNOT_CONSUME" },
      });
      let seen = await receiveUntil(aria.client, isOpcode(food), { what: "PetCashFoodResult" });
      assertEquals(toHex(seen[seen.length - 1].body), "01");
      await field.publishEvent(consumableStatusContract, {
        characterId: 1001,
        type: "ERROR",
        body: { error: "CONSUME_FAILED" },
      });
      seen = await receiveUntil(aria.client, isOpcode(statChanged), { what: "enable actions" });
      assertEquals(toHex(seen[seen.length - 1].body), ENABLE_ACTIONS);
      await field.publishEvent(consumableStatusContract, {
        characterId: 1001,
        type: "EFFECT_APPLIED",
        body: { itemId: 2000000, transactionId: crypto.randomUUID() },
      });

      // Sentinels on the same partition, after everything above.
      for (
        const [who, characterId, tenant] of [
          [brin, 1002, field.tenant],
          [dana, 3001, field.tenant],
          [foreign, 1001, field.otherTenant!],
          [cody, 2001, field.tenant],
          [aria, 1001, field.tenant],
        ] as const
      ) {
        await field.publishEvent(consumableStatusContract, {
          characterId,
          type: "SCROLL",
          body: { success: false, cursed: true, legendarySpirit: false, whiteScroll: false },
        }, { tenant });
        void who;
      }
      const sentinelOf = (id: number) => {
        const bytes = hexOf(`${toHex(new Uint8Array(new Uint32Array([id]).buffer))} 00 01 00 00`);
        return (p: { opcode: number; body: Uint8Array }) => p.opcode === upgrade && toHex(p.body) === bytes;
      };
      await expectNoneBefore(brin.client, isOpcode(upgrade, food), sentinelOf(1002), "Brin (other map)");
      await expectNoneBefore(dana.client, isOpcode(upgrade, food), sentinelOf(3001), "Dana (other channel)");
      await expectNoneBefore(
        foreign.client,
        isOpcode(upgrade, food, statChanged),
        sentinelOf(1001),
        "other tenant",
      );
      // Cody saw Aria's scroll only (already received), then his own sentinel; Aria nothing after hers
      // but the EFFECT_APPLIED (skipped) before the sentinel.
      await expectNoneBefore(cody.client, isOpcode(food), sentinelOf(2001), "Cody");
      await expectNoneBefore(
        aria.client,
        isOpcode(food, statChanged),
        sentinelOf(1001),
        "Aria after EFFECT_APPLIED",
      );
    } finally {
      await field.stop();
    }
  }),
);
