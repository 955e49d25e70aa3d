/**
 * Golden bytes of the chat writers (bodies after the opcode), GMS v83. The reference's layouts have no
 * version branch, so the same bytes hold for GMS v95 and JMS v185. Layout sources (atlas-channel,
 * b0c865294b): socket/writer/character_chat_general.go, character_chat_multi.go,
 * character_chat_whisper.go, pet_chat.go, messenger_operation.go (`MessengerOperationChatBody`).
 */
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  WHISPER_MODES,
  writeChatGeneral,
  writeChatMulti,
  writeMessengerChat,
  writePetChat,
  writeWhisperError,
  writeWhisperFindResult,
  writeWhisperReceipt,
  writeWhisperSendResult,
  writeWhisperWeather,
} from "../../../src/features/chat/writers.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { GMS83_WRITER_OPTIONS, hex } from "./routing-support.ts";

function bytes(build: (w: PacketWriter) => void): string {
  const w = packetWriter();
  build(w);
  return hex(w.toBytes());
}

Deno.test("CharacterChatGeneral: id, GM flag, text, balloon-only", () => {
  assertEquals(
    bytes((w) => writeChatGeneral(w, { characterId: 30071, gm: true, message: "hi", balloonOnly: false })),
    "77750000" + "01" + "02006869" + "00",
  );
  assertEquals(
    bytes((w) => writeChatGeneral(w, { characterId: 1, gm: false, message: "", balloonOnly: true })),
    "01000000" + "00" + "0000" + "01",
  );
});

Deno.test("CharacterChatMulti: mode, sender name, text", () => {
  assertEquals(
    bytes((w) => writeChatMulti(w, { mode: 1, from: "Ann", message: "omw" })),
    "01" + "0300416e6e" + "03006f6d77",
  );
});

Deno.test("CharacterChatWhisper: send result and receipt", () => {
  assertEquals(bytes((w) => writeWhisperSendResult(w, "Rowan", true)), "0a" + "0500526f77616e" + "01");
  assertEquals(bytes((w) => writeWhisperSendResult(w, "Rowan", false)), "0a" + "0500526f77616e" + "00");
  assertEquals(
    bytes((w) => writeWhisperReceipt(w, { from: "Ann", channelId: 1, gm: false, message: "psst" })),
    "12" + "0300416e6e" + "01" + "00" + "040070737374",
  );
});

Deno.test("CharacterChatWhisper: find results (map form carries x/y only for the /find mode)", () => {
  const inMap = { kind: "MAP", name: "Ann", mapId: 100000000, x: -5, y: 10 } as const;
  assertEquals(
    bytes((w) => writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, inMap)),
    "09" + "0300416e6e" + "01" + "00e1f505" + "fbffffff" + "0a000000",
  );
  assertEquals(
    bytes((w) => writeWhisperFindResult(w, WHISPER_MODES.BUDDY_WINDOW_FIND_RESULT, inMap)),
    "48" + "0300416e6e" + "01" + "00e1f505",
  );
  assertEquals(
    bytes((w) => writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, { kind: "NOT_FOUND", name: "Ann" })),
    "09" + "0300416e6e" + "00" + "00000000",
  );
  assertEquals(
    bytes((w) => writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, { kind: "CASH_SHOP", name: "Ann" })),
    "09" + "0300416e6e" + "02" + "ffffffff",
  );
  assertEquals(
    bytes((w) =>
      writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, {
        kind: "OTHER_CHANNEL",
        name: "Ann",
        channelId: 2,
      })
    ),
    "09" + "0300416e6e" + "03" + "02000000",
  );
});

Deno.test("CharacterChatWhisper: error and weather forms", () => {
  assertEquals(bytes((w) => writeWhisperError(w, "Ann", true)), "22" + "0300416e6e" + "00");
  assertEquals(bytes((w) => writeWhisperError(w, "Ann", false)), "22" + "0300416e6e" + "01");
  assertEquals(bytes((w) => writeWhisperWeather(w, "Ann", "hi")), "92" + "0300416e6e" + "01" + "02006869");
});

Deno.test("PetChat: owner, slot (signed), type, action, text, balloon", () => {
  assertEquals(
    bytes((w) =>
      writePetChat(w, { ownerId: 30071, petSlot: -1, type: 1, action: 3, message: "*yip*", balloon: false })
    ),
    "77750000" + "ff" + "01" + "03" + "05002a7969702a" + "00",
  );
});

Deno.test("MessengerOperation CHAT: the configured code, then the text; no code → typed error", () => {
  assertEquals(
    bytes((w) => writeMessengerChat(w, GMS83_WRITER_OPTIONS.MessengerOperation, "gg")),
    "06" + "02006767",
  );
  assertThrows(() => bytes((w) => writeMessengerChat(w, {}, "gg")), MissingWriterOptionError);
});
