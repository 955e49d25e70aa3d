/**
 * How guild invitations look: the invited character sees `GuildOperation` `INVITE` (guild id = the
 * invite's reference, the inviter's name); a declined invitation shows the inviter
 * "HAS_DENIED_YOUR_GUILD_INVITATION" with the target's name.
 * @module
 */
import type { InviteRenderer } from "../invite/consumers.ts";
import { GUILD_OPERATION, writeGuildInvite, writeGuildNotice } from "./writers.ts";

/** The `GUILD` invite renderer. */
export const guildInviteRenderer: InviteRenderer = {
  created(ctx, target, originator, event) {
    ctx.send(
      target,
      GUILD_OPERATION,
      (w, o) => writeGuildInvite(w, o, target.tenant, event.referenceId, originator.name),
    );
  },
  rejected(ctx, originator, target) {
    ctx.send(
      originator,
      GUILD_OPERATION,
      (w, o) => writeGuildNotice(w, o, "HAS_DENIED_YOUR_GUILD_INVITATION", target.name),
    );
  },
};
