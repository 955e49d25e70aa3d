/**
 * Pets (reference `kafka/consumer/pet/consumer.go`, `socket/handler/pet_command.go`,
 * `pet_exclude_item.go`, and the pets part of `kafka/consumer/map/consumer.go`'s field entry).
 *
 * `EVENT_TOPIC_PET_STATUS` (tenant match, the owner's session here), each kept in the session's pet
 * state (`state.ts`) first:
 * - `SPAWNED` / `DESPAWNED` → "enable actions" to the owner and `PetActivated` to everyone in the
 *   owner's map; `COMMAND_RESPONSE` → "enable actions" to the owner and `PetCommandResponse` to the map.
 * - `CLOSENESS_CHANGED`, `FULLNESS_CHANGED`, `LEVEL_CHANGED` → the pet's cash item refreshed for the
 *   owner (`CharacterInventoryChange` remove + add of its cash slot); a feeding (`amount` > 0) also shows
 *   the food reaction (`PetCommandResponse` food form) to the map, a level-up the pet level-up effect
 *   (`CharacterEffect` to the owner, `CharacterEffectForeign` to the others).
 * - `SLOT_CHANGED` → `StatChanged` of the slot's `PET_SN_n` to the owner; a move between two slots
 *   re-shows the pet there (after taking it from the old slot when that was the higher one).
 * - `EXCLUDE_CHANGED` → `PetExcludeResponse` to the owner when the pet is out.
 * The reference re-read the pet and the whole inventory over REST for each of these; here the event's
 * values update the session's pet and cached cash item (a REST read of the pet remains only for a slot
 * move of a pet this server has never seen).
 *
 * Field entry: the newcomer's pets that are out are shown to the map (`PetActivated`, the newcomer
 * included) with their exclusion lists to the owner, and the pets of the others in the map (on this
 * server) to the newcomer — as the reference does, with "the map" being the characters already shown
 * there, so each pet is shown once to each (map/presence.ts).
 *
 * `PetCommandHandle` (`u64 petId`, `bool byName`, `u8 command`) → `ATTEMPT_COMMAND`;
 * `PetItemExcludeHandle` (`u64 petId`, `u8 count`, `i32` item ids) → `EXCLUDE`; both on
 * `COMMAND_TOPIC_PET` keyed by the pet, the owner from the session.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { type Session, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { statChangedBody } from "../stats/writers.ts";
import { requireOptionCode } from "../outbound.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { compartmentOf } from "../inventory/rest.ts";
import { INVENTORY_CHANGE_WRITER, inventoryChangeBody } from "../inventory/writers.ts";
import type { PetStatusEvent } from "./messages.ts";
import { getPet, type Pet } from "./rest.ts";
import { publishPetCommand, readPetId } from "./handlers.ts";
import { summonedPets, updatePet } from "./state.ts";
import {
  PET_WRITERS,
  petExcludeBody,
  type PetShown,
  writePetCommandResponse,
  writePetDespawn,
  writePetSpawn,
} from "./writers.ts";

/** Handler names, as the reference registers them. */
export const PET_HANDLERS = { command: "PetCommandHandle", exclude: "PetItemExcludeHandle" } as const;

/** The cash tab, where a pet's item lives. */
const CASH_TAB = 5;
/** `CharacterEffect` pet effect types (CUser::OnEffect, pet branch). */
const PET_EFFECT_LEVEL_UP = 0;
/** Per-call limit of the one look-up a slot move may need. */
const LOOKUP_TIMEOUT_MS = 2000;

const shownOf = (pet: Pet): PetShown => ({
  ownerId: pet.ownerId,
  slot: pet.slot,
  petId: pet.id,
  templateId: pet.templateId,
  name: pet.name,
  x: pet.x,
  y: pet.y,
  stance: pet.stance,
  foothold: pet.fh,
});

const excludeOf = (pet: Pet) => petExcludeBody({ ...pet, excludes: pet.excludes.map((e) => e.itemId) });

/** The owner's session and everyone in its map (the owner first). */
function ownerAndMap(ctx: FeatureContext, owner: Session): Session[] {
  const map = [...sessionsInMapOf(ctx, owner)];
  return map.includes(owner) ? map : [owner, ...map];
}

/** "Enable actions" to the owner and the pet shown to everyone in the owner's map. */
function announceSpawn(ctx: FeatureContext, owner: Session, pet: PetShown): number {
  sendEnableActions(ctx, owner);
  return ctx.broadcast(ownerAndMap(ctx, owner), PET_WRITERS.activated, (w) => writePetSpawn(w, pet));
}

/** "Enable actions" to the owner and the pet in `slot` taken away for everyone in the owner's map. */
function announceDespawn(ctx: FeatureContext, owner: Session, ownerId: number, slot: number, reason: string) {
  sendEnableActions(ctx, owner);
  const despawn = { ownerId, slot, reason };
  return ctx.broadcast(
    ownerAndMap(ctx, owner),
    PET_WRITERS.activated,
    (w, options) => writePetDespawn(w, options, despawn),
  );
}

/** The pet's cash item re-sent to its owner (remove + add of its slot) after a change of its data. */
function refreshPetItem(ctx: FeatureContext, owner: Session, pet: Pet): boolean {
  const inventory = owner.get(CHARACTER_DATA)?.inventory;
  const asset = inventory
    ? compartmentOf(inventory, CASH_TAB).assets.find((a) =>
      a.referenceId === pet.id && a.payload.kind === "pet"
    )
    : undefined;
  if (!asset || asset.payload.kind !== "pet") {
    sessionLogger(owner, "pet").info("pet's cash item not in the cached inventory; not refreshed", {
      petId: pet.id,
    });
    return false;
  }
  const { name, level, closeness, fullness, slot } = pet;
  asset.payload = { kind: "pet", data: { ...asset.payload.data, name, level, closeness, fullness, slot } };
  return ctx.send(
    owner,
    INVENTORY_CHANGE_WRITER,
    inventoryChangeBody(owner.tenant, [
      { mode: "remove", inventoryType: CASH_TAB, slot: asset.slot },
      { mode: "add", inventoryType: CASH_TAB, slot: asset.slot, asset },
    ]),
  );
}

/** The `PET_SN_n` stat of a pet slot (the reference's choice: slot 0 → 1, 1 → 2, anything else → 3). */
const petSnStat = (slot: number) => slot === 0 ? "PET_SN_1" : slot === 1 ? "PET_SN_2" : "PET_SN_3";

/** `EVENT_TOPIC_PET_STATUS`: see the module documentation. Returns how many packets were queued. */
export async function onPetStatus(ctx: FeatureContext, delivery: Delivery<PetStatusEvent>): Promise<number> {
  const { value: event, tenant } = delivery;
  const owner = ctx.presence.sessionOfCharacter(tenant, event.ownerId);
  if (!owner || owner.isClosed) return 0;
  switch (event.type) {
    case "SPAWNED": {
      const { slot, templateId, name, level, closeness, fullness, x, y, stance, fh } = event.body;
      updatePet(owner, event.petId, { slot, templateId, name, level, closeness, fullness, x, y, stance, fh });
      return announceSpawn(ctx, owner, {
        ownerId: event.ownerId,
        slot,
        petId: event.petId,
        templateId,
        name,
        x,
        y,
        stance,
        foothold: fh,
      });
    }
    case "DESPAWNED": {
      updatePet(owner, event.petId, { slot: -1, fullness: event.body.fullness });
      return announceDespawn(ctx, owner, event.ownerId, event.body.oldSlot, event.body.reason);
    }
    case "COMMAND_RESPONSE": {
      const b = event.body;
      updatePet(owner, event.petId, { closeness: b.closeness, fullness: b.fullness });
      sendEnableActions(ctx, owner);
      const response = { ownerId: event.ownerId, slot: b.slot, commandId: b.commandId, success: b.success };
      return ctx.broadcast(
        ownerAndMap(ctx, owner),
        PET_WRITERS.commandResponse,
        (w) => writePetCommandResponse(w, response),
      );
    }
    case "CLOSENESS_CHANGED": {
      const pet = updatePet(owner, event.petId, { closeness: event.body.closeness });
      return pet && refreshPetItem(ctx, owner, pet) ? 1 : 0;
    }
    case "FULLNESS_CHANGED": {
      const pet = updatePet(owner, event.petId, { fullness: event.body.fullness });
      let sent = pet && refreshPetItem(ctx, owner, pet) ? 1 : 0;
      if (event.body.amount > 0) {
        const fed = { ownerId: event.ownerId, slot: event.body.slot, food: true as const, success: true };
        sent += ctx.broadcast(
          ownerAndMap(ctx, owner),
          PET_WRITERS.commandResponse,
          (w) => writePetCommandResponse(w, fed),
        );
      }
      return sent;
    }
    case "LEVEL_CHANGED": {
      const pet = updatePet(owner, event.petId, { level: event.body.level });
      let sent = pet && refreshPetItem(ctx, owner, pet) ? 1 : 0;
      const slot = event.body.slot & 0xff;
      if (
        ctx.send(owner, "CharacterEffect", (w, options) => {
          w.byte(requireOptionCode("CharacterEffect", options, "operations", "PET")).byte(PET_EFFECT_LEVEL_UP)
            .byte(slot);
        })
      ) sent++;
      const others = [...sessionsInMapOf(ctx, owner)].filter((s) => s !== owner);
      sent += ctx.broadcast(others, "CharacterEffectForeign", (w, options) => {
        const code = requireOptionCode("CharacterEffectForeign", options, "operations", "PET");
        w.uint32(event.ownerId).byte(code).byte(PET_EFFECT_LEVEL_UP).byte(slot);
      });
      return sent;
    }
    case "SLOT_CHANGED": {
      const { oldSlot, newSlot } = event.body;
      const known = updatePet(owner, event.petId, { slot: newSlot < 0 ? -1 : newSlot });
      const stat = newSlot < 0 ? petSnStat(oldSlot) : petSnStat(newSlot);
      const sn = newSlot < 0 ? 0n : BigInt(event.petId);
      let sent = ctx.send(owner, "StatChanged", statChangedBody([{ stat, value: sn }], true)) ? 1 : 0;
      if (oldSlot < 0 || newSlot < 0) return sent;
      let pet = known && known.templateId !== 0 ? known : undefined;
      if (!pet && ctx.rest) {
        try {
          pet = {
            ...await getPet(ctx.rest, tenant, event.petId, { timeoutMs: LOOKUP_TIMEOUT_MS }),
            slot: newSlot,
          };
          updatePet(owner, event.petId, pet);
        } catch (err) {
          sessionLogger(owner, "pet").warn("pet look-up for a slot move failed; not re-shown", {
            petId: event.petId,
            error: String(err),
          });
          return sent;
        }
      }
      if (!pet || owner.isClosed) return sent;
      if (oldSlot > newSlot) sent += announceDespawn(ctx, owner, event.ownerId, oldSlot, "NORMAL");
      sent += announceSpawn(ctx, owner, shownOf(pet));
      return sent;
    }
    case "EXCLUDE_CHANGED": {
      const pet = updatePet(owner, event.petId, { excludes: event.body.items.map((itemId) => ({ itemId })) });
      if (!pet || pet.slot < 0) return 0;
      return ctx.send(owner, PET_WRITERS.exclude, excludeOf(pet)) ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** Field entry: see the module documentation. */
export function showPetsOnEntry(
  ctx: FeatureContext,
  session: Session,
  mapId: number,
  shownWith: readonly Session[],
): void {
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  // Between the pairs the characters' spawns went between (map/presence.ts): a character entering
  // after this one gets these pets, and shows its own, in its own entry.
  const map = shownWith.filter((other) => other !== session && ctx.presence.mapOf(other) === mapId);
  const audience = [session, ...map];
  for (const pet of summonedPets(session)) {
    ctx.broadcast(audience, PET_WRITERS.activated, (w) => writePetSpawn(w, shownOf(pet)));
    ctx.send(session, PET_WRITERS.exclude, excludeOf(pet));
  }
  for (const other of map) {
    for (const pet of summonedPets(other)) {
      ctx.send(session, PET_WRITERS.activated, (w) => writePetSpawn(w, shownOf(pet)));
    }
  }
}

/** `PetCommandHandle`: see the module documentation. */
export async function handlePetCommand(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const petId = readPetId(reader);
  const byName = reader.bool();
  const commandId = reader.byte();
  const actorId = session.characterId;
  if (actorId === undefined) return;
  await publishPetCommand(ctx, session, {
    actorId,
    petId,
    type: "ATTEMPT_COMMAND",
    body: { commandId, byName },
  });
}

/** `PetItemExcludeHandle`: see the module documentation. */
export async function handlePetItemExclude(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const petId = readPetId(reader);
  const count = reader.byte();
  const items: number[] = [];
  for (let i = 0; i < count; i++) items.push(reader.int32() >>> 0);
  const actorId = session.characterId;
  if (actorId === undefined) return;
  await publishPetCommand(ctx, session, { actorId, petId, type: "EXCLUDE", body: { items } });
}
