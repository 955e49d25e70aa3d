/**
 * Client inventory requests → `COMMAND_TOPIC_COMPARTMENT` (kafka-produced.md §4.27), keyed by the
 * character so one character's requests stay in the order the client sent them (the dispatcher handles
 * a session's packets one at a time and each handler waits for the broker's acknowledgement).
 *
 * - CharacterInventoryMoveHandle (`u32 updateTime, u8 inventoryType, i16 source, i16 destination,
 *   i16 count`): source < 0 and destination > 0 → `UNEQUIP`; destination < 0 → `EQUIP`;
 *   destination 0 → `DROP` at the character's current position (from the session: the last movement,
 *   else where it logged in; the reference reads it over REST); otherwise `MOVE`.
 * - CompartmentMerge / CompartmentSort (`u32 updateTime, u8 inventoryType`) → `MERGE` / `SORT`.
 *
 * Requests the client could not have sent honestly are refused (nothing produced) and answered with
 * "enable actions": an inventory type outside 1–5, slot 0 or a move onto itself, equipping from or
 * into a non-equip tab, a drop of no or more items than the slot holds, a source slot the session's
 * inventory (kept current by the asset events) shows empty. A published request arms the answer
 * watchdog (`pending.ts`); a request that cannot be published unlocks the client at once.
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import type { HandlerRegistry } from "../../net/dispatch.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { fieldPositionKey } from "../map/spawn.ts";
import type { CompartmentCommand } from "./messages.ts";
import { type Asset, compartmentOf } from "./rest.ts";

/** Handler names of this domain (the GMS 83 template's merge/sort spellings resolve to these). */
export const INVENTORY_HANDLER_NAMES = [
  "CharacterInventoryMoveHandle",
  "CompartmentMerge",
  "CompartmentSort",
] as const;

/** What the handlers need from the server. */
export interface InventoryHandlerDeps {
  /** Publishes a compartment command; resolves once the broker has it. */
  publish(tenant: Tenant, command: CompartmentCommand): Promise<void>;
  /** The map the session's character is in (presence index). */
  mapOf(session: Session): number | undefined;
  /** Sends "enable actions". */
  enableActions(session: Session): void;
  /** Arms the answer watchdog for a published request. */
  awaitAnswer(session: Session): void;
}

/** The asset the session's cached inventory shows in a slot; null when unknown (no cache). */
export function cachedAssetAt(
  session: Session,
  inventoryType: number,
  slot: number,
): Asset | undefined | null {
  const inventory = session.get(CHARACTER_DATA)?.inventory;
  if (!inventory) return null;
  return compartmentOf(inventory, inventoryType).assets.find((a) => a.slot === slot);
}

/** How many of the item the asset holds (1 for equipment and pets). */
export function quantityOf(asset: Asset): number {
  const p = asset.payload;
  return p.kind === "consumable" || p.kind === "setup" || p.kind === "etc" || p.kind === "cash"
    ? p.data.quantity
    : 1;
}

/** The handlers by name, bound to `deps`. */
export function inventoryHandlers(deps: InventoryHandlerDeps): HandlerRegistry<Session, PacketReader> {
  const refuse = (session: Session, handler: string, reason: string, fields: Record<string, unknown>) => {
    sessionLogger(session, "inventory.handlers").warn(`${handler}: ${reason}; nothing produced`, fields);
    deps.enableActions(session);
  };

  const publish = async (session: Session, handler: string, command: CompartmentCommand) => {
    try {
      await deps.publish(session.tenant, command);
      deps.awaitAnswer(session);
    } catch (err) {
      sessionLogger(session, "inventory.handlers").error(`${handler}: command not published`, {
        type: command.type,
        error: err instanceof Error ? err.message : String(err),
      });
      deps.enableActions(session);
    }
  };

  const arrange =
    (handler: string, type: "MERGE" | "SORT") => async (session: Session, reader: PacketReader) => {
      reader.uint32(); // update time
      const inventoryType = reader.byte();
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", {});
      if (inventoryType < 1 || inventoryType > 5) {
        return refuse(session, handler, "inventory type outside 1-5", { inventoryType });
      }
      await publish(session, handler, { characterId, inventoryType, type, body: {} });
    };

  return {
    async CharacterInventoryMoveHandle(session, reader) {
      const handler = "CharacterInventoryMoveHandle";
      reader.uint32(); // update time
      const inventoryType = reader.byte();
      const source = reader.int16();
      const destination = reader.int16();
      const count = reader.int16();
      const fields = { inventoryType, source, destination, count };
      const characterId = session.characterId;
      if (!characterId) return refuse(session, handler, "no character logged in", fields);
      if (inventoryType < 1 || inventoryType > 5) {
        return refuse(session, handler, "inventory type outside 1-5", fields);
      }
      if (source === 0 || source === destination) return refuse(session, handler, "no move", fields);
      const held = cachedAssetAt(session, inventoryType, source);
      if (held === undefined) return refuse(session, handler, "source slot is empty", fields);

      if (source < 0 && destination > 0) {
        if (inventoryType !== 1) return refuse(session, handler, "unequip outside the equip tab", fields);
        return await publish(session, handler, {
          characterId,
          inventoryType,
          type: "UNEQUIP",
          body: { source, destination },
        });
      }
      if (destination < 0) {
        if (inventoryType !== 1) return refuse(session, handler, "equip outside the equip tab", fields);
        return await publish(session, handler, {
          characterId,
          inventoryType,
          type: "EQUIP",
          body: { source, destination },
        });
      }
      if (destination === 0) {
        if (count <= 0) return refuse(session, handler, "drop of no items", fields);
        if (held && count > quantityOf(held)) {
          return refuse(session, handler, "drop of more than the slot holds", fields);
        }
        const mapId = deps.mapOf(session);
        if (mapId === undefined) return refuse(session, handler, "character is not in a map", fields);
        const position = session.get(fieldPositionKey) ?? session.get(loggedInCharacterKey);
        return await publish(session, handler, {
          characterId,
          inventoryType,
          type: "DROP",
          body: {
            worldId: session.worldId,
            channelId: session.channelId,
            mapId,
            source,
            quantity: count,
            x: position?.x ?? 0,
            y: position?.y ?? 0,
          },
        });
      }
      await publish(session, handler, {
        characterId,
        inventoryType,
        type: "MOVE",
        body: { source, destination },
      });
    },
    CompartmentMerge: arrange("CompartmentMerge", "MERGE"),
    CompartmentSort: arrange("CompartmentSort", "SORT"),
  };
}
