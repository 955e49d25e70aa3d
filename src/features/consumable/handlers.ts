/**
 * Item use: client requests → `COMMAND_TOPIC_CONSUMABLE` (kafka-produced.md §4.25), keyed by the
 * character; item buff cancel → `COMMAND_TOPIC_CHARACTER_BUFF` `CANCEL`; the chalkboard cash item →
 * `COMMAND_TOPIC_CHALKBOARD` `SET`. Layouts follow `libs/atlas-packet` at d59a1ad2df:
 *
 * - CharacterItemUseHandle, CharacterItemUseTownScrollHandle, CharacterItemUseSummonBagHandle:
 *   `u32 updateTime, i16 slot, u32 itemId` → `REQUEST_ITEM_CONSUME` (quantity 1);
 * - CharacterItemUseScrollHandle: `u32 updateTime, i16 scrollSlot, i16 equipSlot, i16 flags,
 *   bool legendarySpirit` → `REQUEST_SCROLL` (white scroll = flag bit 0x2);
 * - CharacterItemCancelHandle: `i32 sourceId` → buff `CANCEL` with the source id as sent;
 * - CharacterCashItemUseHandle: `[u32 updateTime] i16 slot, u32 itemId` (update time first on GMS v87+
 *   and JMS, last otherwise): pet food (item class 524) → `REQUEST_ITEM_CONSUME`; chalkboard (537)
 *   `str message` → chalkboard `SET`; other cash items are not served yet (logged, actions re-enabled).
 *
 * Unlike the reference, the session's inventory (kept current by the asset events) must show the item
 * the client names in the slot it names, and the item must belong to the tab the request uses; otherwise
 * nothing is produced and the client gets "enable actions". A published use arms the answer watchdog.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import type { HandlerRegistry } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { BuffCommand } from "../buff/messages.ts";
import type { ChalkboardCommand } from "../chalkboard/messages.ts";
import { cachedAssetAt } from "../inventory/handlers.ts";
import type { ConsumableCommand } from "./messages.ts";

/** Handler names of this domain. */
export const CONSUMABLE_HANDLER_NAMES = [
  "CharacterItemUseHandle",
  "CharacterItemUseTownScrollHandle",
  "CharacterItemUseSummonBagHandle",
  "CharacterItemUseScrollHandle",
  "CharacterItemCancelHandle",
  "CharacterCashItemUseHandle",
] as const;

/** Item classes (⌊itemId / 10 000⌋) the cash item handler serves. */
export const CASH_ITEM_CLASSES = { petFood: 524, chalkboard: 537 } as const;

/** What the handlers need from the server. */
export interface ConsumableHandlerDeps {
  publishConsumable(tenant: Tenant, command: ConsumableCommand): Promise<void>;
  publishBuff(tenant: Tenant, command: BuffCommand): Promise<void>;
  publishChalkboard(tenant: Tenant, command: ChalkboardCommand): Promise<void>;
  /** The map the session's character is in (presence index). */
  mapOf(session: Session): number | undefined;
  /** Sends "enable actions". */
  enableActions(session: Session): void;
  /** Arms the answer watchdog for a published request. */
  awaitAnswer(session: Session): void;
}

/** Whether the cash item request carries its update time first (GMS v87+ and JMS). */
export function cashItemUpdateTimeFirst(v: Pick<Tenant, "region" | "majorVersion">): boolean {
  return (v.region === "GMS" && v.majorVersion >= 87) || v.region === "JMS";
}

/** The handlers by name, bound to `deps`. */
export function consumableHandlers(deps: ConsumableHandlerDeps): HandlerRegistry<Session, PacketReader> {
  const log = (session: Session) => sessionLogger(session, "consumable.handlers");
  const refuse = (session: Session, handler: string, reason: string, fields: Record<string, unknown>) => {
    log(session).warn(`${handler}: ${reason}; nothing produced`, fields);
    deps.enableActions(session);
  };
  const publish = async (session: Session, handler: string, send: () => Promise<void>, watch = true) => {
    try {
      await send();
      if (watch) deps.awaitAnswer(session);
    } catch (err) {
      log(session).error(`${handler}: command not published`, {
        error: err instanceof Error ? err.message : String(err),
      });
      deps.enableActions(session);
    }
  };
  /** The slot must hold the item the client names (unknown cache: trusted), in the item's own tab. */
  const holds = (session: Session, inventoryType: number, slot: number, itemId: number) => {
    if (Math.floor(itemId / 1_000_000) !== inventoryType || slot <= 0) return false;
    const asset = cachedAssetAt(session, inventoryType, slot);
    return asset === null || asset?.templateId === itemId;
  };

  const consume =
    (handler: string, itemClass?: (itemId: number) => boolean) =>
    async (session: Session, reader: PacketReader) => {
      reader.uint32(); // update time
      const slot = reader.int16();
      const itemId = reader.uint32();
      const fields = { slot, itemId };
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", fields);
      if (itemClass && !itemClass(itemId)) return refuse(session, handler, "item of another kind", fields);
      if (!holds(session, 2, slot, itemId)) {
        return refuse(session, handler, "the slot does not hold the item", fields);
      }
      await publish(session, handler, () =>
        deps.publishConsumable(session.tenant, {
          worldId: session.worldId,
          channelId: session.channelId,
          characterId,
          type: "REQUEST_ITEM_CONSUME",
          body: { source: slot, itemId, quantity: 1 },
        }));
    };
  const itemClassOf = (itemId: number) => Math.floor(itemId / 10_000);

  return {
    CharacterItemUseHandle: consume("CharacterItemUseHandle"),
    CharacterItemUseTownScrollHandle: consume(
      "CharacterItemUseTownScrollHandle",
      (id) => itemClassOf(id) === 203,
    ),
    CharacterItemUseSummonBagHandle: consume(
      "CharacterItemUseSummonBagHandle",
      (id) => itemClassOf(id) === 210,
    ),

    async CharacterItemUseScrollHandle(session, reader) {
      const handler = "CharacterItemUseScrollHandle";
      reader.uint32(); // update time
      const scrollSlot = reader.int16();
      const equipSlot = reader.int16();
      const flags = reader.int16();
      const legendarySpirit = reader.bool();
      const fields = { scrollSlot, equipSlot, flags, legendarySpirit };
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", fields);
      if (scrollSlot <= 0 || equipSlot === 0) return refuse(session, handler, "no such slot", fields);
      const scroll = cachedAssetAt(session, 2, scrollSlot);
      const equip = cachedAssetAt(session, 1, equipSlot);
      if (scroll === undefined) return refuse(session, handler, "no scroll in the slot", fields);
      if (equip === undefined) return refuse(session, handler, "no equip in the slot", fields);
      await publish(session, handler, () =>
        deps.publishConsumable(session.tenant, {
          worldId: session.worldId,
          channelId: session.channelId,
          characterId,
          type: "REQUEST_SCROLL",
          body: { scrollSlot, equipSlot, whiteScroll: (flags & 2) === 2, legendarySpirit },
        }));
    },

    async CharacterItemCancelHandle(session, reader) {
      const handler = "CharacterItemCancelHandle";
      const sourceId = reader.int32();
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", { sourceId });
      // The client does not wait for an answer to a cancel: no watchdog, no unlock.
      await publish(session, handler, () =>
        deps.publishBuff(session.tenant, {
          worldId: session.worldId,
          channelId: session.channelId,
          characterId,
          type: "CANCEL",
          body: { sourceId },
        }), false);
    },

    async CharacterCashItemUseHandle(session, reader) {
      const handler = "CharacterCashItemUseHandle";
      const leading = cashItemUpdateTimeFirst(session.tenant);
      if (leading) reader.uint32(); // update time
      const slot = reader.int16();
      const itemId = reader.uint32();
      const fields = { slot, itemId };
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", fields);
      const itemClass = itemClassOf(itemId);
      if (itemClass === CASH_ITEM_CLASSES.petFood) {
        if (!leading) reader.uint32(); // update time
        if (!holds(session, 5, slot, itemId)) {
          return refuse(session, handler, "the slot does not hold the item", fields);
        }
        return await publish(session, handler, () =>
          deps.publishConsumable(session.tenant, {
            worldId: session.worldId,
            channelId: session.channelId,
            characterId,
            type: "REQUEST_ITEM_CONSUME",
            body: { source: slot, itemId, quantity: 1 },
          }));
      }
      if (itemClass === CASH_ITEM_CLASSES.chalkboard) {
        const message = reader.string();
        if (!leading) reader.uint32(); // update time
        if (!holds(session, 5, slot, itemId)) {
          return refuse(session, handler, "the slot does not hold the item", fields);
        }
        const mapId = deps.mapOf(session);
        if (mapId === undefined) return refuse(session, handler, "character is not in a map", fields);
        // atlas-chalkboards answers on its status topic, which shows the board; the client is not locked.
        return await publish(session, handler, () =>
          deps.publishChalkboard(session.tenant, {
            worldId: session.worldId,
            channelId: session.channelId,
            mapId,
            characterId,
            type: "SET",
            body: { message },
          }), false);
      }
      refuse(session, handler, "cash item kind not served", { ...fields, itemClass });
    },
  };
}
