/**
 * atlas-buddies, for the sandbox (services/atlas-buddies docs/kafka.md at the reference revision),
 * keeping the lists in the store that the sandbox's REST serves:
 *
 * - `REQUEST_ADD`: the requester's list full → `ERROR` `BUDDY_LIST_FULL`; the buddy already listed →
 *   `ERROR` `ALREADY_BUDDY`; an unknown character → `ERROR` `CHARACTER_NOT_FOUND`; else a pending entry
 *   in the requester's list and a `BUDDY` invitation (reference = the requester) through atlas-invites.
 * - the invitation `ACCEPTED`: both lists hold each other (with the channel each plays on, −1 offline)
 *   and each owner gets `BUDDY_ADDED`.
 * - `REQUEST_DELETE`: the buddy leaves the owner's list (`BUDDY_REMOVED`); when it was a request the
 *   owner had not answered, the invitation is `REJECTED` and the requester's pending entry goes too
 *   (`BUDDY_REMOVED` to the requester).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import {
  buddyListCommandContract,
  buddyListStatusContract,
  type BuddyListStatusEvent,
} from "../../features/buddy/messages.ts";
import type { SandboxStore } from "../store.ts";
import type { InviteDesk } from "./invites.ts";

/** Subscribes the buddy responder on `bus` (call before `bus.start()`). */
export function buddyResponder(bus: Bus, store: SandboxStore, invites: InviteDesk): void {
  const publish = (tenant: Tenant, event: BuddyListStatusEvent) =>
    bus.publish(buddyListStatusContract, event, { tenant, key: event.characterId });
  const channelOf = (characterId: number) => store.online(characterId)?.channelId ?? -1;
  const nameOf = (characterId: number) => store.character(characterId)?.attributes.name ?? "";

  bus.subscribe(buddyListCommandContract, async ({ value: command, tenant }) => {
    const { worldId, characterId } = command;
    const list = store.buddyList(characterId);
    const error = (code: string) =>
      publish(tenant, { worldId, characterId, type: "ERROR", body: { error: code } });
    if (command.type === "REQUEST_ADD") {
      const buddyId = command.body.characterId;
      if (!store.character(buddyId)) return error("CHARACTER_NOT_FOUND");
      if (list.buddies.some((b) => b.characterId === buddyId)) return error("ALREADY_BUDDY");
      if (list.buddies.length >= list.capacity) return error("BUDDY_LIST_FULL");
      list.buddies.push({
        characterId: buddyId,
        group: command.body.group,
        characterName: nameOf(buddyId),
        channelId: -1,
        inShop: false,
        pending: true,
      });
      await invites.create(tenant, {
        worldId,
        inviteType: "BUDDY",
        referenceId: characterId,
        originatorId: characterId,
        targetId: buddyId,
      });
      return;
    }
    const buddyId = command.body.characterId;
    const at = list.buddies.findIndex((b) => b.characterId === buddyId);
    if (at >= 0) {
      list.buddies.splice(at, 1);
      await publish(tenant, { worldId, characterId, type: "BUDDY_REMOVED", body: { characterId: buddyId } });
    }
    if (await invites.reject(tenant, { inviteType: "BUDDY", originatorId: buddyId, targetId: characterId })) {
      const theirs = store.buddyList(buddyId);
      const pendingAt = theirs.buddies.findIndex((b) => b.characterId === characterId && b.pending);
      if (pendingAt >= 0) {
        theirs.buddies.splice(pendingAt, 1);
        await publish(tenant, {
          worldId,
          characterId: buddyId,
          type: "BUDDY_REMOVED",
          body: { characterId },
        });
      }
    }
  }, { name: "sandbox_buddy_command" });

  invites.onAccepted("BUDDY", async (tenant, invite) => {
    const pairs = [[invite.originatorId, invite.targetId], [invite.targetId, invite.originatorId]];
    for (const [ownerId, buddyId] of pairs) {
      const list = store.buddyList(ownerId);
      let entry = list.buddies.find((b) => b.characterId === buddyId);
      if (!entry) {
        entry = {
          characterId: buddyId,
          group: "Default Group",
          characterName: nameOf(buddyId),
          channelId: -1,
          inShop: false,
          pending: false,
        };
        list.buddies.push(entry);
      }
      entry.pending = false;
      entry.channelId = channelOf(buddyId);
      await publish(tenant, {
        worldId: invite.worldId,
        characterId: ownerId,
        type: "BUDDY_ADDED",
        body: {
          characterId: buddyId,
          group: entry.group,
          characterName: entry.characterName,
          channelId: entry.channelId,
        },
      });
    }
  });
}
