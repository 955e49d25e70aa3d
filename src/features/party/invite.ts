/**
 * How party invitations look: the invited character sees `PartyOperation` `INVITE` (party id = the
 * invite's reference, the inviter's name, job and level); a declined invitation shows the inviter
 * "HAVE_DENIED_REQUEST_TO_THE_PARTY" with the target's name.
 * @module
 */
import type { InviteRenderer } from "../invite/consumers.ts";
import { PARTY_OPERATION, writePartyError, writePartyInvite } from "./writers.ts";

/** The `PARTY` invite renderer. */
export const partyInviteRenderer: InviteRenderer = {
  created(ctx, target, originator, event) {
    const invite = {
      partyId: event.referenceId,
      originatorName: originator.name,
      originatorJobId: originator.jobId,
      originatorLevel: originator.level,
    };
    ctx.send(target, PARTY_OPERATION, (w, o) => writePartyInvite(w, o, target.tenant, invite));
  },
  rejected(ctx, originator, target) {
    ctx.send(
      originator,
      PARTY_OPERATION,
      (w, o) => writePartyError(w, o, "HAVE_DENIED_REQUEST_TO_THE_PARTY", target.name),
    );
  },
};
