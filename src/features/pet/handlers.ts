/**
 * The owner's pet packets (layouts: libs/atlas-packet `pet/serverbound/*.go` at d59a1ad2df; the 64-bit
 * pet id leads every pet action on GMS v61+ and JMS, so on every version this server targets):
 *
 * - `PetSpawnHandle` (`u32 updateTime, i16 cashSlot, bool lead`): the cash item in that slot of the
 *   session's inventory must be a pet; out → `DESPAWN`, in → `SPAWN {lead}` on `COMMAND_TOPIC_PET`.
 * - `PetChatHandle` (`u64 petId, [u32 updateTime on GMS v95+], u8 type, u8 action, str text`) →
 *   `COMMAND_TOPIC_CHARACTER_CHAT` `PET`, keyed by the pet; the reference's `updateTime` from GMS v84
 *   is the b0c865294b channel's mistake (the client writes it from v95).
 * - `PetMovementHandle` (`u64 petId`, movement path) → `PetMovement` to the others in the map and
 *   `COMMAND_TOPIC_PET_MOVEMENT` (nothing for an empty path); checked like a character's movement.
 * - `PetFoodHandle` (`u32 updateTime, i16 slot, u32 itemId`) and `PetItemUseHandle` (the pet's
 *   auto-potion: `u64 petId, bool buffSkill, u32 updateTime, i16 slot, u32 itemId`) →
 *   `COMMAND_TOPIC_CONSUMABLE` `REQUEST_ITEM_CONSUME`, keyed by the character.
 *
 * Every pet named by a packet must be one of the session character's pets that is out (pet state in
 * `state.ts`): its owner and slot come from there, never from the packet, and no REST call is made —
 * movement and auto-potions arrive several times a second. Unlike the reference, a pet movement tells
 * the others the pet's real slot (the reference always wrote slot 0), and a foreign or resting pet's
 * packet produces nothing. A refused food or potion use unlocks the client ("enable actions").
 * @module
 */
import type { Tenant } from "../../tenant.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { type Session, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { checkRelayedText } from "../chat/handlers.ts";
import { chatCommandContract } from "../chat/messages.ts";
import { consumableCommandContract } from "../consumable/messages.ts";
import { cachedAssetAt } from "../inventory/handlers.ts";
import { awaitAnswer } from "../inventory/pending.ts";
import { petMovementContract } from "../movement/messages.ts";
import { checkRelayedPath, movementCodec, readMovementPath, summarizeMovement } from "../movement/path.ts";
import { type PetCommand, petCommandContract } from "./messages.ts";
import { petsOf, summonedPet, updatePet } from "./state.ts";
import { PET_WRITERS, petMovementBody } from "./writers.ts";

/** Handler names, as the reference registers them. */
export const PET_PACKET_HANDLERS = {
  spawn: "PetSpawnHandle",
  chat: "PetChatHandle",
  movement: "PetMovementHandle",
  food: "PetFoodHandle",
  itemUse: "PetItemUseHandle",
} as const;

/** The cash-inventory tab (pets live there) and the use tab (food and potions). */
const CASH_TAB = 5;
const USE_TAB = 2;
/** Pet food's item class (⌊itemId / 10 000⌋). */
const PET_FOOD_CLASS = 212;

/** Whether the pet-activate request ends with the "lead" byte (GMS v61+ and JMS). */
export function spawnHasLead(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region !== "GMS" || tenant.majorVersion >= 61;
}

/** Whether pet chat carries an update time after the pet id (GMS v95+, per the client). */
export function petChatHasUpdateTime(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region === "GMS" && tenant.majorVersion >= 95;
}

/** The client's 64-bit pet id, truncated to 32 bits as atlas-pets' ids are. */
export const readPetId = (reader: PacketReader): number => Number(reader.uint64() & 0xffffffffn);

/** Publishes a `COMMAND_TOPIC_PET` command keyed by the pet; a failure is logged. */
export async function publishPetCommand(ctx: FeatureContext, session: Session, command: PetCommand) {
  try {
    await ctx.bus.publish(petCommandContract, command, { tenant: session.tenant, key: command.petId });
  } catch (err) {
    sessionLogger(session, "pet").error(`pet ${command.type} not published`, {
      petId: command.petId,
      error: String(err),
    });
  }
}

/** The pet handlers, bound to a feature context. */
export function petPacketHandlers(ctx: FeatureContext) {
  const log = (session: Session) => sessionLogger(session, "pet.handlers");

  /** Item use for the pet: the use tab's slot must hold the item the client names (unknown cache: trusted). */
  const consume = async (session: Session, handler: string, slot: number, itemId: number) => {
    const fields = { slot, itemId };
    const refuse = (reason: string) => {
      log(session).warn(`${handler}: ${reason}; nothing produced`, fields);
      sendEnableActions(ctx, session);
    };
    const characterId = session.characterId;
    if (!characterId) return refuse("no character logged in");
    const asset = cachedAssetAt(session, USE_TAB, slot);
    if (
      Math.floor(itemId / 1_000_000) !== USE_TAB || slot <= 0 ||
      (asset !== null && asset?.templateId !== itemId)
    ) {
      return refuse("the slot does not hold the item");
    }
    try {
      await ctx.bus.publish(consumableCommandContract, {
        worldId: session.worldId,
        channelId: session.channelId,
        characterId,
        type: "REQUEST_ITEM_CONSUME",
        body: { source: slot, itemId, quantity: 1 },
      }, { tenant: session.tenant, key: characterId });
      awaitAnswer(session, () => sendEnableActions(ctx, session));
    } catch (err) {
      log(session).error(`${handler}: command not published`, { ...fields, error: String(err) });
      sendEnableActions(ctx, session);
    }
  };

  return {
    async [PET_PACKET_HANDLERS.spawn](session: Session, reader: PacketReader) {
      reader.uint32(); // update time
      const cashSlot = reader.int16();
      const lead = spawnHasLead(session.tenant) ? reader.bool() : false;
      const actorId = session.characterId;
      if (actorId === undefined) return;
      const asset = cachedAssetAt(session, CASH_TAB, cashSlot);
      if (!asset || asset.payload.kind !== "pet") {
        log(session).info("pet spawn: the cash slot holds no pet; nothing produced", { cashSlot });
        sendEnableActions(ctx, session);
        return;
      }
      const petId = asset.referenceId;
      // The pet state follows atlas-pets' events; the inventory's copy is the fallback.
      const slot = petsOf(session).find((p) => p.id === petId)?.slot ?? asset.payload.data.slot;
      await publishPetCommand(
        ctx,
        session,
        slot >= 0
          ? { actorId, petId, type: "DESPAWN", body: {} }
          : { actorId, petId, type: "SPAWN", body: { lead } },
      );
    },

    [PET_PACKET_HANDLERS.chat](session: Session, reader: PacketReader): void {
      const petId = readPetId(reader);
      if (petChatHasUpdateTime(session.tenant)) reader.uint32();
      const type = reader.byte();
      const action = reader.byte();
      const message = reader.string();
      checkRelayedText(message, "pet chat");
      const ownerId = session.characterId;
      const mapId = ctx.presence.mapOf(session);
      const pet = summonedPet(session, petId);
      if (ownerId === undefined || mapId === undefined || !pet) {
        log(session).info("pet chat for a pet the character does not have out; dropped", { petId });
        return;
      }
      // Not awaited, like the owner's chat: through a broker outage the next packets must not wait for it.
      ctx.bus.publish(chatCommandContract, {
        worldId: session.worldId,
        channelId: session.channelId,
        mapId,
        actorId: petId,
        message,
        type: "PET",
        body: { ownerId, petSlot: pet.slot, type, action, balloon: false },
      }, { tenant: session.tenant, key: petId }).catch((err) =>
        log(session).error("pet chat not published", { petId, error: String(err) })
      );
    },

    [PET_PACKET_HANDLERS.movement](session: Session, reader: PacketReader, options: HandlerOptions): void {
      const petId = readPetId(reader);
      const codec = movementCodec(session.tenant, options);
      const path = readMovementPath(reader, codec);
      checkRelayedPath(path, codec);
      if (path.elements.length === 0) return;
      const ownerId = session.characterId;
      const mapId = ctx.presence.mapOf(session);
      const pet = summonedPet(session, petId);
      if (ownerId === undefined || mapId === undefined || !pet) {
        log(session).debug("movement of a pet the character does not have out; dropped", { petId });
        return;
      }
      const others = ctx.presence.sessionsIn(session.tenant, session.worldId, session.channelId, mapId);
      if (others.size > 1) {
        ctx.broadcast(
          others,
          PET_WRITERS.movement,
          petMovementBody(session.tenant, ownerId, pet.slot, path),
          session,
          // A recipient that has fallen behind is sent this pet's newest path only.
          `${PET_WRITERS.movement}:${petId}`,
        );
      }
      const { x, y, stance, foothold } = summarizeMovement(path);
      updatePet(session, petId, { x, y, stance, fh: foothold ?? pet.fh });
      const command = {
        worldId: session.worldId,
        channelId: session.channelId,
        mapId,
        objectId: petId,
        observerId: ownerId,
        x,
        y,
        stance,
      };
      // Not awaited, like a character's movement: the next packet must not wait for the broker.
      ctx.bus.publish(petMovementContract, command, { tenant: session.tenant, key: petId }).catch((err) =>
        log(session).error("pet movement not published", { petId, error: String(err) })
      );
    },

    async [PET_PACKET_HANDLERS.food](session: Session, reader: PacketReader) {
      reader.uint32(); // update time
      const slot = reader.int16();
      const itemId = reader.uint32();
      if (Math.floor(itemId / 10_000) !== PET_FOOD_CLASS) {
        log(session).warn("PetFoodHandle: not pet food; nothing produced", { slot, itemId });
        sendEnableActions(ctx, session);
        return;
      }
      if (!petsOf(session).some((p) => p.slot >= 0)) {
        log(session).info("PetFoodHandle: no pet out; nothing produced", { slot, itemId });
        sendEnableActions(ctx, session);
        return;
      }
      await consume(session, PET_PACKET_HANDLERS.food, slot, itemId);
    },

    async [PET_PACKET_HANDLERS.itemUse](session: Session, reader: PacketReader) {
      const petId = readPetId(reader);
      reader.bool(); // buff skill
      reader.uint32(); // update time
      const slot = reader.int16();
      const itemId = reader.uint32();
      if (!summonedPet(session, petId)) {
        log(session).info("PetItemUseHandle: the pet is not out; nothing produced", { petId, slot, itemId });
        sendEnableActions(ctx, session);
        return;
      }
      await consume(session, PET_PACKET_HANDLERS.itemUse, slot, itemId);
    },
  };
}
