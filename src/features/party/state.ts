/**
 * Which party each character playing on this process is in, as atlas-parties last described it
 * (filled at login and by every party event that reads the party), so hot paths (HP changes, map
 * entry) find a character's party members without REST. A character is forgotten when its session
 * closes or its party disbands.
 * @module
 */
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import type { Party, PartyMember } from "./rest.ts";
import type { PartyMemberView, PartyView } from "./writers.ts";

/** The local party directory. */
export interface PartyDirectory {
  /** Records `party` for each of its members (replacing what was known). */
  remember(tenant: Tenant, party: Party): void;
  /** Forgets the characters' parties (a disband, a departure, a closed session). */
  forget(tenant: Tenant, characterIds: readonly number[]): void;
  /** The character's party, when known. */
  partyOf(tenant: Tenant, characterId: number): Party | undefined;
}

/** An empty directory. */
export function createPartyDirectory(): PartyDirectory {
  const byCharacter = new Map<string, Party>();
  const key = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
  return {
    remember(tenant, party) {
      for (const m of party.members) byCharacter.set(key(tenant, m.characterId), party);
    },
    forget(tenant, characterIds) {
      for (const id of characterIds) byCharacter.delete(key(tenant, id));
    },
    partyOf: (tenant, characterId) => byCharacter.get(key(tenant, characterId)),
  };
}

/** One member as a viewer on `viewerChannelId` sees it: channel −2 offline, map 0 elsewhere. */
function memberView(m: PartyMember, viewerChannelId: number): PartyMemberView {
  return {
    characterId: m.characterId,
    name: m.name,
    jobId: m.jobId,
    level: m.level,
    channelId: m.online ? m.channelId : -2,
    mapId: m.online && m.channelId === viewerChannelId ? m.mapId : 0,
  };
}

/** The party as a viewer on `viewerChannelId` sees it. */
export function partyView(party: Party, viewerChannelId: number): PartyView {
  return {
    id: party.id,
    leaderId: party.leaderId,
    members: party.members.map((m) => memberView(m, viewerChannelId)),
  };
}
