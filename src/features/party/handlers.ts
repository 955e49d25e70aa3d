/**
 * `PartyOperationHandle` and `PartyInviteRejectHandle` → `COMMAND_TOPIC_PARTY` / `COMMAND_TOPIC_INVITE`
 * (kafka-produced.md §4.10, §4.31). The operation byte is named by the handler's `operations` codes.
 *
 * - `CREATE` → `CREATE`; `JOIN` (party id) → invite `ACCEPT` (`PARTY`).
 * - `LEAVE` → `LEAVE` with `force: false`; `CHANGE_LEADER` (new leader) → `CHANGE_LEADER`.
 * - `EXPEL` (member) → `LEAVE` with `force: true` and **the expelled member as `actorId`**, which is
 *   whom atlas-parties removes (the reference sent the leader, who was then removed instead). Because
 *   atlas-parties cannot tell who asked, the channel sends it only when the session's character leads
 *   the party and the target is a member.
 * - `INVITE` (name) → `REQUEST_INVITE` for a character playing on this channel; otherwise the client's
 *   "cannot find the character" / "not in this channel" notice, and nothing is produced.
 * - `PartyInviteRejectHandle` (a byte, the inviter's name) → invite `REJECT` (`PARTY`).
 *
 * The party of a leave/expel/leader change is taken from the local directory, else read from
 * atlas-parties; without a party nothing is produced.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionName } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { type InviteCommand, inviteCommandContract } from "../invite/messages.ts";
import { characterNamed } from "../invite/counterparts.ts";
import { characterSession } from "../routing.ts";
import { type PartyCommand, partyCommandContract } from "./messages.ts";
import { findPartyByMember, type Party } from "./rest.ts";
import type { PartyDirectory } from "./state.ts";
import { PARTY_OPERATION, writePartyError } from "./writers.ts";

const log = getLogger("party");

/** Handler names, as the reference registers them. */
export const PARTY_HANDLERS = {
  operation: "PartyOperationHandle",
  inviteReject: "PartyInviteRejectHandle",
} as const;

/** A decoded party operation packet. */
export type PartyRequest =
  | { readonly kind: "CREATE" }
  | { readonly kind: "LEAVE" }
  | { readonly kind: "JOIN"; readonly partyId: number }
  | { readonly kind: "EXPEL"; readonly targetId: number }
  | { readonly kind: "CHANGE_LEADER"; readonly targetId: number }
  | { readonly kind: "INVITE"; readonly name: string }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a party operation packet (a short one throws `PacketReadError`). */
export function readPartyOperation(reader: PacketReader, options: HandlerOptions): PartyRequest {
  const op = reader.byte();
  const kind = optionName(options, "operations", op);
  switch (kind) {
    case "CREATE":
      return { kind };
    case "LEAVE":
      return { kind };
    case "JOIN":
      return { kind, partyId: reader.uint32() };
    case "EXPEL":
      return { kind, targetId: reader.uint32() };
    case "CHANGE_LEADER":
      return { kind, targetId: reader.uint32() };
    case "INVITE":
      return { kind, name: reader.string() };
    default:
      return { kind: "UNKNOWN", op };
  }
}

async function partyOf(
  ctx: FeatureContext,
  directory: PartyDirectory,
  session: Session,
  characterId: number,
): Promise<Party | undefined> {
  const known = directory.partyOf(session.tenant, characterId);
  if (known || !ctx.rest) return known;
  try {
    const found = await findPartyByMember(ctx.rest, session.tenant, characterId);
    if (found) directory.remember(session.tenant, found);
    return found;
  } catch (err) {
    log.warn("party lookup failed", { characterId, error: String(err) });
    return undefined;
  }
}

async function publishParty(ctx: FeatureContext, session: Session, command: PartyCommand): Promise<void> {
  await ctx.bus.publish(partyCommandContract, command, { tenant: session.tenant, key: command.actorId });
}

/** Publishes an invite answer of the session's character. */
export async function publishInviteAnswer(
  ctx: FeatureContext,
  session: Session,
  command: InviteCommand,
): Promise<void> {
  await ctx.bus.publish(inviteCommandContract, command, {
    tenant: session.tenant,
    key: command.body.targetId,
  });
}

/** Handles one party operation packet of a logged-in session. */
export async function handlePartyOperation(
  ctx: FeatureContext,
  directory: PartyDirectory,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readPartyOperation(reader, options);
  const actorId = session.characterId;
  if (actorId === undefined) return;
  const fields = { characterId: actorId, sessionId: session.id };
  const notice = (code: string, name: string) =>
    ctx.send(session, PARTY_OPERATION, (w, o) => writePartyError(w, o, code, name));
  switch (request.kind) {
    case "UNKNOWN":
      log.warn("unhandled party operation", { ...fields, op: request.op });
      return;
    case "CREATE":
      await publishParty(ctx, session, { actorId, type: "CREATE", body: {} });
      return;
    case "JOIN":
      await publishInviteAnswer(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId: session.worldId,
        inviteType: "PARTY",
        type: "ACCEPT",
        body: { targetId: actorId, referenceId: request.partyId },
      });
      return;
    case "INVITE": {
      const target = await characterNamed(ctx, session.tenant, request.name);
      if (!target) {
        notice("UNABLE_TO_FIND_THE_CHARACTER", request.name);
        return;
      }
      const where = { worldId: session.worldId, channelId: session.channelId };
      if (!characterSession(ctx, session.tenant, target.id, where)) {
        notice("UNABLE_TO_FIND_THE_REQUESTED_CHARACTER_IN_THIS_CHANNEL", request.name);
        return;
      }
      await publishParty(ctx, session, { actorId, type: "REQUEST_INVITE", body: { characterId: target.id } });
      return;
    }
    case "LEAVE":
    case "EXPEL":
    case "CHANGE_LEADER": {
      const party = await partyOf(ctx, directory, session, actorId);
      if (!party) {
        log.warn(`party ${request.kind} without a party; dropped`, fields);
        return;
      }
      if (request.kind === "LEAVE") {
        await publishParty(ctx, session, {
          actorId,
          type: "LEAVE",
          body: { partyId: party.id, force: false },
        });
        return;
      }
      if (request.kind === "CHANGE_LEADER") {
        await publishParty(ctx, session, {
          actorId,
          type: "CHANGE_LEADER",
          body: { partyId: party.id, leaderId: request.targetId },
        });
        return;
      }
      if (party.leaderId !== actorId || !party.members.some((m) => m.characterId === request.targetId)) {
        log.warn("party expel by a non-leader or of a non-member; dropped", {
          ...fields,
          target: request.targetId,
        });
        return;
      }
      await publishParty(ctx, session, {
        actorId: request.targetId,
        type: "LEAVE",
        body: { partyId: party.id, force: true },
      });
      return;
    }
  }
}

/** `PartyInviteRejectHandle`: a byte the client always sends, then the inviter's name. */
export async function handlePartyInviteReject(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  await rejectInviteFrom(ctx, session, reader, "PARTY");
}

/**
 * An invite-reject packet (a byte the client always sends, then the inviter's name) → the invite
 * service's `REJECT` for `inviteType`; an unknown inviter is logged and nothing is sent.
 */
export async function rejectInviteFrom(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  inviteType: "PARTY" | "GUILD",
): Promise<void> {
  reader.byte();
  const from = reader.string();
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const originator = await characterNamed(ctx, session.tenant, from);
  if (!originator) {
    log.warn(`${inviteType.toLowerCase()} invite rejected for an unknown inviter; nothing sent`, {
      characterId,
      from,
    });
    return;
  }
  await publishInviteAnswer(ctx, session, {
    transactionId: crypto.randomUUID(),
    worldId: session.worldId,
    inviteType,
    type: "REJECT",
    body: { targetId: characterId, originatorId: originator.id },
  });
}
