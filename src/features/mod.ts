/**
 * Every feature of the server, in one list. Adding a domain means adding it here, nowhere else.
 * @module
 */
import type { Feature } from "./feature.ts";
import { accountFeature } from "./account/mod.ts";
import { buddyFeature } from "./buddy/mod.ts";
import { buffFeature } from "./buff/mod.ts";
import { cashShopFeature } from "./cash-shop/mod.ts";
import { channelFeature } from "./channel/mod.ts";
import { consumableFeature } from "./consumable/mod.ts";
import { characterFeature } from "./character/mod.ts";
import { combatFeature } from "./combat/mod.ts";
import { chairFeature } from "./chair/mod.ts";
import { chalkboardFeature } from "./chalkboard/mod.ts";
import { chatFeature } from "./chat/mod.ts";
import { clockFeature } from "./clock/mod.ts";
import { transportFeature } from "./transport/mod.ts";
import { characterInfoFeature } from "./character-info/mod.ts";
import { reactorFeature } from "./reactor/mod.ts";
import { npcFieldFeature } from "./npc/field.ts";
import { dropFeature } from "./drop/mod.ts";
import { expressionFeature } from "./expression/mod.ts";
import { fameFeature } from "./fame/mod.ts";
import { guildFeature } from "./guild/mod.ts";
import { inventoryFeature } from "./inventory/mod.ts";
import { inviteFeature } from "./invite/mod.ts";
import { keymapFeature } from "./keymap/mod.ts";
import { mapFeature } from "./map/mod.ts";
import { monsterFeature } from "./monster/mod.ts";
import { messengerFeature } from "./messenger/mod.ts";
import { movementFeature } from "./movement/mod.ts";
import { npcFeature } from "./npc/mod.ts";
import { noteFeature } from "./note/mod.ts";
import { petFeature } from "./pet/mod.ts";
import { questFeature } from "./quest/mod.ts";
import { sagaFeature } from "./saga/mod.ts";
import { skillMacroFeature } from "./skill-macro/mod.ts";
import { partyFeature } from "./party/mod.ts";
import { portalFeature } from "./portal/mod.ts";
import { loginFeature } from "./login/mod.ts";
import { sessionFeature } from "./session/mod.ts";
import { skillFeature } from "./skill/mod.ts";
import { statsFeature } from "./stats/mod.ts";
import { storageFeature } from "./storage/mod.ts";
import { systemMessageFeature } from "./system-message/mod.ts";

/** The features the server runs. */
export const FEATURES: readonly Feature[] = [
  accountFeature,
  buddyFeature,
  buffFeature,
  cashShopFeature,
  channelFeature,
  consumableFeature,
  characterFeature,
  combatFeature,
  chairFeature,
  chalkboardFeature,
  chatFeature,
  clockFeature,
  transportFeature,
  characterInfoFeature,
  reactorFeature,
  npcFieldFeature,
  dropFeature,
  expressionFeature,
  fameFeature,
  guildFeature,
  inventoryFeature,
  inviteFeature,
  keymapFeature,
  loginFeature,
  mapFeature,
  monsterFeature,
  messengerFeature,
  movementFeature,
  npcFeature,
  noteFeature,
  petFeature,
  questFeature,
  sagaFeature,
  skillMacroFeature,
  partyFeature,
  portalFeature,
  sessionFeature,
  skillFeature,
  statsFeature,
  storageFeature,
  systemMessageFeature,
];
