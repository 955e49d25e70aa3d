/**
 * `MessengerOperation` forms other than `CHAT` (which the chat domain writes), as Atlas's
 * `libs/atlas-packet/messenger` pins them (d59a1ad2df); the operation byte is the writer's `operations`
 * code. The avatar look is the character domain's `AvatarLook` encoding for the client version.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { type AvatarLook, writeAvatarLook } from "../character/look.ts";
import type { ClientVersion } from "../character/version.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer name, as the reference registers it (also used by chat for the `CHAT` form). */
export const MESSENGER_OPERATION = "MessengerOperation";

function operation(options: WriterOptions, key: string): number {
  return requireOptionCode(MESSENGER_OPERATION, options, "operations", key);
}

/** A member as the messenger window shows it. */
export interface MessengerSeat {
  readonly slot: number;
  readonly look: AvatarLook;
  readonly name: string;
  readonly channelId: number;
}

/** `ADD`: the slot, the look, the name, the member's channel and a 0 byte. */
export function writeMessengerAdd(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  seat: MessengerSeat,
): void {
  w.byte(operation(options, "ADD")).byte(seat.slot);
  writeAvatarLook(w, version, seat.look);
  w.string(seat.name).byte(seat.channelId).byte(0);
}

/** `JOIN`: the joiner's own slot. */
export function writeMessengerJoin(w: PacketWriter, options: WriterOptions, slot: number): void {
  w.byte(operation(options, "JOIN")).byte(slot);
}

/** `REMOVE`: the slot that emptied. */
export function writeMessengerRemove(w: PacketWriter, options: WriterOptions, slot: number): void {
  w.byte(operation(options, "REMOVE")).byte(slot);
}

/** `REQUEST_INVITE`: the inviter's name, 0, the messenger id, 0. */
export function writeMessengerInvite(
  w: PacketWriter,
  options: WriterOptions,
  fromName: string,
  messengerId: number,
): void {
  w.byte(operation(options, "REQUEST_INVITE")).string(fromName).byte(0).uint32(messengerId).byte(0);
}

/** `INVITE_SENT`: the invitee's name and whether the invitation went out. */
export function writeMessengerInviteSent(
  w: PacketWriter,
  options: WriterOptions,
  name: string,
  sent: boolean,
) {
  w.byte(operation(options, "INVITE_SENT")).string(name).bool(sent);
}

/** `INVITE_DECLINED`: who declined, and the decline mode (0: declined by hand). */
export function writeMessengerInviteDeclined(
  w: PacketWriter,
  options: WriterOptions,
  name: string,
  mode = 0,
): void {
  w.byte(operation(options, "INVITE_DECLINED")).string(name).byte(mode);
}

/** `UPDATE`: a member's slot and new look. */
export function writeMessengerUpdate(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  slot: number,
  look: AvatarLook,
): void {
  w.byte(operation(options, "UPDATE")).byte(slot);
  writeAvatarLook(w, version, look);
}
