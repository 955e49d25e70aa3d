/**
 * `PartyOperation` (the client's `CWvsContext::OnPartyResult`) and `PartyMemberHP`. Layouts follow
 * the client as Atlas's `libs/atlas-packet/party` pins them (d59a1ad2df); operation bytes come from
 * the writer's configured `operations` codes (the v95 client numbers them differently). PARTYDATA, the
 * member table of join/leave/expel/update, is six slots of ids, 13-byte names, jobs, levels, channels
 * (−2 offline), the leader, maps (0 when not on the viewer's channel) and town portals; GMS v95 adds a
 * skill id to each portal and the PQ reward arrays (JMS keeps the v83 shape).
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { ClientVersion } from "../character/version.ts";
import { requireOptionCode } from "../outbound.ts";

/** Writer names, as the reference registers them. */
export const PARTY_OPERATION = "PartyOperation";
/** See {@link PARTY_OPERATION}. */
export const PARTY_MEMBER_HP = "PartyMemberHP";

/** The map id the client reads as "no map" (atlas-constants `EmptyMapId`). */
export const EMPTY_MAP_ID = 999_999_999;

/** A party as the client shows it. */
export interface PartyView {
  readonly id: number;
  readonly leaderId: number;
  readonly members: readonly PartyMemberView[];
}

/** One member as the client shows it. */
export interface PartyMemberView {
  readonly characterId: number;
  readonly name: string;
  readonly jobId: number;
  readonly level: number;
  /** −2 when offline. */
  readonly channelId: number;
  /** 0 when the member is not on the viewer's channel. */
  readonly mapId: number;
}

function operation(options: WriterOptions, key: string): number {
  return requireOptionCode(PARTY_OPERATION, options, "operations", key);
}

const isV95 = (v: ClientVersion) => v.region === "GMS" && v.majorVersion >= 95;

/** PARTYDATA: the member table, padded to six slots. */
export function writePartyData(w: PacketWriter, version: ClientVersion, party: PartyView): void {
  const members = party.members.slice(0, 6);
  const pad = 6 - members.length;
  const ints = (values: number[]) => {
    for (const v of values) w.int32(v);
    for (let i = 0; i < pad; i++) w.int32(0);
  };
  ints(members.map((m) => m.characterId));
  for (const m of members) w.fixedString(m.name, 13);
  for (let i = 0; i < pad; i++) w.zeros(13);
  ints(members.map((m) => m.jobId));
  ints(members.map((m) => m.level));
  ints(members.map((m) => m.channelId));
  w.uint32(party.leaderId);
  ints(members.map((m) => m.mapId));
  for (let i = 0; i < 6; i++) {
    w.uint32(EMPTY_MAP_ID).uint32(EMPTY_MAP_ID);
    if (isV95(version)) w.uint32(0); // the door's skill id
    w.int32(0).int32(0);
  }
  if (isV95(version)) w.zeros(4 * (6 + 6 + 1 + 1)); // PQ rewards, reward types, mob template, flag
}

/** `CREATED`: the new party's id and the leader's (absent) door. */
export function writePartyCreated(w: PacketWriter, options: WriterOptions, partyId: number): void {
  w.byte(operation(options, "CREATED")).uint32(partyId).uint32(EMPTY_MAP_ID).uint32(EMPTY_MAP_ID).int16(0)
    .int16(0);
}

/** `JOIN`: party id, the joiner's name, PARTYDATA. */
export function writePartyJoin(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  party: PartyView,
  joinerName: string,
): void {
  w.byte(operation(options, "JOIN")).uint32(party.id).string(joinerName);
  writePartyData(w, version, party);
}

/** `LEAVE` / `EXPEL`: party id, the member, 1, forced flag, the member's name, PARTYDATA. */
export function writePartyLeft(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  party: PartyView,
  member: { readonly id: number; readonly name: string },
  expelled: boolean,
): void {
  w.byte(operation(options, expelled ? "EXPEL" : "LEAVE")).uint32(party.id).uint32(member.id).byte(1).bool(
    expelled,
  ).string(member.name);
  writePartyData(w, version, party);
}

/** `DISBAND`: party id, the leader who disbanded, 0, the party id again. */
export function writePartyDisband(w: PacketWriter, options: WriterOptions, partyId: number, actorId: number) {
  w.byte(operation(options, "DISBAND")).uint32(partyId).uint32(actorId).byte(0).uint32(partyId);
}

/** `UPDATE`: party id, PARTYDATA. */
export function writePartyUpdate(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  party: PartyView,
): void {
  w.byte(operation(options, "UPDATE")).uint32(party.id);
  writePartyData(w, version, party);
}

/** `CHANGE_LEADER`: the new leader, whether the old one disconnected. */
export function writePartyChangeLeader(
  w: PacketWriter,
  options: WriterOptions,
  leaderId: number,
  disconnected: boolean,
): void {
  w.byte(operation(options, "CHANGE_LEADER")).uint32(leaderId).bool(disconnected);
}

/** Who invites into a party. */
export interface PartyInvite {
  readonly partyId: number;
  readonly originatorName: string;
  readonly originatorJobId: number;
  readonly originatorLevel: number;
}

/** `INVITE`: party id, the inviter's name, its job and level (GMS v87+ and JMS), the auto-join flag 0. */
export function writePartyInvite(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  invite: PartyInvite,
): void {
  w.byte(operation(options, "INVITE")).uint32(invite.partyId).string(invite.originatorName);
  if (version.region !== "GMS" || version.majorVersion >= 87) {
    w.uint32(invite.originatorJobId).uint32(invite.originatorLevel);
  }
  w.byte(0);
}

/** The error forms whose notice names a character (the client reads a name after the code). */
const NAMED_ERRORS: ReadonlySet<string> = new Set([
  "IS_CURRENTLY_BLOCKING_ANY_PARTY_INVITATIONS",
  "IS_TAKING_CARE_OF_ANOTHER_INVITATION",
  "HAVE_DENIED_REQUEST_TO_THE_PARTY",
]);

/**
 * An error/notice form: the code configured for `code` (an atlas-parties error name), then the
 * character's name for the three forms that show one. The reference wrote a name after every code,
 * which the client does not read.
 */
export function writePartyError(w: PacketWriter, options: WriterOptions, code: string, name: string): void {
  w.byte(operation(options, code));
  if (NAMED_ERRORS.has(code)) w.string(name);
}

/** `PartyMemberHP`: the member, its HP and maximum HP (both i32). */
export function writePartyMemberHp(
  w: PacketWriter,
  member: { readonly characterId: number; readonly hp: number; readonly maxHp: number },
): void {
  w.uint32(member.characterId).int32(member.hp).int32(member.maxHp);
}
