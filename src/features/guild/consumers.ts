/**
 * atlas-guilds' status events (`EVENT_TOPIC_GUILD_STATUS`, kafka-consumed.md §2.24) → guild packets.
 * Every event is for the event's world; "the members here" are the guild's members (atlas-guilds'
 * current list, read once per event) that play on a channel of this process, each reached through its
 * own session: members elsewhere are skipped one by one (the reference sent nothing at all when one
 * online member played on another channel). "The member's map" is everyone in that member's map on its
 * channel, the member included, as in the reference.
 *
 * - `CREATED` → the guild's name and emblem under each member here to its map, then the guild data to
 *   each member here.
 * - `DISBANDED` → for each former member here (the event lists them; the reference looked the deleted
 *   guild up and so sent nothing): no guild under it to its map, "disbanded", then empty guild data.
 * - `REQUEST_AGREEMENT` → "agree to found a guild?" to the leader's other party members in the leader's
 *   map on its channel; without a party, the founding error to the leader.
 * - `EMBLEM_UPDATED` → the new emblem to the members here, then under each of them to its map (the
 *   emblem alone).
 * - `MEMBER_STATUS_UPDATED` / `MEMBER_TITLE_UPDATED` → the guild data to that member, the change to the
 *   other members here.
 * - `NOTICE_UPDATED`, `CAPACITY_UPDATED`, `TITLES_UPDATED` → the change to the members here.
 * - `MEMBER_JOINED` → "joined" to the other members here, the guild data to the joiner, its guild under
 *   it to its map.
 * - `MEMBER_LEFT` → "left" or "expelled" (with its name) to the remaining members here, empty guild data
 *   to the leaver, no guild under it to its map.
 * - `ERROR` → the error notice to the actor.
 *
 * Each session's guild badge (what CharacterSpawn shows) follows these events.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { Session } from "../../net/session.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { counterpart } from "../invite/counterparts.ts";
import { findPartyByMember } from "../party/rest.ts";
import { characterSession, sessionsInMapOf } from "../routing.ts";
import type { GuildStatusEvent } from "./messages.ts";
import { getGuild, type Guild } from "./rest.ts";
import { badgeOf, type GuildBadge, guildBadgeKey, NO_EMBLEM } from "./state.ts";
import {
  GUILD_EMBLEM_CHANGED,
  GUILD_NAME_CHANGED,
  GUILD_OPERATION,
  type GuildEmblem,
  writeForeignGuildEmblem,
  writeForeignGuildName,
  writeGuildCapacity,
  writeGuildDisband,
  writeGuildEmblemChange,
  writeGuildInfo,
  writeGuildMemberJoined,
  writeGuildMemberLeft,
  writeGuildMemberOnline,
  writeGuildMemberTitle,
  writeGuildNotice,
  writeGuildNoticeChange,
  writeGuildRequestAgreement,
  writeGuildTitles,
} from "./writers.ts";

const log = getLogger("guild");

/** What the guild consumers use. */
export type GuildContext = Pick<FeatureContext, "presence" | "rest" | "send" | "broadcast">;

async function readGuild(ctx: GuildContext, tenant: Tenant, guildId: number): Promise<Guild | undefined> {
  if (!ctx.rest) return undefined;
  try {
    return await getGuild(ctx.rest, tenant, guildId);
  } catch (err) {
    log.warn("guild lookup failed; event dropped", { guildId, error: String(err) });
    return undefined;
  }
}

/** The sessions here of `ids` in `worldId`, each once. */
function sessionsOf(ctx: GuildContext, tenant: Tenant, worldId: number, ids: Iterable<number>): Session[] {
  const found: Session[] = [];
  for (const id of new Set(ids)) {
    const session = characterSession(ctx, tenant, id, { worldId });
    if (session) found.push(session);
  }
  return found;
}

const memberIds = (guild: Guild) => guild.members.map((m) => m.characterId);

/** Sends the guild data (or "no guild") to `session`. */
export function sendGuildInfo(ctx: Pick<GuildContext, "send">, session: Session, guild: Guild | undefined) {
  ctx.send(session, GUILD_OPERATION, (w) => writeGuildInfo(w, guild));
}

/**
 * Remembers `badge` (or no guild) as the session's and shows it under its character to everyone in its
 * map: the name unless `emblemOnly`, then the emblem.
 */
function showBadge(ctx: GuildContext, session: Session, badge: GuildBadge | undefined, emblemOnly = false) {
  session.set(guildBadgeKey, badge);
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const map = [...sessionsInMapOf(ctx, session)];
  const emblem: GuildEmblem = badge ?? NO_EMBLEM;
  if (!emblemOnly) {
    ctx.broadcast(map, GUILD_NAME_CHANGED, (w) => writeForeignGuildName(w, characterId, badge?.name ?? ""));
  }
  ctx.broadcast(map, GUILD_EMBLEM_CHANGED, (w) => writeForeignGuildEmblem(w, characterId, emblem));
}

/** Handles one guild status event. */
export async function onGuildStatus(
  ctx: GuildContext,
  { value: event, tenant }: Delivery<GuildStatusEvent>,
): Promise<void> {
  const { worldId, guildId } = event;
  const membersHere = (guild: Guild) => sessionsOf(ctx, tenant, worldId, memberIds(guild));
  switch (event.type) {
    case "CREATED": {
      const guild = await readGuild(ctx, tenant, guildId);
      if (!guild) return;
      const here = membersHere(guild);
      for (const s of here) showBadge(ctx, s, badgeOf(guild));
      for (const s of here) sendGuildInfo(ctx, s, guild);
      return;
    }
    case "DISBANDED": {
      const here = sessionsOf(ctx, tenant, worldId, event.body.members);
      for (const s of here) showBadge(ctx, s, undefined);
      for (const s of here) ctx.send(s, GUILD_OPERATION, (w, o) => writeGuildDisband(w, o, guildId));
      for (const s of here) sendGuildInfo(ctx, s, undefined);
      return;
    }
    case "REQUEST_AGREEMENT":
      await requestAgreement(ctx, tenant, worldId, event.body.actorId, event.body.proposedName);
      return;
    case "EMBLEM_UPDATED": {
      const guild = await readGuild(ctx, tenant, guildId);
      if (!guild) return;
      const emblem = event.body;
      const here = membersHere(guild);
      for (const s of here) {
        ctx.send(s, GUILD_OPERATION, (w, o) => writeGuildEmblemChange(w, o, guildId, emblem));
      }
      for (const s of here) showBadge(ctx, s, { ...badgeOf(guild), ...emblem }, true);
      return;
    }
    case "MEMBER_STATUS_UPDATED":
    case "MEMBER_TITLE_UPDATED": {
      const guild = await readGuild(ctx, tenant, guildId);
      if (!guild) return;
      const { characterId } = event.body;
      for (const s of membersHere(guild)) {
        if (s.characterId === characterId) sendGuildInfo(ctx, s, guild);
        else if (event.type === "MEMBER_STATUS_UPDATED") {
          const online = event.body.online;
          ctx.send(s, GUILD_OPERATION, (w, o) => writeGuildMemberOnline(w, o, guildId, characterId, online));
        } else {
          const title = event.body.title;
          ctx.send(s, GUILD_OPERATION, (w, o) => writeGuildMemberTitle(w, o, guildId, characterId, title));
        }
      }
      return;
    }
    case "NOTICE_UPDATED":
    case "CAPACITY_UPDATED":
    case "TITLES_UPDATED": {
      const guild = await readGuild(ctx, tenant, guildId);
      if (!guild) return;
      for (const s of membersHere(guild)) {
        ctx.send(s, GUILD_OPERATION, (w, o) => {
          if (event.type === "NOTICE_UPDATED") writeGuildNoticeChange(w, o, guildId, event.body.notice);
          else if (event.type === "CAPACITY_UPDATED") writeGuildCapacity(w, o, guildId, event.body.capacity);
          else writeGuildTitles(w, o, guildId, event.body.titles);
        });
      }
      return;
    }
    case "MEMBER_JOINED": {
      const guild = await readGuild(ctx, tenant, guildId);
      if (!guild) return;
      const joiner = event.body;
      for (const s of membersHere(guild)) {
        if (s.characterId === joiner.characterId) continue;
        ctx.send(s, GUILD_OPERATION, (w, o) => writeGuildMemberJoined(w, o, guildId, joiner));
      }
      const session = characterSession(ctx, tenant, joiner.characterId, { worldId });
      if (!session) return;
      sendGuildInfo(ctx, session, guild);
      showBadge(ctx, session, badgeOf(guild));
      return;
    }
    case "MEMBER_LEFT": {
      const { characterId, force } = event.body;
      const leaver = await counterpart(ctx, tenant, characterId);
      if (!leaver) return;
      const guild = await readGuild(ctx, tenant, guildId);
      const remaining = guild ? memberIds(guild).filter((id) => id !== characterId) : [];
      for (const s of sessionsOf(ctx, tenant, worldId, remaining)) {
        ctx.send(
          s,
          GUILD_OPERATION,
          (w, o) => writeGuildMemberLeft(w, o, guildId, characterId, leaver.name, force),
        );
      }
      const session = characterSession(ctx, tenant, characterId, { worldId });
      if (!session) return;
      sendGuildInfo(ctx, session, undefined);
      showBadge(ctx, session, undefined);
      return;
    }
    case "ERROR": {
      const actor = characterSession(ctx, tenant, event.body.actorId, { worldId });
      if (actor) ctx.send(actor, GUILD_OPERATION, (w, o) => writeGuildNotice(w, o, event.body.error));
      return;
    }
  }
}

const FORMING_FAILED = "THE_PROBLEM_HAS_HAPPENED_DURING_THE_PROCESS_OF_FORMING_THE_GUILD_PLEASE_TRY_AGAIN";

/**
 * `REQUEST_AGREEMENT`: the leader's party (atlas-parties) names who stands with it; the question goes to
 * the other members whose sessions here are on the leader's channel and in the leader's map.
 */
async function requestAgreement(
  ctx: GuildContext,
  tenant: Tenant,
  worldId: number,
  leaderId: number,
  proposedName: string,
): Promise<void> {
  if (!ctx.rest) return;
  let party;
  try {
    party = await findPartyByMember(ctx.rest, tenant, leaderId);
  } catch (err) {
    log.warn("party lookup for a guild agreement failed", { leaderId, error: String(err) });
  }
  if (!party) {
    const actor = characterSession(ctx, tenant, leaderId, { worldId });
    if (actor) ctx.send(actor, GUILD_OPERATION, (w, o) => writeGuildNotice(w, o, FORMING_FAILED));
    return;
  }
  const leader = party.members.find((m) => m.characterId === party.leaderId);
  if (!leader) return;
  const where = { worldId, channelId: leader.channelId };
  for (const m of party.members) {
    if (m.characterId === party.leaderId) continue;
    const s = characterSession(ctx, tenant, m.characterId, where);
    if (!s || ctx.presence.mapOf(s) !== leader.mapId) continue;
    ctx.send(
      s,
      GUILD_OPERATION,
      (w, o) => writeGuildRequestAgreement(w, o, party.id, leader.name, proposedName),
    );
  }
}
