/**
 * Client chat packets → `COMMAND_TOPIC_CHARACTER_CHAT` (kafka-produced.md §4.8), read as the reference's
 * `socket/handler/character_chat_general.go`, `character_chat_multi.go` and `character_chat_whisper.go`
 * do. The routing fields come from the session and the presence index; no handler calls REST on the
 * chat path. A truncated packet throws `PacketReadError` before anything is published.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Tenant } from "../../tenant.ts";
import { InvalidPacketError, type PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { type ChatCommand, chatCommandContract } from "./messages.ts";
import { fieldOf, type FieldPosition, rememberPendingWhisper, takePendingWhisper } from "./targets.ts";
import {
  CHAT_WRITERS,
  WHISPER_MODES,
  type WhisperFindResult,
  writeWhisperFindResult,
  writeWhisperSendResult,
} from "./writers.ts";

const log = getLogger("chat");

/** Handler names as the reference registers them; the GMS 83 template's alias is resolved by dispatch. */
export const CHAT_HANDLERS = {
  general: "CharacterChatGeneralHandle",
  multi: "CharacterChatMultiHandle",
  whisper: "CharacterChatWhisperHandle",
} as const;

/** A general (map) chat packet. */
export interface GeneralChatPacket {
  readonly message: string;
  readonly balloonOnly: boolean;
}

/** Reads a general chat packet; GMS v87+ and JMS put an update time first. */
export function readGeneralChat(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
): GeneralChatPacket {
  if ((tenant.region === "GMS" && tenant.majorVersion >= 87) || tenant.region === "JMS") reader.uint32();
  const message = reader.string();
  const balloonOnly = reader.bool();
  return { message, balloonOnly };
}

/** A buddy/party/guild/alliance chat packet. */
export interface MultiChatPacket {
  /** Client chat type: 0 buddy, 1 party, 2 guild, 3 alliance; others are ignored. */
  readonly chatType: number;
  /** The recipients exactly as the client listed them. */
  readonly recipients: number[];
  readonly message: string;
}

/** Reads a multi-chat packet: (GMS v95+: update time), type, recipient count, recipient ids, text. */
export function readMultiChat(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
): MultiChatPacket {
  if (tenant.region === "GMS" && tenant.majorVersion >= 95) reader.uint32();
  const chatType = reader.byte();
  const count = reader.byte();
  const recipients: number[] = [];
  for (let i = 0; i < count; i++) recipients.push(reader.uint32());
  const message = reader.string();
  return { chatType, recipients, message };
}

/** Client whisper modes (the first byte of a whisper packet). */
export const WHISPER_REQUESTS = { FIND: 5, CHAT: 6, BUDDY_WINDOW_FIND: 68 } as const;

/** A whisper packet; `message` only for {@link WHISPER_REQUESTS}.CHAT. */
export interface WhisperPacket {
  readonly mode: number;
  readonly targetName: string;
  readonly message?: string;
}

/** Reads a whisper packet; GMS v87+ and JMS put an update time after the mode. */
export function readWhisper(
  reader: PacketReader,
  tenant: Pick<Tenant, "region" | "majorVersion">,
): WhisperPacket {
  const mode = reader.byte();
  if ((tenant.region === "GMS" && tenant.majorVersion >= 87) || tenant.region === "JMS") reader.uint32();
  const targetName = reader.string();
  if (mode !== WHISPER_REQUESTS.CHAT) return { mode, targetName };
  return { mode, targetName, message: reader.string() };
}

const MULTI_CHAT_TYPES = ["BUDDY", "PARTY", "GUILD", "ALLIANCE"] as const;

/**
 * The longest chat line relayed: the client's chat box stops well before it (about 70 characters), so
 * only a forged packet is longer.
 */
export const MAX_CHAT_TEXT = 127;

/**
 * Checks text that other clients will be shown: at most {@link MAX_CHAT_TEXT} characters and no control
 * characters (the client's input box cannot produce them). Throws {@link InvalidPacketError}.
 */
export function checkRelayedText(text: string, what: string): void {
  if (text.length > MAX_CHAT_TEXT) {
    throw new InvalidPacketError(`${what} of ${text.length} characters (at most ${MAX_CHAT_TEXT})`);
  }
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new InvalidPacketError(`${what} with control characters`);
}

/** The chat command for a general chat line. */
export function generalChatCommand(at: FieldPosition, packet: GeneralChatPacket): ChatCommand {
  return {
    worldId: at.worldId,
    channelId: at.channelId,
    mapId: at.mapId,
    actorId: at.characterId,
    message: packet.message,
    type: "GENERAL",
    body: { balloonOnly: packet.balloonOnly },
  };
}

/** The chat command for a multi-chat line, or undefined for a chat type the reference ignores. */
export function multiChatCommand(at: FieldPosition, packet: MultiChatPacket): ChatCommand | undefined {
  const type = MULTI_CHAT_TYPES[packet.chatType];
  if (type === undefined) return undefined;
  return {
    worldId: at.worldId,
    channelId: at.channelId,
    mapId: at.mapId,
    actorId: at.characterId,
    message: packet.message,
    type,
    body: { recipients: packet.recipients },
  };
}

/** The chat command for a whisper. */
export function whisperCommand(at: FieldPosition, targetName: string, message: string): ChatCommand {
  return {
    worldId: at.worldId,
    channelId: at.channelId,
    mapId: at.mapId,
    actorId: at.characterId,
    message,
    type: "WHISPER",
    body: { recipientName: targetName },
  };
}

/** Finds a whisper target: where it plays, as `/find` reports it. */
export type FindCharacter = (
  session: Session,
  name: string,
) => Promise<WhisperFindResult> | WhisperFindResult;

function positionOrDrop(ctx: FeatureContext, session: Session, what: string): FieldPosition | undefined {
  const at = fieldOf(ctx, session);
  if (!at) log.warn(`${what} before the character entered a field; dropped`, { sessionId: session.id });
  return at;
}

/**
 * Publishes a chat command without holding the session: through a broker outage the bus holds the command
 * (up to its outage hold), and the player's next packets, movement first, must not queue behind it.
 * Publishes are issued in packet order and one key keeps them in order on the topic.
 */
function publish(
  ctx: FeatureContext,
  session: Session,
  command: ChatCommand,
  failed: (err: unknown) => void,
): void {
  ctx.bus.publish(chatCommandContract, command, { tenant: session.tenant, key: command.actorId }).catch(
    failed,
  );
}

/** The chat handlers, bound to a feature context; `find` answers whisper finds. */
export function chatHandlers(ctx: FeatureContext, find: FindCharacter) {
  return {
    [CHAT_HANDLERS.general](session: Session, reader: PacketReader) {
      const packet = readGeneralChat(reader, session.tenant);
      checkRelayedText(packet.message, "general chat");
      const at = positionOrDrop(ctx, session, "general chat");
      if (!at) return;
      publish(ctx, session, generalChatCommand(at, packet), (err) => {
        log.error("general chat not published", { characterId: at.characterId, error: String(err) });
      });
    },
    [CHAT_HANDLERS.multi](session: Session, reader: PacketReader) {
      const packet = readMultiChat(reader, session.tenant);
      checkRelayedText(packet.message, "multi chat");
      const at = positionOrDrop(ctx, session, "multi chat");
      if (!at) return;
      const command = multiChatCommand(at, packet);
      if (!command) {
        log.debug("multi chat of an unknown type ignored", { chatType: packet.chatType });
        return;
      }
      publish(ctx, session, command, (err) => {
        log.error("multi chat not published", { characterId: at.characterId, error: String(err) });
      });
    },
    async [CHAT_HANDLERS.whisper](session: Session, reader: PacketReader) {
      const packet = readWhisper(reader, session.tenant);
      if (packet.mode === WHISPER_REQUESTS.FIND || packet.mode === WHISPER_REQUESTS.BUDDY_WINDOW_FIND) {
        const mode = packet.mode === WHISPER_REQUESTS.FIND
          ? WHISPER_MODES.FIND_RESULT
          : WHISPER_MODES.BUDDY_WINDOW_FIND_RESULT;
        const result = await find(session, packet.targetName);
        ctx.send(session, CHAT_WRITERS.whisper, (w) => writeWhisperFindResult(w, mode, result));
        return;
      }
      if (packet.mode !== WHISPER_REQUESTS.CHAT || packet.message === undefined) {
        log.warn("unhandled whisper mode", { mode: packet.mode, characterId: session.characterId });
        return;
      }
      checkRelayedText(packet.message, "whisper");
      const at = positionOrDrop(ctx, session, "whisper");
      if (!at) return;
      rememberPendingWhisper(session, packet.targetName);
      publish(ctx, session, whisperCommand(at, packet.targetName, packet.message), (err) => {
        takePendingWhisper(session, packet.targetName);
        // As the reference: the sender learns that the whisper did not go out.
        log.error("whisper not published", { characterId: at.characterId, error: String(err) });
        ctx.send(session, CHAT_WRITERS.whisper, (w) => writeWhisperSendResult(w, packet.targetName, false));
      });
    },
  };
}
