/**
 * Skill macros (reference `socket/handler/character_skill_macro.go`): `CharacterSkillMacroHandle` carries
 * the client's whole macro set (CMacroSysMan::FlushToSvr: `u8 count`, then per macro its name, a flag
 * byte that is 0 when the macro shouts, and three skill ids; the same in every client version), sent
 * to atlas-skills as `UPDATE` on `COMMAND_TOPIC_SKILL_MACRO` keyed by the character, each macro with its
 * position as id. A set of more than the client's 5 macros, or a packet cut short, produces nothing.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import { type Session, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { type SkillMacro, skillMacroCommandContract } from "../skill/messages.ts";

/** Handler name, as the reference registers it. */
export const SKILL_MACRO_HANDLE = "CharacterSkillMacroHandle";

/** The most macros the client keeps. */
export const MAX_MACROS = 5;

/** Reads a macro set; undefined when it claims more macros than the client has. */
export function readSkillMacros(reader: PacketReader): SkillMacro[] | undefined {
  const count = reader.byte();
  if (count > MAX_MACROS) return undefined;
  const macros: SkillMacro[] = [];
  for (let id = 0; id < count; id++) {
    const name = reader.string();
    const shout = !reader.bool(); // the client's byte is 0 for a macro that shouts
    macros.push({
      id,
      name,
      shout,
      skillId1: reader.uint32(),
      skillId2: reader.uint32(),
      skillId3: reader.uint32(),
    });
  }
  return macros;
}

/** `CharacterSkillMacroHandle`: see the module documentation. */
export async function handleSkillMacros(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const macros = readSkillMacros(reader);
  const log = sessionLogger(session, "skill-macro");
  const characterId = session.characterId;
  if (!macros) {
    log.warn("skill macro set with more than 5 macros; dropped", { characterId });
    return;
  }
  if (characterId === undefined) return;
  try {
    await ctx.bus.publish(skillMacroCommandContract, { characterId, type: "UPDATE", body: { macros } }, {
      tenant: session.tenant,
      key: characterId,
    });
  } catch (err) {
    log.error("skill macro update not published", { characterId, error: String(err) });
  }
}

/** See the module documentation. */
export const skillMacroFeature: Feature = {
  name: "skill-macro",
  contracts: [skillMacroCommandContract],
  handlers: (ctx) => ({
    [SKILL_MACRO_HANDLE]: (session: Session, reader: PacketReader) => handleSkillMacros(ctx, session, reader),
  }),
};
