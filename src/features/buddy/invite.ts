/**
 * How buddy requests look to the invited character: atlas-buddies raises a `BUDDY` invite (reference id
 * = the requester) and the target sees `BuddyOperation` `INVITE`. A declined request is answered with
 * nothing, as in the reference (the client has no "declined" notice for buddies).
 * @module
 */
import type { InviteRenderer } from "../invite/consumers.ts";
import { BUDDY_OPERATION, writeBuddyInvite } from "./writers.ts";

/** The `BUDDY` invite renderer. */
export const buddyInviteRenderer: InviteRenderer = {
  created(ctx, target, originator, event) {
    const invite = {
      targetId: event.body.targetId,
      originatorId: event.referenceId,
      originatorName: originator.name,
      originatorJobId: originator.jobId,
      originatorLevel: originator.level,
    };
    ctx.send(target, BUDDY_OPERATION, (w, o) => writeBuddyInvite(w, o, target.tenant, invite));
  },
};
