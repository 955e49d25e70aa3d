/**
 * Cash-shop operations end to end on the real broker (GMS 83 template, plus the handler entries it lacks
 * from the client library's GMS 83 template at d59a1ad2df: CashShopCheckWalletHandle 0xE4,
 * CashShopOperationHandle 0xE5 and its operation codes). Requests are written out from
 * libs/atlas-packet `cash/serverbound/shop_operation_*.go`; commands are compared as exact JSON text;
 * atlas-cashshop's answers become CashShopOperation packets for the character's session only, proven
 * with sentinels for sessions in the same map, another map and another channel, and the same character id on
 * another tenant.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Captured, type Field, type LoggedIn, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode } from "../../support/receive.ts";
import { tenantKafkaHeaders } from "../../../src/kafka/tenant-headers.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { cashShopCommandContract, cashShopStatusContract } from "../../../src/features/cash-shop/messages.ts";
import { compartmentTransferCommandContract } from "../../../src/features/inventory/messages.ts";
import { compartmentId } from "../../../src/features/character/fixtures.ts";

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const OPERATIONS = {
  BUY: 3,
  GIFT: 4,
  SET_WISHLIST: 5,
  INCREASE_INVENTORY: 6,
  INCREASE_STORAGE: 7,
  INCREASE_CHARACTER_SLOT: 8,
  ENABLE_EQUIP_SLOT: 9,
  MOVE_FROM_CASH_INVENTORY: 13,
  MOVE_TO_CASH_INVENTORY: 14,
  APPLY_WISHLIST: 33,
};

const HANDLERS = [
  { opCode: "0xE4", handler: "CashShopCheckWalletHandle" },
  { opCode: "0xE5", handler: "CashShopOperationHandle", options: { operations: OPERATIONS } },
];
/** The client library's GMS 83 failure arms and two reasons (the reference's template has neither). */
const WRITER_OPTIONS = {
  CashShopOperation: {
    operations: {
      LOAD_INVENTORY_SUCCESS: 75,
      LOAD_WISHLIST: 79,
      UPDATE_WISHLIST: 85,
      PURCHASE_SUCCESS: 87,
      INVENTORY_CAPACITY_INCREASE_SUCCESS: 96,
      INVENTORY_CAPACITY_INCREASE_FAILED: 97,
      MOVE_L_TO_S_FAILED: 105,
      CASH_ITEM_MOVED_TO_INVENTORY: 104,
      CASH_ITEM_MOVED_TO_CASH_INVENTORY: 106,
      MOVE_S_TO_L_FAILED: 107,
    },
    errors: { NOT_ENOUGH_CASH: 165, INVENTORY_FULL: 187 },
  },
};

const LOCKER_ID = "6e7f8091-a2b3-4c4d-8e5f-607182930a1b";
const LOCKER_ASSET = "0f1e2d3c-4b5a-4968-8776-655443322110";

function assertHeaders(field: Field, message: Captured, key: number): void {
  assertEquals(message.keyId, key);
  for (const [name, bytes] of Object.entries(tenantKafkaHeaders(field.tenant))) {
    assertEquals([...(message.rawHeaders[name] ?? [])], [...bytes], `header ${name}`);
  }
  assertTrue(
    TRACEPARENT.test(message.headers.traceparent ?? ""),
    `traceparent: ${message.headers.traceparent}`,
  );
}

/** atlas-cashshop's documents for account `accountId`: one locker item (cash serial 9000000000789). */
function serveCashShop(field: Field, accountId: number, characterId: number): void {
  field.rest.on("GET", `accounts/${accountId}/cash-shop/inventory/compartments?type=1`, {
    json: {
      data: {
        type: "compartments",
        id: LOCKER_ID,
        attributes: { accountId, type: 1, capacity: 55 },
        relationships: { assets: { data: [{ type: "assets", id: LOCKER_ASSET }] } },
      },
      included: [
        {
          type: "assets",
          id: LOCKER_ASSET,
          attributes: { compartmentId: LOCKER_ID },
          relationships: { item: { data: { type: "items", id: "4401" } } },
        },
        {
          type: "items",
          id: "4401",
          attributes: {
            cashId: "9000000000789",
            templateId: 5150000,
            quantity: 1,
            flag: 0,
            purchasedBy: 1001,
          },
        },
      ],
    },
  });
  field.rest.on("GET", `characters/${characterId}/cash-shop/wishlist`, { json: { data: [] } });
  field.rest.on("GET", `accounts/${accountId}/wallet`, {
    json: {
      data: {
        type: "wallets",
        id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        attributes: { accountId, credit: 10000, points: 2500, prepaid: 300 },
      },
    },
  });
}

/** Enters the cash shop and reads the entry packets. */
async function enterCashShop(field: Field, who: LoggedIn): Promise<void> {
  await who.client.send(field.packet("CashShopEntryHandle", (w) => w.uint32(1)));
  await field.receivePacket(who.client, "CashShopOpen");
  await field.receivePacket(who.client, "CashShopOperation"); // inventory
  await field.receivePacket(who.client, "CashShopOperation"); // wish list
  await field.receivePacket(who.client, "CashShopCashQueryResult");
  await field.expectCommand(cashShopStatusContract, (m) => m.value.type === "CHARACTER_ENTER");
}

const operation = (
  field: Field,
  op: number,
  build: (w: ReturnType<typeof packetWriter>) => void = () => {},
) =>
  field.packet("CashShopOperationHandle", (w) => {
    w.byte(op);
    build(w);
  });

Deno.test(
  integration(
    "cash shop operations: buy, capacity increases and character slots → COMMAND_TOPIC_CASH_SHOP; truncated → nothing",
    async () => {
      const field = await startField({ extraHandlers: HANDLERS, extraWriterOptions: WRITER_OPTIONS });
      try {
        const aria = await field.login(1001);
        serveCashShop(field, 1, 1001);
        // Outside the cash shop a purchase is ignored: the first command seen is the valid one below.
        await aria.client.send(
          operation(field, OPERATIONS.BUY, (w) => w.bool(false).uint32(1).uint32(111).uint32(0)),
        );
        await enterCashShop(field, aria);
        // A truncated purchase (serial number cut) produces nothing, the session stays.
        await aria.client.send(operation(field, OPERATIONS.BUY, (w) => w.bool(false).uint32(1).uint16(5)));
        // BUY v83: bool points, u32 currency, u32 serial, u32 zero.
        await aria.client.send(
          operation(field, OPERATIONS.BUY, (w) => w.bool(false).uint32(1).uint32(10000012).uint32(0)),
        );
        const buy = await field.expectCommand(cashShopCommandContract);
        assertEquals(
          buy.raw,
          `{"characterId":1001,"type":"REQUEST_PURCHASE","body":{"currency":1,"serialNumber":10000012}}`,
        );
        assertHeaders(field, buy, 1001);
        assertTrue(!aria.session.isClosed);

        const expectations: [Uint8Array, string][] = [
          [
            operation(
              field,
              OPERATIONS.INCREASE_INVENTORY,
              (w) => w.bool(false).uint32(1).bool(false).byte(2),
            ),
            `{"characterId":1001,"type":"REQUEST_INVENTORY_INCREASE_BY_TYPE","body":{"currency":1,"inventoryType":2}}`,
          ],
          [
            operation(
              field,
              OPERATIONS.INCREASE_INVENTORY,
              (w) => w.bool(true).uint32(2).bool(true).uint32(50200093),
            ),
            `{"characterId":1001,"type":"REQUEST_INVENTORY_INCREASE_BY_ITEM","body":{"currency":2,"serialNumber":50200093}}`,
          ],
          [
            operation(field, OPERATIONS.INCREASE_STORAGE, (w) => w.bool(false).uint32(1).bool(false)),
            `{"characterId":1001,"type":"REQUEST_STORAGE_INCREASE","body":{"currency":1}}`,
          ],
          [
            operation(
              field,
              OPERATIONS.INCREASE_STORAGE,
              (w) => w.bool(false).uint32(1).bool(true).uint32(50200094),
            ),
            `{"characterId":1001,"type":"REQUEST_STORAGE_INCREASE_BY_ITEM","body":{"currency":1,"serialNumber":50200094}}`,
          ],
          [
            operation(
              field,
              OPERATIONS.INCREASE_CHARACTER_SLOT,
              (w) => w.bool(true).uint32(4).uint32(50200213),
            ),
            `{"characterId":1001,"type":"REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM","body":{"currency":4,"serialNumber":50200213}}`,
          ],
        ];
        for (const [packet, json] of expectations) {
          // A logged-only operation (gift) and one the reference ignores first: neither produces a command.
          await aria.client.send(
            operation(
              field,
              OPERATIONS.GIFT,
              (w) => w.uint32(19900101).uint32(10000012).string("Cody").string("hi"),
            ),
          );
          await aria.client.send(operation(field, OPERATIONS.APPLY_WISHLIST));
          const from = field.captured(cashShopCommandContract).length;
          await aria.client.send(packet);
          const seen = await field.expectNoCommandBefore(
            cashShopCommandContract,
            () => true,
            (m) => m.raw === json,
            {
              from,
            },
          );
          assertHeaders(field, seen, 1001);
        }
        assertEquals(field.captured(cashShopCommandContract).length, 1 + expectations.length);
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "cash shop operations: moves → COMMAND_TOPIC_COMPARTMENT_TRANSFER; wish list over REST → UPDATE_WISHLIST; wallet query",
    async () => {
      const field = await startField({ extraHandlers: HANDLERS, extraWriterOptions: WRITER_OPTIONS });
      try {
        const aria = await field.login(1001);
        serveCashShop(field, 1, 1001);
        const cashCompartment = {
          data: {
            type: "compartments",
            id: compartmentId(1001, 5),
            attributes: { type: 5, capacity: 24 },
            relationships: {
              assets: { data: [{ type: "assets", id: "7002" }, { type: "assets", id: "7003" }] },
            },
          },
          included: [{
            // A pet: its cash serial differs from its pet id, which is what the client was shown.
            type: "assets",
            id: "7003",
            attributes: {
              slot: 5,
              templateId: 5000000,
              expiration: "0001-01-01T00:00:00Z",
              referenceId: 301,
              referenceType: "pet",
              referenceData: {
                cashId: "9000000000456",
                name: "Kitty",
                level: 5,
                closeness: 120,
                fullness: 90,
              },
            },
          }, {
            type: "assets",
            id: "7002",
            attributes: {
              slot: 4,
              templateId: 5150001,
              expiration: "0001-01-01T00:00:00Z",
              referenceId: 9002,
              referenceType: "cash",
              referenceData: { ownerId: 0, cashId: "9000000000999", quantity: 1, flag: 0, purchasedBy: 0 },
            },
          }],
        };
        field.rest.on("GET", "characters/1001/inventory/compartments?type=5", { json: cashCompartment });
        await enterCashShop(field, aria);

        // Locker → inventory: u64 cash serial, u8 inventory type, i16 slot (ignored).
        await aria.client.send(
          operation(
            field,
            OPERATIONS.MOVE_FROM_CASH_INVENTORY,
            (w) => w.uint64(9000000000789n).byte(5).int16(3),
          ),
        );
        const fromLocker = await field.expectCommand(compartmentTransferCommandContract);
        const tid = (fromLocker.value as { transactionId: string }).transactionId;
        assertTrue(UUID.test(tid), tid);
        assertEquals(
          fromLocker.raw,
          `{"transactionId":"${tid}","worldId":0,"accountId":1,"characterId":1001,"assetId":4401,` +
            `"fromCompartmentId":"${LOCKER_ID}","fromCompartmentType":1,"fromInventoryType":"CASH_SHOP",` +
            `"toCompartmentId":"000003e9-0000-4000-8000-000000000005","toCompartmentType":5,` +
            `"toInventoryType":"CHARACTER","referenceId":4401}`,
        );
        assertHeaders(field, fromLocker, 1001);

        // Inventory → locker: u64 cash serial, u8 inventory type.
        await aria.client.send(
          operation(field, OPERATIONS.MOVE_TO_CASH_INVENTORY, (w) => w.uint64(9000000000999n).byte(5)),
        );
        const toLocker = await field.expectCommand(
          compartmentTransferCommandContract,
          (m) => m.raw !== fromLocker.raw,
        );
        const tid2 = (toLocker.value as { transactionId: string }).transactionId;
        assertTrue(UUID.test(tid2) && tid2 !== tid, tid2);
        assertEquals(
          toLocker.raw,
          `{"transactionId":"${tid2}","worldId":0,"accountId":1,"characterId":1001,"assetId":7002,` +
            `"fromCompartmentId":"000003e9-0000-4000-8000-000000000005","fromCompartmentType":5,` +
            `"fromInventoryType":"CHARACTER","toCompartmentId":"${LOCKER_ID}","toCompartmentType":1,` +
            `"toInventoryType":"CASH_SHOP","referenceId":9002}`,
        );
        assertHeaders(field, toLocker, 1001);

        // A pet, named by the serial the client knows it by (its pet id).
        await aria.client.send(
          operation(field, OPERATIONS.MOVE_TO_CASH_INVENTORY, (w) => w.uint64(301n).byte(5)),
        );
        const pet = await field.expectCommand(
          compartmentTransferCommandContract,
          (m) => (m.value as { assetId: number }).assetId === 7003,
        );
        assertEquals(
          [
            (pet.value as { referenceId: number }).referenceId,
            (pet.value as { toInventoryType: string }).toInventoryType,
          ],
          [301, "CASH_SHOP"],
        );

        // An unknown serial: nothing produced, the client's MOVE_L_TO_S_FAILED (105) with reason 0.
        await aria.client.send(
          operation(field, OPERATIONS.MOVE_FROM_CASH_INVENTORY, (w) => w.uint64(123n).byte(5).int16(1)),
        );
        assertEquals([...await field.receivePacket(aria.client, "CashShopOperation")], [105, 0]);
        assertEquals(field.captured(compartmentTransferCommandContract).length, 3);

        // Wish list: one DELETE, one POST per non-zero serial, then UPDATE_WISHLIST (85) with them.
        field.rest.on("DELETE", "characters/1001/cash-shop/wishlist", { status: 204 });
        field.rest.on("POST", "characters/1001/cash-shop/wishlist", {
          status: 201,
          json: {
            data: {
              type: "items",
              id: "8a9b0c1d-2e3f-4a5b-9c6d-7e8f90a1b2c3",
              attributes: { characterId: 1001, serialNumber: 1 },
            },
          },
        });
        await aria.client.send(operation(field, OPERATIONS.SET_WISHLIST, (w) => {
          w.uint32(20000000).uint32(0).uint32(20000005);
          for (let i = 0; i < 7; i++) w.uint32(0);
        }));
        const wishlist = await field.receivePacket(aria.client, "CashShopOperation");
        assertEquals(
          [...wishlist],
          [...packetWriter().byte(85).uint32(20000000).uint32(20000005).zeros(32).toBytes()],
        );
        assertEquals(field.rest.requestsTo("DELETE", "characters/1001/cash-shop/wishlist").length, 1);
        const posts = field.rest.requestsTo("POST", "characters/1001/cash-shop/wishlist");
        assertEquals(posts.map((p) => JSON.parse(p.body).data.attributes), [
          { characterId: 1001, serialNumber: 20000000 },
          { characterId: 1001, serialNumber: 20000005 },
        ]);

        // Wallet query: an empty packet → the balances.
        await aria.client.send(field.packet("CashShopCheckWalletHandle"));
        assertEquals(
          [...await field.receivePacket(aria.client, "CashShopCashQueryResult")],
          [...packetWriter().uint32(10000).uint32(2500).uint32(300).toBytes()],
        );
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "EVENT_TOPIC_CASH_SHOP_STATUS: PURCHASE, INVENTORY_CAPACITY_INCREASED, ERROR → CashShopOperation to the character only",
    async () => {
      const field = await startField({
        extraHandlers: HANDLERS,
        extraWriterOptions: WRITER_OPTIONS,
        secondTenant: true,
      });
      try {
        const aria = await field.login(1001);
        const cody = await field.login(2001);
        const ariaElsewhere = await field.login(1001, { otherTenant: true });
        const brin = await field.login(1002); // another map
        const dana = await field.login(3001, { channel: 2 }); // another channel
        serveCashShop(field, 1, 1001);
        field.rest.on(
          "GET",
          `accounts/1/cash-shop/inventory/compartments/${LOCKER_ID}/assets/${LOCKER_ASSET}`,
          {
            json: {
              data: {
                type: "assets",
                id: LOCKER_ASSET,
                attributes: { compartmentId: LOCKER_ID },
                relationships: { item: { data: { type: "items", id: "4401" } } },
              },
              included: [{
                type: "items",
                id: "4401",
                attributes: {
                  cashId: "9000000000789",
                  templateId: 5150000,
                  quantity: 1,
                  flag: 0,
                  purchasedBy: 1001,
                },
              }],
            },
          },
        );
        await enterCashShop(field, aria);
        const op = field.writerOpcode("CashShopOperation");
        const balances = [...packetWriter().uint32(10000).uint32(2500).uint32(300).toBytes()];

        await field.publishEvent(cashShopStatusContract, {
          characterId: 1001,
          type: "PURCHASE",
          body: {
            templateId: 5150000,
            price: 2500,
            compartmentId: LOCKER_ID,
            assetId: LOCKER_ASSET,
            itemId: 4401,
          },
        });
        assertEquals(
          [...await field.receivePacket(aria.client, "CashShopOperation")],
          [
            ...packetWriter().byte(87).int64(9000000000789n).uint32(1).uint32(1001).uint32(5150000).uint32(
              4401,
            )
              .int16(1).zeros(13).int64(-1n).uint32(0).uint32(0).toBytes(),
          ],
        );
        assertEquals([...await field.receivePacket(aria.client, "CashShopCashQueryResult")], balances);

        await field.publishEvent(cashShopStatusContract, {
          characterId: 1001,
          type: "INVENTORY_CAPACITY_INCREASED",
          body: { inventoryType: 2, capacity: 32, amount: 8 },
        });
        assertEquals([...await field.receivePacket(aria.client, "CashShopOperation")], [96, 2, 32, 0]);
        assertEquals([...await field.receivePacket(aria.client, "CashShopCashQueryResult")], balances);

        await field.publishEvent(cashShopStatusContract, {
          characterId: 1001,
          type: "ERROR",
          body: { error: "NOT_ENOUGH_CASH", cashItemId: 10000012 },
        });
        assertEquals([...await field.receivePacket(aria.client, "CashShopOperation")], [97, 165]);

        // Nobody else got any of it: not Cody (same map before Aria left), not Brin (another map), not
        // Dana (another channel), not Aria's namesake on the other tenant.
        for (const [who, name] of [[brin, "Brin"], [dana, "Dana"]] as const) {
          await expectNoneBefore(
            who.client,
            isOpcode(op),
            await field.sentinel(who),
            `${name} gets no cash-shop result`,
          );
        }
        await expectNoneBefore(
          cody.client,
          isOpcode(op),
          await field.sentinel(cody),
          "Cody gets no cash-shop result",
        );
        await expectNoneBefore(
          ariaElsewhere.client,
          isOpcode(op),
          await field.sentinel(ariaElsewhere),
          "the other tenant's character 1001 gets no cash-shop result",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
