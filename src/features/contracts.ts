/**
 * Every Kafka topic contract the channel declares, gathered from each feature's `messages.ts` so that
 * the bus can be wired (and checked) from one list.
 * @module
 */
import type { TopicContract } from "../kafka/contract.ts";
import * as account from "./account/messages.ts";
import * as buddy from "./buddy/messages.ts";
import * as buff from "./buff/messages.ts";
import * as cashShop from "./cash-shop/messages.ts";
import * as chair from "./chair/messages.ts";
import * as chalkboard from "./chalkboard/messages.ts";
import * as channel from "./channel/messages.ts";
import * as character from "./character/messages.ts";
import * as chat from "./chat/messages.ts";
import * as consumable from "./consumable/messages.ts";
import * as drop from "./drop/messages.ts";
import * as expression from "./expression/messages.ts";
import * as fame from "./fame/messages.ts";
import * as guild from "./guild/messages.ts";
import * as inventory from "./inventory/messages.ts";
import * as invite from "./invite/messages.ts";
import * as map from "./map/messages.ts";
import * as messenger from "./messenger/messages.ts";
import * as monster from "./monster/messages.ts";
import * as movement from "./movement/messages.ts";
import * as note from "./note/messages.ts";
import * as npc from "./npc/messages.ts";
import * as party from "./party/messages.ts";
import * as pet from "./pet/messages.ts";
import * as portal from "./portal/messages.ts";
import * as quest from "./quest/messages.ts";
import * as reactor from "./reactor/messages.ts";
import * as saga from "./saga/messages.ts";
import * as session from "./session/messages.ts";
import * as skill from "./skill/messages.ts";
import * as storage from "./storage/messages.ts";
import * as systemMessage from "./system-message/messages.ts";
import * as transport from "./transport/messages.ts";

/** The feature `messages.ts` modules, by feature folder name. */
export const MESSAGE_MODULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "account": account,
  "buddy": buddy,
  "buff": buff,
  "cash-shop": cashShop,
  "chair": chair,
  "chalkboard": chalkboard,
  "channel": channel,
  "character": character,
  "chat": chat,
  "consumable": consumable,
  "drop": drop,
  "expression": expression,
  "fame": fame,
  "guild": guild,
  "inventory": inventory,
  "invite": invite,
  "map": map,
  "messenger": messenger,
  "monster": monster,
  "movement": movement,
  "note": note,
  "npc": npc,
  "party": party,
  "pet": pet,
  "portal": portal,
  "quest": quest,
  "reactor": reactor,
  "saga": saga,
  "session": session,
  "skill": skill,
  "storage": storage,
  "system-message": systemMessage,
  "transport": transport,
};

/** Whether a module export is a {@link TopicContract} (as made by `topicContract`). */
export function isTopicContract(value: unknown): value is TopicContract {
  return typeof value === "object" && value !== null && "variable" in value && "direction" in value &&
    "schema" in value;
}

/** The contracts a module exports, each object once (a module may export one contract under two names). */
export function contractsOf(module: Readonly<Record<string, unknown>>): TopicContract[] {
  return [...new Set(Object.values(module).filter(isTopicContract))];
}

/**
 * Every contract of every feature, each object once. Two different objects for one topic variable would
 * both be listed; `tests/features/contracts.test.ts` rejects that.
 */
export const ALL_CONTRACTS: readonly TopicContract[] = [
  ...new Set(Object.values(MESSAGE_MODULES).flatMap(contractsOf)),
];
