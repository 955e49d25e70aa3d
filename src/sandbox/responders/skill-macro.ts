/**
 * atlas-skills' macro store, for the sandbox: `COMMAND_TOPIC_SKILL_MACRO` `UPDATE` replaces the
 * character's macros (services/atlas-skills macro processor at the reference revision: no event is
 * emitted), which `characters/{id}/macros` then serves, so the next login shows them.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { skillMacroCommandContract } from "../../features/skill/messages.ts";
import type { SandboxStore } from "../store.ts";
import { saveMacros } from "../documents.ts";

/** Subscribes the macro responder on `bus` (call before `bus.start()`). */
export function skillMacroResponder(bus: Bus, store: SandboxStore): void {
  bus.subscribe(skillMacroCommandContract, ({ value: command }) => {
    const character = store.character(command.characterId);
    if (character) saveMacros(character, command.body.macros);
  }, { name: "sandbox_skill_macro_command" });
}
