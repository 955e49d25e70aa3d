/**
 * `GuildOperationHandle` and `GuildInviteRejectHandle` → `COMMAND_TOPIC_GUILD` / `COMMAND_TOPIC_INVITE`
 * (kafka-produced.md §4.11, §4.31); the operation byte is named by the handler's `operations` codes and
 * the layouts are the client's (libs/atlas-packet guild/serverbound, d59a1ad2df; the same in every
 * version we serve). The acting character always comes from the session, and its guild from
 * atlas-guilds. The reference closed the session on every rule broken below; we log and produce nothing:
 *
 * - `REQUEST_CREATE` (name) → `REQUEST_CREATE` with the session's world, channel and map.
 * - `AGREEMENT_RESPONSE` (an int the client copies, agreed) → `CREATION_AGREEMENT`.
 * - `SET_EMBLEM` (background, its color, logo, its color) → `CHANGE_EMBLEM`: the guild leader only.
 * - `SET_NOTICE` (≤ 100 bytes) → `CHANGE_NOTICE`: masters and jr. masters (titles 1–2) only.
 * - `WITHDRAW` (own id and name) → `LEAVE` (`force: false`), for the session's own character in a guild.
 * - `KICK` (member id and name) → `LEAVE` with `force: true` and the kicked member as the envelope
 *   character (as atlas-guilds reads it): masters and jr. masters only, of a member ranked below them.
 * - `INVITE` (name) → `REQUEST_INVITE`: masters and jr. masters only; an unknown name is answered with
 *   the client's "cannot find the character" notice.
 * - `JOIN` (guild id, own id) → invite `ACCEPT` (`GUILD`).
 * - `SET_TITLE_NAMES` (five titles) → `CHANGE_TITLES`: the leader only.
 * - `SET_MEMBER_TITLE` (member, title 2–5) → `CHANGE_MEMBER_TITLE`: a leadership title above the new one.
 * - `GuildInviteRejectHandle` (a byte, the inviter's name) → invite `REJECT` (`GUILD`).
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionName } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { characterNamed } from "../invite/counterparts.ts";
import { publishInviteAnswer, rejectInviteFrom } from "../party/handlers.ts";
import { GUILD_OPERATION, writeGuildNotice } from "./writers.ts";
import { type GuildCommand, guildCommandContract } from "./messages.ts";
import { findGuildByMember, type Guild } from "./rest.ts";

const log = getLogger("guild");

/** Handler names, as the reference registers them. */
export const GUILD_HANDLERS = {
  operation: "GuildOperationHandle",
  inviteReject: "GuildInviteRejectHandle",
} as const;

/** Titles 1 (master) and 2 (jr. master) lead a guild. */
const LEADERSHIP_TITLE = 2;

/** A decoded guild operation packet. */
export type GuildRequest =
  | { readonly kind: "REQUEST_CREATE"; readonly name: string }
  | { readonly kind: "AGREEMENT_RESPONSE"; readonly agreed: boolean }
  | {
    readonly kind: "SET_EMBLEM";
    readonly logoBackground: number;
    readonly logoBackgroundColor: number;
    readonly logo: number;
    readonly logoColor: number;
  }
  | { readonly kind: "SET_NOTICE"; readonly notice: string }
  | { readonly kind: "WITHDRAW" | "KICK"; readonly characterId: number; readonly name: string }
  | { readonly kind: "INVITE"; readonly name: string }
  | { readonly kind: "JOIN"; readonly guildId: number; readonly characterId: number }
  | { readonly kind: "SET_TITLE_NAMES"; readonly titles: string[] }
  | { readonly kind: "SET_MEMBER_TITLE"; readonly targetId: number; readonly title: number }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a guild operation packet (a short one throws `PacketReadError`). */
export function readGuildOperation(reader: PacketReader, options: HandlerOptions): GuildRequest {
  const op = reader.byte();
  const kind = optionName(options, "operations", op);
  switch (kind) {
    case "REQUEST_CREATE":
      return { kind, name: reader.string() };
    case "AGREEMENT_RESPONSE":
      reader.uint32();
      return { kind, agreed: reader.bool() };
    case "SET_EMBLEM": {
      const logoBackground = reader.uint16();
      const logoBackgroundColor = reader.byte();
      const logo = reader.uint16();
      const logoColor = reader.byte();
      return { kind, logoBackground, logoBackgroundColor, logo, logoColor };
    }
    case "SET_NOTICE":
      return { kind, notice: reader.string() };
    case "WITHDRAW":
    case "KICK": {
      const characterId = reader.uint32();
      return { kind, characterId, name: reader.string() };
    }
    case "INVITE":
      return { kind, name: reader.string() };
    case "JOIN": {
      const guildId = reader.uint32();
      return { kind, guildId, characterId: reader.uint32() };
    }
    case "SET_TITLE_NAMES":
      return { kind, titles: Array.from({ length: 5 }, () => reader.string()) };
    case "SET_MEMBER_TITLE": {
      const targetId = reader.uint32();
      return { kind, targetId, title: reader.byte() };
    }
    default:
      return { kind: "UNKNOWN", op };
  }
}

async function guildOf(
  ctx: FeatureContext,
  session: Session,
  characterId: number,
): Promise<Guild | undefined> {
  if (!ctx.rest) return undefined;
  try {
    return await findGuildByMember(ctx.rest, session.tenant, characterId);
  } catch (err) {
    log.warn("guild lookup failed", { characterId, error: String(err) });
    return undefined;
  }
}

const titleOf = (guild: Guild, characterId: number) =>
  guild.members.find((m) => m.characterId === characterId)?.title;

/** Handles one guild operation packet of a logged-in session. */
export async function handleGuildOperation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readGuildOperation(reader, options);
  const actorId = session.characterId;
  if (actorId === undefined) return;
  const fields = { characterId: actorId, sessionId: session.id, operation: request.kind };
  const refused = (why: string) => log.warn(`guild operation refused: ${why}`, fields);
  const publish = (command: Omit<GuildCommand, "transactionId">) =>
    ctx.bus.publish(
      guildCommandContract,
      { transactionId: crypto.randomUUID(), ...command } as GuildCommand,
      { tenant: session.tenant, key: command.characterId },
    );
  switch (request.kind) {
    case "UNKNOWN":
      log.warn("unhandled guild operation", { ...fields, op: request.op });
      return;
    case "REQUEST_CREATE": {
      const mapId = ctx.presence.mapOf(session);
      if (mapId === undefined) return refused("not in a field");
      await publish({
        characterId: actorId,
        type: "REQUEST_CREATE",
        body: { worldId: session.worldId, channelId: session.channelId, mapId, name: request.name },
      });
      return;
    }
    case "AGREEMENT_RESPONSE":
      await publish({ characterId: actorId, type: "CREATION_AGREEMENT", body: { agreed: request.agreed } });
      return;
    case "JOIN":
      if (request.characterId !== actorId) return refused("join for another character");
      await publishInviteAnswer(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId: session.worldId,
        inviteType: "GUILD",
        type: "ACCEPT",
        body: { targetId: actorId, referenceId: request.guildId },
      });
      return;
  }
  if (request.kind === "SET_NOTICE" && new TextEncoder().encode(request.notice).length > 100) {
    return refused("notice longer than 100 bytes");
  }
  if (request.kind === "SET_MEMBER_TITLE" && (request.title < 2 || request.title > 5)) {
    return refused("member title outside 2–5");
  }
  if (request.kind === "WITHDRAW" && request.characterId !== actorId) return refused("withdraw of another");
  const guild = await guildOf(ctx, session, actorId);
  if (!guild) return refused("not in a guild");
  const actorTitle = titleOf(guild, actorId) ?? 99;
  const leader = guild.leaderId === actorId;
  const leadership = actorTitle <= LEADERSHIP_TITLE;
  const guildId = guild.id;
  switch (request.kind) {
    case "SET_EMBLEM": {
      if (!leader) return refused("not the leader");
      const { logo, logoColor, logoBackground, logoBackgroundColor } = request;
      await publish({
        characterId: actorId,
        type: "CHANGE_EMBLEM",
        body: { guildId, logo, logoColor, logoBackground, logoBackgroundColor },
      });
      return;
    }
    case "SET_NOTICE":
      if (!leadership) return refused("not leadership");
      await publish({
        characterId: actorId,
        type: "CHANGE_NOTICE",
        body: { guildId, notice: request.notice },
      });
      return;
    case "WITHDRAW":
      await publish({ characterId: actorId, type: "LEAVE", body: { guildId, force: false } });
      return;
    case "KICK": {
      const targetTitle = titleOf(guild, request.characterId);
      if (!leadership || targetTitle === undefined || targetTitle <= actorTitle) {
        return refused("kick without leadership or of a member not below");
      }
      await publish({ characterId: request.characterId, type: "LEAVE", body: { guildId, force: true } });
      return;
    }
    case "INVITE": {
      if (!leadership) return refused("not leadership");
      const target = await characterNamed(ctx, session.tenant, request.name);
      if (!target || target.worldId !== session.worldId) {
        ctx.send(
          session,
          GUILD_OPERATION,
          (w, o) => writeGuildNotice(w, o, "THE_CHARACTER_CANNOT_BE_FOUND_IN_THE_CURRENT_CHANNEL"),
        );
        return;
      }
      await publish({ characterId: actorId, type: "REQUEST_INVITE", body: { guildId, targetId: target.id } });
      return;
    }
    case "SET_TITLE_NAMES":
      if (!leader) return refused("not the leader");
      await publish({
        characterId: actorId,
        type: "CHANGE_TITLES",
        body: { guildId, titles: request.titles },
      });
      return;
    case "SET_MEMBER_TITLE": {
      if (!leadership || request.title <= actorTitle || titleOf(guild, request.targetId) === undefined) {
        return refused("title change beyond the actor's rank or of a non-member");
      }
      await publish({
        characterId: actorId,
        type: "CHANGE_MEMBER_TITLE",
        body: { guildId, targetId: request.targetId, title: request.title },
      });
      return;
    }
  }
}

/** `GuildInviteRejectHandle`: a byte the client always sends, then the inviter's name. */
export async function handleGuildInviteReject(ctx: FeatureContext, session: Session, reader: PacketReader) {
  await rejectInviteFrom(ctx, session, reader, "GUILD");
}
