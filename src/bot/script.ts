/**
 * Bot scripts: a comma-separated list of steps, each `name` or `name:argument`:
 *
 * - `login` — CharacterLoggedIn, wait for SetField
 * - `walk[:steps]` — movement packets (default 3)
 * - `chat[:text]` — a general chat line (default `hello from <id>`)
 * - `whisper:<name>[:text]` — a whisper, wait for the send result
 * - `multichat:<buddy|party|guild|alliance|0-3>[:text]` — a group line to the characters nearby
 * - `emote[:id]` — an expression (default 2)
 * - `attack[:damage]` — a melee attack on the first monster seen in the map, wait for its HP or its death
 * - `skill:<skillId>:<level>` — cast a skill, wait for "enable actions"
 * - `buffcancel:<sourceId>` — end a buff early, wait for CharacterBuffCancel
 * - `portal[:name]` — MapChange through a portal of the current map (default `next00`), wait for the warp
 * - `boat[:portal]` — ride the boat from its route's start map (Ellinia in the sandbox): board through the
 *   portal (default `boat00`; outside boarding, waits for the next trip), wait for the departure and
 *   the arrival
 * - `ap:<STR|DEX|INT|LUK|HP|MP>` — one AP by hand, wait for StatChanged
 * - `autoap` — auto-assign (one point each into STR and DEX), wait for StatChanged
 * - `sp:<skillId>` — one SP into a skill, wait for StatChanged
 * - `heal[:hp[:mp]]` — one heal-over-time tick (default 10 HP, 3 MP)
 * - `meso[:amount]` — drop mesos (default 10), wait for StatChanged
 * - `info[:characterId]` — open a character's info window (default the first nearby), wait for it
 * - `npc[:objectId]` — animate an NPC the bot controls (default the first), wait for the echo
 * - `sit[:itemId]` — sit on a portable chair (default 3010000), wait until unlocked
 * - `seat[:id]` — sit on a map seat (default 0), wait for the sit result
 * - `stand` — stand up from any chair, wait for the sit result
 * - `chalkboard` — put the chalkboard away, wait for the board to go
 * - `pickup[:dropId|last]` — pick up a drop in sight (default the first seen; `last` the newest), wait until
 *   it is taken or refused
 * - `keymap[:key:type:action]` — rebind a key (default F1 → skill 4001003)
 * - `channel:<id>` — change channel: follow ChannelChange, reconnect, log in there
 * - `cashshop[:serialNumber]` — enter the cash shop, [buy that commodity with credit and move the item into
 *   the inventory,] leave it, log back in
 * - `buddy:add:<name>` — ask a character to be buddies
 * - `buddy:accept[:id]` — accept a buddy request (default the last one received), wait for the list
 * - `buddy:delete:<id>` — remove a buddy or decline its request, wait for the list
 * - `equip:<slot>[:<position>]` — wear the equip-tab item in `slot` (default position −11, the weapon)
 * - `unequip:<position>[:<slot>]` — take a worn item off into the equip tab (default: the first free slot)
 * - `move:<tab>:<from>:<to>` — move an item within a tab (1 equip … 5 cash; stacks of one item merge)
 * - `drop:<tab>:<slot>[:count]` — drop items on the ground (default 1), wait for them to land
 * - `merge:<tab>` / `sort:<tab>` — gather or sort a tab, wait for the result
 * - `note:<name>[:text]` — send a note, wait for the answer; `notes` — read the notes, wait for the list
 * - `messenger:open|invite:<name>|accept|chat:<text>|leave` — messenger (open, invite and accept wait)
 * - `fame:<id>[:down]` — give (or take) fame, wait for the answer
 * - `guild:create:<name>` — found a guild (party leader; the other members answer `guild:agree`)
 * - `guild:agree` — agree to the guild founding proposed, wait for the guild data
 * - `guild:invite:<name>` / `guild:accept` — invite a character / join the last invitation's guild (waits)
 * - `guild:notice:<text>` / `guild:leave` — set the notice / leave the guild, wait for the answer
 * - `guild:post:<title>[:message]` / `guild:board` — post on the guild board / open its first page, wait
 *   for the thread or the list
 * - `party:create` — create a party, wait for "created"
 * - `party:invite:<name>` — invite a character
 * - `party:accept` — join the party of the last invitation, wait for the table
 * - `party:leave` / `party:expel:<id>` — leave (a leader disbands) / expel a member
 * - `storage[:open]` — talk to the storage keeper, wait for the storage window
 * - `storage:store:<slot>:<itemId>[:count]` / `storage:take:<tab>:<slot>` / `storage:meso:<amount>`
 *   (negative stores) / `storage:arrange` / `storage:close` — storage requests, wait for the answer
 * - `use:<slot>:<itemId>` — use a use-tab item (potion, return scroll 203xxxx, summon bag 210xxxx)
 * - `scroll:<scrollSlot>:<equipSlot>` — read an upgrade scroll onto an equip (negative: worn)
 * - `talk[:objectId[:choice:...]]` — click an NPC (default 1000, the Maple Administrator in Henesys) and
 *   answer every dialogue until the conversation ends; menu choices and numbers come from the list
 * - `buy[:objectId[:slot[:quantity]]]` — open an NPC's shop (default 1001, Athena Pierce in Henesys), buy
 *   (default one of slot 0), wait for the result, leave
 * - `macro:<name>:<skillId>[:skillId[:skillId]]` — set the skill macro set to this one shouting macro
 * - `pet:<petId>[:command]` — give a pet a command (default 1), wait for its answer
 * - `petspawn[:cashSlot]` — take out (or put away) the pet whose item is in the cash slot (default 1)
 * - `petmove:<petId>` — walk the pet a step beside the character
 * - `petfeed[:slot[:itemId]]` — feed the pets (default pet food 2120000 from use slot 5), wait for the
 *   food reaction
 * - `quest:<questId>[:npcId]` — start (or complete) a quest with an NPC (default the Maple Administrator)
 *   and answer its dialogues
 * - `wait[:ms]` — do nothing for a while (default 1000), to watch the others
 * - `sync` — wait until every bot of the run (`--count`) reached this step too (a barrier)
 * - `await:<Writer>[:count]` — wait until `count` packets (default 1) of the writer arrived since connecting
 * - `logout` — close the connection
 *
 * Commas separate steps, so texts cannot contain them.
 * @module
 */
import { AP_FLAGS, type Bot, MULTI_CHAT_TYPES } from "./bot.ts";

/** The step names a script may use. */
export const SCRIPT_ACTIONS = [
  "login",
  "walk",
  "chat",
  "whisper",
  "multichat",
  "emote",
  "attack",
  "skill",
  "buffcancel",
  "portal",
  "boat",
  "ap",
  "autoap",
  "sp",
  "heal",
  "meso",
  "pickup",
  "info",
  "npc",
  "sit",
  "seat",
  "stand",
  "chalkboard",
  "keymap",
  "channel",
  "cashshop",
  "buddy",
  "equip",
  "unequip",
  "move",
  "drop",
  "merge",
  "sort",
  "party",
  "guild",
  "fame",
  "messenger",
  "use",
  "scroll",
  "storage",
  "talk",
  "buy",
  "note",
  "notes",
  "quest",
  "macro",
  "pet",
  "petspawn",
  "petmove",
  "petfeed",
  "wait",
  "sync",
  "await",
  "logout",
] as const;

/** One parsed step. */
export interface ScriptStep {
  action: typeof SCRIPT_ACTIONS[number];
  argument?: string;
}

const ACTIONS: ReadonlySet<string> = new Set(SCRIPT_ACTIONS);

/** How each step's argument must look: [pattern, what it means]; absent → free text or nothing. */
const ARGUMENTS: Partial<
  Record<ScriptStep["action"], { pattern: RegExp; expected: string; required?: true }>
> = {
  walk: { pattern: /^\d+$/, expected: "a whole number" },
  emote: { pattern: /^\d+$/, expected: "a whole number" },
  attack: { pattern: /^\d+$/, expected: "a whole number" },
  skill: { pattern: /^\d+:\d+$/, expected: "skillId:level", required: true },
  buffcancel: { pattern: /^\d+$/, expected: "a source id", required: true },
  wait: { pattern: /^\d+$/, expected: "a whole number" },
  await: { pattern: /^[A-Za-z]+(:\d+)?$/, expected: "Writer[:count]", required: true },
  ap: {
    pattern: new RegExp(`^(${Object.keys(AP_FLAGS).join("|")})$`, "i"),
    expected: Object.keys(AP_FLAGS).join("|"),
    required: true,
  },
  sp: { pattern: /^\d+$/, expected: "a skill id", required: true },
  heal: { pattern: /^\d+(:\d+)?$/, expected: "hp or hp:mp" },
  meso: { pattern: /^\d+$/, expected: "a whole number" },
  pickup: { pattern: /^(\d+|last)$/, expected: "a drop id or last" },
  info: { pattern: /^\d+$/, expected: "a character id" },
  npc: { pattern: /^\d+$/, expected: "an NPC object id" },
  sit: { pattern: /^\d+$/, expected: "a chair item id" },
  seat: { pattern: /^\d+$/, expected: "a seat id" },
  keymap: { pattern: /^\d+:\d+:\d+$/, expected: "key:type:action" },
  channel: { pattern: /^\d+$/, expected: "a channel id", required: true },
  cashshop: { pattern: /^\d+$/, expected: "a commodity serial number" },
  equip: { pattern: /^\d+(:-\d+)?$/, expected: "slot[:-position]", required: true },
  unequip: { pattern: /^-\d+(:\d+)?$/, expected: "-position[:slot]", required: true },
  move: { pattern: /^[1-5]:\d+:\d+$/, expected: "tab:from:to", required: true },
  drop: { pattern: /^[1-5]:\d+(:\d+)?$/, expected: "tab:slot[:count]", required: true },
  merge: { pattern: /^[1-5]$/, expected: "a tab 1-5", required: true },
  sort: { pattern: /^[1-5]$/, expected: "a tab 1-5", required: true },
  use: { pattern: /^\d+:\d+$/, expected: "slot:itemId", required: true },
  storage: {
    pattern: /^(open|store:\d+:\d+(:\d+)?|take:[1-5]:\d+|meso:-?\d+|arrange|close)$/,
    expected: "open|store:slot:itemId[:count]|take:tab:slot|meso:amount|arrange|close",
  },
  scroll: { pattern: /^\d+:-?\d+$/, expected: "scrollSlot:equipSlot", required: true },
  talk: { pattern: /^\d+(:\d+)*$/, expected: "objectId[:choice:...]" },
  buy: { pattern: /^\d+(:\d+){0,2}$/, expected: "objectId[:slot[:quantity]]" },
  quest: { pattern: /^\d+(:\d+)?$/, expected: "questId[:npcId]", required: true },
  pet: { pattern: /^\d+(:\d+)?$/, expected: "petId[:command]", required: true },
  petspawn: { pattern: /^\d+$/, expected: "cashSlot" },
  petmove: { pattern: /^\d+$/, expected: "petId", required: true },
  petfeed: { pattern: /^\d+(:\d+)?$/, expected: "slot[:itemId]" },
  macro: { pattern: /^[^:]+(:\d+){1,3}$/, expected: "name:skillId[:skillId[:skillId]]", required: true },
  whisper: { pattern: /^[^:]+(:.*)?$/, expected: "name[:text]", required: true },
  buddy: {
    pattern: /^(add:[^:]+|accept(:\d+)?|delete:\d+)$/,
    expected: "add:<name>, accept[:id] or delete:<id>",
    required: true,
  },
  note: { pattern: /^[^:]+(:.*)?$/, expected: "name[:text]", required: true },
  messenger: {
    pattern: /^(open|invite:[^:]+|accept|chat:.*|leave)$/,
    expected: "open, invite:<name>, accept, chat:<text> or leave",
    required: true,
  },
  fame: { pattern: /^\d+(:down)?$/, expected: "<id>[:down]", required: true },
  guild: {
    pattern: /^(create:[^:]+|agree|invite:[^:]+|accept|notice:.+|leave|post:[^:]+(:.*)?|board)$/,
    expected:
      "create:<name>, agree, invite:<name>, accept, notice:<text>, leave, post:<title>[:message] or board",
    required: true,
  },
  party: {
    pattern: /^(create|invite:[^:]+|accept|leave|expel:\d+)$/,
    expected: "create, invite:<name>, accept, leave or expel:<id>",
    required: true,
  },
  multichat: {
    pattern: new RegExp(`^(${Object.keys(MULTI_CHAT_TYPES).join("|")}|[0-3])(:.*)?$`, "i"),
    expected: `${Object.keys(MULTI_CHAT_TYPES).join("|")}|0-3, then :text`,
    required: true,
  },
};

/** Parses a script; throws naming the first unknown or malformed step. */
export function parseScript(text: string): ScriptStep[] {
  const steps = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const colon = s.indexOf(":");
    const action = colon < 0 ? s : s.slice(0, colon);
    const argument = colon < 0 ? undefined : s.slice(colon + 1);
    if (!ACTIONS.has(action)) {
      throw new Error(`unknown script step "${s}" (known: ${SCRIPT_ACTIONS.join(", ")})`);
    }
    const rule = ARGUMENTS[action as ScriptStep["action"]];
    if (rule && argument === undefined && rule.required) {
      throw new Error(`script step "${s}": ${action} needs an argument (${action}:${rule.expected})`);
    }
    if (rule && argument !== undefined && !rule.pattern.test(argument)) {
      throw new Error(`script step "${s}": expected ${rule.expected} after ${action}:`);
    }
    return { action, argument } as ScriptStep;
  });
  if (steps.length === 0) throw new Error("empty script");
  return steps;
}

/** Splits `a:rest` at the first colon. */
function head(argument: string): [string, string | undefined] {
  const colon = argument.indexOf(":");
  return colon < 0 ? [argument, undefined] : [argument.slice(0, colon), argument.slice(colon + 1)];
}

/**
 * A barrier for the `sync` step: each of `parties` bots waits in `arrive` until all have arrived (or
 * left). A failing bot calls `leave` so that the others do not wait for it forever.
 */
export interface Barrier {
  arrive(): Promise<void>;
  leave(): void;
}

/** A reusable barrier for `parties` bots. */
export function createBarrier(parties: number): Barrier {
  let waiting: (() => void)[] = [];
  const releaseIfAll = () => {
    if (waiting.length === 0 || waiting.length < parties) return;
    const released = waiting;
    waiting = [];
    for (const release of released) release();
  };
  return {
    arrive() {
      const arrived = new Promise<void>((resolve) => waiting.push(resolve));
      releaseIfAll();
      return arrived;
    },
    leave() {
      parties--;
      releaseIfAll();
    },
  };
}

/**
 * Runs `steps` on `bot`, pausing `delayMs` between steps. Rejects with the first failing step. `sync`
 * steps meet at `barrier` (a lone bot without one passes straight through).
 */
export async function runScript(
  bot: Bot,
  steps: readonly ScriptStep[],
  delayMs = 500,
  barrier?: Barrier,
): Promise<void> {
  for (const [i, step] of steps.entries()) {
    if (i > 0 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const argument = step.argument;
    switch (step.action) {
      case "login":
        await bot.login();
        break;
      case "walk":
        await bot.walk(argument ? Number(argument) : 3, delayMs > 0 ? Math.min(delayMs, 500) : 0);
        break;
      case "chat":
        await bot.chat(argument ?? `hello from ${bot.characterId}`);
        break;
      case "whisper": {
        const [name, text] = head(argument!);
        await bot.whisper(name, text ?? `hi from ${bot.characterId}`);
        break;
      }
      case "multichat": {
        const [mode, text] = head(argument!);
        const type = /^\d$/.test(mode) ? Number(mode) : MULTI_CHAT_TYPES[mode.toLowerCase()];
        await bot.multiChat(type, text ?? `${mode} hello from ${bot.characterId}`);
        break;
      }
      case "emote":
        await bot.emote(argument ? Number(argument) : 2);
        break;
      case "attack":
        await bot.attack({ damage: argument ? Number(argument) : undefined });
        break;
      case "skill": {
        const [skillId, level] = argument!.split(":").map(Number);
        await bot.useSkill(skillId, level);
        break;
      }
      case "buffcancel":
        await bot.cancelBuff(Number(argument));
        break;
      case "portal":
        await bot.portal(argument || undefined);
        break;
      case "boat":
        await bot.rideBoat(argument || undefined);
        break;
      case "ap":
        await bot.distributeAp(argument!);
        break;
      case "autoap":
        await bot.autoAssignAp();
        break;
      case "sp":
        await bot.distributeSp(Number(argument));
        break;
      case "heal": {
        const [hp, mp] = argument ? head(argument) : [undefined, undefined];
        await bot.heal(hp === undefined ? undefined : Number(hp), mp === undefined ? undefined : Number(mp));
        break;
      }
      case "meso":
        await bot.dropMeso(argument ? Number(argument) : 10);
        break;
      case "info":
        await bot.characterInfo(argument ? Number(argument) : undefined);
        break;
      case "npc":
        await bot.animateNpc(argument ? Number(argument) : undefined);
        break;
      case "sit":
        await bot.sitOnChair(argument ? Number(argument) : undefined);
        break;
      case "seat":
        await bot.sitOnSeat(argument ? Number(argument) : undefined);
        break;
      case "stand":
        await bot.standUp();
        break;
      case "chalkboard":
        await bot.closeChalkboard();
        break;
      case "pickup":
        await bot.pickUp(argument === "last" ? "last" : argument ? Number(argument) : undefined);
        break;
      case "keymap": {
        if (!argument) {
          await bot.changeKeys();
          break;
        }
        const [key, type, action] = argument.split(":").map(Number);
        await bot.changeKeys([{ key, type, action }]);
        break;
      }
      case "channel":
        await bot.changeChannel(Number(argument));
        break;
      case "cashshop":
        await bot.visitCashShop(argument === undefined ? undefined : Number(argument));
        break;
      case "buddy": {
        const [what, rest] = head(argument!);
        if (what === "add") await bot.buddyAdd(rest!);
        else if (what === "accept") await bot.buddyAccept(rest === undefined ? undefined : Number(rest));
        else await bot.buddyDelete(Number(rest));
        break;
      }
      case "equip": {
        const [slot, position] = head(argument!);
        await bot.moveItem(1, Number(slot), position === undefined ? -11 : Number(position));
        break;
      }
      case "unequip": {
        const [position, slot] = head(argument!);
        await bot.moveItem(1, Number(position), slot === undefined ? 0x7fff : Number(slot));
        break;
      }
      case "move": {
        const [tab, from, to] = argument!.split(":").map(Number);
        await bot.moveItem(tab, from, to);
        break;
      }
      case "drop": {
        const [tab, slot, count] = argument!.split(":").map(Number);
        await bot.dropItem(tab, slot, count ?? 1);
        break;
      }
      case "storage": {
        const [operation = "open", ...rest] = (argument ?? "open").split(":");
        await bot.storage(operation as Parameters<Bot["storage"]>[0], rest.map(Number));
        break;
      }
      case "use": {
        const [slot, itemId] = argument!.split(":").map(Number);
        await bot.useItem(slot, itemId);
        break;
      }
      case "scroll": {
        const [scrollSlot, equipSlot] = argument!.split(":").map(Number);
        await bot.scrollItem(scrollSlot, equipSlot);
        break;
      }
      case "merge":
      case "sort":
        await bot.arrangeItems(step.action, Number(argument));
        break;
      case "note": {
        const [name, text] = head(argument!);
        await bot.sendNote(name, text ?? `a note from ${bot.characterId}`);
        break;
      }
      case "notes":
        await bot.readNotes();
        break;
      case "messenger": {
        const [what, rest] = head(argument!);
        if (what === "open") await bot.messengerOpen();
        else if (what === "invite") await bot.messengerInvite(rest!);
        else if (what === "accept") await bot.messengerAccept();
        else if (what === "chat") await bot.messengerChat(rest ?? "");
        else await bot.messengerLeave();
        break;
      }
      case "fame": {
        const [id, down] = head(argument!);
        await bot.fame(Number(id), down === undefined);
        break;
      }
      case "guild": {
        const [what, rest] = head(argument!);
        if (what === "create") await bot.guildCreate(rest!);
        else if (what === "agree") await bot.guildAgree();
        else if (what === "invite") await bot.guildInvite(rest!);
        else if (what === "accept") await bot.guildAccept();
        else if (what === "notice") await bot.guildNotice(rest!);
        else if (what === "post") {
          const [title, message] = head(rest!);
          await bot.guildPost(title, message ?? "");
        } else if (what === "board") await bot.guildBoard();
        else await bot.guildLeave();
        break;
      }
      case "party": {
        const [what, rest] = head(argument!);
        if (what === "create") await bot.partyCreate();
        else if (what === "invite") await bot.partyInvite(rest!);
        else if (what === "accept") await bot.partyAccept();
        else if (what === "leave") await bot.partyLeave();
        else await bot.partyExpel(Number(rest));
        break;
      }
      case "talk": {
        const [objectId, ...choices] = argument ? argument.split(":").map(Number) : [];
        await bot.talk(objectId, choices.length > 0 ? choices : undefined);
        break;
      }
      case "pet": {
        const [petId, command] = argument!.split(":").map(Number);
        await bot.petCommand(petId, command ?? 1);
        break;
      }
      case "petspawn":
        await bot.petSpawn(argument === undefined ? undefined : Number(argument));
        break;
      case "petmove":
        await bot.petMove(Number(argument));
        break;
      case "petfeed": {
        const [slot, itemId] = argument === undefined ? [] : argument.split(":").map(Number);
        await bot.petFeed(slot, itemId);
        break;
      }
      case "macro": {
        const [name, ...skills] = argument!.split(":");
        await bot.setMacros([{ name, shout: true, skills: skills.map(Number) }]);
        break;
      }
      case "quest": {
        const [questId, npcId] = argument!.split(":").map(Number);
        await bot.quest(questId, npcId);
        break;
      }
      case "buy": {
        const [objectId, slot, quantity] = argument ? argument.split(":").map(Number) : [];
        await bot.shop(objectId, slot, quantity);
        break;
      }
      case "wait":
        await new Promise((r) => setTimeout(r, argument ? Number(argument) : 1000));
        break;
      case "sync":
        await barrier?.arrive();
        break;
      case "await": {
        const [writer, count] = head(argument!);
        const wanted = count === undefined ? 1 : Number(count);
        let seen = 0;
        await bot.waitFor(writer, () => ++seen >= wanted, { timeoutMs: 10_000 });
        break;
      }
      case "logout":
        bot.close();
        return;
    }
  }
}
