/**
 * The combat domain: the four attack handlers (`attack.ts`, per-version attack parsing in
 * `attack-info.ts`) and their broadcasts (`writers.ts`), and damage taken (`damage.ts`). Monsters themselves are the monster domain's.
 * @module
 */
import type { Feature } from "../feature.ts";
import type { HandlerRegistry } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { characterCommandContract } from "../character/messages.ts";
import { monsterCommandContract } from "../monster/messages.ts";
import { ATTACK_HANDLERS, attackHandler } from "./attack.ts";
import { ATTACK_WRITERS } from "./writers.ts";
import { CHARACTER_DAMAGE, characterDamageHandler } from "./damage.ts";

/** See the module documentation. */
export const combatFeature: Feature = {
  name: "combat",
  contracts: [monsterCommandContract, characterCommandContract],
  writers: [...Object.values(ATTACK_WRITERS), CHARACTER_DAMAGE],
  handlers(ctx) {
    const handlers: HandlerRegistry<Session, PacketReader> = Object.fromEntries([
      ...Object.entries(ATTACK_HANDLERS).map(([name, kind]) => [name, attackHandler(ctx, kind)]),
      ["CharacterDamageHandle", characterDamageHandler(ctx)],
    ]);
    return handlers;
  },
};
