/**
 * The issue-13 cash-shop loop under `deno task dev`'s in-process mode: a bot enters the cash shop, buys a
 * hair coupon (sandbox commodity 50200004, 2500 credit) and moves it into its cash tab, then leaves; the
 * sandbox answers as atlas-cashshop and the compartment transfer saga do. Bytes are written out from
 * libs/atlas-packet (cash/clientbound shop_inventory.go, shop_item_moved.go) for the GMS 83 sandbox tenant;
 * then a GMS v95 bot (its tenant's opcodes, codes and request layouts) buys and takes out a super megaphone.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS, sandboxTenantByKey } from "../../src/sandbox/world.ts";
import { opcodeTable } from "../../src/bot/opcodes.ts";
import { cashShopOf } from "../../src/sandbox/cash-shop.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const le = (value: bigint, bytes: number) => {
  let v = BigInt.asUintN(bytes * 8, value);
  let out = "";
  for (let i = 0; i < bytes; i++, v >>= 8n) out += (v & 0xffn).toString(16).padStart(2, "0");
  return out;
};

Deno.test({
  name: "dev mode: a bot buys in the cash shop, takes the item into its inventory and leaves",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(9);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 1,
      logoutAfterMs: 200,
    });
    const aria = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      const store = dev.sandbox.store;
      const accountId = store.character(1001)!.accountId;
      const freeBefore = new Set(
        store.character(1001)!.assets.filter((a) => a.inventoryType === 5).map((a) => a.slot),
      );
      await runScript(aria, parseScript("cashshop:50200004"), 0);

      const results = aria.received.filter((p) => p.name === "CashShopOperation");
      // Entry: locker (75) and wish list (79); then PURCHASE_SUCCESS (87) and CASH_ITEM_MOVED_TO_INVENTORY (104).
      assertEquals(results.map((p) => p.body[0]), [75, 79, 87, 104]);
      const bought = results[2].body;
      const cashSerial = new DataView(bought.buffer, bought.byteOffset + 1).getBigInt64(0, true);
      const itemId = new DataView(bought.buffer, bought.byteOffset + 1).getUint32(20, true);
      assertEquals(
        hex(bought),
        "57" + le(cashSerial, 8) + le(BigInt(accountId), 4) + le(1001n, 4) + le(5150000n, 4) +
          le(BigInt(itemId), 4) +
          le(1n, 2) + "00".repeat(13) + "ff".repeat(8) + "00".repeat(8),
      );
      // The balance after the purchase: 5000 − 2500 credit, 1200 points, 0 prepaid.
      const balances = aria.received.filter((p) => p.name === "CashShopCashQueryResult");
      assertEquals(hex(balances.at(-1)!.body), le(2500n, 4) + le(1200n, 4) + le(0n, 4));

      // Moved into the first free slot of the cash tab: i16 slot, then the cash item (no position).
      const moved = results[3].body;
      const asset = store.character(1001)!.assets.find((a) => a.referenceId === itemId)!;
      assertTrue(!freeBefore.has(asset.slot));
      assertEquals(
        hex(moved),
        "68" + le(BigInt(asset.slot), 2) + "02" + le(5150000n, 4) + "01" + le(cashSerial, 8) +
          "ff".repeat(8) +
          le(1n, 2) + "0000" + "0000",
      );
      assertEquals(cashShopOf(store).locker(accountId).items, []);
      assertEquals(cashShopOf(store).wallet(accountId).credit, 2500);
      // Back in the field: the bot logged in again through the channel change.
      assertTrue(aria.received.filter((p) => p.name === "SetField").length >= 2);

      // The GMS v95 client (its own tenant's opcodes and codes): Cody buys a super megaphone.
      const v95 = sandboxTenantByKey("gms95")!;
      const cody = await connectBot({
        port: port + v95.portOffset,
        characterId: 2001,
        timeoutMs: 10_000,
        opcodes: opcodeTable(v95.attributes),
      });
      try {
        await cody.login(HENESYS);
        const credit = cashShopOf(store).wallet(2).credit;
        await runScript(cody, parseScript("cashshop:50200069"), 0);
        const v95Results = cody.received.filter((p) => p.name === "CashShopOperation");
        // LOAD_INVENTORY_SUCCESS 88 (no items, then storage, character slots and v95's two counters), the
        // wish list 92, PURCHASE_SUCCESS 100, CASH_ITEM_MOVED_TO_INVENTORY 119.
        assertEquals(v95Results.map((p) => p.body[0]), [88, 92, 100, 119]);
        assertEquals(v95Results[0].body.length, 1 + 2 + 2 + 2 + 2 + 2);
        assertEquals(cashShopOf(store).wallet(2).credit, credit - 300);
        assertTrue(
          store.character(2001)!.assets.some((a) => a.templateId === 5072000 && a.inventoryType === 5),
        );
      } finally {
        cody.close();
      }
    } finally {
      aria.close();
      await dev.stop();
    }
  },
});
