/**
 * The `WorldMessage` packet (the client's broadcast-message bar: notices, pop-ups, pink and blue
 * text). Layout per the reference's `socket/writer/world_message.go`: mode byte (from the writer's
 * `operations` option), then the text; BLUE_TEXT then the item id the client reads (the reference left it
 * out). No version branch for these forms.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import { requireOptionCode } from "../outbound.ts";
import type { PacketWriter } from "../../protocol/writer.ts";

/** Writer name, as configured in the tenant templates. */
export const WORLD_MESSAGE = "WorldMessage";

/** The forms of `WorldMessage` this server sends (option keys of `operations`). */
export const WORLD_MESSAGE_MODES = ["NOTICE", "POP_UP", "TOP_SCROLL", "PINK_TEXT", "BLUE_TEXT"] as const;
/** See {@link WORLD_MESSAGE_MODES}. */
export type WorldMessageMode = typeof WORLD_MESSAGE_MODES[number];

/** One broadcast-bar message. */
export interface WorldMessage {
  readonly mode: WorldMessageMode;
  /** The text as the client shows it (see {@link speakerText} for "name : text" forms). */
  readonly text: string;
  /** BLUE_TEXT only: the item the message is about (0 for none). */
  readonly itemId?: number;
}

/**
 * "`<medal> name : text`" as the reference decorates speaker-attributed forms (pink/blue text,
 * megaphones): the medal only when non-empty, the name part only when there is a name.
 */
export function speakerText(medal: string, name: string, text: string): string {
  const who = medal.length === 0 ? name : `<${medal}> ${name}`;
  return who.length === 0 ? text : `${who} : ${text}`;
}

/** Writes a `WorldMessage` body (after the opcode). */
export function writeWorldMessage(w: PacketWriter, options: WriterOptions, message: WorldMessage): void {
  w.byte(requireOptionCode(WORLD_MESSAGE, options, "operations", message.mode));
  // The top scroll carries a "has text" flag so that an empty text clears the bar.
  if (message.mode === "TOP_SCROLL") w.bool(message.text.length > 0);
  w.string(message.text);
  // The client reads an item id after a blue text (libs/atlas-packet chat/clientbound/world_message.go).
  if (message.mode === "BLUE_TEXT") w.uint32(message.itemId ?? 0);
}
