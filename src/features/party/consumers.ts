/**
 * atlas-parties' events → `PartyOperation` (kafka-consumed.md §2.30, §2.31), and `PartyMemberHP`.
 * Every event is for the event's world; each member is reached through its session on this process
 * (members elsewhere are skipped one by one), and each viewer's table shows maps only for members on
 * its own channel. The party read for an event also refreshes the local {@link PartyDirectory}.
 *
 * - `CREATED` → "created" to the leader; `JOINED` → "join" (joiner's name) to every member;
 *   `LEFT` / `EXPEL` → "leave" / "expel" to the remaining members and to the one who left;
 *   `DISBAND` → "disband" to the listed members and the actor (no look-up: the party is gone);
 *   `CHANGE_LEADER` → "change leader" to every member (once each: the reference sent the new leader a
 *   second copy); `ERROR` → the error form to the actor.
 * - member `LOGIN` / `LOGOUT` → "update" to every member.
 * - `STAT_CHANGED` naming `HP` or `MAX_HP` → `PartyMemberHP` to the party members in the same map; the
 *   new values are read only when such a member plays here.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { Session } from "../../net/session.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import type { CharacterStatusEvent } from "../character/messages.ts";
import { getCharacter } from "../character/rest.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import { counterpart } from "../invite/counterparts.ts";
import { characterSession } from "../routing.ts";
import type { PartyMemberStatusEvent, PartyStatusEvent } from "./messages.ts";
import { getParty, type Party } from "./rest.ts";
import { type PartyDirectory, partyView } from "./state.ts";
import {
  PARTY_MEMBER_HP,
  PARTY_OPERATION,
  writePartyChangeLeader,
  writePartyCreated,
  writePartyDisband,
  writePartyError,
  writePartyJoin,
  writePartyLeft,
  writePartyMemberHp,
  writePartyUpdate,
} from "./writers.ts";

const log = getLogger("party");

/** What the party consumers use. */
export type PartyContext = Pick<FeatureContext, "presence" | "rest" | "send" | "channels">;

async function readParty(
  ctx: PartyContext,
  directory: PartyDirectory,
  tenant: Tenant,
  partyId: number,
): Promise<Party | undefined> {
  if (!ctx.rest) return undefined;
  try {
    const party = await getParty(ctx.rest, tenant, partyId);
    directory.remember(tenant, party);
    return party;
  } catch (err) {
    log.warn("party lookup failed; event dropped", { partyId, error: String(err) });
    return undefined;
  }
}

/** The sessions here of `ids` in `worldId`, each once. */
function sessionsOf(ctx: PartyContext, tenant: Tenant, worldId: number, ids: Iterable<number>): Session[] {
  const found: Session[] = [];
  for (const id of new Set(ids)) {
    const session = characterSession(ctx, tenant, id, { worldId });
    if (session) found.push(session);
  }
  return found;
}

/** Handles one party status event. */
export async function onPartyStatus(
  ctx: PartyContext,
  directory: PartyDirectory,
  { value: event, tenant }: Delivery<PartyStatusEvent>,
): Promise<void> {
  const { worldId, partyId, actorId } = event;
  switch (event.type) {
    case "CREATED": {
      const party = await readParty(ctx, directory, tenant, partyId);
      if (!party) return;
      const leader = characterSession(ctx, tenant, party.leaderId, { worldId });
      if (leader) ctx.send(leader, PARTY_OPERATION, (w, o) => writePartyCreated(w, o, party.id));
      return;
    }
    case "JOINED": {
      const party = await readParty(ctx, directory, tenant, partyId);
      if (!party) return;
      const joiner = party.members.find((m) => m.characterId === actorId);
      const name = joiner?.name ?? (await counterpart(ctx, tenant, actorId))?.name ?? "";
      for (const s of sessionsOf(ctx, tenant, worldId, party.members.map((m) => m.characterId))) {
        const view = partyView(party, s.channelId);
        ctx.send(s, PARTY_OPERATION, (w, o) => writePartyJoin(w, o, s.tenant, view, name));
      }
      return;
    }
    case "LEFT":
    case "EXPEL": {
      const memberId = event.type === "EXPEL" ? event.body.characterId : actorId;
      const [party, member] = await Promise.all([
        readParty(ctx, directory, tenant, partyId),
        counterpart(ctx, tenant, memberId),
      ]);
      if (!party || !member) return;
      directory.forget(tenant, [memberId]);
      const ids = [...party.members.map((m) => m.characterId), memberId];
      for (const s of sessionsOf(ctx, tenant, worldId, ids)) {
        const view = partyView(party, s.channelId);
        ctx.send(
          s,
          PARTY_OPERATION,
          (w, o) => writePartyLeft(w, o, s.tenant, view, member, event.type === "EXPEL"),
        );
      }
      return;
    }
    case "DISBAND": {
      const ids = [...event.body.members, actorId];
      directory.forget(tenant, ids);
      for (const s of sessionsOf(ctx, tenant, worldId, ids)) {
        ctx.send(s, PARTY_OPERATION, (w, o) => writePartyDisband(w, o, partyId, actorId));
      }
      return;
    }
    case "CHANGE_LEADER": {
      const party = await readParty(ctx, directory, tenant, partyId);
      if (!party) return;
      const { characterId, disconnected } = event.body;
      for (const s of sessionsOf(ctx, tenant, worldId, party.members.map((m) => m.characterId))) {
        ctx.send(s, PARTY_OPERATION, (w, o) => writePartyChangeLeader(w, o, characterId, disconnected));
      }
      return;
    }
    case "ERROR": {
      const actor = characterSession(ctx, tenant, actorId, { worldId });
      if (!actor) return;
      const { type: code, characterName } = event.body;
      ctx.send(actor, PARTY_OPERATION, (w, o) => writePartyError(w, o, code, characterName));
      return;
    }
  }
}

/** Sends every member here the party's table ("update"). */
export function sendPartyUpdate(ctx: PartyContext, tenant: Tenant, worldId: number, party: Party): void {
  for (const s of sessionsOf(ctx, tenant, worldId, party.members.map((m) => m.characterId))) {
    const view = partyView(party, s.channelId);
    ctx.send(s, PARTY_OPERATION, (w, o) => writePartyUpdate(w, o, s.tenant, view));
  }
}

/** Handles one party member status event (`LOGIN` / `LOGOUT`; the others are ignored). */
export async function onPartyMemberStatus(
  ctx: PartyContext,
  directory: PartyDirectory,
  { value: event, tenant }: Delivery<PartyMemberStatusEvent>,
): Promise<void> {
  if (event.type !== "LOGIN" && event.type !== "LOGOUT") return;
  const party = await readParty(ctx, directory, tenant, event.partyId);
  if (party) sendPartyUpdate(ctx, tenant, event.worldId, party);
}

/** The sessions of `session`'s party members in its map (itself excluded), from local state only. */
export function partyMembersInMap(ctx: PartyContext, directory: PartyDirectory, session: Session): Session[] {
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  if (characterId === undefined || mapId === undefined) return [];
  const party = directory.partyOf(session.tenant, characterId);
  if (!party) return [];
  const where = { worldId: session.worldId, channelId: session.channelId };
  const found: Session[] = [];
  for (const m of party.members) {
    if (m.characterId === characterId) continue;
    const other = characterSession(ctx, session.tenant, m.characterId, where);
    if (other && ctx.presence.mapOf(other) === mapId) found.push(other);
  }
  return found;
}

/** `STAT_CHANGED` with HP or MAX_HP: the new HP to the party members in the character's map. */
export async function onHpChanged(
  ctx: PartyContext,
  directory: PartyDirectory,
  { value: event, tenant }: Delivery<CharacterStatusEvent>,
): Promise<void> {
  if (event.type !== "STAT_CHANGED") return;
  if (!event.body.updates.some((u) => u === "HP" || u === "MAX_HP")) return;
  const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  if (!session) return;
  const others = partyMembersInMap(ctx, directory, session);
  if (others.length === 0 || !ctx.rest) return;
  let hp: number;
  let maxHp: number;
  try {
    ({ hp, maxHp } = await getCharacter(ctx.rest, tenant, event.characterId));
  } catch (err) {
    log.warn("character lookup for a party HP update failed", {
      characterId: event.characterId,
      error: String(err),
    });
    return;
  }
  const line = { characterId: event.characterId, hp, maxHp };
  for (const other of others) ctx.send(other, PARTY_MEMBER_HP, (w) => writePartyMemberHp(w, line));
}

/** On map entry: the newcomer's HP to its party members in the map, and theirs to it (cached values). */
export function exchangeHpOnEntry(ctx: PartyContext, directory: PartyDirectory, session: Session): void {
  const others = partyMembersInMap(ctx, directory, session);
  const hpOf = (s: Session) => {
    const c = s.get(loggedInCharacterKey);
    return c && { characterId: c.id, hp: c.hp, maxHp: c.maxHp };
  };
  const mine = hpOf(session);
  for (const other of others) {
    const theirs = hpOf(other);
    if (mine) ctx.send(other, PARTY_MEMBER_HP, (w) => writePartyMemberHp(w, mine));
    if (theirs) ctx.send(session, PARTY_MEMBER_HP, (w) => writePartyMemberHp(w, theirs));
  }
}
