/**
 * atlas-pets, for the sandbox (services/atlas-pets `kafka/consumer/pet/consumer.go` and
 * `pet/processor.go` at the reference revision), keeping each pet in the store (`SandboxCharacter.pets`,
 * which `characters/{id}/pets` and `pets/{id}` serve):
 *
 * - `SPAWN` → the pet takes the lowest free slot (with `lead`: slot 0, the pets out move one slot up,
 *   each with `SLOT_CHANGED`), then `SLOT_CHANGED` (−1 → its slot) and `SPAWNED` where its owner stands;
 *   a fourth pet is refused.
 * - `DESPAWN` → the pets in higher slots move one down (`SLOT_CHANGED`), then `SLOT_CHANGED` (slot → −1)
 *   and `DESPAWNED` (`NORMAL`).
 * - `ATTEMPT_COMMAND` → `COMMAND_RESPONSE` (always a success, one point of closeness, kept).
 * - `EXCLUDE` → the list kept, `EXCLUDE_CHANGED`.
 * - `COMMAND_TOPIC_PET_MOVEMENT` → the pet's position kept (atlas-pets emits nothing for it).
 * Each only for a pet the actor owns, keyed by the pet id; anything else is ignored, as atlas-pets
 * refuses it. Feeding (atlas-consumables' `AWARD_FULLNESS`) is done by the consumables responder with
 * {@link feedHungriestPet}.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { samplePetAttributes } from "../../features/character/fixtures.ts";
import { petCommandContract, petStatusContract, type PetStatusEvent } from "../../features/pet/messages.ts";
import { petMovementContract } from "../../features/movement/messages.ts";
import type { SandboxCharacter, SandboxStore } from "../store.ts";

const log = getLogger("sandbox.pet");

/** atlas-pets' bounds. */
const MAX_FULLNESS = 100;
const MAX_CLOSENESS = 30000;
const MAX_PETS_OUT = 3;

/** A stored pet with atlas-pets' defaults filled in. */
export function petOf(owner: SandboxCharacter, petId: number) {
  const stored = owner.pets[petId];
  if (!stored) return undefined;
  const a = samplePetAttributes(owner.id, stored);
  return {
    stored,
    templateId: Number(a.templateId),
    name: String(a.name),
    level: Number(a.level),
    closeness: Number(a.closeness),
    fullness: Number(a.fullness),
    slot: Number(a.slot),
  };
}

/** The owner's pets that are out, by slot. */
function petsOut(owner: SandboxCharacter): { petId: number; slot: number }[] {
  return Object.keys(owner.pets).map(Number)
    .map((petId) => ({ petId, slot: petOf(owner, petId)!.slot }))
    .filter((p) => p.slot >= 0)
    .sort((a, b) => a.slot - b.slot);
}

const slotChanged = (petId: number, ownerId: number, oldSlot: number, newSlot: number): PetStatusEvent => ({
  petId,
  ownerId,
  type: "SLOT_CHANGED",
  body: { oldSlot, newSlot },
});

/**
 * atlas-consumables' pet food: the hungriest pet out gains `amount` fullness (at most 100). Returns the
 * `FULLNESS_CHANGED` event to publish, or undefined when no pet is out.
 */
export function feedHungriestPet(owner: SandboxCharacter, amount: number): PetStatusEvent | undefined {
  const out = petsOut(owner).map((p) => ({ ...p, pet: petOf(owner, p.petId)! }));
  if (out.length === 0) return undefined;
  const hungriest = out.reduce((a, b) => (b.pet.fullness < a.pet.fullness ? b : a));
  const fullness = Math.min(MAX_FULLNESS, hungriest.pet.fullness + amount);
  hungriest.pet.stored.fullness = fullness;
  return {
    petId: hungriest.petId,
    ownerId: owner.id,
    type: "FULLNESS_CHANGED",
    body: { slot: hungriest.slot, fullness, amount },
  };
}

/** What a pet command makes atlas-pets emit, in order (the store updated); empty when refused. */
export function applyPetCommand(
  owner: SandboxCharacter,
  command: { petId: number; type: string; body: Record<string, unknown> },
): PetStatusEvent[] {
  const pet = petOf(owner, command.petId);
  if (!pet) return [];
  const ids = { petId: command.petId, ownerId: owner.id };
  const base = {
    templateId: pet.templateId,
    name: pet.name,
    level: pet.level,
    closeness: pet.closeness,
    fullness: pet.fullness,
  };
  const events: PetStatusEvent[] = [];
  switch (command.type) {
    case "ATTEMPT_COMMAND": {
      const closeness = Math.min(MAX_CLOSENESS, pet.closeness + 1);
      pet.stored.closeness = closeness;
      const commandId = Number(command.body.commandId);
      events.push({
        ...ids,
        type: "COMMAND_RESPONSE",
        body: { slot: pet.slot, closeness, fullness: pet.fullness, commandId, success: true },
      });
      break;
    }
    case "SPAWN": {
      if (pet.slot >= 0) break;
      const out = petsOut(owner);
      if (out.length >= MAX_PETS_OUT) break;
      let slot = 0;
      if (command.body.lead) {
        for (const other of out.reverse()) {
          owner.pets[other.petId].slot = other.slot + 1;
          events.push(slotChanged(other.petId, owner.id, other.slot, other.slot + 1));
        }
      } else {
        while (out.some((p) => p.slot === slot)) slot++;
      }
      const x = Number(owner.attributes.x ?? 0);
      const y = Number(owner.attributes.y ?? 0);
      Object.assign(pet.stored, { slot, x, y, stance: 0, fh: 0 });
      events.push(slotChanged(command.petId, owner.id, -1, slot));
      events.push({ ...ids, type: "SPAWNED", body: { ...base, slot, x, y, stance: 0, fh: 0 } });
      break;
    }
    case "DESPAWN": {
      if (pet.slot < 0) break;
      for (const other of petsOut(owner).filter((p) => p.slot > pet.slot)) {
        owner.pets[other.petId].slot = other.slot - 1;
        events.push(slotChanged(other.petId, owner.id, other.slot, other.slot - 1));
      }
      pet.stored.slot = -1;
      events.push(slotChanged(command.petId, owner.id, pet.slot, -1));
      events.push({
        ...ids,
        type: "DESPAWNED",
        body: { ...base, slot: -1, oldSlot: pet.slot, reason: "NORMAL" },
      });
      break;
    }
    case "EXCLUDE": {
      const items = (command.body.items as number[]) ?? [];
      pet.stored.excludes = items.map((itemId) => ({ itemId }));
      events.push({ ...ids, type: "EXCLUDE_CHANGED", body: { items } });
      break;
    }
  }
  return events;
}

/** Publishes pet status events in order, keyed by their pet. */
export async function publishPetEvents(bus: Bus, tenant: Tenant, events: readonly PetStatusEvent[]) {
  for (const event of events) await bus.publish(petStatusContract, event, { tenant, key: event.petId });
}

/** Subscribes the pet responder on `bus` (call before `bus.start()`). */
export function petResponder(bus: Bus, store: SandboxStore): void {
  bus.subscribe(petCommandContract, async ({ value: command, tenant }) => {
    const owner = store.character(command.actorId);
    if (!owner || !owner.pets[command.petId]) {
      log.info("pet command for a pet the actor does not own; ignored", { ...command });
      return;
    }
    await publishPetEvents(bus, tenant, applyPetCommand(owner, command));
  }, { name: "sandbox_pet_command" });
  bus.subscribe(petMovementContract, ({ value: command }) => {
    const owner = store.character(command.observerId);
    const pet = owner?.pets[command.objectId];
    if (!pet) {
      log.info("movement of a pet the observer does not own; ignored", { ...command });
      return;
    }
    Object.assign(pet, { x: command.x, y: command.y, stance: command.stance });
  }, { name: "sandbox_pet_movement" });
}
