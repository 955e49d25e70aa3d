/**
 * The guild domain, as far as it runs today: `GuildOperationHandle` / `GuildInviteRejectHandle` →
 * `COMMAND_TOPIC_GUILD` and invite answers (see handlers.ts), and the `COMMAND_TOPIC_GUILD` prompts other
 * services send (`REQUEST_NAME`, `REQUEST_EMBLEM`: an NPC asks the client to open the guild-name or
 * emblem dialog) → `GuildOperation` to that character's session on the command's world and channel;
 * `EVENT_TOPIC_GUILD_STATUS` → guild packets to the members here and their maps (see consumers.ts);
 * the guild data at login and the guild badge CharacterSpawn shows (see login.ts, state.ts); guild
 * invitations (see invite.ts); the guild board (see bbs.ts).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { characterSession } from "../routing.ts";
import {
  type GuildCommand,
  guildCommandContract,
  guildStatusContract,
  guildThreadCommandContract,
  guildThreadStatusContract,
} from "./messages.ts";
import { GUILD_BBS_HANDLE, handleGuildBbs, onGuildThreadStatus } from "./bbs.ts";
import { GUILD_BBS } from "./bbs-writers.ts";
import { onGuildStatus } from "./consumers.ts";
import { GUILD_HANDLERS, handleGuildInviteReject, handleGuildOperation } from "./handlers.ts";
import { GUILD_EMBLEM_CHANGED, GUILD_NAME_CHANGED, GUILD_OPERATION, writeGuildNotice } from "./writers.ts";

/** `REQUEST_NAME` / `REQUEST_EMBLEM` → the dialog to the character's session; other types are not ours. */
export function onGuildCommand(
  ctx: FeatureContext,
  { value: command, tenant }: Delivery<GuildCommand>,
): void {
  if (command.type !== "REQUEST_NAME" && command.type !== "REQUEST_EMBLEM") return;
  const where = { worldId: command.body.worldId, channelId: command.body.channelId };
  const session = characterSession(ctx, tenant, command.characterId, where);
  if (session) ctx.send(session, GUILD_OPERATION, (w, o) => writeGuildNotice(w, o, command.type));
}

/** See the module documentation. */
export const guildFeature: Feature = {
  name: "guild",
  contracts: [
    guildCommandContract,
    guildStatusContract,
    guildThreadCommandContract,
    guildThreadStatusContract,
  ],
  writers: [GUILD_OPERATION, GUILD_NAME_CHANGED, GUILD_EMBLEM_CHANGED, GUILD_BBS],
  handlers: (ctx) => ({
    [GUILD_HANDLERS.operation]: (session, reader, options) =>
      handleGuildOperation(ctx, session, reader, options),
    [GUILD_HANDLERS.inviteReject]: (session, reader) => handleGuildInviteReject(ctx, session, reader),
    [GUILD_BBS_HANDLE]: (session, reader, options) => handleGuildBbs(ctx, session, reader, options),
  }),
  start(ctx) {
    ctx.bus.subscribe(guildCommandContract, (delivery) => onGuildCommand(ctx, delivery), {
      name: "guild_command",
    });
    ctx.bus.subscribe(guildStatusContract, (delivery) => onGuildStatus(ctx, delivery), {
      name: "guild_status_event",
    });
    ctx.bus.subscribe(guildThreadStatusContract, (delivery) => onGuildThreadStatus(ctx, delivery), {
      name: "guild_thread_status_event",
    });
  },
};
