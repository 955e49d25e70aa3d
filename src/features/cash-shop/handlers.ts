/**
 * Cash-shop entry and the return to the field (socket-protocol.md §6.5; reference
 * `socket/handler/cash_shop_entry.go` and the empty-body branch of `socket/handler/map_change.go`).
 *
 * Entry (`CashShopEntryHandle`, `u32 updateTime`): the account, the character with inventory, skills
 * and pets, and the buddy list are looked up (any failure closes the session, as the reference); then
 * `CashShopOpen`, the cash inventory (lookup failure → empty), the wish list, the wallet (failure →
 * zeros), and `EVENT_TOPIC_CASH_SHOP_STATUS` `CHARACTER_ENTER` (key: the character), which atlas-maps
 * turns into the map exit the others see.
 *
 * Return (`MapChangeHandle` with an empty body): the session's own channel address, `CHARACTER_EXIT`,
 * then `PROGRESS_STATE` state 2 with that address; atlas-account's echo makes the login domain send
 * `ChannelChange`, and the client reconnects to this same channel.
 *
 * Deliberate differences from the reference (README decision 3):
 * - the session leaves the presence index when the cash shop opens, so map broadcasts (movement, chat)
 *   stop reaching a client that is no longer in the field;
 * - a second entry while in the cash shop is ignored (a reference TODO), and an empty MapChange from a
 *   session that is not in the cash shop is ignored instead of starting a channel change;
 * - a failed wish-list lookup shows an empty wish list and the entry goes on (the reference stopped,
 *   leaving the client without its balances and atlas-maps believing the character was still in the map).
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import { getBuddyList } from "../buddy/rest.ts";
import { type Session, sessionKey, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import type { BuildPacket } from "../outbound.ts";
import { accountSessionCommandContract } from "../account/messages.ts";
import { getAccount } from "../account/rest.ts";
import { getChannel } from "../channel/rest.ts";
import { type CharacterData, loadCharacterData } from "../character/data.ts";
import { channelAddress } from "../login/writers.ts";
import { cashShopStatusContract } from "./messages.ts";
import {
  CASH_COMPARTMENT_TYPES,
  type CashItem,
  EMPTY_WALLET,
  getCashCompartment,
  getWallet,
  getWishlist,
  type Wallet,
} from "./rest.ts";
import {
  CASH_SHOP_CASH_QUERY_RESULT,
  CASH_SHOP_OPEN,
  CASH_SHOP_OPERATION,
  writeCashShopCashQueryResult,
  writeCashShopInventory,
  writeCashShopOpen,
  writeCashShopWishlist,
} from "./writers.ts";

/** Handler name, as the reference registers it. */
export const CASH_SHOP_ENTRY_HANDLE = "CashShopEntryHandle";

/** Close reasons this domain uses. */
export const CASH_SHOP_CLOSE = {
  lookupFailed: "cash-shop-entry-lookup-failed",
  produceFailed: "cash-shop-exit-produce-failed",
} as const;

/** Where the character was when it entered the cash shop (the exit event names the same place). */
export interface CashShopVisit {
  worldId: number;
  channelId: number;
  mapId: number;
}

/** Set while the session's client is in the cash shop. */
export const cashShopVisitKey = sessionKey<CashShopVisit>("cashShop.visit");

/** Whether the session's client is in the cash shop. */
export function isInCashShop(session: Session): boolean {
  return session.get(cashShopVisitKey) !== undefined;
}

/** Sends a packet whose writer may throw (a missing option code); the failure is logged, not thrown. */
function sendSafely(ctx: FeatureContext, session: Session, writer: string, build: BuildPacket): boolean {
  try {
    return ctx.send(session, writer, build);
  } catch (err) {
    sessionLogger(session, "cash-shop").error("packet not sent", {
      writer,
      error: err instanceof Error ? err.message : String(err),
    });
    return false;
  }
}

async function publishMovement(
  ctx: FeatureContext,
  tenant: Tenant,
  type: "CHARACTER_ENTER" | "CHARACTER_EXIT",
  characterId: number,
  visit: CashShopVisit,
): Promise<void> {
  await ctx.bus.publish(cashShopStatusContract, {
    worldId: visit.worldId,
    characterId: 0, // never set by the reference; receivers read body.characterId
    type,
    body: { characterId, channelId: visit.channelId, mapId: visit.mapId },
  }, { tenant, key: characterId });
}

/** Options of {@link handleCashShopEntry} (tests pin the clock). */
export interface CashShopEntryOptions {
  now?: () => number;
}

/** Reads a cash shop entry request: `u32 updateTime` (every version). */
export function readCashShopEntry(reader: PacketReader): { updateTime: number } {
  return { updateTime: reader.uint32() };
}

/** `CashShopEntryHandle`: `u32 updateTime` (logged only); see the module documentation. */
export async function handleCashShopEntry(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: CashShopEntryOptions = {},
): Promise<void> {
  const { updateTime } = readCashShopEntry(reader);
  const log = sessionLogger(session, "cash-shop");
  const { accountId, characterId } = session;
  const fields = { characterId, updateTime };
  if (accountId === undefined || characterId === undefined) {
    log.warn("cash shop entry before login completed; ignored", fields);
    return;
  }
  if (isInCashShop(session)) {
    log.warn("cash shop entry while already in the cash shop; ignored", fields);
    return;
  }
  const mapId = ctx.presence.mapOf(session);
  if (mapId === undefined) {
    log.warn("cash shop entry from no map; ignored", fields);
    return;
  }
  const rest = ctx.rest;
  if (!rest) {
    log.error("no REST services configured; cannot open the cash shop", fields);
    return;
  }
  const tenant = session.tenant;
  let account, data: CharacterData, buddyCapacity: number;
  try {
    [account, data, buddyCapacity] = await Promise.all([
      getAccount(rest, tenant, accountId),
      loadCharacterData(rest, tenant, characterId),
      getBuddyList(rest, tenant, characterId).then((list) => list.capacity),
    ]);
  } catch (err) {
    log.error("cash shop entry lookup failed; closing the session", {
      ...fields,
      error: err instanceof Error ? err.message : String(err),
    });
    await session.close(CASH_SHOP_CLOSE.lookupFailed);
    return;
  }
  if (session.isClosed || isInCashShop(session)) return;

  const visit: CashShopVisit = { worldId: session.worldId, channelId: session.channelId, mapId };
  const opened = sendSafely(ctx, session, CASH_SHOP_OPEN, (w) =>
    writeCashShopOpen(w, {
      data,
      accountName: account.attributes.name,
      buddyCapacity,
      nowMs: (options.now ?? Date.now)(),
    }, tenant));
  if (!opened) {
    log.warn("cash shop not opened (writer not bound or not sendable)", fields);
    return;
  }
  session.set(cashShopVisitKey, visit);
  ctx.presence.leave(session);

  const [items, wishlist, wallet] = await Promise.all([
    getCashCompartment(rest, tenant, accountId, CASH_COMPARTMENT_TYPES.explorer)
      .then((c) => c.items)
      .catch((err): CashItem[] => {
        log.warn("cash inventory lookup failed; showing it empty", { ...fields, error: String(err) });
        return [];
      }),
    getWishlist(rest, tenant, characterId).catch((err): number[] => {
      log.warn("wish list lookup failed; showing it empty", { ...fields, error: String(err) });
      return [];
    }),
    getWallet(rest, tenant, accountId).catch((err): Wallet => {
      log.warn("wallet lookup failed; showing zeros", { ...fields, error: String(err) });
      return EMPTY_WALLET;
    }),
  ]);
  if (session.isClosed) return;
  sendSafely(
    ctx,
    session,
    CASH_SHOP_OPERATION,
    (w, writerOptions) =>
      writeCashShopInventory(w, writerOptions, {
        accountId,
        characterId,
        items,
        characterSlots: account.attributes.characterSlots,
      }, tenant),
  );
  sendSafely(
    ctx,
    session,
    CASH_SHOP_OPERATION,
    (w, writerOptions) => writeCashShopWishlist(w, writerOptions, wishlist),
  );
  sendSafely(
    ctx,
    session,
    CASH_SHOP_CASH_QUERY_RESULT,
    (w) => writeCashShopCashQueryResult(w, wallet, tenant),
  );

  try {
    await publishMovement(ctx, tenant, "CHARACTER_ENTER", characterId, visit);
  } catch (err) {
    log.error("cash shop entry not announced", { ...fields, error: String(err) });
  }
}

/**
 * The return from the cash shop (an empty `MapChangeHandle`): `CHARACTER_EXIT`, then `PROGRESS_STATE`
 * state 2 with this channel's address. A failed address lookup drops the request (the client stays in
 * the cash shop and may try again); a failed account-session command closes the session.
 */
export async function returnFromCashShop(ctx: FeatureContext, session: Session): Promise<void> {
  const log = sessionLogger(session, "cash-shop");
  const { accountId, characterId } = session;
  const visit = session.get(cashShopVisitKey);
  const fields = { characterId };
  if (accountId === undefined || characterId === undefined || !visit) {
    log.warn("return from the cash shop by a session that is not in it; ignored", fields);
    return;
  }
  const rest = ctx.rest;
  if (!rest) {
    log.error("no REST services configured; cannot look up this channel's address", fields);
    return;
  }
  const tenant = session.tenant;
  let target;
  try {
    target = await getChannel(rest, tenant, session.worldId, session.channelId);
  } catch (err) {
    log.warn("channel lookup failed; return from the cash shop dropped", { ...fields, error: String(err) });
    return;
  }
  if (!channelAddress(target.ipAddress, target.port)) {
    log.warn("this channel has no usable IPv4 address; return from the cash shop dropped", {
      ...fields,
      ipAddress: target.ipAddress,
      port: target.port,
    });
    return;
  }
  if (session.isClosed || session.get(cashShopVisitKey) !== visit) return;
  // One return per visit: a repeated empty MapChange while this one is under way does nothing.
  session.set(cashShopVisitKey, undefined);
  try {
    await publishMovement(ctx, tenant, "CHARACTER_EXIT", characterId, visit);
  } catch (err) {
    log.error("return from the cash shop not announced", { ...fields, error: String(err) });
  }
  try {
    await ctx.bus.publish(accountSessionCommandContract, {
      sessionId: session.id,
      accountId,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 2, params: { ipAddress: target.ipAddress, port: target.port } },
    }, { tenant, key: accountId });
  } catch (err) {
    log.error("account session command not produced; closing the session", { ...fields, error: String(err) });
    await session.close(CASH_SHOP_CLOSE.produceFailed);
  }
}
