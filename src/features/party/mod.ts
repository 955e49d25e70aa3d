/**
 * The party domain: `PartyOperationHandle` / `PartyInviteRejectHandle` → `COMMAND_TOPIC_PARTY` and
 * invite answers; atlas-parties' status and member events → `PartyOperation`; HP changes and map
 * entries → `PartyMemberHP` between members in the same map. The character's party is read once after
 * login (its table is sent to it then) and kept in a local directory that every party event refreshes,
 * so HP and map-entry updates need no party look-up. Party invitations are shown by the invite feature.
 * @module
 */
import type { Feature } from "../feature.ts";
import { sessionKey } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../character/messages.ts";
import { partyCommandContract, partyMemberStatusContract, partyStatusContract } from "./messages.ts";
import { findPartyByMember } from "./rest.ts";
import { createPartyDirectory, partyView } from "./state.ts";
import { handlePartyInviteReject, handlePartyOperation, PARTY_HANDLERS } from "./handlers.ts";
import { exchangeHpOnEntry, onHpChanged, onPartyMemberStatus, onPartyStatus } from "./consumers.ts";
import { PARTY_MEMBER_HP, PARTY_OPERATION, writePartyUpdate } from "./writers.ts";

const log = getLogger("party");
const partyLoadedKey = sessionKey<true>("party.loaded");

/** The party directory of the running server (one per process). */
export const partyDirectory = createPartyDirectory();

/** See the module documentation. */
export const partyFeature: Feature = {
  name: "party",
  contracts: [partyCommandContract, partyStatusContract, partyMemberStatusContract],
  writers: [PARTY_OPERATION, PARTY_MEMBER_HP],
  handlers: (ctx) => ({
    [PARTY_HANDLERS.operation]: (session, reader, options) =>
      handlePartyOperation(ctx, partyDirectory, session, reader, options),
    [PARTY_HANDLERS.inviteReject]: (session, reader) => handlePartyInviteReject(ctx, session, reader),
  }),
  onSession(_ctx, session) {
    session.onClose(() => {
      if (session.characterId !== undefined) partyDirectory.forget(session.tenant, [session.characterId]);
    });
  },
  async onFieldEnter(ctx, session) {
    const characterId = session.characterId;
    if (!session.get(partyLoadedKey) && characterId !== undefined && ctx.rest) {
      session.set(partyLoadedKey, true);
      try {
        const party = await findPartyByMember(ctx.rest, session.tenant, characterId);
        if (party) {
          partyDirectory.remember(session.tenant, party);
          const view = partyView(party, session.channelId);
          ctx.send(session, PARTY_OPERATION, (w, o) => writePartyUpdate(w, o, session.tenant, view));
        }
      } catch (err) {
        log.warn("party lookup after login failed", { characterId, error: String(err) });
      }
    }
    exchangeHpOnEntry(ctx, partyDirectory, session);
  },
  start(ctx) {
    ctx.bus.subscribe(partyStatusContract, (d) => onPartyStatus(ctx, partyDirectory, d), {
      name: "party_status_event",
    });
    ctx.bus.subscribe(partyMemberStatusContract, (d) => onPartyMemberStatus(ctx, partyDirectory, d), {
      name: "party_member_status_event",
    });
    ctx.bus.subscribe(characterStatusContract, (d) => onHpChanged(ctx, partyDirectory, d), {
      name: "party_member_hp",
    });
  },
};
