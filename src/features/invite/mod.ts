/**
 * The invite domain: `EVENT_TOPIC_INVITE_STATUS` → each invite type's packets (see consumers.ts). The
 * accept/reject commands (`COMMAND_TOPIC_INVITE`) are produced by the domains whose packets accept or
 * decline (buddy, party, guild, messenger).
 * @module
 */
import type { Feature } from "../feature.ts";
import { buddyInviteRenderer } from "../buddy/invite.ts";
import { partyInviteRenderer } from "../party/invite.ts";
import { guildInviteRenderer } from "../guild/invite.ts";
import { messengerInviteRenderer } from "../messenger/mod.ts";
import { type InviteRenderers, onInviteStatus } from "./consumers.ts";
import { inviteCommandContract, inviteStatusContract } from "./messages.ts";

/** Every invite type the channel shows. */
export const INVITE_RENDERERS: InviteRenderers = {
  BUDDY: buddyInviteRenderer,
  PARTY: partyInviteRenderer,
  GUILD: guildInviteRenderer,
  MESSENGER: messengerInviteRenderer,
};

/** See the module documentation. */
export const inviteFeature: Feature = {
  name: "invite",
  contracts: [inviteCommandContract, inviteStatusContract],
  start(ctx) {
    ctx.bus.subscribe(inviteStatusContract, (delivery) => onInviteStatus(ctx, INVITE_RENDERERS, delivery), {
      name: "invite_status_event",
    });
  },
};
