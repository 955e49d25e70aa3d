/**
 * `EVENT_TOPIC_INVITE_STATUS` (kafka-consumed.md §2.26) → the invitation packet of the invite's domain:
 *
 * - `CREATED` → the **target's** session (world match): the invitation, naming the originator.
 * - `REJECTED` → the **originator's** session: the domain's "declined" notice, naming the target.
 *
 * Each domain renders its own forms ({@link InviteRenderers}); the originator's or target's name comes
 * from its session when it plays on this process, else from one atlas-character look-up. Invite types no domain renders are skipped quietly.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { Session } from "../../net/session.ts";
import { type Counterpart, counterpart } from "./counterparts.ts";
import { characterSession } from "../routing.ts";
import type { InviteStatusEvent, InviteType } from "./messages.ts";

/** How one domain shows its invitations. */
export interface InviteRenderer {
  /** Sends the invitation to the target's session. */
  created(ctx: FeatureContext, target: Session, originator: Counterpart, event: InviteStatusEvent): void;
  /** Tells the originator's session that the target declined; absent → nothing is sent. */
  rejected?(ctx: FeatureContext, originator: Session, target: Counterpart, event: InviteStatusEvent): void;
}

/** Renderers by invite type. */
export type InviteRenderers = Partial<Record<InviteType, InviteRenderer>>;

/** Handles one invite status event. */
export async function onInviteStatus(
  ctx: FeatureContext,
  renderers: InviteRenderers,
  { value: event, tenant }: Delivery<InviteStatusEvent>,
): Promise<void> {
  const renderer = renderers[event.inviteType];
  if (!renderer || event.type === "ACCEPTED") return;
  const where = { worldId: event.worldId };
  if (event.type === "CREATED") {
    if (!characterSession(ctx, tenant, event.body.targetId, where)) return;
    const originator = await counterpart(ctx, tenant, event.body.originatorId);
    const target = characterSession(ctx, tenant, event.body.targetId, where);
    if (originator && target) renderer.created(ctx, target, originator, event);
    return;
  }
  if (!renderer.rejected || !characterSession(ctx, tenant, event.body.originatorId, where)) return;
  const target = await counterpart(ctx, tenant, event.body.targetId);
  const originator = characterSession(ctx, tenant, event.body.originatorId, where);
  if (target && originator) renderer.rejected(ctx, originator, target, event);
}
