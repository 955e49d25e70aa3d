/**
 * The movement domain: a character's own movement (`CharacterMoveHandle` → `CharacterMovement` to the
 * map and `COMMAND_TOPIC_CHARACTER_MOVEMENT`). Monster, pet and NPC movement reuse `path.ts` from their
 * own domains.
 * @module
 */
import type { Feature } from "../feature.ts";
import { characterMoveHandler } from "./handlers.ts";
import { characterMovementContract } from "./messages.ts";
import { CHARACTER_MOVEMENT } from "./writers.ts";

/** See the module documentation. */
export const movementFeature: Feature = {
  name: "movement",
  contracts: [characterMovementContract],
  writers: [CHARACTER_MOVEMENT],
  handlers: (ctx) => ({ CharacterMoveHandle: characterMoveHandler(ctx) }),
};
