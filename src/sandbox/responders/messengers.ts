/**
 * atlas-messengers, for the sandbox (services/atlas-messengers docs at the reference revision), over the
 * store's rooms (which the sandbox's REST serves): `CREATE` opens a room with the actor in slot 0
 * (`CREATED`, then `JOINED`); `REQUEST_INVITE` from a member → a `MESSENGER` invitation through
 * atlas-invites; the invitation `ACCEPTED` seats the target in the first free slot (`JOINED`; a full room
 * of three → nothing); `LEAVE` frees the actor's slot (`LEFT`) and an empty room is closed.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import {
  messengerCommandContract,
  messengerStatusContract,
  type MessengerStatusEvent,
} from "../../features/messenger/messages.ts";
import type { SandboxStore } from "../store.ts";
import type { InviteDesk } from "./invites.ts";

/** The first messenger id the sandbox hands out. */
export const FIRST_MESSENGER_ID = 1;

/** Subscribes the messenger responder on `bus` (call before `bus.start()`). */
export function messengerResponder(bus: Bus, store: SandboxStore, invites: InviteDesk): void {
  let nextId = FIRST_MESSENGER_ID;
  const worldOf = (characterId: number) => store.character(characterId)?.attributes.worldId ?? 0;
  const publish = (tenant: Tenant, event: MessengerStatusEvent) =>
    bus.publish(messengerStatusContract, event, { tenant, key: event.actorId });
  const roomOf = (characterId: number) =>
    [...store.messengers.values()].find((r) => r.members.some((m) => m.characterId === characterId));

  bus.subscribe(messengerCommandContract, async ({ value: command, tenant }) => {
    const actorId = command.actorId;
    const worldId = worldOf(actorId);
    switch (command.type) {
      case "CREATE": {
        if (roomOf(actorId)) return;
        const room = { id: nextId++, members: [{ characterId: actorId, slot: 0 }] };
        store.messengers.set(room.id, room);
        await publish(tenant, { actorId, worldId, messengerId: room.id, type: "CREATED", body: {} });
        await publish(tenant, { actorId, worldId, messengerId: room.id, type: "JOINED", body: { slot: 0 } });
        return;
      }
      case "REQUEST_INVITE": {
        const room = roomOf(actorId);
        if (!room) return;
        await invites.create(tenant, {
          worldId,
          inviteType: "MESSENGER",
          referenceId: room.id,
          originatorId: actorId,
          targetId: command.body.characterId,
        });
        return;
      }
      case "LEAVE": {
        const room = store.messengers.get(command.body.messengerId);
        const seat = room?.members.find((m) => m.characterId === actorId);
        if (!room || !seat) return;
        room.members = room.members.filter((m) => m !== seat);
        if (room.members.length === 0) store.messengers.delete(room.id);
        await publish(tenant, {
          actorId,
          worldId,
          messengerId: room.id,
          type: "LEFT",
          body: { slot: seat.slot },
        });
        return;
      }
    }
  }, { name: "sandbox_messenger_command" });

  invites.onAccepted("MESSENGER", async (tenant, invite) => {
    const room = store.messengers.get(invite.referenceId);
    if (!room || roomOf(invite.targetId)) return;
    const slot = [0, 1, 2].find((s) => !room.members.some((m) => m.slot === s));
    if (slot === undefined) return;
    room.members.push({ characterId: invite.targetId, slot });
    await publish(tenant, {
      actorId: invite.targetId,
      worldId: invite.worldId,
      messengerId: room.id,
      type: "JOINED",
      body: { slot },
    });
  });
}
