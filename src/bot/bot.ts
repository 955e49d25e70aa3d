/**
 * A scripted player on the headless client: it logs in as a character (CharacterLoggedIn, then waits for
 * SetField), and walks, chats, whispers, emotes, takes portals, spends AP and SP, heals, drops mesos,
 * rebinds a key, changes channel and visits the cash shop (following the server's ChannelChange to the
 * new port and logging in there), naming every packet it sends and receives by the tenant's handler and
 * writer names. Tests drive the steps one by one and assert on {@link Bot.received}; the CLI
 * (`main.ts`) runs a script of steps for one or many bots.
 *
 * ```ts
 * const bot = await connectBot({ port: 8585, characterId: 1001 });
 * await bot.login();
 * await bot.walk(3);
 * const spawn = await bot.waitFor("CharacterSpawn", (p) => p.characterId === 2001);
 * bot.close();
 * ```
 * @module
 */
import { connectClient, type HeadlessClient } from "../client/client.ts";
import { movementCodec, type MovementPath, writeMovementPath } from "../features/movement/path.ts";
import { type PacketWriter, packetWriter } from "../protocol/writer.ts";
import { BOAT_PORTAL, NEXT_PORTAL } from "../sandbox/world.ts";
import { ANTI_REPEAT_BUFFS, MONSTER_AFFECTING, PARTY_BUFFS } from "../features/skill/use.ts";
import { describePacket, type ReceivedPacket } from "./decode.ts";
import { type OpcodeTable, opcodeTable, opcodeText } from "./opcodes.ts";

export type { ReceivedPacket } from "./decode.ts";

/** The client's AP flags by ability (the stat's update-mask bit in the client). */
export const AP_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  STR: 64,
  DEX: 128,
  INT: 256,
  LUK: 512,
  HP: 2048,
  MP: 8192,
});

/** Multi-chat types by name, as the client numbers them. */
export const MULTI_CHAT_TYPES: Readonly<Record<string, number>> = Object.freeze({
  buddy: 0,
  party: 1,
  guild: 2,
  alliance: 3,
});

/** The sandbox's NPC object ids in Henesys (`src/sandbox/world.ts`): Maple Administrator and Athena Pierce. */
export const SANDBOX_NPC_OBJECTS = Object.freeze({ talk: 1000, shop: 1001, storage: 1002 });

/** The NPC of the sandbox quest (the Maple Administrator). */
const SANDBOX_QUEST_NPC = 9010000;

/** The most dialogues {@link Bot.talk} answers before giving up. */
const MAX_DIALOGUES = 20;

/** The client's "end chat" action. */
const END_CHAT_ACTION = 0xff;

/** NPCShopHandle operation codes of the sandbox tenant (its `operations` handler option). */
const SHOP_OPERATIONS = Object.freeze({ BUY: 0, SELL: 1, RECHARGE: 2, LEAVE: 3 });

/** One key binding: key index 0–89, binding type (1 skill, 2 item, 4 menu, ...) and action. */
export interface KeyChange {
  key: number;
  type: number;
  action: number;
}

/** Options of {@link connectBot}. */
export interface BotOptions {
  hostname?: string;
  port: number;
  characterId: number;
  /** Opcode table; default the sandbox tenant's. */
  opcodes?: OpcodeTable;
  /** Where the bot prints what it sends and receives; default nothing. */
  log?: (line: string) => void;
  /** Default wait for expected packets; default 5000 ms. */
  timeoutMs?: number;
}

/** A connected bot; see the module documentation. */
export interface Bot {
  readonly characterId: number;
  /** The current connection (replaced by a channel change or the return from the cash shop). */
  readonly client: HeadlessClient;
  /** The port of the current connection. */
  readonly port: number;
  /** Every packet received so far, on every connection, in order. */
  readonly received: readonly ReceivedPacket[];
  /** Handler names sent, in order, with `performance.now()` times. */
  readonly sent: readonly { name: string; at: number }[];
  /** The map of the last warp SetField, or the start map given to {@link Bot.login}. */
  readonly mapId: number | undefined;
  /** Characters the bot has seen spawn in its map and not leave since its last SetField. */
  readonly nearby: ReadonlySet<number>;
  /** Asks for a character's info window (default the first character nearby) and waits for it. */
  characterInfo(characterId?: number): Promise<ReceivedPacket>;
  /** NPCs (object ids) the bot controls in its map. */
  readonly npcs: ReadonlySet<number>;
  /** Animates an NPC it controls (default the first) and waits for the server's echo. */
  animateNpc(objectId?: number): Promise<ReceivedPacket>;
  /** Drops the bot sees lying in its map (dropId → position). */
  readonly drops: ReadonlyMap<number, { x: number; y: number }>;
  /**
   * Picks up a drop it sees (default the first; `"last"` the one that appeared last) and waits for its
   * DropDestroy, or for the StatChanged that refuses the request (another's drop, or another character
   * was faster).
   */
  pickUp(dropId?: number | "last"): Promise<ReceivedPacket>;
  /** Monsters (unique ids) the bot has seen spawn in its map and not disappear since its last SetField. */
  readonly monsters: ReadonlySet<number>;
  /** Sits on a portable chair (item id, default 3010000) and waits for the answer that unlocks it. */
  sitOnChair(itemId?: number): Promise<ReceivedPacket>;
  /** Sits on map seat `seat` (default 0) and waits for CharacterSitResult (or the refusal). */
  sitOnSeat(seat?: number): Promise<ReceivedPacket>;
  /** Stands up from any chair and waits for CharacterSitResult. */
  standUp(): Promise<ReceivedPacket>;
  /** Puts its chalkboard away and waits for its ChalkboardUse. */
  closeChalkboard(): Promise<ReceivedPacket>;
  /** Sends CharacterLoggedIn and waits for SetField; `startMapId` is recorded as the current map. */
  login(startMapId?: number): Promise<ReceivedPacket>;
  /** Sends `steps` movement packets (one NORMAL element each), `intervalMs` apart. */
  walk(steps?: number, intervalMs?: number): Promise<void>;
  /** Sends a general chat line. */
  chat(message: string): Promise<void>;
  /** Whispers to a character by name and waits for the send result. */
  whisper(name: string, message: string): Promise<ReceivedPacket>;
  /** Sends a buddy/party/guild/alliance line to `recipients` (default: the characters nearby). */
  multiChat(type: number, message: string, recipients?: readonly number[]): Promise<void>;
  /** Sends an emote (expression id). */
  emote(expression?: number): Promise<void>;
  /**
   * Sends a melee attack (no skill, one hit of `damage`) on a monster in the map (default the first one
   * seen) and waits for atlas-monsters' answer: its HP indicator or its disappearance.
   */
  attack(
    options?: { monsterId?: number; damage?: number; wait?: boolean },
  ): Promise<ReceivedPacket | undefined>;
  /** Casts a skill at a level (no party members, no monsters named) and waits for "enable actions". */
  useSkill(skillId: number, level: number): Promise<ReceivedPacket>;
  /** Ends one of its buffs early and waits for the CharacterBuffCancel that follows. */
  cancelBuff(sourceId: number): Promise<ReceivedPacket>;
  /** Walks through the named portal of the current map and waits for the warp SetField. */
  portal(name?: string): Promise<ReceivedPacket>;
  /**
   * Rides the boat from the map its route starts in: boards through `portal` (default the sandbox's
   * `boat00`; outside boarding the portal refuses, so it waits for the boat to dock for its next trip
   * and tries again), then waits to be taken on board when it departs and off at its destination. Returns the
   * arrival's SetField. Each wait may last up to `timeoutMs` (default 120 s: a whole trip).
   */
  rideBoat(portal?: string, timeoutMs?: number): Promise<ReceivedPacket>;
  /** Puts one AP into a stat (STR, DEX, INT, LUK, HP, MP) and waits for the StatChanged. */
  distributeAp(stat: string): Promise<ReceivedPacket>;
  /** Auto-assigns AP (default one point each into STR and DEX) and waits for the StatChanged. */
  autoAssignAp(points?: Readonly<Record<string, number>>): Promise<ReceivedPacket>;
  /** Puts one SP into a skill and waits for the StatChanged. */
  distributeSp(skillId: number): Promise<ReceivedPacket>;
  /** Sends one heal-over-time tick (no answer is awaited; the client does not wait for one). */
  heal(hp?: number, mp?: number): Promise<void>;
  /** Drops mesos and waits for the StatChanged. */
  dropMeso(amount: number): Promise<ReceivedPacket>;
  /** Rebinds keys (default: key 59, F1, to skill 4001003 Dark Sight). */
  changeKeys(changes?: readonly KeyChange[]): Promise<void>;
  /** Asks for another channel, follows ChannelChange to its port and logs in there (waits for SetField). */
  changeChannel(channelId: number): Promise<ReceivedPacket>;
  /**
   * Enters the cash shop (waits for CashShopOpen), leaves it and logs back in on the same channel. With a
   * commodity serial number it buys that commodity in between (waits for PURCHASE_SUCCESS, or fails
   * naming the error) and moves the bought item into the inventory (waits for
   * CASH_ITEM_MOVED_TO_INVENTORY).
   */
  visitCashShop(serialNumber?: number): Promise<ReceivedPacket>;
  /** Asks to add `name` as a buddy (in `group`); the answer is the other side's invitation. */
  buddyAdd(name: string, group?: string): Promise<void>;
  /**
   * Accepts a buddy request (default: the last one received) and waits for the updated list.
   * Rejects when no request was received.
   */
  buddyAccept(fromCharacterId?: number): Promise<ReceivedPacket>;
  /** Removes a buddy (or declines its request) and waits for the updated list. */
  buddyDelete(characterId: number): Promise<ReceivedPacket>;
  /**
   * Moves an item (CharacterInventoryMoveHandle: destination < 0 equips, source < 0 unequips, destination
   * 0 drops `count`) and waits for the answer: the first CharacterInventoryChange, or "enable actions".
   */
  moveItem(
    inventoryType: number,
    source: number,
    destination: number,
    count?: number,
  ): Promise<ReceivedPacket>;
  /**
   * Drops `count` (default 1) of the item in a tab's slot and, when the inventory answers, waits for the
   * drop to land (a DropSpawn owned by the bot) and returns it; otherwise returns the refusal ("enable
   * actions").
   */
  dropItem(inventoryType: number, slot: number, count?: number): Promise<ReceivedPacket>;
  /**
   * Uses the item in a use-tab slot (a return scroll or summon bag through its own request) and waits for
   * the answer: the first CharacterInventoryChange, or "enable actions".
   */
  useItem(slot: number, itemId: number): Promise<ReceivedPacket>;
  /** Reads a scroll onto an equip (negative slot: worn) and waits for CharacterItemUpgrade or "enable actions". */
  scrollItem(scrollSlot: number, equipSlot: number): Promise<ReceivedPacket>;
  /**
   * A storage request: `open` talks to the storage keeper; `store` deposits `count` of `itemId` from an
   * inventory slot; `take` withdraws the item in a tab's storage slot; `meso` moves mesos (negative
   * deposits); `arrange`; `close`. Waits for the StorageOperation answer (or "enable actions"); `close`
   * waits for nothing.
   */
  storage(
    operation: "open" | "store" | "take" | "meso" | "arrange" | "close",
    args?: readonly number[],
  ): Promise<ReceivedPacket | undefined>;
  /** Merges or sorts an inventory tab and waits for CompartmentMerge / CompartmentSort. */
  arrangeItems(kind: "merge" | "sort", inventoryType: number): Promise<ReceivedPacket>;
  /** Gives (or takes, `up` false) fame to a character and waits for the answer (given or an error). */
  fame(targetId: number, up?: boolean): Promise<ReceivedPacket>;
  /** Sends a note to a character by name and waits for the answer (sent or an error). */
  sendNote(name: string, message: string): Promise<ReceivedPacket>;
  /** Asks for the character's notes and waits for the list. */
  readNotes(): Promise<ReceivedPacket>;
  /** Opens a messenger and waits for its own seat ("join"). */
  messengerOpen(): Promise<ReceivedPacket>;
  /** Invites a character by name into the messenger and waits for "invite sent". */
  messengerInvite(name: string): Promise<ReceivedPacket>;
  /** Joins the messenger of the last invitation and waits for the seat. */
  messengerAccept(): Promise<ReceivedPacket>;
  /** Says something in the messenger. */
  messengerChat(message: string): Promise<void>;
  /** Leaves the messenger. */
  messengerLeave(): Promise<void>;
  /** Asks to found a guild named `name` (the party leader; the other members must agree). */
  guildCreate(name: string): Promise<void>;
  /** Agrees to the last guild founding proposed, and waits for the guild data. */
  guildAgree(): Promise<ReceivedPacket>;
  /** Invites a character by name into the guild (the answer is the other side's invitation). */
  guildInvite(name: string): Promise<void>;
  /** Joins the guild of the last invitation received and waits for the guild data. */
  guildAccept(): Promise<ReceivedPacket>;
  /** Sets the guild notice and waits for the change. */
  guildNotice(text: string): Promise<ReceivedPacket>;
  /** Leaves the guild and waits for "no guild". */
  guildLeave(): Promise<ReceivedPacket>;
  /** Posts a thread on the guild board and waits for it to be shown back (GuildBBS). */
  guildPost(title: string, message: string): Promise<ReceivedPacket>;
  /** Opens the guild board's first page and waits for the list (GuildBBS). */
  guildBoard(): Promise<ReceivedPacket>;
  /** Creates a party and waits for "created". */
  partyCreate(): Promise<ReceivedPacket>;
  /** Invites a character by name into the party (the answer is the other side's invitation). */
  partyInvite(name: string): Promise<void>;
  /** Joins the party of the last invitation received and waits for the "join" table. */
  partyAccept(): Promise<ReceivedPacket>;
  /** Leaves the party (a leader disbands it). */
  partyLeave(): Promise<void>;
  /** Expels a member (leader only). */
  partyExpel(characterId: number): Promise<void>;
  /**
   * Clicks the NPC with `objectId` in the current map and answers every dialogue until the server ends
   * the conversation ("enable actions"): next/OK/yes, menu choices and numbers from `choices` (default
   * 0 and 1), "bot" for a text prompt. Returns the dialogues shown.
   */
  talk(objectId?: number, choices?: readonly number[]): Promise<ReceivedPacket[]>;
  /**
   * Clicks the shop NPC with `objectId`, waits for the shop list, buys `quantity` of the item in shop slot
   * `slot`, waits for the result and leaves the shop. Returns the result (NPCShopOperation).
   */
  shop(objectId?: number, slot?: number, quantity?: number): Promise<ReceivedPacket>;
  /** Gives a pet a command (PetCommandHandle) and waits for its PetCommandResponse. */
  petCommand(petId: number, command: number): Promise<ReceivedPacket>;
  /**
   * Takes out or puts away the pet whose item is in `cashSlot` (PetSpawnHandle) and waits for its
   * PetActivated (shown or taken away).
   */
  petSpawn(cashSlot?: number): Promise<ReceivedPacket>;
  /** Walks a pet a step beside the character (PetMovementHandle; nothing is answered to its owner). */
  petMove(petId: number): Promise<void>;
  /** Feeds the pets (PetFoodHandle) and waits for the food reaction (PetCommandResponse). */
  petFeed(slot?: number, itemId?: number): Promise<ReceivedPacket>;
  /** Replaces the skill macro set (CharacterSkillMacroHandle; nothing is answered). */
  setMacros(macros: readonly { name: string; shout: boolean; skills: readonly number[] }[]): Promise<void>;
  /** Starts (or completes) a quest with an NPC and answers its dialogues as {@link Bot.talk} does. */
  quest(questId: number, npcId?: number): Promise<ReceivedPacket[]>;
  /** The first packet named `name` matching `predicate`, received after index `since` (default 0). */
  waitFor(
    name: string,
    predicate?: (packet: ReceivedPacket) => boolean,
    options?: { timeoutMs?: number; since?: number },
  ): Promise<ReceivedPacket>;
  /** Closes the connection (the server sees a logout). */
  close(): void;
}

/** Connects a bot (hello done, nothing sent). */
export async function connectBot(options: BotOptions): Promise<Bot> {
  const opcodes = options.opcodes ?? opcodeTable();
  const tenant = { region: opcodes.region, majorVersion: opcodes.majorVersion };
  const log = options.log ?? (() => {});
  const defaultTimeout = options.timeoutMs ?? 5000;
  const tag = `[bot ${options.characterId}]`;
  const received: ReceivedPacket[] = [];
  const sent: { name: string; at: number }[] = [];
  const listeners = new Set<() => void>();
  const nearby = new Set<number>();
  const drops = new Map<number, { x: number; y: number }>();
  const npcs = new Set<number>();
  const monsters = new Set<number>();
  let mapId: number | undefined;
  let x = 0;
  const y = 274;
  let client: HeadlessClient;
  let port = options.port;
  let updateTime = 0;
  const nextUpdateTime = () => (updateTime += 250);
  /** General chat and whispers start with an update time on GMS v87+ and JMS. */
  const hasChatUpdateTime = (tenant.region === "GMS" && tenant.majorVersion >= 87) || tenant.region === "JMS";

  const attach = (connection: HeadlessClient) => {
    (async () => {
      for await (const packet of connection) {
        const opcode = packet[0] | (packet[1] << 8);
        const body = packet.subarray(2);
        const name = opcodes.writerName(opcode);
        const entry: ReceivedPacket = {
          at: performance.now(),
          opcode,
          body,
          ...describePacket(name, body, opcodes),
        };
        if (entry.name === "SetField") {
          nearby.clear();
          drops.clear();
          npcs.clear();
          monsters.clear();
          if (entry.mapId !== undefined) mapId = entry.mapId;
        } else if (entry.name === "CharacterSpawn" && entry.characterId !== undefined) {
          nearby.add(entry.characterId);
        } else if (entry.name === "CharacterDespawn" && entry.characterId !== undefined) {
          nearby.delete(entry.characterId);
        } else if (entry.name === "SpawnNPCRequestController" && entry.objectId !== undefined) {
          npcs.add(entry.objectId);
        } else if (entry.name === "DropSpawn" && entry.dropId !== undefined && entry.position) {
          drops.set(entry.dropId, entry.position);
        } else if (entry.name === "DropDestroy" && entry.dropId !== undefined) {
          drops.delete(entry.dropId);
        } else if (entry.name === "SpawnMonster" && entry.objectId !== undefined) {
          monsters.add(entry.objectId);
        } else if (entry.name === "DestroyMonster" && entry.objectId !== undefined) {
          monsters.delete(entry.objectId);
        }
        received.push(entry);
        log(`${tag} ← ${name} ${opcodeText(opcode)}: ${entry.summary}`);
        for (const notify of [...listeners]) notify();
      }
      log(`${tag} connection closed`);
      for (const notify of [...listeners]) notify();
    })().catch((err) => log(`${tag} receive failed: ${err instanceof Error ? err.message : err}`));
  };

  const connect = async (hostname: string | undefined, to: number) => {
    const connection = await connectClient({ hostname, port: to });
    client = connection;
    port = to;
    attach(connection);
  };
  await connect(options.hostname, options.port);

  const send = async (name: string, build?: (w: PacketWriter) => void, note = "") => {
    const w = packetWriter().uint16(opcodes.handler(name));
    build?.(w);
    const bytes = w.toBytes();
    sent.push({ name, at: performance.now() });
    log(
      `${tag} → ${name} ${opcodeText(opcodes.handler(name))} (${bytes.length - 2} bytes)${
        note ? `: ${note}` : ""
      }`,
    );
    await client.send(bytes);
  };

  const waitFor: Bot["waitFor"] = (name, predicate = () => true, waitOptions = {}) =>
    waitForPacket(name, (p) => p.name === name && predicate(p), waitOptions);

  /** The first packet matching `match` after index `since`; `what` names it in the timeout error. */
  const waitForPacket = (
    what: string,
    match: (packet: ReceivedPacket) => boolean,
    waitOptions: { timeoutMs?: number; since?: number } = {},
  ): Promise<ReceivedPacket> => {
    const timeoutMs = waitOptions.timeoutMs ?? defaultTimeout;
    const name = what;
    let index = waitOptions.since ?? 0;
    const scan = () => {
      for (; index < received.length; index++) {
        const p = received[index];
        if (match(p)) return p;
      }
      return undefined;
    };
    const found = scan();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${tag} no ${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const hit = scan();
        if (hit) {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(hit);
        }
      };
      listeners.add(check);
    });
  };

  const step = (dx: number): MovementPath => ({
    startX: x,
    startY: y,
    elements: [{
      type: 0,
      layout: "NORMAL",
      x: x + dx,
      y,
      vx: dx * 4,
      vy: 0,
      foothold: 10,
      fallStartFoothold: 0,
      xOffset: 0,
      yOffset: 0,
      moveAction: dx < 0 ? 3 : 2,
      elapsed: 250,
      stat: 0,
    }],
  });

  /** A handler's operation code from the tenant's options (e.g. BuddyOperationHandle ADD). */
  const operationCode = (handler: string, key: string): number => {
    const table = opcodes.handlerOptions(handler).operations as Record<string, unknown> | undefined;
    const code = table?.[key];
    if (code === undefined) throw new Error(`${tag} ${handler} has no operation ${key} in this tenant`);
    return Number(code);
  };
  const buddyCode = (key: string) => operationCode("BuddyOperationHandle", key);
  const partyCode = (key: string) => operationCode("PartyOperationHandle", key);
  const noteCode = (key: string) => operationCode("NoteOperationHandle", key);
  const messengerCode = (key: string) => operationCode("MessengerOperationHandle", key);
  const guildCode = (key: string) => operationCode("GuildOperationHandle", key);
  const isGuildData = (inGuild: boolean) => (p: ReceivedPacket) =>
    p.operation === "INFO" && (p.guildId !== 0) === inGuild;

  /** Sends MapChangeHandle through the named portal of the current map. */
  const enterPortal = (name: string) =>
    send("MapChangeHandle", (w) => {
      w.byte(1).int32(-1).string(name).int16(x).int16(y).byte(0).byte(0);
      if (tenant.region === "GMS" && tenant.majorVersion >= 83) w.bool(false);
    }, `through ${name}`);

  /** The first `name` packet, or "enable actions", received after `since`. */
  const firstOf = (since: number, name: string): Promise<ReceivedPacket> => {
    const answers = [
      waitFor(name, () => true, { since }),
      waitFor("StatChanged", (p) => p.exclRequest === true, { since }),
    ];
    for (const answer of answers) answer.catch(() => {});
    return Promise.race(answers);
  };

  const statChange = async (handler: string, build: (w: PacketWriter) => void, note: string) => {
    const since = received.length;
    await send(handler, build, note);
    return await waitFor("StatChanged", () => true, { since });
  };

  const login = async (startMapId?: number) => {
    const since = received.length;
    await send("CharacterLoggedInHandle", (w) => w.uint32(options.characterId).uint16(0));
    const field = await waitFor("SetField", () => true, {
      since,
      timeoutMs: Math.max(defaultTimeout, 10_000),
    });
    if (startMapId !== undefined) mapId = startMapId;
    return field;
  };

  /** Waits for ChannelChange (from `since`), then reconnects to that address and logs in again. */
  const followChannelChange = async (since: number) => {
    const change = await waitFor("ChannelChange", () => true, { since });
    const address = change.address!;
    client.close();
    // Give the server a moment to see the old socket close, as a real client's reconnect takes.
    await new Promise((r) => setTimeout(r, 50));
    log(`${tag} reconnecting to ${address.hostname}:${address.port}`);
    await connect(address.hostname, address.port);
    const keepMap = mapId;
    return await login(keepMap);
  };

  /** Answers every dialogue received after `since` until the server ends the conversation. */
  const converse = async (from: number, choices: readonly number[]): Promise<ReceivedPacket[]> => {
    const answers = [...choices];
    let since = from;
    const shown: ReceivedPacket[] = [];
    for (let i = 0; i < MAX_DIALOGUES; i++) {
      const next = await waitForPacket(
        "NPCConversation or enable actions",
        (p) => p.name === "NPCConversation" || (p.name === "StatChanged" && p.summary === "enable actions"),
        { since },
      );
      since = received.indexOf(next) + 1;
      if (next.name === "StatChanged") return shown;
      shown.push(next);
      const code = next.code!;
      await send("NPCContinueConversationHandle", (w) => {
        w.byte(code);
        switch (next.dialogue) {
          case "SAY":
          case "ASK_YES_NO":
          case "ASK_YES_NO_QUEST":
            w.byte(1);
            return;
          case "ASK_MENU":
          case "ASK_NUMBER":
            w.byte(1).int32(answers.shift() ?? 1);
            return;
          case "ASK_TEXT":
            w.byte(1).string("bot");
            return;
          default:
            w.byte(END_CHAT_ACTION);
        }
      }, `answer ${next.dialogue}`);
    }
    throw new Error(`${tag} conversation did not end after ${MAX_DIALOGUES} dialogues`);
  };

  const bot: Bot = {
    characterId: options.characterId,
    get client() {
      return client;
    },
    get port() {
      return port;
    },
    received,
    sent,
    get mapId() {
      return mapId;
    },
    nearby,
    drops,
    npcs,
    async characterInfo(characterId) {
      const id = characterId ?? nearby.values().next().value;
      if (id === undefined) throw new Error(`${tag} sees nobody to ask about`);
      const since = received.length;
      await send("CharacterInfoRequestHandle", (w) => {
        w.uint32(nextUpdateTime()).uint32(id);
        if (!(tenant.region === "GMS" && tenant.majorVersion < 61)) w.bool(true);
      }, `info of character ${id}`);
      return await waitFor("CharacterInfo", (p) => p.characterId === id, { since });
    },
    async animateNpc(objectId) {
      const id = objectId ?? npcs.values().next().value;
      if (id === undefined) throw new Error(`${tag} controls no NPC`);
      const since = received.length;
      await send("NPCActionHandle", (w) => w.uint32(id).byte(1).byte(0), `animate NPC object ${id}`);
      return await waitFor("NPCAction", (p) => p.objectId === id, { since });
    },
    async sitOnChair(itemId = 3010000) {
      const since = received.length;
      await send("CharacterChairPortableHandle", (w) => w.uint32(itemId), `chair ${itemId}`);
      return await waitFor("StatChanged", (p) => p.summary === "enable actions", { since });
    },
    async sitOnSeat(seat = 0) {
      const since = received.length;
      await send("CharacterChairInteractionHandle", (w) => w.int16(seat), `seat ${seat}`);
      const seated = waitFor("CharacterSitResult", () => true, { since });
      const refused = waitFor("StatChanged", (p) => p.summary === "enable actions", { since });
      const answer = await Promise.race([seated, refused]);
      seated.catch(() => {});
      refused.catch(() => {});
      return answer;
    },
    async standUp() {
      const since = received.length;
      await send("CharacterChairInteractionHandle", (w) => w.int16(-1), "stand up");
      return await waitFor("CharacterSitResult", (p) => p.chairId === 0, { since });
    },
    async closeChalkboard() {
      const since = received.length;
      await send("ChalkboardCloseHandle", undefined, "put the board away");
      return await waitFor("ChalkboardUse", (p) => p.characterId === options.characterId, { since });
    },
    async pickUp(dropId) {
      const id = dropId === "last" ? [...drops.keys()].at(-1) : dropId ?? drops.keys().next().value;
      if (id === undefined) throw new Error(`${tag} sees no drop to pick up`);
      const at = drops.get(id) ?? { x, y };
      const since = received.length;
      await send("DropPickUpHandle", (w) => {
        w.byte(0).uint32(nextUpdateTime()).int16(at.x).int16(at.y).uint32(id);
        if (tenant.majorVersion >= 83) w.uint32(0); // crc
      }, `drop ${id}`);
      const taken = waitFor("DropDestroy", (p) => p.dropId === id, { since });
      const refused = waitFor("StatChanged", (p) => p.summary === "enable actions", { since });
      const answer = await Promise.race([taken, refused]);
      taken.catch(() => {});
      refused.catch(() => {});
      return answer;
    },
    monsters,
    login,
    async walk(steps = 3, intervalMs = 100) {
      const codec = movementCodec(tenant, opcodes.handlerOptions("CharacterMoveHandle"));
      for (let i = 0; i < steps; i++) {
        const dx = i % 2 === 0 ? 20 : -10;
        const path = step(dx);
        await send("CharacterMoveHandle", (w) => {
          // The client's header: GMS v84+ anti-cheat values around the field key, GMS v72+ a crc, JMS
          // the field key alone.
          const antiCheat = tenant.region === "GMS" && tenant.majorVersion >= 84;
          if (antiCheat) w.uint32(0).uint32(0);
          w.byte(0); // field key
          if (antiCheat) w.uint32(0).uint32(0);
          if (tenant.region === "GMS" && tenant.majorVersion >= 72) w.uint32(0); // crc
          if (antiCheat) w.uint32(0).uint32(0);
          writeMovementPath(w, path, codec);
        }, `to (${x + dx}, ${y})`);
        x += dx;
        if (i + 1 < steps && intervalMs > 0) await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async chat(message) {
      await send("CharacterChatGeneralHandle", (w) => {
        if (hasChatUpdateTime) w.uint32(nextUpdateTime());
        w.string(message).bool(false);
      }, `"${message}"`);
    },
    async whisper(name, message) {
      const since = received.length;
      await send("CharacterChatWhisperHandle", (w) => {
        w.byte(6); // chat
        if (hasChatUpdateTime) w.uint32(nextUpdateTime());
        w.string(name).string(message);
      }, `to ${name}: "${message}"`);
      return await waitFor("CharacterChatWhisper", (p) => p.whisperMode === 0x0a, { since });
    },
    async multiChat(type, message, recipients = [...nearby]) {
      await send("CharacterMultiChatHandle", (w) => {
        if (tenant.region === "GMS" && tenant.majorVersion >= 95) w.uint32(nextUpdateTime());
        w.byte(type).byte(recipients.length);
        for (const id of recipients) w.uint32(id);
        w.string(message);
      }, `type ${type} to [${recipients.join(", ")}]: "${message}"`);
    },
    async buddyAdd(name, group = "Default Group") {
      await send(
        "BuddyOperationHandle",
        (w) => w.byte(buddyCode("ADD")).string(name).string(group),
        `add ${name}`,
      );
    },
    async buddyAccept(fromCharacterId) {
      const from = fromCharacterId ??
        received.findLast((p) => p.name === "BuddyOperation" && p.operation === "INVITE")?.characterId;
      if (from === undefined) throw new Error(`${tag} no buddy request to accept`);
      const since = received.length;
      await send("BuddyOperationHandle", (w) => w.byte(buddyCode("ACCEPT")).uint32(from), `accept ${from}`);
      return await waitFor("BuddyOperation", (p) => p.operation === "UPDATE", { since });
    },
    async buddyDelete(characterId) {
      const since = received.length;
      await send(
        "BuddyOperationHandle",
        (w) => w.byte(buddyCode("DELETE")).uint32(characterId),
        `delete ${characterId}`,
      );
      return await waitFor("BuddyOperation", (p) => p.operation === "UPDATE", { since });
    },
    async fame(targetId, up = true) {
      const since = received.length;
      await send(
        "FameChangeHandle",
        (w) => w.uint32(targetId).int8(up ? 1 : 0),
        `${up ? "+" : "-"}fame ${targetId}`,
      );
      return await waitFor("FameResponse", () => true, { since });
    },
    async sendNote(name, message) {
      const since = received.length;
      await send(
        "NoteOperationHandle",
        (w) => w.byte(noteCode("SEND")).string(name).string(message),
        `to ${name}`,
      );
      return await waitFor(
        "NoteOperation",
        (p) => p.operation === "SEND_SUCCESS" || p.operation === "SEND_ERROR",
        {
          since,
        },
      );
    },
    async readNotes() {
      const since = received.length;
      await send("NoteOperationHandle", (w) => w.byte(noteCode("REQUEST")), "read");
      return await waitFor("NoteOperation", (p) => p.operation === "SHOW", { since });
    },
    async messengerOpen() {
      const since = received.length;
      await send("MessengerOperationHandle", (w) => w.byte(messengerCode("ANSWER_INVITE")).uint32(0), "open");
      return await waitFor("MessengerOperation", (p) => p.operation === "JOIN", { since });
    },
    async messengerInvite(name) {
      const since = received.length;
      await send(
        "MessengerOperationHandle",
        (w) => w.byte(messengerCode("INVITE")).string(name),
        `invite ${name}`,
      );
      return await waitFor("MessengerOperation", (p) => p.operation === "INVITE_SENT", { since });
    },
    async messengerAccept() {
      const invite = received.findLast((p) =>
        p.name === "MessengerOperation" && p.operation === "REQUEST_INVITE"
      );
      if (invite?.messengerId === undefined) throw new Error(`${tag} no messenger invitation to accept`);
      const since = received.length;
      await send(
        "MessengerOperationHandle",
        (w) => w.byte(messengerCode("ANSWER_INVITE")).uint32(invite.messengerId!),
        `join ${invite.messengerId}`,
      );
      return await waitFor("MessengerOperation", (p) => p.operation === "JOIN", { since });
    },
    async messengerChat(message) {
      await send(
        "MessengerOperationHandle",
        (w) => w.byte(messengerCode("CHAT")).string(message),
        `"${message}"`,
      );
    },
    async messengerLeave() {
      await send("MessengerOperationHandle", (w) => w.byte(messengerCode("CLOSE")), "leave");
    },
    async guildCreate(name) {
      await send(
        "GuildOperationHandle",
        (w) => w.byte(guildCode("REQUEST_CREATE")).string(name),
        `found ${name}`,
      );
    },
    async guildAgree() {
      const request = await waitFor("GuildOperation", (p) => p.operation === "REQUEST_AGREEMENT");
      const since = received.length;
      await send(
        "GuildOperationHandle",
        (w) => w.byte(guildCode("AGREEMENT_RESPONSE")).uint32(request.partyId ?? 0).bool(true),
        "agree",
      );
      return await waitFor("GuildOperation", isGuildData(true), { since });
    },
    async guildInvite(name) {
      await send("GuildOperationHandle", (w) => w.byte(guildCode("INVITE")).string(name), `invite ${name}`);
    },
    async guildAccept() {
      const invite = received.findLast((p) => p.name === "GuildOperation" && p.operation === "INVITE");
      if (invite?.guildId === undefined) throw new Error(`${tag} no guild invitation to accept`);
      const since = received.length;
      await send(
        "GuildOperationHandle",
        (w) => w.byte(guildCode("JOIN")).uint32(invite.guildId!).uint32(options.characterId),
        `join ${invite.guildId}`,
      );
      return await waitFor("GuildOperation", isGuildData(true), { since });
    },
    async guildNotice(text) {
      const since = received.length;
      await send("GuildOperationHandle", (w) => w.byte(guildCode("SET_NOTICE")).string(text), "notice");
      return await waitFor("GuildOperation", (p) => p.operation === "NOTICE_CHANGE", { since });
    },
    async guildLeave() {
      const since = received.length;
      await send(
        "GuildOperationHandle",
        (w) => w.byte(guildCode("WITHDRAW")).uint32(options.characterId).string(""),
        "leave the guild",
      );
      return await waitFor("GuildOperation", isGuildData(false), { since });
    },
    async guildPost(title, message) {
      const since = received.length;
      await send(
        "GuildBBSHandle",
        (w) =>
          w.byte(operationCode("GuildBBSHandle", "CREATE_OR_EDIT_THREAD")).bool(false).bool(false).string(
            title,
          )
            .string(message).uint32(0),
        `post ${title}`,
      );
      return await waitFor("GuildBBS", undefined, { since });
    },
    async guildBoard() {
      const since = received.length;
      await send(
        "GuildBBSHandle",
        (w) => w.byte(operationCode("GuildBBSHandle", "LIST_THREADS")).uint32(0),
        "board",
      );
      return await waitFor("GuildBBS", undefined, { since });
    },
    async partyCreate() {
      const since = received.length;
      await send("PartyOperationHandle", (w) => w.byte(partyCode("CREATE")), "create");
      return await waitFor("PartyOperation", (p) => p.operation === "CREATED", { since });
    },
    async partyInvite(name) {
      await send("PartyOperationHandle", (w) => w.byte(partyCode("INVITE")).string(name), `invite ${name}`);
    },
    async partyAccept() {
      const invite = received.findLast((p) => p.name === "PartyOperation" && p.operation === "INVITE");
      if (invite?.partyId === undefined) throw new Error(`${tag} no party invitation to accept`);
      const since = received.length;
      await send(
        "PartyOperationHandle",
        (w) => w.byte(partyCode("JOIN")).uint32(invite.partyId!),
        `join ${invite.partyId}`,
      );
      return await waitFor("PartyOperation", (p) => p.operation === "JOIN", { since });
    },
    async partyLeave() {
      await send("PartyOperationHandle", (w) => w.byte(partyCode("LEAVE")), "leave");
    },
    async partyExpel(characterId) {
      await send(
        "PartyOperationHandle",
        (w) => w.byte(partyCode("EXPEL")).uint32(characterId),
        `expel ${characterId}`,
      );
    },
    async emote(expression = 2) {
      await send("CharacterExpressionHandle", (w) => {
        w.uint32(expression);
        if (tenant.region === "GMS" && tenant.majorVersion > 87) w.int32(-1).bool(false); // duration, by item
      }, `emote ${expression}`);
    },
    async attack(attackOptions = {}) {
      const target = attackOptions.monsterId ?? monsters.values().next().value;
      if (target === undefined) throw new Error(`${tag} no monster in the map to attack`);
      const damage = attackOptions.damage ?? 1;
      const gms = tenant.region === "GMS";
      const since = received.length;
      await send("CharacterMeleeAttackHandle", (w) => {
        w.byte(0); // field key
        if (gms && tenant.majorVersion >= 84) w.zeros(8);
        w.byte(0x11); // one target, one hit
        if (gms && tenant.majorVersion >= 84) w.zeros(8);
        w.uint32(0); // no skill
        if (gms && tenant.majorVersion >= 95) w.byte(0);
        if (gms && tenant.majorVersion >= 84) w.zeros(8);
        w.uint32(0).uint32(0); // skill data CRCs
        w.byte(0).uint16(5); // option, action 5 facing right
        if (gms && tenant.majorVersion >= 95) w.uint32(0); // crc
        w.byte(0).byte(4).uint32(0); // action type, speed, time
        if (gms && tenant.majorVersion >= 95) w.uint32(0);
        w.uint32(target).byte(7).byte(0).byte(0).byte(0).int16(x).int16(y).int16(x).int16(y).uint16(100);
        w.uint32(damage);
        if (gms) w.uint32(0); // per-target CRC
        w.int16(x).int16(y);
      }, `monster ${target} for ${damage}`);
      if (attackOptions.wait === false) return undefined;
      return await Promise.any([
        waitFor("MonsterHealth", (p) => p.objectId === target, { since }),
        waitFor("DestroyMonster", (p) => p.objectId === target, { since }),
      ]);
    },
    async useSkill(skillId, level) {
      const since = received.length;
      await send("CharacterUseSkillHandle", (w) => {
        w.uint32(nextUpdateTime()).uint32(skillId).byte(level);
        if (ANTI_REPEAT_BUFFS.has(skillId)) w.int16(x).int16(y);
        if (PARTY_BUFFS.has(skillId)) w.byte(0);
        if (MONSTER_AFFECTING.has(skillId)) w.byte(0).uint16(0);
      }, `skill ${skillId} at level ${level}`);
      return await waitFor("StatChanged", (p) => p.summary === "enable actions", { since });
    },
    async cancelBuff(sourceId) {
      const since = received.length;
      await send("CharacterBuffCancel", (w) => w.int32(sourceId), `buff ${sourceId}`);
      return await waitFor("CharacterBuffCancel", () => true, { since });
    },
    async portal(name = NEXT_PORTAL) {
      const since = received.length;
      await enterPortal(name);
      return await waitFor("SetField", (p) => p.login === false, { since });
    },
    async rideBoat(portal = BOAT_PORTAL, timeoutMs = 120_000) {
      const warped = (since: number) => waitFor("SetField", (p) => p.login === false, { since, timeoutMs });
      for (;;) {
        const since = received.length;
        await enterPortal(portal);
        const boarded = warped(since);
        const refused = waitFor("StatChanged", (p) => p.summary === "enable actions", { since, timeoutMs });
        const answer = await Promise.race([boarded, refused]);
        boarded.catch(() => {});
        refused.catch(() => {});
        if (answer.name === "SetField") {
          log(`${tag} boarded in map ${answer.mapId}; waiting for the departure`);
          const onBoard = await warped(received.indexOf(answer) + 1);
          log(`${tag} on board in map ${onBoard.mapId}; waiting for the arrival`);
          return await warped(received.indexOf(onBoard) + 1);
        }
        log(`${tag} boarding is closed; waiting for the boat to dock for the next trip`);
        await waitFor("FieldTransportState", (p) => p.mode === 0, { since, timeoutMs });
      }
    },
    distributeAp(stat) {
      const flag = AP_FLAGS[stat.toUpperCase()];
      if (flag === undefined) {
        return Promise.reject(
          new Error(`unknown AP stat ${stat} (known: ${Object.keys(AP_FLAGS).join(", ")})`),
        );
      }
      return statChange(
        "CharacterDistributeApHandle",
        (w) => w.uint32(nextUpdateTime()).uint32(flag),
        `1 AP into ${stat.toUpperCase()}`,
      );
    },
    autoAssignAp(points = { STR: 1, DEX: 1 }) {
      const pairs = Object.entries(points).map(([stat, amount]) => {
        const flag = AP_FLAGS[stat.toUpperCase()];
        if (flag === undefined) throw new Error(`unknown AP stat ${stat}`);
        return [flag, amount] as const;
      });
      return statChange("CharacterAutoDistributeApHandle", (w) => {
        w.uint32(nextUpdateTime()).uint32(pairs.length);
        for (const [flag, amount] of pairs) w.uint32(flag).uint32(amount);
      }, Object.entries(points).map(([s, n]) => `${n} ${s}`).join(", "));
    },
    distributeSp(skillId) {
      return statChange(
        "CharacterDistributeSpHandle",
        (w) => w.uint32(nextUpdateTime()).uint32(skillId),
        `1 SP into skill ${skillId}`,
      );
    },
    async heal(hp = 10, mp = 3) {
      await send("CharacterHealOverTimeHandle", (w) => {
        w.uint32(nextUpdateTime()).uint32(0x1400).int16(hp).int16(mp);
        if (tenant.region === "GMS" && tenant.majorVersion <= 95) w.byte(0);
      }, `+${hp} HP, +${mp} MP`);
    },
    dropMeso(amount) {
      return statChange(
        "CharacterDropMesoHandle",
        (w) => w.uint32(nextUpdateTime()).uint32(amount),
        `${amount} mesos`,
      );
    },
    async changeKeys(changes = [{ key: 59, type: 1, action: 4001003 }]) {
      await send("CharacterKeyMapChangeHandle", (w) => {
        w.uint32(0).uint32(changes.length);
        for (const c of changes) w.int32(c.key).int8(c.type).int32(c.action);
      }, changes.map((c) => `key ${c.key} → ${c.type}:${c.action}`).join(", "));
    },
    async changeChannel(channelId) {
      const since = received.length;
      await send(
        "ChannelChangeHandle",
        (w) => w.byte(channelId).uint32(nextUpdateTime()),
        `to channel ${channelId}`,
      );
      return await followChannelChange(since);
    },
    async visitCashShop(serialNumber) {
      const since = received.length;
      await send("CashShopEntryHandle", (w) => w.uint32(nextUpdateTime()), "enter");
      await waitFor("CashShopOpen", () => true, { since });
      await waitFor("CashShopCashQueryResult", () => true, { since });
      if (serialNumber !== undefined) {
        const results = opcodes.writerOptions("CashShopOperation").operations as
          | Record<string, unknown>
          | undefined;
        const result = (name: string) => Number(results?.[name]);
        const code = (name: string) => operationCode("CashShopOperationHandle", name);
        const buying = received.length;
        await send(
          "CashShopOperationHandle",
          (w) => {
            // CCashShop::OnBuy per version (libs/atlas-packet shop_operation_buy.go): JMS has no currency.
            w.byte(code("BUY")).bool(false);
            if (tenant.region === "JMS") w.uint32(serialNumber);
            else if (tenant.majorVersion >= 87) w.uint32(1).uint32(serialNumber).byte(0).uint32(0);
            else w.uint32(1).uint32(serialNumber).uint32(0);
          },
          `buy ${serialNumber} with credit`,
        );
        const bought = await waitFor(
          "CashShopOperation",
          (p) =>
            [result("PURCHASE_SUCCESS"), result("INVENTORY_CAPACITY_INCREASE_FAILED")].includes(p.body[0]),
          { since: buying },
        );
        if (bought.body[0] !== result("PURCHASE_SUCCESS")) {
          throw new Error(`${tag} purchase of ${serialNumber} refused (reason ${bought.body[1]})`);
        }
        // GW_CashItemInfo: i64 cash serial, u32 account, u32 character, u32 item template, ...
        const view = new DataView(bought.body.buffer, bought.body.byteOffset + 1);
        const cashSerial = view.getBigInt64(0, true);
        const templateId = view.getUint32(16, true);
        const inventoryType = Math.floor(templateId / 1_000_000);
        const moving = received.length;
        await send(
          "CashShopOperationHandle",
          (w) => w.byte(code("MOVE_FROM_CASH_INVENTORY")).int64(cashSerial).byte(inventoryType).int16(0),
          `take item ${templateId} (serial ${cashSerial}) into tab ${inventoryType}`,
        );
        const moved = await waitFor(
          "CashShopOperation",
          (p) => [result("CASH_ITEM_MOVED_TO_INVENTORY"), result("MOVE_L_TO_S_FAILED")].includes(p.body[0]),
          { since: moving },
        );
        if (moved.body[0] !== result("CASH_ITEM_MOVED_TO_INVENTORY")) {
          throw new Error(`${tag} item ${templateId} not moved into the inventory`);
        }
      }
      const leaving = received.length;
      await send("MapChangeHandle", undefined, "leave the cash shop");
      return await followChannelChange(leaving);
    },
    async moveItem(inventoryType, source, destination, count = 1) {
      const since = received.length;
      const what = destination === 0
        ? `drop ${count} from tab ${inventoryType} slot ${source}`
        : `tab ${inventoryType} slot ${source} → ${destination}`;
      await send(
        "CharacterInventoryMoveHandle",
        (w) => w.uint32(nextUpdateTime()).byte(inventoryType).int16(source).int16(destination).int16(count),
        what,
      );
      return await firstOf(since, "CharacterInventoryChange");
    },
    async dropItem(inventoryType, slot, count = 1) {
      const since = received.length;
      const answer = await bot.moveItem(inventoryType, slot, 0, count);
      if (answer.name !== "CharacterInventoryChange") return answer;
      return await waitFor("DropSpawn", (p) => p.characterId === options.characterId, { since });
    },
    async useItem(slot, itemId) {
      const since = received.length;
      const itemClass = Math.floor(itemId / 10_000);
      const handler = itemClass === 203
        ? "CharacterItemUseTownScrollHandle"
        : itemClass === 210
        ? "CharacterItemUseSummonBagHandle"
        : "CharacterItemUseHandle";
      await send(
        handler,
        (w) => w.uint32(nextUpdateTime()).int16(slot).uint32(itemId),
        `item ${itemId} in slot ${slot}`,
      );
      return await firstOf(since, "CharacterInventoryChange");
    },
    async scrollItem(scrollSlot, equipSlot) {
      const since = received.length;
      await send(
        "CharacterItemUseScrollHandle",
        (w) => w.uint32(nextUpdateTime()).int16(scrollSlot).int16(equipSlot).int16(0).bool(false),
        `scroll in slot ${scrollSlot} onto equip ${equipSlot}`,
      );
      return await firstOf(since, "CharacterItemUpgrade");
    },
    async storage(operation, args = []) {
      const since = received.length;
      if (operation === "open") {
        await send(
          "NPCStartConversationHandle",
          (w) => w.uint32(SANDBOX_NPC_OBJECTS.storage).int16(x).int16(y),
          "the storage keeper",
        );
        return await firstOf(since, "StorageOperation");
      }
      const codes = opcodes.handlerOptions("StorageOperationHandle").operations as
        | Record<string, number>
        | undefined;
      const code = (name: string) => {
        const value = codes?.[name];
        if (typeof value !== "number") throw new Error(`${tag} the tenant has no storage operation ${name}`);
        return value;
      };
      const [a = 0, b = 0, c = 1] = args;
      switch (operation) {
        case "store":
          await send(
            "StorageOperationHandle",
            (w) => w.byte(code("STORE_ASSET")).int16(a).uint32(b).uint16(c),
            `store ${c} × ${b}`,
          );
          break;
        case "take":
          await send(
            "StorageOperationHandle",
            (w) => w.byte(code("RETRIEVE_ASSET")).byte(a).byte(b),
            `take tab ${a} slot ${b}`,
          );
          break;
        case "meso":
          await send(
            "StorageOperationHandle",
            (w) => w.byte(code("MESO")).int32(a),
            `${a < 0 ? "store" : "take"} ${Math.abs(a)} mesos`,
          );
          break;
        case "arrange":
          await send("StorageOperationHandle", (w) => w.byte(code("ARRANGE_ASSET")), "arrange");
          break;
        case "close":
          await send("StorageOperationHandle", (w) => w.byte(code("CLOSE")), "close");
          return undefined;
      }
      return await firstOf(since, "StorageOperation");
    },
    async arrangeItems(kind, inventoryType) {
      const since = received.length;
      const [handler, result] = kind === "merge"
        ? ["CompartmentMergeHandle", "CompartmentMerge"]
        : ["CompartmentSortHandle", "CompartmentSort"];
      await send(
        handler,
        (w) => w.uint32(nextUpdateTime()).byte(inventoryType),
        `${kind} tab ${inventoryType}`,
      );
      return await waitFor(result, (p) => p.inventoryType === inventoryType, { since });
    },
    async talk(objectId = SANDBOX_NPC_OBJECTS.talk, choices = [0, 1]) {
      const since = received.length;
      await send(
        "NPCStartConversationHandle",
        (w) => w.uint32(objectId).int16(x).int16(y),
        `NPC object ${objectId}`,
      );
      return await converse(since, choices);
    },
    async petCommand(petId, command) {
      const since = received.length;
      await send(
        "PetCommandHandle",
        (w) => w.uint64(BigInt(petId)).bool(false).byte(command),
        `pet ${petId}: ${command}`,
      );
      return await waitFor("PetCommandResponse", () => true, { since });
    },
    async petSpawn(cashSlot = 1) {
      const since = received.length;
      await send("PetSpawnHandle", (w) => {
        w.uint32(nextUpdateTime()).int16(cashSlot);
        if (tenant.region !== "GMS" || tenant.majorVersion >= 61) w.bool(false); // not the new leader
      }, `cash slot ${cashSlot}`);
      return await waitFor("PetActivated", () => true, { since });
    },
    async petMove(petId) {
      const codec = movementCodec(tenant, opcodes.handlerOptions("PetMovementHandle"));
      await send("PetMovementHandle", (w) => {
        w.uint64(BigInt(petId));
        writeMovementPath(w, step(-30), codec);
      }, `pet ${petId} beside (${x}, ${y})`);
    },
    async petFeed(slot = 5, itemId = 2120000) {
      const since = received.length;
      await send(
        "PetFoodHandle",
        (w) => w.uint32(nextUpdateTime()).int16(slot).uint32(itemId),
        `item ${itemId} from slot ${slot}`,
      );
      return await waitFor("PetCommandResponse", () => true, { since });
    },
    async setMacros(macros) {
      await send("CharacterSkillMacroHandle", (w) => {
        w.byte(macros.length);
        for (const m of macros) {
          w.string(m.name).bool(!m.shout); // the client's byte is 0 for a macro that shouts
          for (let i = 0; i < 3; i++) w.uint32(m.skills[i] ?? 0);
        }
      }, macros.map((m) => `${m.name}: ${m.skills.join("+")}`).join(", ") || "no macros");
    },
    async quest(questId, npcId = SANDBOX_QUEST_NPC) {
      const since = received.length;
      await send(
        "QuestActionHandle",
        (w) => w.byte(1).uint16(questId).uint32(npcId).int16(x).int16(y),
        `quest ${questId} with NPC ${npcId}`,
      );
      return await converse(since, []);
    },
    async shop(objectId = SANDBOX_NPC_OBJECTS.shop, slot = 0, quantity = 1) {
      const since = received.length;
      await send(
        "NPCStartConversationHandle",
        (w) => w.uint32(objectId).int16(x).int16(y),
        `NPC object ${objectId}`,
      );
      const list = await waitFor("NPCShop", () => true, { since });
      const item = list.items?.[slot];
      if (item === undefined) throw new Error(`${tag} the shop has no slot ${slot}`);
      const buying = received.length;
      await send("NPCShopHandle", (w) => {
        w.byte(SHOP_OPERATIONS.BUY).uint16(slot).uint32(item).uint16(quantity);
        if (tenant.region === "GMS" && tenant.majorVersion >= 72) w.uint32(0);
      }, `buy ${quantity} × ${item}`);
      const result = await waitFor("NPCShopOperation", () => true, { since: buying });
      await send("NPCShopHandle", (w) => w.byte(SHOP_OPERATIONS.LEAVE), "leave the shop");
      return result;
    },
    waitFor,
    close: () => client.close(),
  };
  return bot;
}
