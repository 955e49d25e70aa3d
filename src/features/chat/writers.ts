/**
 * Chat packets. Layouts follow the reference's socket writers (`socket/writer/character_chat_general.go`,
 * `character_chat_multi.go`, `character_chat_whisper.go`, `pet_chat.go`, and the `CHAT` form of
 * `messenger_operation.go`); none of them branches on the client version.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { requireOptionCode } from "../outbound.ts";

/** Writer names, as the reference registers them (`CharacterMultiChat` is accepted as an alias). */
export const CHAT_WRITERS = {
  general: "CharacterChatGeneral",
  multi: "CharacterChatMulti",
  whisper: "CharacterChatWhisper",
  pet: "PetChat",
  messenger: "MessengerOperation",
} as const;

/** A map chat line (`CharacterChatGeneral`). */
export interface GeneralChatLine {
  readonly characterId: number;
  readonly gm: boolean;
  readonly message: string;
  /** Show only the speech balloon, not the chat-log line. */
  readonly balloonOnly: boolean;
}

/** Writes `CharacterChatGeneral`: id, GM flag, text, balloon-only flag. */
export function writeChatGeneral(w: PacketWriter, line: GeneralChatLine): void {
  w.uint32(line.characterId).bool(line.gm).string(line.message).bool(line.balloonOnly);
}

/** A buddy/party/guild/alliance chat line (`CharacterChatMulti`). */
export interface MultiChatLine {
  /** `MULTI_CHAT_MODES` of chat/messages.ts: buddy 0, party 1, guild 2, alliance 3. */
  readonly mode: number;
  readonly from: string;
  readonly message: string;
}

/** Writes `CharacterChatMulti`: mode, sender name, text. */
export function writeChatMulti(w: PacketWriter, line: MultiChatLine): void {
  w.byte(line.mode).string(line.from).string(line.message);
}

/** First byte of `CharacterChatWhisper`: which whisper packet this is. */
export const WHISPER_MODES = {
  FIND_RESULT: 0x09,
  SEND_RESULT: 0x0a,
  RECEIVE: 0x12,
  ERROR: 0x22,
  BUDDY_WINDOW_FIND_RESULT: 0x48,
  WEATHER: 0x92,
} as const;

/** Where a find located its target (the byte after the name in a find result). */
export const WHISPER_FIND_KINDS = { NOT_FOUND: 0, MAP: 1, CASH_SHOP: 2, OTHER_CHANNEL: 3 } as const;

/** Writes the "whisper sent" result to the sender: target name and whether it was sent. */
export function writeWhisperSendResult(w: PacketWriter, targetName: string, success: boolean): void {
  w.byte(WHISPER_MODES.SEND_RESULT).string(targetName).bool(success);
}

/** A whisper as the recipient sees it. */
export interface WhisperReceipt {
  readonly from: string;
  /** The sender's channel (the event's `channelId`). */
  readonly channelId: number;
  readonly gm: boolean;
  readonly message: string;
}

/** Writes a received whisper: sender name, channel, sender GM flag, text. */
export function writeWhisperReceipt(w: PacketWriter, receipt: WhisperReceipt): void {
  w.byte(WHISPER_MODES.RECEIVE).string(receipt.from).byte(receipt.channelId).bool(receipt.gm).string(
    receipt.message,
  );
}

/** The outcome of a `/find` (or buddy-window find). */
export type WhisperFindResult =
  | { readonly kind: "NOT_FOUND"; readonly name: string }
  | { readonly kind: "CASH_SHOP"; readonly name: string }
  | { readonly kind: "OTHER_CHANNEL"; readonly name: string; readonly channelId: number }
  | {
    readonly kind: "MAP";
    readonly name: string;
    readonly mapId: number;
    readonly x: number;
    readonly y: number;
  };

/**
 * Writes a find result. `mode` is {@link WHISPER_MODES}.FIND_RESULT or .BUDDY_WINDOW_FIND_RESULT; the map
 * form carries the target's position when `withPosition` (by default for FIND_RESULT only).
 */
export function writeWhisperFindResult(
  w: PacketWriter,
  mode: number,
  result: WhisperFindResult,
  withPosition = mode === WHISPER_MODES.FIND_RESULT,
): void {
  w.byte(mode).string(result.name).byte(WHISPER_FIND_KINDS[result.kind]);
  switch (result.kind) {
    case "NOT_FOUND":
      w.uint32(0);
      return;
    case "CASH_SHOP":
      w.int32(-1);
      return;
    case "OTHER_CHANNEL":
      w.uint32(result.channelId);
      return;
    case "MAP":
      w.uint32(result.mapId);
      if (withPosition) w.int32(result.x).int32(result.y);
      return;
  }
}

/** Writes the whisper error form: target name, then "whispers enabled" (the inverse of disabled). */
export function writeWhisperError(w: PacketWriter, targetName: string, whispersDisabled: boolean): void {
  w.byte(WHISPER_MODES.ERROR).string(targetName).bool(!whispersDisabled);
}

/** Writes the weather-effect whisper form: sender name, a constant true, text. */
export function writeWhisperWeather(w: PacketWriter, fromName: string, message: string): void {
  w.byte(WHISPER_MODES.WEATHER).string(fromName).bool(true).string(message);
}

/** A pet's chat line (`PetChat`). */
export interface PetChatLine {
  readonly ownerId: number;
  readonly petSlot: number;
  /** The client's chat type byte (nType). */
  readonly type: number;
  /** The client's action byte (nAction). */
  readonly action: number;
  readonly message: string;
  readonly balloon: boolean;
}

/** Writes `PetChat`: owner id, pet slot, type, action, text, balloon flag. */
export function writePetChat(w: PacketWriter, line: PetChatLine): void {
  w.uint32(line.ownerId).int8(line.petSlot).byte(line.type).byte(line.action).string(line.message).bool(
    line.balloon,
  );
}

/** Writes the `CHAT` form of `MessengerOperation`: the operation code (option), then the text. */
export function writeMessengerChat(w: PacketWriter, options: WriterOptions, message: string): void {
  w.byte(requireOptionCode(CHAT_WRITERS.messenger, options, "operations", "CHAT")).string(message);
}
