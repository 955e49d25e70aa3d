/**
 * atlas-guilds, for the sandbox (services/atlas-guilds docs and processor at the reference revision),
 * over the store's guilds (which the sandbox's REST serves):
 *
 * - `REQUEST_CREATE`: a name taken in the world → `ERROR` `THE_NAME_IS_ALREADY_IN_USE_...`; a GM →
 *   `ADMIN_CANNOT_MAKE_A_GUILD`; not a party leader, a party under 2 members or a member already in a
 *   guild → `ERROR` `THE_PROBLEM_HAS_HAPPENED_DURING_THE_PROCESS_OF_FORMING_THE_GUILD_...`; else
 *   `REQUEST_AGREEMENT` (actor, proposed name) and the other party members' answers are awaited.
 * - `CREATION_AGREEMENT`: a refusal drops the founding silently (as atlas-guilds); once every other
 *   member agreed, the guild exists (leader title 1, founders 2, titles Master / Jr. Master / Member ×3,
 *   capacity 30) → `CREATED`.
 * - `CHANGE_EMBLEM`, `CHANGE_NOTICE`, `CHANGE_TITLES`, `CHANGE_MEMBER_TITLE` → the matching `*_UPDATED`.
 * - `LEAVE` → `MEMBER_LEFT` (the envelope character, `force` as sent).
 * - `REQUEST_INVITE`: a full guild or a target already in one → nothing (as atlas-guilds); else a `GUILD`
 *   invitation through atlas-invites; its `ACCEPTED` → the target joins with title 5 → `MEMBER_JOINED`.
 * - `REQUEST_DISBAND` (the leader) → `DISBANDED` with the members; `REQUEST_CAPACITY_INCREASE` (the
 *   leader) → capacity + 5 → `CAPACITY_UPDATED`.
 * - a member's session `CREATED` / `DESTROYED` → `MEMBER_STATUS_UPDATED` online / offline (atlas-guilds
 *   follows the characters' logins).
 * - the board (`COMMAND_TOPIC_GUILD_THREAD`, members only): `CREATE`, `UPDATE` / `DELETE` (the poster),
 *   `ADD_REPLY`, `DELETE_REPLY` (the reply's poster) → `CREATED`, `UPDATED`, `DELETED`, `REPLY_ADDED`,
 *   `REPLY_DELETED` on `EVENT_TOPIC_GUILD_THREAD_STATUS`.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  guildCommandContract,
  guildStatusContract,
  type GuildStatusEvent,
  guildThreadCommandContract,
  guildThreadStatusContract,
  type GuildThreadStatusEvent,
} from "../../features/guild/messages.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";
import type { SandboxGuild, SandboxStore } from "../store.ts";
import type { InviteDesk } from "./invites.ts";

const log = getLogger("sandbox.guilds");

/** The first guild id the sandbox hands out. */
export const FIRST_GUILD_ID = 1;

const DEFAULT_TITLES = ["Master", "Jr. Master", "Member", "Member", "Member"];
const FORMING_FAILED = "THE_PROBLEM_HAS_HAPPENED_DURING_THE_PROCESS_OF_FORMING_THE_GUILD_PLEASE_TRY_AGAIN";

interface Founding {
  readonly worldId: number;
  readonly leaderId: number;
  readonly name: string;
  /** The other party members whose agreement is awaited. */
  readonly awaited: Set<number>;
  readonly founders: number[];
}

/** Subscribes the guild responder on `bus` (call before `bus.start()`). */
export function guildResponder(bus: Bus, store: SandboxStore, invites: InviteDesk): void {
  let nextId = FIRST_GUILD_ID;
  const foundings: Founding[] = [];
  const worldOf = (characterId: number) => store.character(characterId)?.attributes.worldId ?? 0;
  const publish = (tenant: Tenant, event: GuildStatusEvent) =>
    bus.publish(guildStatusContract, event, { tenant, key: event.guildId });
  const error = (tenant: Tenant, actorId: number, code: string) =>
    publish(tenant, { worldId: worldOf(actorId), guildId: 0, type: "ERROR", body: { actorId, error: code } });
  const memberOf = (guildId: number, characterId: number): SandboxGuild | undefined => {
    const guild = store.guilds.get(guildId);
    return guild?.members.some((m) => m.characterId === characterId) ? guild : undefined;
  };
  const base = (g: SandboxGuild) => ({ worldId: g.worldId, guildId: g.id });

  bus.subscribe(guildCommandContract, ({ value: command, tenant }) => {
    const actorId = command.characterId;
    switch (command.type) {
      case "REQUEST_CREATE": {
        const { worldId, name } = command.body;
        if ([...store.guilds.values()].some((g) => g.worldId === worldId && g.name === name)) {
          return error(tenant, actorId, "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES");
        }
        if ((store.character(actorId)?.attributes.gm ?? 0) > 0) {
          return error(tenant, actorId, "ADMIN_CANNOT_MAKE_A_GUILD");
        }
        const party = store.partyOf(actorId);
        if (
          !party || party.leaderId !== actorId || party.members.length < 2 ||
          party.members.some((id) => store.guildOf(id))
        ) {
          return error(tenant, actorId, FORMING_FAILED);
        }
        const others = party.members.filter((id) => id !== actorId);
        foundings.push({ worldId, leaderId: actorId, name, awaited: new Set(others), founders: others });
        return publish(tenant, {
          worldId,
          guildId: 0,
          type: "REQUEST_AGREEMENT",
          body: { actorId, proposedName: name },
        });
      }
      case "CREATION_AGREEMENT": {
        const founding = foundings.find((f) => f.awaited.has(actorId));
        if (!founding) return log.info("agreement to no founding; dropped", { actorId });
        if (!command.body.agreed) {
          foundings.splice(foundings.indexOf(founding), 1);
          return;
        }
        founding.awaited.delete(actorId);
        if (founding.awaited.size > 0) return;
        foundings.splice(foundings.indexOf(founding), 1);
        const guild: SandboxGuild = {
          id: nextId++,
          worldId: founding.worldId,
          name: founding.name,
          leaderId: founding.leaderId,
          notice: "",
          capacity: 30,
          logo: 0,
          logoColor: 0,
          logoBackground: 0,
          logoBackgroundColor: 0,
          members: [
            { characterId: founding.leaderId, title: 1 },
            ...founding.founders.map((characterId) => ({ characterId, title: 2 })),
          ],
          titles: [...DEFAULT_TITLES],
          threads: [],
        };
        store.guilds.set(guild.id, guild);
        return publish(tenant, { ...base(guild), type: "CREATED", body: {} });
      }
      case "CHANGE_EMBLEM": {
        const guild = memberOf(command.body.guildId, actorId);
        if (!guild) return;
        const { logo, logoColor, logoBackground, logoBackgroundColor } = command.body;
        Object.assign(guild, { logo, logoColor, logoBackground, logoBackgroundColor });
        return publish(tenant, {
          ...base(guild),
          type: "EMBLEM_UPDATED",
          body: { logo, logoColor, logoBackground, logoBackgroundColor },
        });
      }
      case "CHANGE_NOTICE": {
        const guild = memberOf(command.body.guildId, actorId);
        if (!guild) return;
        guild.notice = command.body.notice;
        return publish(tenant, { ...base(guild), type: "NOTICE_UPDATED", body: { notice: guild.notice } });
      }
      case "CHANGE_TITLES": {
        const guild = memberOf(command.body.guildId, actorId);
        if (!guild) return;
        guild.titles = [...command.body.titles];
        return publish(tenant, {
          ...base(guild),
          type: "TITLES_UPDATED",
          body: { guildId: guild.id, titles: guild.titles },
        });
      }
      case "CHANGE_MEMBER_TITLE": {
        const guild = memberOf(command.body.guildId, actorId);
        const target = guild?.members.find((m) => m.characterId === command.body.targetId);
        if (!guild || !target) return;
        target.title = command.body.title;
        return publish(tenant, {
          ...base(guild),
          type: "MEMBER_TITLE_UPDATED",
          body: { characterId: target.characterId, title: target.title },
        });
      }
      case "LEAVE": {
        const guild = memberOf(command.body.guildId, actorId);
        if (!guild) return;
        guild.members = guild.members.filter((m) => m.characterId !== actorId);
        return publish(tenant, {
          ...base(guild),
          type: "MEMBER_LEFT",
          body: { characterId: actorId, force: command.body.force },
        });
      }
      case "REQUEST_INVITE": {
        const guild = memberOf(command.body.guildId, actorId);
        const targetId = command.body.targetId;
        if (!guild || guild.members.length >= guild.capacity || store.guildOf(targetId)) return;
        return invites.create(tenant, {
          worldId: guild.worldId,
          inviteType: "GUILD",
          referenceId: guild.id,
          originatorId: actorId,
          targetId,
        });
      }
      case "REQUEST_DISBAND": {
        const guild = store.guildOf(actorId);
        if (!guild || guild.leaderId !== actorId) return;
        store.guilds.delete(guild.id);
        return publish(tenant, {
          ...base(guild),
          type: "DISBANDED",
          body: { members: guild.members.map((m) => m.characterId) },
        });
      }
      case "REQUEST_CAPACITY_INCREASE": {
        const guild = store.guildOf(actorId);
        if (!guild || guild.leaderId !== actorId) return;
        guild.capacity += 5;
        return publish(tenant, {
          ...base(guild),
          type: "CAPACITY_UPDATED",
          body: { capacity: guild.capacity },
        });
      }
    }
  }, { name: "sandbox_guild_command" });

  invites.onAccepted("GUILD", async (tenant, invite) => {
    const guild = store.guilds.get(invite.referenceId);
    const c = store.character(invite.targetId)?.attributes;
    if (!guild || !c || store.guildOf(invite.targetId)) return;
    guild.members.push({ characterId: invite.targetId, title: 5 });
    await publish(tenant, {
      ...base(guild),
      type: "MEMBER_JOINED",
      body: {
        characterId: invite.targetId,
        name: c.name ?? "",
        jobId: c.jobId ?? 0,
        level: c.level ?? 0,
        title: 5,
        online: store.online(invite.targetId) !== undefined,
        allianceTitle: 5,
      },
    });
  });

  let nextThreadId = 1;
  let nextReplyId = 1;
  const threadEvent = (tenant: Tenant, event: GuildThreadStatusEvent) =>
    bus.publish(guildThreadStatusContract, event, { tenant, key: event.guildId });
  bus.subscribe(guildThreadCommandContract, ({ value: command, tenant }) => {
    const actorId = command.characterId;
    const guild = memberOf(command.guildId, actorId);
    if (!guild) {
      return log.info("board command of a non-member; dropped", { actorId, guildId: command.guildId });
    }
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const event = (threadId: number) => ({ worldId: guild.worldId, guildId: guild.id, actorId, threadId });
    const thread = command.type === "CREATE"
      ? undefined
      : guild.threads.find((t) => t.id === command.body.threadId);
    switch (command.type) {
      case "CREATE": {
        const created = {
          id: nextThreadId++,
          posterId: actorId,
          createdAt: now,
          replies: [],
          ...command.body,
        };
        guild.threads.push(created);
        return threadEvent(tenant, { ...event(created.id), type: "CREATED", body: {} });
      }
      case "UPDATE": {
        if (!thread || thread.posterId !== actorId) return;
        const { notice, title, message, emoticonId } = command.body;
        Object.assign(thread, { notice, title, message, emoticonId });
        return threadEvent(tenant, { ...event(thread.id), type: "UPDATED", body: {} });
      }
      case "DELETE": {
        if (!thread || thread.posterId !== actorId) return;
        guild.threads = guild.threads.filter((t) => t !== thread);
        return threadEvent(tenant, { ...event(thread.id), type: "DELETED", body: {} });
      }
      case "ADD_REPLY": {
        if (!thread) return;
        const replyId = nextReplyId++;
        thread.replies.push({
          id: replyId,
          posterId: actorId,
          message: command.body.message,
          createdAt: now,
        });
        return threadEvent(tenant, { ...event(thread.id), type: "REPLY_ADDED", body: { replyId } });
      }
      case "DELETE_REPLY": {
        const replyId = command.body.replyId;
        if (!thread || !thread.replies.some((r) => r.id === replyId && r.posterId === actorId)) return;
        thread.replies = thread.replies.filter((r) => r.id !== replyId);
        return threadEvent(tenant, { ...event(thread.id), type: "REPLY_DELETED", body: { replyId } });
      }
    }
  }, { name: "sandbox_guild_thread_command" });

  bus.subscribe(sessionStatusContract, async ({ value: event, tenant }) => {
    const guild = store.guildOf(event.characterId);
    if (!guild) return;
    await publish(tenant, {
      ...base(guild),
      type: "MEMBER_STATUS_UPDATED",
      body: { characterId: event.characterId, online: event.type === "CREATED" },
    });
  }, { name: "sandbox_guild_session_status" });
}
