/**
 * What the bot understands of the packets it receives: enough of each writer's body to log it in one
 * line and to let tests and scripts wait for a specific packet (a spawn of a character, a stat change
 * naming a stat, a whisper result, the address of a channel change). Layouts are the channel's own
 * writers' (GMS v83 where they differ by version); anything else is summarised by its length.
 * @module
 */
import { type PacketReader, packetReader } from "../protocol/reader.ts";
import { STAT_LAYOUTS } from "../features/stats/writers.ts";
import type { OpcodeTable } from "./opcodes.ts";

/** A packet the bot received, decoded as far as the bot understands it. */
export interface ReceivedPacket {
  /** `performance.now()` at receipt. */
  at: number;
  opcode: number;
  /** Writer name (or `0xNN`). */
  name: string;
  /** Body after the opcode. */
  body: Uint8Array;
  /** The character a spawn, despawn, movement, chat line or emote is about; DropSpawn: the owner. */
  characterId?: number;
  /** General chat text; the text of a whisper, multi-chat line or world message. */
  message?: string;
  /** Who sent a whisper or multi-chat line; the target of a whisper result. */
  from?: string;
  /** SetField: the map of a warp (a login SetField carries the whole character; its map is not read). */
  mapId?: number;
  /** SetField: true for the login variant (character data included). */
  login?: boolean;
  /** StatChanged: the values shown, by stat name (SP as its single counter). */
  stats?: Record<string, number>;
  /** StatChanged: the exclusive-request flag (true unlocks the client). */
  exclRequest?: boolean;
  /** CharacterChatWhisper: the mode byte (0x0A send result, 0x12 received whisper, ...). */
  whisperMode?: number;
  /** CharacterChatWhisper send result: whether the whisper reached its target. */
  success?: boolean;
  /**
   * CharacterMultiChat: 0 buddy, 1 party, 2 guild, 3 alliance. WorldMessage: its mode byte.
   * FieldTransportState: the state (0 docked, 2 away).
   */
  mode?: number;
  /** CharacterShowChair / CharacterSitResult: the chair item or seat (0 when standing up). */
  chairId?: number;
  /** DropSpawn / DropDestroy: the drop. */
  dropId?: number;
  /** DropSpawn: where the drop lies. */
  position?: { x: number; y: number };
  /** Monster packets: the monster's unique object id. NPC packets: the NPC's object id in the map. */
  objectId?: number;
  /** ControlMonster: whether control starts (false: it ends). MonsterHealth: not set. */
  control?: boolean;
  /** MonsterHealth: the HP percentage shown. */
  hpPercent?: number;
  /** ChannelChange: where the client is sent. */
  address?: { hostname: string; port: number };
  /** CharacterEffect / CharacterEffectForeign SKILL_USE: the skill shown. */
  skillId?: number;
  /** Social writers (BuddyOperation, PartyOperation, ...): the operation named by the writer's codes. */
  operation?: string;
  /** BuddyOperation list: the buddies' ids. PartyOperation table: the members' ids. */
  ids?: number[];
  /** CharacterInventoryChange: the operations, as far as they can be read (an "add" ends the reading). */
  inventory?: InventoryOperationSeen[];
  /** CompartmentMerge / CompartmentSort: the inventory type. */
  inventoryType?: number;
  /** PartyOperation: the party id (invite, created, join, leave, update). GuildOperation: the founding
   * party of an agreement request. */
  partyId?: number;
  /** GuildOperation: the guild of an invitation, of the guild data (0: no guild) or of a change. */
  guildId?: number;
  /** MessengerOperation: the room of an invitation; the slot of a join, add or remove. */
  messengerId?: number;
  slot?: number;
  /** NPCConversation: the dialogue type (the key of the writer's `messageType` option), and its message
   * type byte as sent (the client answers with it). NPCShop: the NPC. */
  dialogue?: string;
  /** NPCConversation: the message type byte. NPCShopOperation: the result code. */
  code?: number;
  /** NPCConversation, NPCShop: the NPC template id. */
  npcId?: number;
  /** NPCShop: the item template ids on sale, in shop-slot order. */
  items?: number[];
  /** One-line description for the log. */
  summary: string;
}

/** One CharacterInventoryChange operation as the bot reads it. */
export interface InventoryOperationSeen {
  mode: "add" | "quantity" | "move" | "remove";
  inventoryType: number;
  slot: number;
  /** move: the new slot. */
  to?: number;
  /** quantity: the new quantity. */
  quantity?: number;
}

function inventoryChange(r: PacketReader): PacketDescription {
  const name = "CharacterInventoryChange";
  r.bool();
  const count = r.byte();
  const inventory: InventoryOperationSeen[] = [];
  for (let i = 0; i < count; i++) {
    const mode = r.byte();
    const inventoryType = r.byte();
    const slot = r.int16();
    if (mode === 0) {
      inventory.push({ mode: "add", inventoryType, slot });
      break; // the item's encoding is not read; later operations are not either
    } else if (mode === 1) inventory.push({ mode: "quantity", inventoryType, slot, quantity: r.uint16() });
    else if (mode === 2) inventory.push({ mode: "move", inventoryType, slot, to: r.int16() });
    else if (mode === 3) inventory.push({ mode: "remove", inventoryType, slot });
    else break;
  }
  const text = inventory.map((op) =>
    op.mode === "move"
      ? `move tab ${op.inventoryType} slot ${op.slot} → ${op.to}`
      : op.mode === "quantity"
      ? `tab ${op.inventoryType} slot ${op.slot} now ${op.quantity}`
      : `${op.mode} tab ${op.inventoryType} slot ${op.slot}`
  ).join("; ");
  return { name, inventory, summary: `inventory: ${text || "nothing"}` };
}

/** The parts {@link describePacket} fills in. */
export type PacketDescription = Omit<ReceivedPacket, "at" | "opcode" | "body">;

function statChanged(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  const exclRequest = r.bool();
  const mask = r.uint32();
  const statistics = opcodes.writerOptions("StatChanged").statistics;
  const names = Array.isArray(statistics) ? statistics.map(String) : [];
  const stats: Record<string, number> = {};
  for (let bit = 0; bit < 32; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    const stat = names[bit] ?? `bit${bit}`;
    switch (STAT_LAYOUTS[stat]) {
      case "u8":
        stats[stat] = r.byte();
        break;
      case "i16":
        stats[stat] = r.int16();
        break;
      case "sp": // GMS v83 clients read one counter
        stats[stat] = r.uint16();
        break;
      case "u32":
        stats[stat] = r.uint32();
        break;
      case "u64":
        stats[stat] = Number(r.uint64());
        break;
      default:
        throw new Error(`unknown stat at bit ${bit}`);
    }
  }
  const shown = Object.entries(stats).map(([k, v]) => `${k}=${v}`).join(" ");
  return {
    name: "StatChanged",
    exclRequest,
    stats,
    summary: shown.length > 0 ? `stats ${shown}${exclRequest ? " (unlocks)" : ""}` : "enable actions",
  };
}

function whisper(r: PacketReader): PacketDescription {
  const whisperMode = r.byte();
  const name = "CharacterChatWhisper";
  if (whisperMode === 0x0a) {
    const from = r.string();
    const success = r.bool();
    return { name, whisperMode, from, success, summary: `whisper to ${from} ${success ? "sent" : "failed"}` };
  }
  if (whisperMode === 0x12) {
    const from = r.string();
    const channel = r.byte();
    r.bool(); // GM
    const message = r.string();
    return {
      name,
      whisperMode,
      from,
      message,
      summary: `${from} (channel ${channel}) whispers "${message}"`,
    };
  }
  return { name, whisperMode, summary: `whisper packet mode 0x${whisperMode.toString(16)}` };
}

/** The name of a social writer's operation byte (its `operations` codes), or `0xNN`. */
function operationOf(opcodes: OpcodeTable, writer: string, code: number): string {
  const table = opcodes.writerOptions(writer).operations;
  if (typeof table === "object" && table !== null) {
    for (const [key, value] of Object.entries(table)) {
      if (Number(value) === code) return key;
    }
  }
  return `0x${code.toString(16)}`;
}

function buddyOperation(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  const name = "BuddyOperation";
  const operation = operationOf(opcodes, name, r.byte());
  if (operation === "UPDATE") {
    const count = r.byte();
    const ids: number[] = [];
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(r.uint32());
      names.push(r.fixedString(13));
      r.skip(1 + 4 + 17);
    }
    return { name, operation, ids, summary: `buddy list: ${names.join(", ") || "empty"}` };
  }
  if (operation === "INVITE") {
    const characterId = r.uint32();
    const from = r.string();
    return { name, operation, characterId, from, summary: `${from} (${characterId}) asks to be buddies` };
  }
  return { name, operation, summary: `buddy ${operation}` };
}

function partyOperation(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  const name = "PartyOperation";
  const operation = operationOf(opcodes, name, r.byte());
  const table = () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(r.uint32());
    return ids.filter((id) => id !== 0);
  };
  switch (operation) {
    case "INVITE": {
      const partyId = r.uint32();
      const from = r.string();
      return { name, operation, partyId, from, summary: `${from} invites to party ${partyId}` };
    }
    case "CREATED": {
      const partyId = r.uint32();
      return { name, operation, partyId, summary: `party ${partyId} created` };
    }
    case "UPDATE": {
      const partyId = r.uint32();
      const ids = table();
      return { name, operation, partyId, ids, summary: `party ${partyId}: ${ids.join(", ")}` };
    }
    case "JOIN": {
      const partyId = r.uint32();
      const from = r.string();
      const ids = table();
      return { name, operation, partyId, from, ids, summary: `${from} joins party ${partyId}` };
    }
  }
  return { name, operation, summary: `party ${operation}` };
}

function guildOperation(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  const name = "GuildOperation";
  const code = r.byte();
  // The guild data's mode is the client's fixed 0x1A, not a configured code.
  const operation = code === 0x1a ? "INFO" : operationOf(opcodes, name, code);
  switch (operation) {
    case "INFO": {
      if (!r.bool()) return { name, operation, guildId: 0, summary: "no guild" };
      const guildId = r.uint32();
      const guildName = r.string();
      return { name, operation, guildId, from: guildName, summary: `guild ${guildName} (${guildId})` };
    }
    case "INVITE": {
      const guildId = r.uint32();
      const from = r.string();
      return { name, operation, guildId, from, summary: `${from} invites to guild ${guildId}` };
    }
    case "REQUEST_AGREEMENT": {
      const partyId = r.uint32();
      const from = r.string();
      const proposed = r.string();
      return { name, operation, partyId, from, summary: `${from} proposes the guild ${proposed}` };
    }
    case "NOTICE_CHANGE": {
      const guildId = r.uint32();
      const notice = r.string();
      return { name, operation, guildId, summary: `guild ${guildId} notice: ${notice}` };
    }
  }
  return { name, operation, summary: `guild ${operation}` };
}

function npcConversation(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  r.byte(); // speaker type
  const npcId = r.uint32();
  const code = r.byte();
  const param = r.byte();
  if (param & 4) r.uint32();
  const types = opcodes.writerOptions("NPCConversation").messageType;
  const dialogue = Object.entries(typeof types === "object" && types !== null ? types : {})
    .find(([, v]) => Number(v) === code)?.[0] ?? `type ${code}`;
  // Every dialogue but the quizzes and the image list starts with its message (the slide menu after ints).
  let message: string | undefined;
  if (dialogue === "ASK_SLIDE_MENU") {
    r.uint32();
    message = r.string();
  } else if (!["ASK_QUIZ", "ASK_SPEED_QUIZ", "SAY_IMAGE"].includes(dialogue)) {
    message = r.string();
  }
  return {
    name: "NPCConversation",
    npcId,
    code,
    dialogue,
    message,
    summary: `NPC ${npcId} ${dialogue}${message === undefined ? "" : `: "${message}"`}`,
  };
}

function npcShop(r: PacketReader, opcodes: OpcodeTable): PacketDescription {
  // GMS 83 layout (no discount byte or token item); stars and bullets carry a unit price.
  if (!(opcodes.region === "GMS" && opcodes.majorVersion === 83)) {
    return { name: "NPCShop", summary: "shop list" };
  }
  const npcId = r.uint32();
  const count = r.uint16();
  const items: number[] = [];
  for (let i = 0; i < count; i++) {
    const templateId = r.uint32();
    r.uint32(); // price
    r.skip(12); // token price, period, level limit
    const group = Math.floor(templateId / 10000);
    r.skip(group === 207 || group === 233 ? 8 : 2);
    r.uint16(); // slot max
    items.push(templateId);
  }
  return { name: "NPCShop", npcId, items, summary: `shop of NPC ${npcId}: ${items.join(", ")}` };
}

/** Decodes `body` of the writer `name`; undecodable bodies are summarised, never thrown. */
export function describePacket(name: string, body: Uint8Array, opcodes: OpcodeTable): PacketDescription {
  const r = packetReader(body);
  try {
    switch (name) {
      case "CharacterSpawn": {
        const characterId = r.uint32();
        r.byte();
        const characterName = r.string();
        return { name, characterId, summary: `${characterName} (${characterId}) appears` };
      }
      case "CharacterDespawn": {
        const characterId = r.uint32();
        return { name, characterId, summary: `character ${characterId} leaves` };
      }
      case "CharacterMovement": {
        const characterId = r.uint32();
        const x = r.int16();
        const y = r.int16();
        return { name, characterId, summary: `character ${characterId} moves from (${x}, ${y})` };
      }
      case "CharacterChatGeneral": {
        const characterId = r.uint32();
        r.bool();
        const message = r.string();
        return { name, characterId, message, summary: `character ${characterId} says "${message}"` };
      }
      case "CharacterExpression": {
        const characterId = r.uint32();
        const expression = r.uint32();
        return { name, characterId, summary: `character ${characterId} shows emote ${expression}` };
      }
      case "StatChanged":
        return statChanged(r, opcodes);
      case "BuddyOperation":
        return buddyOperation(r, opcodes);
      case "SpawnNPC":
      case "SpawnNPCRequestController": {
        if (name === "SpawnNPCRequestController") r.byte();
        const objectId = r.uint32();
        const template = r.uint32();
        const what = name === "SpawnNPC" ? "appears" : "is ours to control";
        return { name, objectId, summary: `NPC ${template} (object ${objectId}) ${what}` };
      }
      case "NPCAction": {
        const objectId = r.uint32();
        const a = r.byte();
        const b = r.byte();
        return {
          name,
          objectId,
          summary: `NPC object ${objectId} acts (${a}, ${b})${r.remaining > 0 ? " and walks" : ""}`,
        };
      }
      case "ReactorSpawn": {
        const objectId = r.uint32();
        const template = r.uint32();
        const state = r.int8();
        return { name, objectId, summary: `reactor ${template} (object ${objectId}) in state ${state}` };
      }
      case "ReactorDestroy": {
        const objectId = r.uint32();
        return { name, objectId, summary: `reactor object ${objectId} is destroyed` };
      }
      case "CharacterInfo": {
        const characterId = r.uint32();
        const level = r.byte();
        const job = r.uint16();
        return { name, characterId, summary: `info: character ${characterId}, level ${level}, job ${job}` };
      }
      case "Clock": {
        const type = r.byte();
        if (type !== 1) return { name, summary: `clock of type ${type}` };
        const [hh, mm, ss] = [r.byte(), r.byte(), r.byte()].map((n) => String(n).padStart(2, "0"));
        return { name, summary: `town clock ${hh}:${mm}:${ss}` };
      }
      case "FieldTransportState": {
        const state = r.byte();
        return {
          name,
          mode: state,
          summary: state === 0 ? "the boat is docked" : `the boat is away (state ${state})`,
        };
      }
      case "CharacterShowChair": {
        const characterId = r.uint32();
        const chairId = r.uint32();
        const summary = chairId === 0
          ? `character ${characterId} stands up`
          : `character ${characterId} sits on chair ${chairId}`;
        return { name, characterId, chairId, summary };
      }
      case "CharacterSitResult": {
        const seated = r.byte() === 1;
        const chairId = seated ? r.uint16() : 0;
        return { name, chairId, summary: seated ? `seated on seat ${chairId}` : "stands up" };
      }
      case "ChalkboardUse": {
        const characterId = r.uint32();
        const up = r.bool();
        const message = up ? r.string() : undefined;
        const summary = up
          ? `character ${characterId} holds up "${message}"`
          : `character ${characterId} puts the board away`;
        return { name, characterId, message, summary };
      }
      case "DropSpawn": {
        r.byte();
        const dropId = r.uint32();
        const meso = r.bool();
        const what = r.uint32();
        const owner = r.uint32();
        r.byte();
        const x = r.int16();
        const y = r.int16();
        const summary = `drop ${dropId} (${meso ? `${what} mesos` : `item ${what}`}) at (${x}, ${y})`;
        return { name, dropId, position: { x, y }, characterId: owner, summary };
      }
      case "DropDestroy": {
        const how = r.byte();
        const dropId = r.uint32();
        const by = how === 2 || how === 5 ? ` by character ${r.uint32()}` : "";
        return { name, dropId, summary: `drop ${dropId} ${how === 0 ? "expires" : `is taken${by}`}` };
      }
      case "CharacterInventoryChange":
        return inventoryChange(r);
      case "CompartmentMerge":
      case "CompartmentSort": {
        r.byte();
        const inventoryType = r.byte();
        const what = name === "CompartmentMerge" ? "merged" : "sorted";
        return { name, inventoryType, summary: `tab ${inventoryType} ${what}` };
      }
      case "StorageOperation": {
        const mode = r.byte();
        return { name, mode, summary: `storage mode ${mode}` };
      }
      case "CharacterItemUpgrade": {
        const characterId = r.uint32();
        const success = r.bool();
        return {
          name,
          characterId,
          success,
          summary: `character ${characterId} scroll ${success ? "worked" : "failed"}`,
        };
      }
      case "CharacterAppearanceUpdate": {
        const characterId = r.uint32();
        return { name, characterId, summary: `character ${characterId} changes its look` };
      }
      case "SpawnMonster": {
        const objectId = r.uint32();
        return { name, objectId, summary: `monster ${objectId} appears` };
      }
      case "DestroyMonster": {
        const objectId = r.uint32();
        return { name, objectId, summary: `monster ${objectId} disappears` };
      }
      case "ControlMonster": {
        const control = r.int8() > 0;
        const objectId = r.uint32();
        return {
          name,
          objectId,
          control,
          summary: `${control ? "controls" : "stops controlling"} monster ${objectId}`,
        };
      }
      case "CharacterEffect":
      case "CharacterEffectForeign": {
        const characterId = name === "CharacterEffectForeign" ? r.uint32() : undefined;
        const operation = operationOf(opcodes, name, r.byte());
        const who = characterId === undefined ? "" : `character ${characterId}: `;
        if (operation !== "SKILL_USE") {
          return { name, characterId, operation, summary: `${who}effect ${operation}` };
        }
        const skillId = r.uint32();
        return { name, characterId, operation, skillId, summary: `${who}skill ${skillId} effect` };
      }
      case "MonsterHealth": {
        const objectId = r.uint32();
        const hpPercent = r.byte();
        return { name, objectId, hpPercent, summary: `monster ${objectId} at ${hpPercent}% HP` };
      }
      case "CharacterAttackMelee":
      case "CharacterAttackRanged":
      case "CharacterAttackMagic":
      case "CharacterAttackEnergy": {
        const characterId = r.uint32();
        const counts = r.byte();
        return { name, characterId, summary: `character ${characterId} attacks ${counts >> 4} monster(s)` };
      }
      case "PartyOperation":
        return partyOperation(r, opcodes);
      case "GuildOperation":
        return guildOperation(r, opcodes);
      case "MessengerOperation": {
        const operation = operationOf(opcodes, name, r.byte());
        switch (operation) {
          case "REQUEST_INVITE": {
            const from = r.string();
            r.byte();
            const messengerId = r.uint32();
            return {
              name,
              operation,
              from,
              messengerId,
              summary: `${from} invites to messenger ${messengerId}`,
            };
          }
          case "JOIN":
          case "REMOVE":
          case "ADD": {
            const slot = r.byte();
            return { name, operation, slot, summary: `messenger ${operation} slot ${slot}` };
          }
          case "CHAT": {
            const message = r.string();
            return { name, operation, message, summary: `messenger: ${message}` };
          }
        }
        return { name, operation, summary: `messenger ${operation}` };
      }
      case "NoteOperation": {
        const operation = operationOf(opcodes, name, r.byte());
        if (operation !== "SHOW") return { name, operation, summary: `note ${operation}` };
        const count = r.byte();
        const ids: number[] = [];
        const lines: string[] = [];
        for (let i = 0; i < count; i++) {
          ids.push(r.uint32());
          const from = r.string().trim();
          const text = r.string();
          r.skip(8 + 1);
          lines.push(`${from}: "${text}"`);
        }
        return { name, operation, ids, summary: `notes: ${lines.join("; ") || "none"}` };
      }
      case "FameResponse": {
        const operation = operationOf(opcodes, name, r.byte());
        if (operation !== "GIVE" && operation !== "RECEIVE") {
          return { name, operation, summary: `fame ${operation}` };
        }
        const from = r.string();
        const up = r.int8() === 1;
        return { name, operation, from, summary: `fame ${operation} ${up ? "+1" : "-1"} (${from})` };
      }
      case "NPCConversation":
        return npcConversation(r, opcodes);
      case "NPCShop":
        return npcShop(r, opcodes);
      case "NPCShopOperation": {
        const code = r.byte();
        return { name, code, summary: code === 0 ? "shop: done" : `shop: result ${code}` };
      }
      case "CharacterChatWhisper":
        return whisper(r);
      case "CharacterMultiChat": {
        const mode = r.byte();
        const from = r.string();
        const message = r.string();
        return { name, mode, from, message, summary: `${from} (multi-chat ${mode}) says "${message}"` };
      }
      case "WorldMessage": {
        const mode = r.byte();
        const message = r.string();
        return { name, mode, message, summary: `message (mode ${mode}): ${message}` };
      }
      case "ChannelChange": {
        r.byte();
        const ip = [r.byte(), r.byte(), r.byte(), r.byte()];
        const port = r.uint16();
        const hostname = ip.join(".");
        return { name, address: { hostname, port }, summary: `go to ${hostname}:${port}` };
      }
      case "SetField": {
        // The client's layout (libs/atlas-packet field/clientbound/set_field.go, warp_to_map.go): GMS v87+
        // and JMS an option count first; GMS v95 an old driver id after the channel, JMS a byte and a u32;
        // then notifier and character-data flags; a warp has the notifier check and revive byte next.
        const gms = opcodes.region === "GMS";
        const jms = opcodes.region === "JMS";
        if ((gms && opcodes.majorVersion >= 87) || jms) r.uint16();
        const channelId = r.uint32();
        if (gms && opcodes.majorVersion >= 95) r.uint32();
        if (jms) {
          r.byte();
          r.uint32();
        }
        r.byte();
        const login = r.byte() === 1;
        if (login || (gms && opcodes.majorVersion <= 28)) {
          return { name, login, summary: `field (channel ${channelId}${login ? ", login" : ""})` };
        }
        r.uint16();
        if ((gms && opcodes.majorVersion >= 83) || jms) r.byte();
        const mapId = r.uint32();
        const portalId = r.byte();
        return {
          name,
          login,
          mapId,
          summary: `warp to map ${mapId} portal ${portalId} (channel ${channelId})`,
        };
      }
    }
  } catch {
    return { name, summary: `${body.length} bytes (undecodable)` };
  }
  return { name, summary: `${body.length} bytes` };
}
