/**
 * `BuddyOperation` (the client's `CWvsContext::OnFriendResult`). Layouts follow the client as Atlas's
 * `libs/atlas-packet/buddy` pins them (d59a1ad2df): the operation byte comes from the writer's
 * configured `operations` codes, then the form's fields. A buddy entry is the client's 39-byte
 * `GW_Friend` record (id, 13-byte name, flag, channel, 17-byte group) in every version we serve.
 * Version differences: the invite carries the inviter's job and level in GMS v87+ and JMS; the
 * `UNKNOWN_ERROR*` forms carry one extra byte in GMS only.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { ClientVersion } from "../character/version.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer name, as the reference registers it. */
export const BUDDY_OPERATION = "BuddyOperation";

/** One buddy as the client lists it. */
export interface BuddyLine {
  readonly characterId: number;
  readonly name: string;
  readonly group: string;
  /** The buddy's channel as atlas-buddies reports it; −1 when offline. */
  readonly channelId: number;
  readonly inShop: boolean;
}

function operation(options: WriterOptions, key: string): number {
  return requireOptionCode(BUDDY_OPERATION, options, "operations", key);
}

/** The `GW_Friend` record: id, name (13 bytes), flag 0, channel (i32), group (17 bytes). */
function writeFriend(w: PacketWriter, b: Omit<BuddyLine, "inShop">): void {
  w.uint32(b.characterId).fixedString(b.name, 13).byte(0).int32(b.channelId).fixedString(b.group, 17);
}

/** `UPDATE`: the whole list (count, the records, then one i32 in-shop flag per buddy). */
export function writeBuddyList(w: PacketWriter, options: WriterOptions, buddies: readonly BuddyLine[]): void {
  const listed = buddies.slice(0, 255);
  w.byte(operation(options, "UPDATE")).byte(listed.length);
  for (const b of listed) writeFriend(w, b);
  for (const b of listed) w.uint32(b.inShop ? 1 : 0);
}

/** `BUDDY_UPDATE`: one buddy's record changed (id, record, in-shop byte). */
export function writeBuddyUpdate(w: PacketWriter, options: WriterOptions, buddy: BuddyLine): void {
  w.byte(operation(options, "BUDDY_UPDATE")).uint32(buddy.characterId);
  writeFriend(w, buddy);
  w.bool(buddy.inShop);
}

/** Who asks to become a buddy. */
export interface BuddyInvite {
  /** The invited character (the one that sees the request). */
  readonly targetId: number;
  readonly originatorId: number;
  readonly originatorName: string;
  readonly originatorJobId: number;
  readonly originatorLevel: number;
}

/**
 * `INVITE`: the inviter's id and name, its job and level (GMS v87+ and JMS only), then a `GW_Friend`
 * record the client keeps as the pending entry (the invited id with the inviter's name in
 * "Default Group", channel 0) and an in-shop byte.
 */
export function writeBuddyInvite(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  invite: BuddyInvite,
): void {
  w.byte(operation(options, "INVITE")).uint32(invite.originatorId).string(invite.originatorName);
  if (version.region !== "GMS" || version.majorVersion >= 87) {
    w.uint32(invite.originatorJobId).uint32(invite.originatorLevel);
  }
  writeFriend(w, {
    characterId: invite.targetId,
    name: invite.originatorName,
    group: "Default Group",
    channelId: 0,
  });
  w.byte(0);
}

/** `BUDDY_CHANNEL_CHANGE`: buddy id, in-shop byte 0, channel (i32; −1 offline). */
export function writeBuddyChannelChange(
  w: PacketWriter,
  options: WriterOptions,
  characterId: number,
  channelId: number,
): void {
  w.byte(operation(options, "BUDDY_CHANNEL_CHANGE")).uint32(characterId).byte(0).int32(channelId);
}

/** `CAPACITY_CHANGE`: the new capacity. */
export function writeBuddyCapacity(w: PacketWriter, options: WriterOptions, capacity: number): void {
  w.byte(operation(options, "CAPACITY_CHANGE")).byte(capacity);
}

/** Error forms the client shows with a notice; the `UNKNOWN_ERROR*` family reads one more byte in GMS. */
export const BUDDY_ERRORS = [
  "BUDDY_LIST_FULL",
  "OTHER_BUDDY_LIST_FULL",
  "ALREADY_BUDDY",
  "CANNOT_BUDDY_GM",
  "CHARACTER_NOT_FOUND",
  "UNKNOWN_ERROR",
  "UNKNOWN_ERROR_2",
  "UNKNOWN_ERROR_3",
  "UNKNOWN_ERROR_4",
] as const;
/** See {@link BUDDY_ERRORS}. */
export type BuddyError = typeof BUDDY_ERRORS[number];

/** Maps an atlas-buddies error code to a client form; unknown codes (e.g. `INVALID_CAPACITY`) → `UNKNOWN_ERROR`. */
export function buddyErrorOf(code: string): BuddyError {
  return (BUDDY_ERRORS as readonly string[]).includes(code) ? code as BuddyError : "UNKNOWN_ERROR";
}

/** An error form: the operation byte, then (GMS, unknown-error family) a 0 byte for "no name". */
export function writeBuddyError(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  error: BuddyError,
): void {
  w.byte(operation(options, error));
  if (error.startsWith("UNKNOWN_ERROR") && version.region === "GMS") w.byte(0);
}
