/**
 * atlas-parties, for the sandbox (services/atlas-parties docs at the reference revision), over the
 * store's parties (which the sandbox's REST serves):
 *
 * - `CREATE`: already in a party → `ERROR` `ALREADY_HAVE_JOINED_A_PARTY_1`; a beginner (job 0) →
 *   `A_BEGINNER_CANT_CREATE_A_PARTY`; else a new party led by the actor → `CREATED`.
 * - `REQUEST_INVITE`: the actor in no party → `YOU_HAVE_YET_TO_JOIN_A_PARTY`; the target already in one
 *   → `ALREADY_HAVE_JOINED_A_PARTY_2`; else a `PARTY` invitation through atlas-invites.
 * - the invitation `ACCEPTED`: six members already → `THE_PARTY_..._FULL`; else the target joins →
 *   `JOINED`.
 * - `LEAVE`: the leader leaving disbands (`DISBAND` with the members); a member → `LEFT`; with
 *   `force: true` the actor is the expelled member → `EXPEL` (actor: the leader).
 * - `CHANGE_LEADER` → `CHANGE_LEADER`.
 * - a member's session `CREATED` / `DESTROYED` → `EVENT_TOPIC_PARTY_MEMBER_STATUS` `LOGIN` / `LOGOUT`.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import {
  partyCommandContract,
  partyMemberStatusContract,
  partyStatusContract,
  type PartyStatusEvent,
} from "../../features/party/messages.ts";
import { sessionStatusContract } from "../../features/session/messages.ts";
import type { SandboxStore } from "../store.ts";
import type { InviteDesk } from "./invites.ts";

/** The first party id the sandbox hands out. */
export const FIRST_PARTY_ID = 1_000_000_001;

/** Subscribes the party responder on `bus` (call before `bus.start()`). */
export function partyResponder(bus: Bus, store: SandboxStore, invites: InviteDesk): void {
  let nextId = FIRST_PARTY_ID;
  const worldOf = (characterId: number) => store.character(characterId)?.attributes.worldId ?? 0;
  const publish = (tenant: Tenant, event: PartyStatusEvent) =>
    bus.publish(partyStatusContract, event, { tenant, key: event.partyId });
  const error = (tenant: Tenant, actorId: number, code: string, characterName = "") =>
    publish(tenant, {
      actorId,
      worldId: worldOf(actorId),
      partyId: 0,
      type: "ERROR",
      body: { type: code, characterName },
    });

  bus.subscribe(partyCommandContract, ({ value: command, tenant }) => {
    const actorId = command.actorId;
    const worldId = worldOf(actorId);
    switch (command.type) {
      case "CREATE": {
        if (store.partyOf(actorId)) return error(tenant, actorId, "ALREADY_HAVE_JOINED_A_PARTY_1");
        if ((store.character(actorId)?.attributes.jobId ?? 0) === 0) {
          return error(tenant, actorId, "A_BEGINNER_CANT_CREATE_A_PARTY");
        }
        const party = { id: nextId++, leaderId: actorId, members: [actorId] };
        store.parties.set(party.id, party);
        return publish(tenant, { actorId, worldId, partyId: party.id, type: "CREATED", body: {} });
      }
      case "REQUEST_INVITE": {
        const party = store.partyOf(actorId);
        if (!party) return error(tenant, actorId, "YOU_HAVE_YET_TO_JOIN_A_PARTY");
        const targetId = command.body.characterId;
        if (store.partyOf(targetId)) {
          return error(tenant, actorId, "ALREADY_HAVE_JOINED_A_PARTY_2");
        }
        return invites.create(tenant, {
          worldId,
          inviteType: "PARTY",
          referenceId: party.id,
          originatorId: actorId,
          targetId,
        });
      }
      case "LEAVE": {
        const party = store.parties.get(command.body.partyId);
        if (!party || !party.members.includes(actorId)) {
          return error(tenant, actorId, "YOU_HAVE_YET_TO_JOIN_A_PARTY");
        }
        if (command.body.force) {
          party.members = party.members.filter((id) => id !== actorId);
          return publish(tenant, {
            actorId: party.leaderId,
            worldId,
            partyId: party.id,
            type: "EXPEL",
            body: { characterId: actorId },
          });
        }
        if (party.leaderId === actorId) {
          store.parties.delete(party.id);
          return publish(tenant, {
            actorId,
            worldId,
            partyId: party.id,
            type: "DISBAND",
            body: { members: party.members },
          });
        }
        party.members = party.members.filter((id) => id !== actorId);
        return publish(tenant, { actorId, worldId, partyId: party.id, type: "LEFT", body: {} });
      }
      case "CHANGE_LEADER": {
        const party = store.parties.get(command.body.partyId);
        if (!party || party.leaderId !== actorId || !party.members.includes(command.body.leaderId)) return;
        party.leaderId = command.body.leaderId;
        return publish(tenant, {
          actorId,
          worldId,
          partyId: party.id,
          type: "CHANGE_LEADER",
          body: { characterId: command.body.leaderId, disconnected: false },
        });
      }
    }
  }, { name: "sandbox_party_command" });

  invites.onAccepted("PARTY", async (tenant, invite) => {
    const party = store.parties.get(invite.referenceId);
    if (!party) return;
    if (party.members.length >= 6) {
      return error(tenant, invite.targetId, "THE_PARTY_YOURE_TRYING_TO_JOIN_IS_ALREADY_IN_FULL_CAPACITY");
    }
    if (!party.members.includes(invite.targetId)) party.members.push(invite.targetId);
    await publish(tenant, {
      actorId: invite.targetId,
      worldId: invite.worldId,
      partyId: party.id,
      type: "JOINED",
      body: {},
    });
  });

  bus.subscribe(sessionStatusContract, async ({ value: event, tenant }) => {
    const party = store.partyOf(event.characterId);
    if (!party) return;
    await bus.publish(partyMemberStatusContract, {
      worldId: event.worldId,
      partyId: party.id,
      characterId: event.characterId,
      type: event.type === "CREATED" ? "LOGIN" : "LOGOUT",
      body: {},
    }, { tenant, key: event.characterId });
  }, { name: "sandbox_party_member_session" });
}
