/**
 * World-side responders: small stand-ins for the Atlas services a channel talks to over Kafka, used
 * by the field test harness and the sandbox process. Each subscribes on a bus of its own (another
 * consumer group than the channel's) and answers as the real service does per its documentation.
 * @module
 */
export { ACCOUNT_STATE, type AccountSessionResponder, accountSessionResponder } from "./account-session.ts";
export {
  type CharacterMapOf,
  type WorldResponder,
  worldResponder,
  type WorldResponderOptions,
} from "./world.ts";
export { applyCharacterCommand, characterResponder, type CommandOutcome, GO_ZERO_TIME } from "./character.ts";
export { cashShopResponder } from "./cash-shop.ts";
export {
  damageSummary,
  type MonsterResponder,
  monsterResponder,
  type MonsterResponderOptions,
} from "./monster.ts";
export { type DropResponder, dropResponder, publishDropCreated } from "./drop.ts";
export { applyStorageSaga, STORAGE_KEEPER, storageResponder } from "./storage.ts";
export { applyConsumableCommand, consumablesResponder } from "./consumables.ts";
export { applyCompartmentCommand, type InventoryOutcome, inventoryResponder } from "./inventory.ts";
export { type SeatResponder, seatResponder } from "./seat.ts";
export { npcResponders } from "./npc.ts";
export { petResponder } from "./pet.ts";
export { skillMacroResponder } from "./skill-macro.ts";
export { portalResponder } from "./portal.ts";
export {
  DEFAULT_TRANSPORT_TIMES,
  type TransportResponder,
  transportResponder,
  type TransportTimes,
} from "./transport.ts";
export { type SkillBuffResponder, skillBuffResponder } from "./skill-buff.ts";
export { socialResponders } from "./social.ts";
export { type InviteDesk, inviteResponder, type PendingInvite } from "./invites.ts";
export { buddyResponder } from "./buddies.ts";
export { fameResponder } from "./fame.ts";
export { FIRST_MESSENGER_ID, messengerResponder } from "./messengers.ts";
export { FIRST_NOTE_ID, noteResponder } from "./notes.ts";
export { FIRST_PARTY_ID, partyResponder } from "./parties.ts";
export { FIRST_GUILD_ID, guildResponder } from "./guilds.ts";
export { WELCOME_MESSAGE_TYPE, welcomeResponder, welcomeText } from "./system-message.ts";
