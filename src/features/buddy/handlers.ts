/**
 * `BuddyOperationHandle` (the client's `CField::SendSetFriendMsg` / accept / delete): an operation byte
 * (named by the handler's configured `operations` codes), then the operation's fields.
 *
 * - `ADD`: name and group → `REQUEST_ADD` to atlas-buddies for the character of that name in the
 *   session's world. Unlike the reference, an unknown name (or one of another world) is answered with
 *   the client's "character not found" notice instead of silence; a name or group outside the client's
 *   limits (4–13 and ≤ 16 bytes) is dropped with a log line (the reference destroyed the session).
 * - `ACCEPT`: the requester's id → invite `ACCEPT` (`BUDDY`, reference id = the requester).
 * - `DELETE`: a buddy's id → `REQUEST_DELETE` (removes a buddy, and also declines a pending request).
 * - `RELOAD`: nothing, as in the reference (the list arrives at login and on every change).
 *
 * The acting character and its world always come from the session.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionName } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { characterNamed } from "../invite/counterparts.ts";
import { inviteCommandContract } from "../invite/messages.ts";
import { type BuddyListCommand, buddyListCommandContract } from "./messages.ts";
import { BUDDY_OPERATION, writeBuddyError } from "./writers.ts";

const log = getLogger("buddy");

/** The handler name, as the reference registers it. */
export const BUDDY_OPERATION_HANDLE = "BuddyOperationHandle";

/** A decoded buddy operation packet. */
export type BuddyRequest =
  | { readonly kind: "RELOAD" }
  | { readonly kind: "ADD"; readonly name: string; readonly group: string }
  | { readonly kind: "ACCEPT"; readonly fromCharacterId: number }
  | { readonly kind: "DELETE"; readonly characterId: number }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a buddy operation packet (a short one throws `PacketReadError`). */
export function readBuddyOperation(reader: PacketReader, options: HandlerOptions): BuddyRequest {
  const op = reader.byte();
  switch (optionName(options, "operations", op)) {
    case "RELOAD":
      return { kind: "RELOAD" };
    case "ADD": {
      const name = reader.string();
      const group = reader.string();
      return { kind: "ADD", name, group };
    }
    case "ACCEPT":
      return { kind: "ACCEPT", fromCharacterId: reader.uint32() };
    case "DELETE":
      return { kind: "DELETE", characterId: reader.uint32() };
    default:
      return { kind: "UNKNOWN", op };
  }
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

async function publishBuddyCommand(ctx: FeatureContext, session: Session, command: BuddyListCommand) {
  await ctx.bus.publish(buddyListCommandContract, command, {
    tenant: session.tenant,
    key: command.characterId,
  });
}

/** Handles one buddy operation packet of a logged-in session. */
export async function handleBuddyOperation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readBuddyOperation(reader, options);
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const worldId = session.worldId;
  const fields = { characterId, sessionId: session.id };
  switch (request.kind) {
    case "RELOAD":
      log.debug("buddy list reload asked; nothing to do", fields);
      return;
    case "UNKNOWN":
      log.warn("unhandled buddy operation", { ...fields, op: request.op });
      return;
    case "ADD": {
      const nameLength = byteLength(request.name);
      if (nameLength < 4 || nameLength > 13 || byteLength(request.group) > 16) {
        log.warn("buddy add with a name or group out of range; dropped", { ...fields, name: request.name });
        return;
      }
      const target = await characterNamed(ctx, session.tenant, request.name);
      if (!target || target.worldId !== worldId) {
        ctx.send(
          session,
          BUDDY_OPERATION,
          (w, o) => writeBuddyError(w, o, session.tenant, "CHARACTER_NOT_FOUND"),
        );
        return;
      }
      await publishBuddyCommand(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId,
        characterId,
        type: "REQUEST_ADD",
        body: { characterId: target.id, group: request.group },
      });
      return;
    }
    case "ACCEPT":
      await ctx.bus.publish(inviteCommandContract, {
        transactionId: crypto.randomUUID(),
        worldId,
        inviteType: "BUDDY",
        type: "ACCEPT",
        body: { targetId: characterId, referenceId: request.fromCharacterId },
      }, { tenant: session.tenant, key: characterId });
      return;
    case "DELETE":
      await publishBuddyCommand(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId,
        characterId,
        type: "REQUEST_DELETE",
        body: { characterId: request.characterId },
      });
      return;
  }
}
