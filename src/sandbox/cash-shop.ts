/**
 * atlas-cashshop's state for the sandbox: each account's wallet (starting at {@link SANDBOX_WALLET}) and
 * explorer cash inventory ("locker"), each character's wish list, and the catalogue of commodities it sells. The catalogue is sandbox
 * content (serial numbers the client lists among its best items, mapped to items of our choosing), not the
 * client's Commodity.wz. State lives beside the store, one per store.
 * @module
 */
import type { SandboxStore } from "./store.ts";

/** The cash balances every account starts with (atlas-cashshop `wallets`). */
export const SANDBOX_WALLET = Object.freeze({ credit: 5000, points: 1200, prepaid: 0 });

/** An account's balances; currency 1 is credit, 2 points, 3 prepaid (atlas-cashshop's wallet). */
export interface SandboxWallet {
  credit: number;
  points: number;
  prepaid: number;
}

/** One item of a locker: the asset (UUID) holding a cash item (decimal id, 64-bit cash serial). */
export interface SandboxCashItem {
  assetId: string;
  itemId: number;
  cashId: string;
  templateId: number;
  quantity: number;
  flag: number;
  purchasedBy: number;
}

/** An account's explorer cash inventory. */
export interface SandboxLocker {
  readonly id: string;
  readonly accountId: number;
  readonly type: 1;
  capacity: number;
  items: SandboxCashItem[];
}

/** Something the cash shop sells (atlas-cashshop's commodity: serial number, item, count, price). */
export interface SandboxCommodity {
  serialNumber: number;
  templateId: number;
  count: number;
  price: number;
}

/** The sandbox's catalogue. */
export const SANDBOX_COMMODITIES: readonly SandboxCommodity[] = Object.freeze([
  { serialNumber: 50200004, templateId: 5150000, count: 1, price: 2500 }, // hair coupon
  { serialNumber: 50200069, templateId: 5072000, count: 1, price: 300 }, // super megaphone
  { serialNumber: 50200117, templateId: 5370000, count: 1, price: 8000 }, // chalkboard: more than anyone has
]);

/** The cash-shop side of a sandbox store. */
export interface SandboxCashShop {
  wallet(accountId: number): SandboxWallet;
  locker(accountId: number): SandboxLocker;
  commodity(serialNumber: number): SandboxCommodity | undefined;
  /** A fresh cash item id and serial. */
  nextItem(): { itemId: number; cashId: string };
  /** A character's wish list: `{id, serialNumber}` in the order added. */
  wishlist(characterId: number): { id: string; serialNumber: number }[];
}

const states = new WeakMap<SandboxStore, SandboxCashShop>();

/** The cash-shop state of `store` (created on first use). */
export function cashShopOf(store: SandboxStore): SandboxCashShop {
  let state = states.get(store);
  if (state) return state;
  const wallets = new Map<number, SandboxWallet>();
  const lockers = new Map<number, SandboxLocker>();
  const wishlists = new Map<number, { id: string; serialNumber: number }[]>();
  let lastItemId = 70_000;
  state = {
    wallet(accountId) {
      let w = wallets.get(accountId);
      if (!w) wallets.set(accountId, w = { ...SANDBOX_WALLET });
      return w;
    },
    locker(accountId) {
      let l = lockers.get(accountId);
      if (!l) {
        const hex = accountId.toString(16).padStart(12, "0");
        lockers.set(
          accountId,
          l = { id: `c0ba0001-0000-4000-8000-${hex}`, accountId, type: 1, capacity: 55, items: [] },
        );
      }
      return l;
    },
    commodity: (serialNumber) => SANDBOX_COMMODITIES.find((c) => c.serialNumber === serialNumber),
    wishlist(characterId) {
      let list = wishlists.get(characterId);
      if (!list) wishlists.set(characterId, list = []);
      return list;
    },
    nextItem() {
      lastItemId++;
      return { itemId: lastItemId, cashId: String(9_200_000_000_000 + lastItemId) };
    },
  };
  states.set(store, state);
  return state;
}

/** The balance of `currency` (1 credit, 2 points, 3 prepaid; anything else has none). */
export function balanceOf(wallet: SandboxWallet, currency: number): number {
  return currency === 1
    ? wallet.credit
    : currency === 2
    ? wallet.points
    : currency === 3
    ? wallet.prepaid
    : 0;
}

/** Takes `amount` of `currency` from the wallet (the caller checked the balance). */
export function spend(wallet: SandboxWallet, currency: number, amount: number): void {
  if (currency === 1) wallet.credit -= amount;
  else if (currency === 2) wallet.points -= amount;
  else if (currency === 3) wallet.prepaid -= amount;
}
