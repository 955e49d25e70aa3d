/**
 * Cash-shop handoff end to end: the app on the real broker through the field harness (GMS 83 template),
 * headless clients logged in as fixture characters. Entry: CashShopOpen, the inventory and wish list
 * operations and the balances reach the client, `CHARACTER_ENTER` goes out with the exact JSON, key,
 * tenant headers and trace context, and no other session gets a cash-shop packet. Return: an empty
 * MapChange sends `CHARACTER_EXIT` and `PROGRESS_STATE` 2, and atlas-account's echo sends the client back
 * to its own channel.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Captured, type Field, HENESYS, startField } from "../../support/field.ts";
import { assertNone, expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";
import { chatCommandContract } from "../../../src/features/chat/messages.ts";
import { tenantKafkaHeaders } from "../../../src/kafka/tenant-headers.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { cashShopStatusContract } from "../../../src/features/cash-shop/messages.ts";
import { accountSessionCommandContract } from "../../../src/features/account/messages.ts";

/** The client's best-item serials (cash_shop_open.go), written out rather than read from our writer. */
const BEST_ITEMS = [50200004, 50200069, 50200117, 50100008, 50000047];

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$/;
const CASH_WRITERS = ["CashShopOpen", "CashShopOperation", "CashShopCashQueryResult"];

function assertTenantHeaders(field: Field, message: Captured): void {
  for (const [name, bytes] of Object.entries(tenantKafkaHeaders(field.tenant))) {
    assertEquals([...(message.rawHeaders[name] ?? [])], [...bytes], `header ${name}`);
  }
  assertTrue(
    TRACEPARENT.test(message.headers.traceparent ?? ""),
    `traceparent: ${message.headers.traceparent}`,
  );
}

function serveCashShop(field: Field, accountId: number, characterId: number): void {
  field.rest.on("GET", `accounts/${accountId}/cash-shop/inventory/compartments?type=1`, {
    json: {
      data: {
        type: "compartments",
        id: "6e7f8091-a2b3-4c4d-8e5f-607182930a1b",
        attributes: { accountId, type: 1, capacity: 55 },
        relationships: { assets: { data: [{ type: "assets", id: "0f1e2d3c-4b5a-4968-8776-655443322110" }] } },
      },
      included: [
        {
          type: "assets",
          id: "0f1e2d3c-4b5a-4968-8776-655443322110",
          attributes: { compartmentId: "6e7f8091-a2b3-4c4d-8e5f-607182930a1b" },
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
  field.rest.on("GET", `characters/${characterId}/cash-shop/wishlist`, {
    json: {
      data: [{
        type: "items",
        id: "8a9b0c1d-2e3f-4a5b-9c6d-7e8f90a1b2c3",
        attributes: { characterId, serialNumber: 20000000 },
      }],
    },
  });
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

/** The GMS 83 CashShopOpen bytes after CharacterInfo (cash_shop_open.go) for account `name`. */
function openTail(name: string): number[] {
  const w = packetWriter().bool(true).string(name).uint32(0).uint16(0).byte(0);
  for (let c = 0; c < 9; c++) {
    for (let g = 0; g < 2; g++) for (const serial of BEST_ITEMS) w.uint32(c).uint32(g).uint32(serial);
  }
  w.uint16(0).uint16(0).uint16(0).bool(false).uint32(200);
  return [...w.toBytes()];
}

Deno.test(
  integration(
    "cash shop: entry packets and CHARACTER_ENTER; return sends CHARACTER_EXIT, PROGRESS_STATE 2, ChannelChange",
    async () => {
      const field = await startField();
      try {
        const aria = await field.login(1001);
        const cody = await field.login(2001);
        serveCashShop(field, 1, 1001);

        await aria.client.send(field.packet("CashShopEntryHandle", (w) => w.uint32(987654)));
        const open = await field.receivePacket(aria.client, "CashShopOpen");
        const tail = openTail("account1");
        assertEquals([...open.subarray(open.length - tail.length)], tail);
        // CharacterInfo first: i64 -1, u8 0, then the character id (GMS 83, set_field.go).
        assertEquals([...open.subarray(0, 13)], [
          255,
          255,
          255,
          255,
          255,
          255,
          255,
          255,
          0,
          0xe9,
          0x03,
          0,
          0,
        ]);

        const inventory = await field.receivePacket(aria.client, "CashShopOperation");
        const expectedInventory = packetWriter().byte(75).uint16(1)
          .int64(9000000000789n).uint32(1).uint32(1001).uint32(5150000).uint32(4401).int16(1).zeros(13)
          .int64(-1n).uint32(0).uint32(0)
          .uint16(0).int16(6).toBytes();
        assertEquals([...inventory], [...expectedInventory]);
        const wishlist = await field.receivePacket(aria.client, "CashShopOperation");
        assertEquals([...wishlist], [...packetWriter().byte(79).uint32(20000000).zeros(36).toBytes()]);
        const balances = await field.receivePacket(aria.client, "CashShopCashQueryResult");
        assertEquals([...balances], [...packetWriter().uint32(10000).uint32(2500).uint32(300).toBytes()]);

        const enter = await field.expectCommand(
          cashShopStatusContract,
          (m) => m.value.type === "CHARACTER_ENTER",
        );
        assertEquals(
          enter.raw,
          `{"worldId":0,"characterId":0,"type":"CHARACTER_ENTER","body":{"characterId":1001,"channelId":1,"mapId":${HENESYS}}}`,
        );
        assertEquals(enter.keyId, 1001);
        assertTenantHeaders(field, enter);
        assertEquals(field.ctx.presence.mapOf(aria.session), undefined);

        const cashOpcodes = CASH_WRITERS.map((w) => field.writerOpcode(w));
        // Aria's entry is handled: anything it sent Cody came before a sentinel sent to him now.
        await expectNoneBefore(
          cody.client,
          isOpcode(...cashOpcodes),
          await field.sentinel(cody),
          "other sessions get no cash-shop packet",
        );

        // Return to the field: an empty MapChange.
        await aria.client.send(field.packet("MapChangeHandle"));
        const exit = await field.expectCommand(
          cashShopStatusContract,
          (m) => m.value.type === "CHARACTER_EXIT",
        );
        assertEquals(
          exit.raw,
          `{"worldId":0,"characterId":0,"type":"CHARACTER_EXIT","body":{"characterId":1001,"channelId":1,"mapId":${HENESYS}}}`,
        );
        assertEquals(exit.keyId, 1001);
        assertTenantHeaders(field, exit);
        const port = field.channel(1).port;
        const progress = await field.expectCommand(
          accountSessionCommandContract,
          (m) => m.value.sessionId === aria.session.id && (m.value.body as { state?: number })?.state === 2,
        );
        assertEquals(
          progress.raw,
          `{"sessionId":"${aria.session.id}","accountId":1,"author":"CHANNEL","type":"PROGRESS_STATE",` +
            `"body":{"state":2,"params":{"ipAddress":"127.0.0.1","port":${port}}}}`,
        );
        assertEquals(progress.keyId, 1);
        assertTenantHeaders(field, progress);
        const change = await field.receivePacket(aria.client, "ChannelChange");
        assertEquals([...change], [1, 127, 0, 0, 1, port & 0xff, port >> 8]);
        assertEquals(
          field.captured(cashShopStatusContract).filter((m) => m.value.type === "CHARACTER_EXIT").length,
          1,
        );
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "cash shop: a truncated CashShopEntry produces nothing and the session stays in the field",
    async () => {
      const field = await startField();
      try {
        const aria = await field.login(1001);
        serveCashShop(field, 1, 1001);
        await aria.client.send(field.packet("CashShopEntryHandle", (w) => w.uint16(1)));
        // A session's packets are handled one after another: once the sentinel (a chat line, handled
        // synchronously) is published, the truncated entry was handled and left nothing behind.
        await aria.client.send(
          field.packet("CharacterChatGeneralHandle", (w) => w.string("after the entry").bool(false)),
        );
        await field.expectCommand(chatCommandContract, (m) => m.value.message === "after the entry");
        assertTrue(!aria.session.isClosed);
        assertEquals(field.ctx.presence.mapOf(aria.session), HENESYS);
        assertEquals(field.rest.requestsTo("GET", "accounts/1/wallet").length, 0);
        // The valid entry after it: its packets are the first cash-shop packets Aria sees, and its
        // CHARACTER_ENTER (then the return's CHARACTER_EXIT) the only cash-shop status commands.
        await aria.client.send(field.packet("CashShopEntryHandle", (w) => w.uint32(987654)));
        const cashOpcodes = CASH_WRITERS.map((w) => field.writerOpcode(w));
        const seen = await receiveUntil(aria.client, isOpcode(field.writerOpcode("CashShopOpen")));
        assertNone(seen.slice(0, -1), isOpcode(...cashOpcodes), "cash-shop packets from the truncated entry");
        await field.expectCommand(cashShopStatusContract, (m) => m.value.type === "CHARACTER_ENTER");
        await aria.client.send(field.packet("MapChangeHandle"));
        await field.expectCommand(cashShopStatusContract, (m) => m.value.type === "CHARACTER_EXIT");
        assertEquals(
          field.captured(cashShopStatusContract).map((m) => m.value.type),
          ["CHARACTER_ENTER", "CHARACTER_EXIT"],
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
