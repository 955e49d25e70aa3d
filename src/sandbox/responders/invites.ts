/**
 * atlas-invites, for the sandbox (services/atlas-invites docs at the reference revision): pending
 * invitations keyed by type, target and reference. A service creates one (`create`: `CREATED` to
 * everyone); the target's `COMMAND_TOPIC_INVITE` `ACCEPT` (matched on target and reference id) or
 * `REJECT` (matched on target and originator) ends it with `ACCEPTED` / `REJECTED`, which the owning
 * service's stand-in hears through {@link InviteDesk.onAccepted} / `onRejected`, as the real services
 * consume the invite status topic. An answer to no pending invitation is logged and dropped.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  inviteCommandContract,
  inviteStatusContract,
  type InviteStatusEvent,
  type InviteType,
} from "../../features/invite/messages.ts";

const log = getLogger("sandbox.invites");

/** One pending invitation. */
export interface PendingInvite {
  readonly worldId: number;
  readonly inviteType: InviteType;
  /** Party, guild or messenger id; for buddies the originator's character id. */
  readonly referenceId: number;
  readonly originatorId: number;
  readonly targetId: number;
}

/** Hears the end of an invitation of one type. */
export type InviteListener = (tenant: Tenant, invite: PendingInvite) => Promise<void> | void;

/** The sandbox's atlas-invites. */
export interface InviteDesk {
  /** Records an invitation and publishes `CREATED`. */
  create(tenant: Tenant, invite: PendingInvite): Promise<void>;
  /** Ends a pending invitation as declined by its target (e.g. a buddy request declined by delete). */
  reject(tenant: Tenant, match: Omit<PendingInvite, "worldId" | "referenceId">): Promise<boolean>;
  /** Pending invitations to `targetId`. */
  pendingFor(tenant: Tenant, targetId: number): PendingInvite[];
  onAccepted(type: InviteType, listener: InviteListener): void;
  onRejected(type: InviteType, listener: InviteListener): void;
}

/** Subscribes the invite responder on `bus` (call before `bus.start()`). */
export function inviteResponder(bus: Bus): InviteDesk {
  const pending = new Map<string, PendingInvite[]>();
  const accepted = new Map<InviteType, InviteListener[]>();
  const rejected = new Map<InviteType, InviteListener[]>();
  const listOf = (tenant: Tenant) => {
    let list = pending.get(tenant.id);
    if (!list) pending.set(tenant.id, list = []);
    return list;
  };
  const publish = (tenant: Tenant, invite: PendingInvite, type: InviteStatusEvent["type"]) =>
    bus.publish(inviteStatusContract, {
      worldId: invite.worldId,
      inviteType: invite.inviteType,
      referenceId: invite.referenceId,
      type,
      body: { originatorId: invite.originatorId, targetId: invite.targetId },
    }, { tenant, key: invite.targetId });
  const end = async (tenant: Tenant, found: PendingInvite, how: "ACCEPTED" | "REJECTED") => {
    const list = listOf(tenant);
    list.splice(list.indexOf(found), 1);
    await publish(tenant, found, how);
    for (const listener of (how === "ACCEPTED" ? accepted : rejected).get(found.inviteType) ?? []) {
      await listener(tenant, found);
    }
  };

  bus.subscribe(inviteCommandContract, async ({ value: command, tenant }) => {
    const list = listOf(tenant);
    const found = command.type === "ACCEPT"
      ? list.find((i) =>
        i.inviteType === command.inviteType && i.targetId === command.body.targetId &&
        i.referenceId === command.body.referenceId
      )
      : list.find((i) =>
        i.inviteType === command.inviteType && i.targetId === command.body.targetId &&
        i.originatorId === command.body.originatorId
      );
    if (!found) {
      log.info("answer to no pending invitation; dropped", {
        type: command.type,
        inviteType: command.inviteType,
      });
      return;
    }
    await end(tenant, found, command.type === "ACCEPT" ? "ACCEPTED" : "REJECTED");
  }, { name: "sandbox_invite_command" });

  return {
    async create(tenant, invite) {
      const list = listOf(tenant);
      const same = list.findIndex((i) =>
        i.inviteType === invite.inviteType && i.targetId === invite.targetId &&
        i.referenceId === invite.referenceId
      );
      if (same >= 0) list.splice(same, 1);
      list.push(invite);
      await publish(tenant, invite, "CREATED");
    },
    async reject(tenant, match) {
      const found = listOf(tenant).find((i) =>
        i.inviteType === match.inviteType && i.targetId === match.targetId &&
        i.originatorId === match.originatorId
      );
      if (!found) return false;
      await end(tenant, found, "REJECTED");
      return true;
    },
    pendingFor: (tenant, targetId) => listOf(tenant).filter((i) => i.targetId === targetId),
    onAccepted(type, listener) {
      accepted.set(type, [...(accepted.get(type) ?? []), listener]);
    },
    onRejected(type, listener) {
      rejected.set(type, [...(rejected.get(type) ?? []), listener]);
    },
  };
}
