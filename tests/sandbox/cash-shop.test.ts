/**
 * The sandbox's atlas-cashshop and compartment transfer saga (services/atlas-cashshop docs/kafka.md and
 * cashshop/processor.go, services/atlas-compartment-transfer docs/saga.md): purchases take the price from
 * the wallet's currency and put a new item in the locker (`PURCHASE`), or answer `ERROR` (unknown
 * commodity, not enough cash); an inventory expansion by type costs 4000 for 8 slots; a transfer moves the
 * item between the character's tab and the locker and answers `COMPLETED` naming the destination; the
 * cash-shop REST documents show the result; storage increases answer `UNKNOWN_ERROR`; the wish list is kept.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { type Sandbox, SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { cashShopCommandContract, cashShopStatusContract } from "../../src/features/cash-shop/messages.ts";
import {
  compartmentTransferCommandContract,
  compartmentTransferStatusContract,
} from "../../src/features/inventory/messages.ts";
import { cashShopOf } from "../../src/sandbox/cash-shop.ts";
import { createRestClient } from "../../src/rest/client.ts";
import {
  addWishlistItem,
  clearWishlist,
  getCashAsset,
  getCashCompartment,
  getWallet,
  getWishlist,
} from "../../src/features/cash-shop/rest.ts";
import { getCompartment } from "../../src/features/inventory/rest.ts";

async function harness(): Promise<
  { sandbox: Sandbox; channel: Bus; seen: unknown[]; stop(): Promise<void> }
> {
  const broker = new MemoryBroker();
  const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 1, logoutAfterMs: 100 });
  const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "cash-shop-responder-test" });
  const seen: unknown[] = [];
  channel.subscribe(cashShopStatusContract, ({ value }) => void seen.push(value));
  channel.subscribe(compartmentTransferStatusContract, ({ value }) => void seen.push(value));
  await channel.start();
  return {
    sandbox,
    channel,
    seen,
    async stop() {
      await channel.stop();
      await sandbox.stop();
    },
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const options = { tenant: SANDBOX_TENANT, key: 1001 };
const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

test("sandbox atlas-cashshop: purchases, their errors, an inventory expansion; REST shows wallet and locker", async () => {
  const h = await harness();
  try {
    const buy = (currency: number, serialNumber: number) =>
      h.channel.publish(cashShopCommandContract, {
        characterId: 1001,
        type: "REQUEST_PURCHASE",
        body: { currency, serialNumber },
      }, options);
    await buy(1, 12345); // no such commodity
    await buy(1, 50200117); // 8000 credit: more than the 5000 there is
    await buy(2, 50200069); // 300 points
    await h.channel.publish(cashShopCommandContract, {
      characterId: 1001,
      type: "REQUEST_INVENTORY_INCREASE_BY_TYPE",
      body: { currency: 1, inventoryType: 2 },
    }, options);
    await h.channel.publish(cashShopCommandContract, {
      characterId: 1001,
      type: "REQUEST_STORAGE_INCREASE",
      body: { currency: 1 },
    }, options);
    await until("five answers", () => h.seen.length >= 5);
    const locker = cashShopOf(h.sandbox.store).locker(1);
    assertEquals(locker.items.length, 1);
    const item = locker.items[0];
    assertEquals(h.seen, [
      { characterId: 1001, type: "ERROR", body: { error: "UNKNOWN_ERROR" } },
      { characterId: 1001, type: "ERROR", body: { error: "NOT_ENOUGH_CASH" } },
      {
        characterId: 1001,
        type: "PURCHASE",
        body: {
          templateId: 5072000,
          price: 300,
          compartmentId: locker.id,
          assetId: item.assetId,
          itemId: item.itemId,
        },
      },
      {
        characterId: 1001,
        type: "INVENTORY_CAPACITY_INCREASED",
        body: { inventoryType: 2, capacity: 32, amount: 8 },
      },
      // atlas-cashshop does not sell storage slots yet.
      { characterId: 1001, type: "ERROR", body: { error: "UNKNOWN_ERROR" } },
    ]);

    const rest = createRestClient({ baseServiceUrl: h.sandbox.root, env: () => undefined });
    assertEquals(await getWallet(rest, SANDBOX_TENANT, 1), { credit: 1000, points: 900, prepaid: 0 });
    const compartment = await getCashCompartment(rest, SANDBOX_TENANT, 1);
    assertEquals(compartment.id, locker.id);
    assertEquals(compartment.items, [{ ...item, purchasedBy: 1001 }]);
    const asset = await getCashAsset(rest, SANDBOX_TENANT, 1, locker.id, item.assetId);
    assertEquals(asset.item, compartment.items[0]);
  } finally {
    await h.stop();
  }
});

test("sandbox compartment transfer: tab → locker and back, COMPLETED naming the destination", async () => {
  const h = await harness();
  try {
    const store = h.sandbox.store;
    const rest = createRestClient({ baseServiceUrl: h.sandbox.root, env: () => undefined });
    const tab = await getCompartment(rest, SANDBOX_TENANT, 1001, 5);
    const chalkboard = tab.assets.find((a) => a.templateId === 5370000)!;
    const locker = cashShopOf(store).locker(1);
    const transfer = (toLocker: boolean, assetId: number, referenceId: number) => {
      const character = { id: tab.id, type: 5, inventoryType: "CHARACTER" as const };
      const cash = { id: locker.id, type: 1, inventoryType: "CASH_SHOP" as const };
      const [from, to] = toLocker ? [character, cash] : [cash, character];
      return h.channel.publish(compartmentTransferCommandContract, {
        transactionId: crypto.randomUUID(),
        worldId: 0,
        accountId: 1,
        characterId: 1001,
        assetId,
        fromCompartmentId: from.id,
        fromCompartmentType: from.type,
        fromInventoryType: from.inventoryType,
        toCompartmentId: to.id,
        toCompartmentType: to.type,
        toInventoryType: to.inventoryType,
        referenceId,
      }, options);
    };
    await transfer(true, chalkboard.id, chalkboard.referenceId);
    await until("the first completion", () => h.seen.length >= 1);
    assertEquals((h.seen[0] as { body: unknown }).body, {
      transactionId: (h.seen[0] as { body: { transactionId: string } }).body.transactionId,
      accountId: 1,
      assetId: chalkboard.referenceId,
      compartmentId: locker.id,
      compartmentType: 1,
      inventoryType: "CASH_SHOP",
    });
    assertTrue(
      !(await getCompartment(rest, SANDBOX_TENANT, 1001, 5)).assets.some((a) => a.templateId === 5370000),
    );
    assertEquals((await getCashCompartment(rest, SANDBOX_TENANT, 1)).items.map((i) => [i.itemId, i.cashId]), [
      [chalkboard.referenceId, "9100000001001"],
    ]);

    await transfer(false, chalkboard.referenceId, chalkboard.referenceId);
    await until("the second completion", () => h.seen.length >= 2);
    const back = (await getCompartment(rest, SANDBOX_TENANT, 1001, 5)).assets.find((a) =>
      a.templateId === 5370000
    )!;
    assertEquals((h.seen[1] as { body: unknown }).body, {
      transactionId: (h.seen[1] as { body: { transactionId: string } }).body.transactionId,
      accountId: 1,
      assetId: chalkboard.referenceId,
      compartmentId: tab.id,
      compartmentType: 5,
      inventoryType: "CHARACTER",
    });
    assertEquals([back.referenceId, back.payload.kind === "cash" && back.payload.data.cashId], [
      chalkboard.referenceId,
      "9100000001001",
    ]);
    assertEquals(locker.items, []);
  } finally {
    await h.stop();
  }
});

test("sandbox atlas-cashshop wish list: cleared, then one POST per serial, read back in order", async () => {
  const h = await harness();
  try {
    const rest = createRestClient({ baseServiceUrl: h.sandbox.root, env: () => undefined });
    await addWishlistItem(rest, SANDBOX_TENANT, 1001, 50200004);
    await clearWishlist(rest, SANDBOX_TENANT, 1001);
    await addWishlistItem(rest, SANDBOX_TENANT, 1001, 50200069);
    await addWishlistItem(rest, SANDBOX_TENANT, 1001, 50200117);
    assertEquals(await getWishlist(rest, SANDBOX_TENANT, 1001), [50200069, 50200117]);
    assertEquals(await getWishlist(rest, SANDBOX_TENANT, 2001), []);
  } finally {
    await h.stop();
  }
});
