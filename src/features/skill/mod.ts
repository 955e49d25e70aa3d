/**
 * The skill domain: skill status events become skill-change and cooldown packets (`consumers.ts`),
 * `CharacterUseSkillHandle` casts skills (`use.ts`), and login sends the skill macros
 * ({@link sendSkillMacros}). The session's skills and each skill's data are kept in `known.ts`.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { SkillMacro } from "./rest.ts";
import { SKILL_WRITERS, writeCharacterSkillMacro } from "./writers.ts";
import { skillCommandContract, skillStatusContract } from "./messages.ts";
import { onSkillStatus } from "./consumers.ts";
import { useSkillHandler } from "./use.ts";

/** Sends CharacterSkillMacro for `macros` (in the given order); returns whether the tenant binds it. */
export function sendSkillMacros(
  ctx: FeatureContext,
  session: Session,
  macros: readonly SkillMacro[],
): boolean {
  return ctx.send(session, SKILL_WRITERS.macro, (w) => writeCharacterSkillMacro(w, macros));
}

/** See the module documentation. */
export const skillFeature: Feature = {
  name: "skill",
  contracts: [skillStatusContract, skillCommandContract],
  writers: Object.values(SKILL_WRITERS),
  handlers: (ctx) => ({ CharacterUseSkillHandle: useSkillHandler(ctx) }),
  start(ctx) {
    ctx.bus.subscribe(skillStatusContract, (delivery) => onSkillStatus(ctx, delivery), {
      name: "skill_status_event",
    });
  },
};
