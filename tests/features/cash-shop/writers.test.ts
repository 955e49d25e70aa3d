/**
 * Golden tests of the cash-shop entry packets. Layouts follow the reference's
 * socket/writer/cash_shop_open.go (CashShopOpenBody), socket/writer/cash_shop_operation.go
 * (CashShopCashInventoryBody, WriteCashInventoryItem, CashShopWishListBody) and
 * socket/writer/cash_shop_cash_query_result.go. CashShopOpen starts with CharacterInfo, whose bytes are
 * pinned by tests/features/character/set-field.test.ts; here that prefix is compared with
 * `writeCharacterInfo` and every byte after it is spelled out.
 */
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows, assertTrue } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { WriterOptions } from "../../../src/net/dispatch.ts";
import { characterAttributesSchema } from "../../../src/features/character/rest.ts";
import { sampleCharacterAttributes } from "../../../src/features/character/fixtures.ts";
import type { CharacterData } from "../../../src/features/character/data.ts";
import { writeCharacterInfo } from "../../../src/features/character/set-field.ts";
import type { ClientVersion } from "../../../src/features/character/version.ts";
import {
  BEST_ITEM_SERIALS,
  writeCashItemMovedToCashInventory,
  writeCashItemMovedToInventory,
  writeCashShopCapacityIncreased,
  writeCashShopCashQueryResult,
  writeCashShopFailure,
  writeCashShopInventory,
  writeCashShopOpen,
  writeCashShopPurchaseSuccess,
  writeCashShopWishlist,
} from "../../../src/features/cash-shop/writers.ts";
import type { CashItem } from "../../../src/features/cash-shop/rest.ts";
import { assetFromAttributes } from "../../../src/features/inventory/rest.ts";
import { fields, hex, u16, u32, u64, u8, zeros } from "../character/golden.ts";

const GMS12: ClientVersion = { region: "GMS", majorVersion: 12 };
const GMS83: ClientVersion = { region: "GMS", majorVersion: 83 };
const GMS95: ClientVersion = { region: "GMS", majorVersion: 95 };
const JMS185: ClientVersion = { region: "JMS", majorVersion: 185 };

const NOW_MS = Date.parse("2026-01-15T18:04:05.123Z");

/** The GMS 83 template's CashShopOperation options. */
async function gms83OperationOptions(): Promise<WriterOptions> {
  const template = JSON.parse(
    await Deno.readTextFile(
      new URL("../../../../shared/reference/templates/template_gms_83_1.json", import.meta.url),
    ),
  );
  const entry = template.socket.writers.find((w: { writer: string }) => w.writer === "CashShopOperation");
  return entry.options;
}

const DATA: CharacterData = {
  character: { id: 1001, ...characterAttributesSchema.parse(sampleCharacterAttributes()) },
  inventory: null,
  skills: [],
  pets: [],
};

function bytesOf(build: (w: ReturnType<typeof packetWriter>) => void): Uint8Array {
  const w = packetWriter();
  build(w);
  return w.toBytes();
}

function characterInfo(v: ClientVersion): string {
  return hex(bytesOf((w) => writeCharacterInfo(w, DATA, v, { buddyCapacity: 20, nowMs: NOW_MS })));
}

function open(v: ClientVersion): string {
  return hex(
    bytesOf((w) =>
      writeCashShopOpen(w, { data: DATA, accountName: "ariaplayer", buddyCapacity: 20, nowMs: NOW_MS }, v)
    ),
  );
}

/** `ariaplayer` as a length-prefixed ASCII string. */
const NAME = u16(10) + "61726961706c61796572";

function bestItems(categories: number): string {
  let out = "";
  for (let c = 0; c < categories; c++) {
    for (let g = 0; g < 2; g++) {
      for (const serial of [50200004, 50200069, 50200117, 50100008, 50000047]) {
        out += u32(c) + u32(g) + u32(serial);
      }
    }
  }
  return out;
}

Deno.test("CashShopOpen GMS 83: CharacterInfo, authorised + name, empty sale tables, 9×2 best lists, stock, event, level 200", () => {
  const info = characterInfo(GMS83);
  const body = open(GMS83);
  assertTrue(body.startsWith(info), "CashShopOpen starts with CharacterInfo");
  assertEquals(
    body.slice(info.length),
    fields(
      u8(1), // cash shop authorised
      NAME,
      u32(0), // not-on-sale count (u32 above v12)
      u16(0), // special cash items
      u8(0), // category discounts
      bestItems(9),
      u16(0), // stock
      u16(0), // limit goods
      u16(0), // zero goods
      u8(0), // event off
      u32(200), // highest character level in the account
    ),
  );
  assertEquals(BEST_ITEM_SERIALS.length, 5);
  // 1 + 12 + 4 + 2 + 1 + 9·2·5·12 + 2 + 2 + 2 + 1 + 4
  assertEquals((body.length - info.length) / 2, 1111);
});

Deno.test("CashShopOpen GMS 95: the same tail as GMS 83 (only CharacterInfo differs by version)", () => {
  const info = characterInfo(GMS95);
  const body = open(GMS95);
  assertTrue(body.startsWith(info));
  assertEquals(body.slice(info.length), open(GMS83).slice(characterInfo(GMS83).length));
  assertTrue(info !== characterInfo(GMS83), "GMS 95 CharacterInfo has its own layout");
});

Deno.test("CashShopOpen JMS 185: name without the authorised flag, no sale count, JMS u16, no zero goods or level", () => {
  const info = characterInfo(JMS185);
  const body = open(JMS185);
  assertTrue(body.startsWith(info));
  assertEquals(
    body.slice(info.length),
    fields(NAME, u16(0), u16(0), u8(0), bestItems(9), u16(0), u16(0), u8(0)),
  );
});

Deno.test("CashShopOpen GMS 12: u16 sale count, no special/discount tables, 8 best categories, stock only", () => {
  const info = characterInfo(GMS12);
  const body = open(GMS12);
  assertTrue(body.startsWith(info));
  assertEquals(body.slice(info.length), fields(u8(1), NAME, u16(0), bestItems(8), u16(0)));
});

const ITEM: CashItem = {
  assetId: "0f1e2d3c-4b5a-4968-8776-655443322110",
  itemId: 4401,
  cashId: "9000000000789",
  templateId: 5150000,
  quantity: 1,
  flag: 0,
  purchasedBy: 1001,
};

Deno.test("CashShopOperation LOAD_INVENTORY_SUCCESS (GMS 83 code 75): items, storage slots 0, character slots", async () => {
  const options = await gms83OperationOptions();
  const body = bytesOf((w) =>
    writeCashShopInventory(
      w,
      options,
      { accountId: 42, characterId: 1001, items: [ITEM], characterSlots: 6 },
      GMS83,
    )
  );
  assertEquals(
    hex(body),
    fields(
      u8(75),
      u16(1),
      // GW_CashItemInfo: cash id, account, character, template, item id, quantity, 13-byte name,
      // expiration "never" (-1), two zero u32s.
      u64(9000000000789n),
      u32(42),
      u32(1001),
      u32(5150000),
      u32(4401),
      u16(1),
      zeros(13),
      u64(-1),
      u32(0),
      u32(0),
      u16(0),
      u16(6),
    ),
  );
  assertEquals(body.length, 1 + 2 + 55 + 2 + 2);
  const empty = bytesOf((w) =>
    writeCashShopInventory(
      w,
      options,
      { accountId: 42, characterId: 1001, items: [], characterSlots: 3 },
      GMS83,
    )
  );
  assertEquals(hex(empty), fields(u8(75), u16(0), u16(0), u16(3)));
  // GMS v95 and JMS v185 read two more counters after the character slots (characters bought, made).
  for (const v of [GMS95, JMS185]) {
    const longer = bytesOf((w) =>
      writeCashShopInventory(
        w,
        options,
        { accountId: 42, characterId: 1001, items: [], characterSlots: 3 },
        v,
      )
    );
    assertEquals(hex(longer), fields(u8(75), u16(0), u16(0), u16(3), u16(0), u16(0)));
  }
});

Deno.test("CashShopOperation LOAD_WISHLIST (GMS 83 code 79): always 10 serial numbers, zero-filled, extra ones cut", async () => {
  const options = await gms83OperationOptions();
  assertEquals(
    hex(bytesOf((w) => writeCashShopWishlist(w, options, [20000000, 20000001]))),
    fields(u8(79), u32(20000000), u32(20000001), zeros(32)),
  );
  const twelve = Array.from({ length: 12 }, (_, i) => 20000000 + i);
  const body = bytesOf((w) => writeCashShopWishlist(w, options, twelve));
  assertEquals(body.length, 41);
  assertEquals(hex(body.subarray(37)), u32(20000009));
  assertEquals(
    hex(bytesOf((w) => writeCashShopWishlist(w, options, [7], true))),
    fields(u8(85), u32(7), zeros(36)),
  );
});

Deno.test("CashShopOperation: codes may be base-prefixed strings; a missing code throws instead of writing 99", () => {
  const options = { operations: { LOAD_INVENTORY_SUCCESS: "0x4B" } };
  assertEquals(
    hex(
      bytesOf((w) =>
        writeCashShopInventory(
          w,
          options,
          { accountId: 1, characterId: 2, items: [], characterSlots: 0 },
          GMS83,
        )
      ),
    ),
    fields(u8(0x4b), u16(0), u16(0), u16(0)),
  );
  // The GMS 87/92/JMS templates bind the writer without options.
  assertThrows(() => writeCashShopWishlist(packetWriter(), {}, []), MissingWriterOptionError);
  assertThrows(
    () => writeCashShopWishlist(packetWriter(), { operations: { LOAD_WISHLIST: 300 } }, []),
    MissingWriterOptionError,
  );
});

Deno.test("CashShopCashQueryResult: credit, points, and prepaid for GMS above 12 only", () => {
  const wallet = { credit: 10000, points: 2500, prepaid: 7 };
  for (const v of [GMS83, GMS95]) {
    assertEquals(
      hex(bytesOf((w) => writeCashShopCashQueryResult(w, wallet, v))),
      fields(u32(10000), u32(2500), u32(7)),
    );
  }
  for (const v of [GMS12, JMS185]) {
    assertEquals(
      hex(bytesOf((w) => writeCashShopCashQueryResult(w, wallet, v))),
      fields(u32(10000), u32(2500)),
    );
  }
});

/** The GMS 83 CashShopOperation options of the client library's template (d59a1ad2df), failure arms and errors included. */
const LIBRARY_GMS83 = {
  operations: {
    PURCHASE_SUCCESS: 87,
    INVENTORY_CAPACITY_INCREASE_SUCCESS: 96,
    INVENTORY_CAPACITY_INCREASE_FAILED: 97,
    MOVE_L_TO_S_FAILED: 105,
    CASH_ITEM_MOVED_TO_CASH_INVENTORY: 106,
    MOVE_S_TO_L_FAILED: 107,
  },
  errors: { NOT_ENOUGH_CASH: 165, INVENTORY_FULL: 187 },
};

Deno.test("CashShopOperation PURCHASE_SUCCESS and CASH_ITEM_MOVED_TO_CASH_INVENTORY (v83 87/106): mode, then the cash item entry", () => {
  const entry = fields(
    u64(9000000000789n),
    u32(42),
    u32(1001),
    u32(5150000),
    u32(4401),
    u16(1),
    zeros(13),
    u64(-1),
    u32(0),
    u32(0),
  );
  // Every version writes the same entry (libs/atlas-packet cash/clientbound shop_inventory.go, shop_item_moved.go).
  assertEquals(
    hex(bytesOf((w) => writeCashShopPurchaseSuccess(w, LIBRARY_GMS83, 42, 1001, ITEM))),
    fields(u8(87), entry),
  );
  assertEquals(
    hex(bytesOf((w) => writeCashItemMovedToCashInventory(w, LIBRARY_GMS83, 42, 1001, ITEM))),
    fields(u8(106), entry),
  );
});

Deno.test("CashShopOperation INVENTORY_CAPACITY_INCREASE_SUCCESS (v83 96): u8 inventory type, u16 capacity", () => {
  assertEquals(
    hex(bytesOf((w) => writeCashShopCapacityIncreased(w, LIBRARY_GMS83, 2, 32))),
    fields(u8(96), u8(2), u16(32)),
  );
});

Deno.test("CashShopOperation failure arms: mode then the reason from the errors table; an unknown name → 0, a missing mode throws", () => {
  assertEquals(
    hex(
      bytesOf((w) =>
        writeCashShopFailure(w, LIBRARY_GMS83, "INVENTORY_CAPACITY_INCREASE_FAILED", "NOT_ENOUGH_CASH")
      ),
    ),
    fields(u8(97), u8(165)),
  );
  assertEquals(
    hex(bytesOf((w) => writeCashShopFailure(w, LIBRARY_GMS83, "MOVE_L_TO_S_FAILED", "SOMETHING_ELSE"))),
    fields(u8(105), u8(0)),
  );
  // The reference's GMS 83 template has no errors table: the client's unknown-error notice.
  assertEquals(
    hex(
      bytesOf((w) =>
        writeCashShopFailure(
          w,
          { operations: { INVENTORY_CAPACITY_INCREASE_FAILED: 97 } },
          "INVENTORY_CAPACITY_INCREASE_FAILED",
          "NOT_ENOUGH_CASH",
        )
      ),
    ),
    fields(u8(97), u8(0)),
  );
  assertThrows(
    () => writeCashShopFailure(packetWriter(), {}, "MOVE_S_TO_L_FAILED", ""),
    MissingWriterOptionError,
  );
});

Deno.test("CashShopOperation CASH_ITEM_MOVED_TO_INVENTORY (v83 104): u16 slot, then the cash item without its position", () => {
  const asset = assetFromAttributes(7002, {
    slot: 3,
    templateId: 5150000,
    expiration: "0001-01-01T00:00:00Z",
    referenceId: 4401,
    referenceType: "cash",
    referenceData: { ownerId: 0, cashId: "9000000000789", quantity: 1, flag: 0, purchasedBy: 1001 },
  });
  assertEquals(
    hex(
      bytesOf((w) =>
        writeCashItemMovedToInventory(w, { operations: { CASH_ITEM_MOVED_TO_INVENTORY: 104 } }, asset, GMS83)
      ),
    ),
    // GW_ItemSlotBundle of a cash item: type 2, template, cash flag, serial, expiration −1, quantity, owner, flag.
    fields(u8(104), u16(3), u8(2), u32(5150000), u8(1), u64(9000000000789n), u64(-1), u16(1), u16(0), u16(0)),
  );
});
