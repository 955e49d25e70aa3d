/**
 * Guild packet writers, laid out as the client reads them (libs/atlas-packet guild, d59a1ad2df):
 *
 * - `GuildOperation` (`CWvsContext::OnGuildResult`): a mode byte, then the arm's fields. Every mode is
 *   the writer's `operations` code (the v95 client numbers them differently) except the guild data
 *   (`GUILDDATA`), whose mode is the client's fixed `0x1A` in every version.
 * - `GuildNameChanged` / `GuildEmblemChanged` (`CUserRemote::OnGuildNameChanged` / `OnGuildMarkChanged`):
 *   the name or emblem shown under another character in the map.
 *
 * The layouts are the same in every version we serve, except the invitation, which the GMS ≥ 84 and
 * JMS clients read with two trailing ints.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { Tenant } from "../../tenant.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer names, as the reference registers them. */
export const GUILD_OPERATION = "GuildOperation";
/** See {@link GUILD_OPERATION}. */
export const GUILD_NAME_CHANGED = "GuildNameChanged";
/** See {@link GUILD_OPERATION}. */
export const GUILD_EMBLEM_CHANGED = "GuildEmblemChanged";

/** The mode of the guild data form: fixed in the client (`GUILDDATA::Decode`), not configured. */
const GUILD_INFO_MODE = 0x1a;

/** A guild emblem. */
export interface GuildEmblem {
  readonly logo: number;
  readonly logoColor: number;
  readonly logoBackground: number;
  readonly logoBackgroundColor: number;
}

/** A member as the client's `GUILDMEMBER` shows it. */
export interface GuildMemberView {
  readonly characterId: number;
  readonly name: string;
  readonly jobId: number;
  readonly level: number;
  readonly title: number;
  readonly online: boolean;
  readonly allianceTitle: number;
}

/** Everything the guild data form shows. */
export interface GuildInfoView extends GuildEmblem {
  readonly id: number;
  readonly name: string;
  /** Rank titles with their index (1 = master … 5); a missing index is shown empty. */
  readonly titles: readonly { readonly name: string; readonly index: number }[];
  readonly members: readonly GuildMemberView[];
  readonly capacity: number;
  readonly notice: string;
  readonly points: number;
}

/** The notices that name a character after the mode (the client reads a string there). */
const NAMED_NOTICES: ReadonlySet<string> = new Set([
  "IS_CURRENTLY_NOT_ACCEPTING_GUILD_INVITE_MESSAGE",
  "IS_TAKING_CARE_OF_ANOTHER_INVITATION",
  "HAS_DENIED_YOUR_GUILD_INVITATION",
]);

const mode = (w: PacketWriter, options: WriterOptions, key: string) =>
  w.byte(requireOptionCode(GUILD_OPERATION, options, "operations", key));

/**
 * Writes a form that carries no data after its mode: `REQUEST_NAME`, `REQUEST_EMBLEM` and the error
 * notices. The three notices the client reads a name for get `name` (empty by default), so the client
 * never reads past the packet.
 */
export function writeGuildNotice(w: PacketWriter, options: WriterOptions, key: string, name = ""): void {
  mode(w, options, key);
  if (NAMED_NOTICES.has(key)) w.string(name);
}

/** `GUILDMEMBER`: the name in 13 bytes, then job, level, title, online, signature, alliance title as ints. */
function writeGuildMember(w: PacketWriter, m: GuildMemberView): void {
  w.fixedString(m.name, 13).uint32(m.jobId).uint32(m.level).uint32(m.title).uint32(m.online ? 1 : 0)
    .uint32(0).uint32(m.allianceTitle);
}

function writeEmblem(w: PacketWriter, e: GuildEmblem): void {
  w.uint16(e.logoBackground).byte(e.logoBackgroundColor).uint16(e.logo).byte(e.logoColor);
}

/** The guild data form (`0x1A`): the guild, or "no guild" when `guild` is undefined. */
export function writeGuildInfo(w: PacketWriter, guild: GuildInfoView | undefined): void {
  w.byte(GUILD_INFO_MODE).bool(guild !== undefined);
  if (!guild) return;
  w.uint32(guild.id).string(guild.name);
  for (let index = 1; index <= 5; index++) {
    w.string(guild.titles.find((t) => t.index === index)?.name ?? "");
  }
  const members = guild.members.slice(0, 0xff);
  w.byte(members.length);
  for (const m of members) w.uint32(m.characterId);
  for (const m of members) writeGuildMember(w, m);
  w.uint32(guild.capacity);
  writeEmblem(w, guild);
  w.string(guild.notice).uint32(guild.points).uint32(0); // alliance id: atlas-guilds has no alliances
}

/** `REQUEST_AGREEMENT`: the party leader proposes a guild to the party. */
export function writeGuildRequestAgreement(
  w: PacketWriter,
  options: WriterOptions,
  partyId: number,
  leaderName: string,
  guildName: string,
): void {
  mode(w, options, "REQUEST_AGREEMENT");
  w.uint32(partyId).string(leaderName).string(guildName);
}

/** `INVITE`: the guild and the inviter; GMS ≥ 84 and JMS clients read two more ints (both 0). */
export function writeGuildInvite(
  w: PacketWriter,
  options: WriterOptions,
  v: Pick<Tenant, "region" | "majorVersion">,
  guildId: number,
  inviterName: string,
): void {
  mode(w, options, "INVITE");
  w.uint32(guildId).string(inviterName);
  if ((v.region === "GMS" && v.majorVersion >= 84) || v.region === "JMS") w.uint32(0).uint32(0);
}

/** `EMBLEM_CHANGE`: the guild's new emblem. */
export function writeGuildEmblemChange(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  emblem: GuildEmblem,
): void {
  mode(w, options, "EMBLEM_CHANGE");
  w.uint32(guildId);
  writeEmblem(w, emblem);
}

/** `MEMBER_ONLINE`: a member came online or went offline. */
export function writeGuildMemberOnline(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  characterId: number,
  online: boolean,
): void {
  mode(w, options, "MEMBER_ONLINE");
  w.uint32(guildId).uint32(characterId).bool(online);
}

/** `MEMBER_TITLE_CHANGE`: a member's new rank. */
export function writeGuildMemberTitle(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  characterId: number,
  title: number,
): void {
  mode(w, options, "MEMBER_TITLE_CHANGE");
  w.uint32(guildId).uint32(characterId).byte(title);
}

/** `NOTICE_CHANGE`: the guild's new notice. */
export function writeGuildNoticeChange(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  notice: string,
): void {
  mode(w, options, "NOTICE_CHANGE");
  w.uint32(guildId).string(notice);
}

/** The capacity-increased notice; the client reads the capacity as one byte (at most 255). */
export function writeGuildCapacity(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  capacity: number,
): void {
  mode(w, options, "CONGRATULATION_THE_NUMBER_OF_GUILD_MEMBERS_HAS_NOW_INCREASED_TO");
  w.uint32(guildId).byte(Math.min(capacity, 0xff));
}

/** `TITLE_UPDATE`: the five rank titles (missing ones empty, extra ones dropped). */
export function writeGuildTitles(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  titles: readonly string[],
): void {
  mode(w, options, "TITLE_UPDATE");
  w.uint32(guildId);
  for (let i = 0; i < 5; i++) w.string(titles[i] ?? "");
}

/** `JOIN_SUCCESS`: a new member, shown to the others. */
export function writeGuildMemberJoined(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  member: GuildMemberView,
): void {
  mode(w, options, "JOIN_SUCCESS");
  w.uint32(guildId).uint32(member.characterId);
  writeGuildMember(w, member);
}

/** `MEMBER_QUIT_SUCCESS` or, when `expelled`, `MEMBER_EXPELLED_SUCCESS`: a member is gone. */
export function writeGuildMemberLeft(
  w: PacketWriter,
  options: WriterOptions,
  guildId: number,
  characterId: number,
  name: string,
  expelled: boolean,
): void {
  mode(w, options, expelled ? "MEMBER_EXPELLED_SUCCESS" : "MEMBER_QUIT_SUCCESS");
  w.uint32(guildId).uint32(characterId).string(name);
}

/** `DISBAND_SUCCESS`: the guild is gone. */
export function writeGuildDisband(w: PacketWriter, options: WriterOptions, guildId: number): void {
  mode(w, options, "DISBAND_SUCCESS");
  w.uint32(guildId);
}

/** `GuildNameChanged`: the guild name under `characterId` (empty: no guild). */
export function writeForeignGuildName(w: PacketWriter, characterId: number, name: string): void {
  w.uint32(characterId).string(name);
}

/** `GuildEmblemChanged`: the emblem under `characterId` (all zero: none). */
export function writeForeignGuildEmblem(w: PacketWriter, characterId: number, emblem: GuildEmblem): void {
  w.uint32(characterId);
  writeEmblem(w, emblem);
}
