/**
 * The pets a session's character owns, as this server knows them: loaded with the character at field
 * entry (`CHARACTER_DATA.pets`) and kept current by `EVENT_TOPIC_PET_STATUS` (out, in, slot, exclusions,
 * closeness, fullness, level) and the owner's pet movement (position). Handlers answer from here —
 * which pet is out in which slot, whose it is — so pet packets need no REST call, and a later arrival
 * in the map is shown the pets where they stand.
 * @module
 */
import type { Session } from "../../net/session.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import type { Pet } from "./rest.ts";

/** The session character's pets (none before field entry loaded them). */
export function petsOf(session: Session): readonly Pet[] {
  return session.get(CHARACTER_DATA)?.pets ?? [];
}

/** The session character's pet `petId` when it is out (slot 0–2); undefined for any other pet. */
export function summonedPet(session: Session, petId: number): Pet | undefined {
  const pet = petsOf(session).find((p) => p.id === petId);
  return pet && pet.slot >= 0 ? pet : undefined;
}

/** The session character's pets that are out, by slot. */
export function summonedPets(session: Session): Pet[] {
  return petsOf(session).filter((p) => p.slot >= 0).sort((a, b) => a.slot - b.slot);
}

/** A pet known only from an event: atlas-pets' defaults for what the event does not carry. */
function barePet(petId: number, ownerId: number): Pet {
  return {
    id: petId,
    cashId: 0,
    templateId: 0,
    name: "",
    level: 1,
    closeness: 0,
    fullness: 100,
    expiration: null,
    ownerId,
    slot: -1,
    x: 0,
    y: 0,
    stance: 0,
    fh: 0,
    excludes: [],
    flag: 0,
    purchaseBy: ownerId,
  };
}

/**
 * Applies `change` to the pet `petId` of the session's character (added when unknown: a pet bought
 * after login). Nothing happens before field entry loaded the character. Returns the updated pet.
 */
export function updatePet(session: Session, petId: number, change: Partial<Pet>): Pet | undefined {
  const data = session.get(CHARACTER_DATA);
  if (!data) return undefined;
  const ownerId = session.characterId ?? 0;
  const current = data.pets.find((p) => p.id === petId) ?? barePet(petId, ownerId);
  const updated: Pet = { ...current, ...change, id: petId };
  const pets = data.pets.filter((p) => p.id !== petId);
  pets.push(updated);
  pets.sort((a, b) => a.slot - b.slot);
  session.set(CHARACTER_DATA, { ...data, pets });
  return updated;
}
