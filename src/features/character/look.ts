/**
 * The avatar look ("AvatarLook"): how a character appears — gender, skin, face, hair, worn equipment
 * and pets. SetField's stats carry part of it; CharacterSpawn, the cash shop and the character info
 * packets write it whole with {@link writeAvatarLook}. Layout: the reference's `WriteCharacterLook`
 * (socket/writer/character_spawn.go).
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";
import type { Pet } from "../pet/rest.ts";
import { type CharacterData, type EquippedSlot, equippedSlots } from "./data.ts";
import { type ClientVersion, isModern } from "./version.ts";

/** What the look is made of. */
export interface AvatarLook {
  gender: number;
  skinColor: number;
  face: number;
  hair: number;
  /** Worn items, in the order to write them. */
  equipment: EquippedSlot[];
  /** Sorted by slot (the ids of slots 0–2 are written). */
  pets: Pet[];
}

/** The look of a loaded character. */
export function lookOf(data: CharacterData): AvatarLook {
  const { gender, skinColor, face, hair } = data.character;
  return { gender, skinColor, face, hair, equipment: equippedSlots(data.inventory), pets: data.pets };
}

/**
 * Writes one pet field per summoned slot 0–2 (the reference's `writeForEachPet`): the pet in that slot,
 * or the empty value.
 */
export function writePerPetSlot(
  pets: readonly Pet[],
  present: (pet: Pet) => void,
  absent: () => void,
): void {
  for (let slot = 0; slot < 3; slot++) {
    // The reference keeps the last pet of a slot when two claim it.
    const pet = pets.findLast((p) => p.slot === slot);
    if (pet) present(pet);
    else absent();
  }
}

/**
 * Writes the look. `mega` is the megaphone variant (the byte after the face is `!mega`). GMS ≤ 28
 * writes only the equipment and pets; every other version starts with gender, skin, face, `!mega`, hair.
 *
 * Equipment: `(u8 slot, u32 itemId)` per visible item (a cash item hides the regular one under it),
 * `FF`; then the hidden regular items under cash ones, `FF` (`00` terminators on GMS ≤ 28); `u32 0` for
 * the cash weapon (the reference never fills it); then pet item ids of slots 0–2, or on GMS ≤ 28 the
 * first pet's id as u64.
 */
export function writeAvatarLook(
  w: PacketWriter,
  version: ClientVersion,
  look: AvatarLook,
  mega = false,
): void {
  const old = version.region === "GMS" && version.majorVersion <= 28;
  if (!old) {
    w.byte(look.gender).byte(look.skinColor).uint32(look.face).bool(!mega).uint32(look.hair);
  }
  const terminator = old ? 0x00 : 0xff;
  for (const slot of look.equipment) {
    const visible = slot.cash ?? slot.equip;
    if (visible) w.byte(-slot.position).uint32(visible.templateId);
  }
  w.byte(terminator);
  for (const slot of look.equipment) {
    if (slot.cash && slot.equip) w.byte(-slot.position).uint32(slot.equip.templateId);
  }
  w.byte(terminator);
  w.uint32(0);
  if (isModern(version)) {
    writePerPetSlot(look.pets, (pet) => w.uint32(pet.templateId), () => w.uint32(0));
  } else {
    w.uint64(look.pets[0]?.id ?? 0);
  }
}
