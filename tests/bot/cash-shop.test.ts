/**
 * The issue-13 cash-shop loop under `deno task dev`'s in-process mode: a bot enters the cash shop, buys a
 * hair coupon (sandbox commodity 50200004, 2500 credit) and moves it into its cash tab, then leaves; the
 * sandbox answers as atlas-cashshop and the compartment transfer saga do. Bytes are written out from
 * libs/atlas-packet (cash/clientbound shop_inventory.go, shop_item_moved.go) for the GMS 83 sandbox tenant.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS } from "../../src/sandbox/world.ts";
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
    const port = freeConsecutivePorts(3);
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
    } finally {
      aria.close();
      await dev.stop();
    }
  },
});
