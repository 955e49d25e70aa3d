/**
 * The skill domain's packets. Login sends the character's skill macros ({@link sendSkillMacros}).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { SkillMacro } from "./rest.ts";
import { SKILL_WRITERS, writeCharacterSkillMacro } from "./writers.ts";

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
  contracts: [],
  writers: Object.values(SKILL_WRITERS),
};
