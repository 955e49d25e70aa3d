/**
 * The cash shop's world side, for the sandbox:
 *
 * - atlas-maps (services/atlas-maps docs/kafka.md, kafka/consumer/cashshop/consumer.go at the reference
 *   revision): a channel's `EVENT_TOPIC_CASH_SHOP_STATUS` `CHARACTER_ENTER` takes the character out of the
 *   map it left from (`EVENT_TOPIC_MAP_STATUS` `CHARACTER_EXIT`), and `CHARACTER_EXIT` puts it back
 *   (`CHARACTER_ENTER`), on the world, channel and map the event names, keyed by the map id;
 * - atlas-cashshop (services/atlas-cashshop docs/kafka.md, cashshop/processor.go): `REQUEST_PURCHASE` →
 *   the commodity's price taken from the wallet's `currency` (1 credit, 2 points, 3 prepaid), a new cash
 *   item in the account's explorer locker → `PURCHASE`; an unknown commodity → `ERROR` `UNKNOWN_ERROR`,
 *   too little money → `NOT_ENOUGH_CASH`, a full locker → `INVENTORY_FULL`.
 *   `REQUEST_INVENTORY_INCREASE_BY_TYPE` (4000, 8 slots, at most 96) → `INVENTORY_CAPACITY_INCREASED`
 *   with the new capacity (the sandbox's tabs keep their 24 usable slots), else `ERROR` `UNKNOWN_ERROR`;
 *   storage and character-slot increases → `ERROR` `UNKNOWN_ERROR` (atlas-cashshop does not sell them yet);
 *   an inventory expansion by item names a commodity the catalogue lacks → no answer, as there;
 * - atlas-compartment-transfer with atlas-inventory and atlas-cashshop (services/atlas-compartment-transfer
 *   docs/saga.md): `COMMAND_TOPIC_COMPARTMENT_TRANSFER` moves the item (locker → the first free slot of
 *   the character's tab, as atlas-inventory's ACCEPT; tab → locker) without asset events, then
 *   `EVENT_TOPIC_COMPARTMENT_TRANSFER_STATUS` `COMPLETED` naming the destination; a transfer that cannot
 *   be done is logged and left unanswered (the real saga has no compensation either).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  type CashShopCommand,
  cashShopCommandContract,
  cashShopStatusContract,
} from "../../features/cash-shop/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import {
  type CompartmentTransferCommand,
  compartmentTransferCommandContract,
  compartmentTransferStatusContract,
} from "../../features/inventory/messages.ts";
import { compartmentId } from "../../features/character/fixtures.ts";
import type { SandboxStore } from "../store.ts";
import { balanceOf, cashShopOf, spend } from "../cash-shop.ts";
import { SANDBOX_CAPACITY } from "./inventory.ts";

const log = getLogger("sandbox.cash-shop");

/** atlas-cashshop's price and size of an inventory expansion bought by type, and the largest tab. */
const EXPANSION = { cost: 4000, slots: 8, max: 96 } as const;

/** Subscribes the cash-shop responders on `bus` (call before `bus.start()`). */
export function cashShopResponder(bus: Bus, store: SandboxStore): void {
  bus.subscribe(cashShopStatusContract, async ({ value: event, tenant }) => {
    if (event.type !== "CHARACTER_ENTER" && event.type !== "CHARACTER_EXIT") return;
    const { characterId, channelId, mapId } = event.body;
    await bus.publish(mapStatusContract, {
      worldId: event.worldId,
      channelId,
      mapId,
      type: event.type === "CHARACTER_ENTER" ? "CHARACTER_EXIT" : "CHARACTER_ENTER",
      body: { characterId },
    }, { tenant, key: mapId });
  }, { name: "sandbox_cash_shop_status_event" });

  bus.subscribe(cashShopCommandContract, async ({ value: command, tenant }) => {
    await answerCashShopCommand(bus, store, tenant, command);
  }, { name: "sandbox_cash_shop_command" });

  bus.subscribe(compartmentTransferCommandContract, async ({ value: command, tenant }) => {
    await applyTransfer(bus, store, tenant, command);
  }, { name: "sandbox_compartment_transfer_command" });
}

/** Capacities bought per character and tab (the sandbox's inventory documents keep 24). */
const boughtCapacity = new WeakMap<SandboxStore, Map<string, number>>();

async function answerCashShopCommand(
  bus: Bus,
  store: SandboxStore,
  tenant: Tenant,
  command: CashShopCommand,
): Promise<void> {
  const { characterId } = command;
  const error = (name: string) =>
    bus.publish(cashShopStatusContract, { characterId, type: "ERROR", body: { error: name } }, {
      tenant,
      key: characterId,
    });
  const c = store.character(characterId);
  if (!c) return void await error("UNKNOWN_ERROR");
  const cash = cashShopOf(store);
  const wallet = cash.wallet(c.accountId);
  switch (command.type) {
    case "REQUEST_PURCHASE": {
      const { currency, serialNumber } = command.body;
      const commodity = cash.commodity(serialNumber);
      if (!commodity) return void await error("UNKNOWN_ERROR");
      if (balanceOf(wallet, currency) < commodity.price) return void await error("NOT_ENOUGH_CASH");
      const locker = cash.locker(c.accountId);
      if (locker.items.length >= locker.capacity) return void await error("INVENTORY_FULL");
      spend(wallet, currency, commodity.price);
      const { itemId, cashId } = cash.nextItem();
      const assetId = crypto.randomUUID();
      locker.items.push({
        assetId,
        itemId,
        cashId,
        templateId: commodity.templateId,
        quantity: commodity.count,
        flag: 0,
        purchasedBy: characterId,
      });
      await bus.publish(cashShopStatusContract, {
        characterId,
        type: "PURCHASE",
        body: {
          templateId: commodity.templateId,
          price: commodity.price,
          compartmentId: locker.id,
          assetId,
          itemId,
        },
      }, { tenant, key: characterId });
      return;
    }
    case "REQUEST_INVENTORY_INCREASE_BY_TYPE": {
      const { currency, inventoryType } = command.body;
      let table = boughtCapacity.get(store);
      if (!table) boughtCapacity.set(store, table = new Map());
      const key = `${characterId}|${inventoryType}`;
      const slots = table.get(key) ?? SANDBOX_CAPACITY;
      if (balanceOf(wallet, currency) < EXPANSION.cost || slots + EXPANSION.slots > EXPANSION.max) {
        return void await error("UNKNOWN_ERROR");
      }
      spend(wallet, currency, EXPANSION.cost);
      table.set(key, slots + EXPANSION.slots);
      await bus.publish(cashShopStatusContract, {
        characterId,
        type: "INVENTORY_CAPACITY_INCREASED",
        body: { inventoryType, capacity: slots + EXPANSION.slots, amount: EXPANSION.slots },
      }, { tenant, key: characterId });
      return;
    }
    case "REQUEST_STORAGE_INCREASE":
    case "REQUEST_STORAGE_INCREASE_BY_ITEM":
    case "REQUEST_CHARACTER_SLOT_INCREASE_BY_ITEM":
      // atlas-cashshop does not sell these yet: it always answers UNKNOWN_ERROR.
      return void await error("UNKNOWN_ERROR");
    default:
      // By item, atlas-cashshop looks the commodity up first and answers nothing when it is unknown; the
      // sandbox's catalogue has no expansion items.
      log.info("cash-shop request for an item the sandbox does not sell; no answer", {
        characterId,
        type: command.type,
      });
  }
}

/** Applies a transfer between a character's tab and its account's locker; see the module documentation. */
export async function applyTransfer(
  bus: Bus,
  store: SandboxStore,
  tenant: Tenant,
  command: CompartmentTransferCommand,
): Promise<void> {
  const { characterId, accountId, referenceId } = command;
  const c = store.character(characterId);
  const refuse = (reason: string) =>
    log.warn(`compartment transfer not done: ${reason}`, { characterId, referenceId });
  if (!c || c.accountId !== accountId) return refuse("unknown character or account");
  const locker = cashShopOf(store).locker(accountId);
  let destination: { id: string; type: number; inventoryType: "CHARACTER" | "CASH_SHOP" };
  if (command.fromInventoryType === "CASH_SHOP" && command.toInventoryType === "CHARACTER") {
    const item = locker.items.find((i) => i.itemId === referenceId);
    if (!item) return refuse("no such item in the locker");
    const type = command.toCompartmentType;
    const used = new Set(c.assets.filter((a) => a.inventoryType === type).map((a) => a.slot));
    let slot = 0;
    for (let s = 1; s <= SANDBOX_CAPACITY && slot === 0; s++) if (!used.has(s)) slot = s;
    if (slot === 0) return refuse("no free slot");
    locker.items.splice(locker.items.indexOf(item), 1);
    c.assets.push({
      id: Math.max(0, ...c.assets.map((a) => a.id)) + 1,
      inventoryType: type,
      slot,
      templateId: item.templateId,
      referenceType: type === 1 ? "cash-equipable" : "cash",
      referenceId: item.itemId,
      referenceData: {
        ownerId: 0,
        cashId: item.cashId,
        quantity: item.quantity,
        flag: item.flag,
        purchasedBy: item.purchasedBy,
      },
    });
    destination = { id: compartmentId(characterId, type), type, inventoryType: "CHARACTER" };
  } else if (command.fromInventoryType === "CHARACTER" && command.toInventoryType === "CASH_SHOP") {
    const asset = c.assets.find((a) =>
      a.id === command.assetId && a.inventoryType === command.fromCompartmentType
    );
    const data = asset?.referenceData as { cashId?: string; quantity?: number; flag?: number } | undefined;
    if (!asset || asset.referenceId === undefined || typeof data?.cashId !== "string") {
      return refuse("no such cash item in the inventory");
    }
    if (locker.items.length >= locker.capacity) return refuse("the locker is full");
    c.assets.splice(c.assets.indexOf(asset), 1);
    locker.items.push({
      assetId: crypto.randomUUID(),
      itemId: asset.referenceId,
      cashId: data.cashId,
      templateId: asset.templateId,
      quantity: data.quantity ?? 1,
      flag: data.flag ?? 0,
      purchasedBy: characterId,
    });
    destination = { id: locker.id, type: locker.type, inventoryType: "CASH_SHOP" };
  } else return refuse(`${command.fromInventoryType} → ${command.toInventoryType} is not a cash-shop move`);
  await bus.publish(compartmentTransferStatusContract, {
    characterId,
    type: "COMPLETED",
    body: {
      transactionId: command.transactionId,
      accountId,
      assetId: referenceId,
      compartmentId: destination.id,
      compartmentType: destination.type,
      inventoryType: destination.inventoryType,
    },
  }, { tenant, key: characterId });
}
