/**
 * The messenger domain (kafka-produced.md §4.13, kafka-consumed.md §2.27):
 *
 * - `MessengerOperationHandle`: `ANSWER_INVITE` with messenger id 0 opens a messenger (`CREATE`), any
 *   other id accepts its invitation (invite `ACCEPT`); `CLOSE` → `LEAVE`; `INVITE` (name) →
 *   `REQUEST_INVITE` and `INVITE_SENT` (failed for an unknown name); `DECLINE_INVITE` (inviter's name,
 *   own name, 0) → invite `REJECT`; `CHAT` (text) → `COMMAND_TOPIC_CHARACTER_CHAT` `MESSENGER` to the
 *   other members (the chat domain shows the line when atlas-messages routes it back).
 * - `JOINED` → `ADD` of the joiner to the other members here, and `JOIN` plus one `ADD` per other member
 *   to the joiner; `LEFT` → `REMOVE` of the slot to the remaining members and the one who left.
 * - `MESSENGER` invites: the invitee sees `REQUEST_INVITE`, the inviter a decline as `INVITE_DECLINED`.
 * - A member's worn items change (the inventory domain tells {@link showMessengerLook}) → `UPDATE` (its
 *   slot and new look) to every member here, itself included, as the reference.
 *
 * Rooms are read from atlas-messengers on `JOINED`/`LEFT` and kept in a local directory, so chat lines
 * find their recipients without REST; looks come from the members' sessions here (the login cache), else
 * one character load each.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionName } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { loadCharacterData } from "../character/data.ts";
import { type AvatarLook, lookOf } from "../character/look.ts";
import { chatCommandContract } from "../chat/messages.ts";
import { fieldOf } from "../chat/targets.ts";
import { characterNamed } from "../invite/counterparts.ts";
import type { InviteRenderer } from "../invite/consumers.ts";
import { publishInviteAnswer } from "../party/handlers.ts";
import { characterSession } from "../routing.ts";
import { messengerCommandContract, messengerStatusContract, type MessengerStatusEvent } from "./messages.ts";
import { findMessengerByMember, getMessenger, type Messenger } from "./rest.ts";
import {
  MESSENGER_OPERATION,
  writeMessengerAdd,
  writeMessengerInvite,
  writeMessengerInviteDeclined,
  writeMessengerInviteSent,
  writeMessengerJoin,
  writeMessengerRemove,
  writeMessengerUpdate,
} from "./writers.ts";

const log = getLogger("messenger");

/** The handler name, as the reference registers it. */
export const MESSENGER_OPERATION_HANDLE = "MessengerOperationHandle";

/** Which messenger each character here is in, as last read. */
const rooms = new Map<string, Messenger>();
const roomKey = (tenant: Tenant, characterId: number) => `${tenantIdentity(tenant)}|${characterId}`;
function rememberRoom(tenant: Tenant, room: Messenger): void {
  for (const m of room.members) rooms.set(roomKey(tenant, m.characterId), room);
}

/**
 * `session`'s character now wears `look`: its slot and look (`UPDATE`) to every member of its messenger
 * playing here, from the local room directory (no look-up; nothing when it is in no room).
 */
export function showMessengerLook(
  ctx: Pick<FeatureContext, "presence" | "send">,
  session: Session,
  look: AvatarLook,
): void {
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const room = rooms.get(roomKey(session.tenant, characterId));
  const me = room?.members.find((m) => m.characterId === characterId);
  if (!room || !me) return;
  for (const m of room.members) {
    const s = characterSession(ctx, session.tenant, m.characterId, { worldId: session.worldId });
    if (s) ctx.send(s, MESSENGER_OPERATION, (w, o) => writeMessengerUpdate(w, o, s.tenant, me.slot, look));
  }
}

/** A decoded messenger operation packet. */
export type MessengerRequest =
  | { readonly kind: "ANSWER_INVITE"; readonly messengerId: number }
  | { readonly kind: "CLOSE" }
  | { readonly kind: "INVITE"; readonly name: string }
  | { readonly kind: "DECLINE_INVITE"; readonly fromName: string }
  | { readonly kind: "CHAT"; readonly message: string }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a messenger operation packet (a short one throws `PacketReadError`). */
export function readMessengerOperation(reader: PacketReader, options: HandlerOptions): MessengerRequest {
  const op = reader.byte();
  switch (optionName(options, "operations", op)) {
    case "ANSWER_INVITE":
      return { kind: "ANSWER_INVITE", messengerId: reader.uint32() };
    case "CLOSE":
      return { kind: "CLOSE" };
    case "INVITE":
      return { kind: "INVITE", name: reader.string() };
    case "DECLINE_INVITE": {
      const fromName = reader.string();
      reader.string(); // the decliner's own name
      reader.byte();
      return { kind: "DECLINE_INVITE", fromName };
    }
    case "CHAT":
      return { kind: "CHAT", message: reader.string() };
    default:
      return { kind: "UNKNOWN", op };
  }
}

async function roomOf(
  ctx: FeatureContext,
  session: Session,
  characterId: number,
): Promise<Messenger | undefined> {
  const known = rooms.get(roomKey(session.tenant, characterId));
  if (known || !ctx.rest) return known;
  try {
    const found = await findMessengerByMember(ctx.rest, session.tenant, characterId);
    if (found) rememberRoom(session.tenant, found);
    return found;
  } catch (err) {
    log.warn("messenger lookup failed", { characterId, error: String(err) });
    return undefined;
  }
}

async function publishMessenger(
  ctx: FeatureContext,
  session: Session,
  actorId: number,
  command:
    | { type: "CREATE"; body: Record<string, never> }
    | { type: "LEAVE"; body: { messengerId: number } }
    | {
      type: "REQUEST_INVITE";
      body: { characterId: number };
    },
): Promise<void> {
  await ctx.bus.publish(messengerCommandContract, {
    transactionId: crypto.randomUUID(),
    actorId,
    ...command,
  }, { tenant: session.tenant, key: actorId });
}

/** Handles one messenger operation packet of a logged-in session. */
export async function handleMessengerOperation(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readMessengerOperation(reader, options);
  const actorId = session.characterId;
  if (actorId === undefined) return;
  switch (request.kind) {
    case "UNKNOWN":
      log.warn("unhandled messenger operation", { characterId: actorId, op: request.op });
      return;
    case "ANSWER_INVITE":
      if (request.messengerId === 0) {
        await publishMessenger(ctx, session, actorId, { type: "CREATE", body: {} });
        return;
      }
      await publishInviteAnswer(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId: session.worldId,
        inviteType: "MESSENGER",
        type: "ACCEPT",
        body: { targetId: actorId, referenceId: request.messengerId },
      });
      return;
    case "CLOSE": {
      const room = await roomOf(ctx, session, actorId);
      if (!room) {
        log.warn("messenger close without a messenger; dropped", { characterId: actorId });
        return;
      }
      await publishMessenger(ctx, session, actorId, { type: "LEAVE", body: { messengerId: room.id } });
      return;
    }
    case "INVITE": {
      const target = await characterNamed(ctx, session.tenant, request.name);
      if (!target) {
        ctx.send(session, MESSENGER_OPERATION, (w, o) => writeMessengerInviteSent(w, o, request.name, false));
        return;
      }
      await publishMessenger(ctx, session, actorId, {
        type: "REQUEST_INVITE",
        body: { characterId: target.id },
      });
      ctx.send(session, MESSENGER_OPERATION, (w, o) => writeMessengerInviteSent(w, o, request.name, true));
      return;
    }
    case "DECLINE_INVITE": {
      const originator = await characterNamed(ctx, session.tenant, request.fromName);
      if (!originator) {
        log.warn("messenger invite declined for an unknown inviter; nothing sent", { characterId: actorId });
        return;
      }
      await publishInviteAnswer(ctx, session, {
        transactionId: crypto.randomUUID(),
        worldId: session.worldId,
        inviteType: "MESSENGER",
        type: "REJECT",
        body: { targetId: actorId, originatorId: originator.id },
      });
      return;
    }
    case "CHAT": {
      const at = fieldOf(ctx, session);
      const room = await roomOf(ctx, session, actorId);
      if (!at || !room) {
        log.warn("messenger chat outside a messenger; dropped", { characterId: actorId });
        return;
      }
      const recipients = room.members.map((m) => m.characterId).filter((id) => id !== actorId);
      await ctx.bus.publish(chatCommandContract, {
        worldId: at.worldId,
        channelId: at.channelId,
        mapId: at.mapId,
        actorId,
        message: request.message,
        type: "MESSENGER",
        body: { recipients },
      }, { tenant: session.tenant, key: actorId });
      return;
    }
  }
}

/** A member's look: from its session here, else loaded (inventory and pets) from the services. */
async function lookOfMember(
  ctx: FeatureContext,
  tenant: Tenant,
  characterId: number,
): Promise<AvatarLook | undefined> {
  const local = ctx.presence.sessionOfCharacter(tenant, characterId)?.get(CHARACTER_DATA);
  if (local) return lookOf(local);
  if (!ctx.rest) return undefined;
  try {
    return lookOf(await loadCharacterData(ctx.rest, tenant, characterId, { skills: false }));
  } catch (err) {
    log.warn("messenger member lookup failed; not shown", { characterId, error: String(err) });
    return undefined;
  }
}

/** Handles one messenger status event (`JOINED`, `LEFT`; the others are ignored). */
export async function onMessengerStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Delivery<MessengerStatusEvent>,
): Promise<void> {
  if (event.type !== "JOINED" && event.type !== "LEFT") return;
  if (!ctx.rest) return;
  let room: Messenger;
  try {
    room = await getMessenger(ctx.rest, tenant, event.messengerId);
  } catch (err) {
    log.warn("messenger lookup failed; event dropped", {
      messengerId: event.messengerId,
      error: String(err),
    });
    return;
  }
  rememberRoom(tenant, room);
  const where = { worldId: event.worldId };
  const sessionOf = (id: number) => characterSession(ctx, tenant, id, where);
  if (event.type === "LEFT") {
    rooms.delete(roomKey(tenant, event.actorId));
    const ids = new Set([...room.members.map((m) => m.characterId), event.actorId]);
    for (const id of ids) {
      const s = sessionOf(id);
      if (s) ctx.send(s, MESSENGER_OPERATION, (w, o) => writeMessengerRemove(w, o, event.body.slot));
    }
    return;
  }
  const joiner = room.members.find((m) => m.characterId === event.actorId);
  const joinerLook = joiner && await lookOfMember(ctx, tenant, event.actorId);
  if (!joiner || !joinerLook) return;
  const others = room.members.filter((m) => m.characterId !== event.actorId);
  const joinerSeat = {
    slot: event.body.slot,
    look: joinerLook,
    name: joiner.name,
    channelId: joiner.channelId,
  };
  for (const m of others) {
    const s = sessionOf(m.characterId);
    if (s) ctx.send(s, MESSENGER_OPERATION, (w, o) => writeMessengerAdd(w, o, s.tenant, joinerSeat));
  }
  const own = sessionOf(event.actorId);
  if (!own) return;
  ctx.send(own, MESSENGER_OPERATION, (w, o) => writeMessengerJoin(w, o, event.body.slot));
  for (const m of others) {
    const look = await lookOfMember(ctx, tenant, m.characterId);
    if (!look) continue;
    const seat = { slot: m.slot, look, name: m.name, channelId: m.channelId };
    ctx.send(own, MESSENGER_OPERATION, (w, o) => writeMessengerAdd(w, o, own.tenant, seat));
  }
}

/** The `MESSENGER` invite renderer. */
export const messengerInviteRenderer: InviteRenderer = {
  created(ctx, target, originator, event) {
    ctx.send(
      target,
      MESSENGER_OPERATION,
      (w, o) => writeMessengerInvite(w, o, originator.name, event.referenceId),
    );
  },
  rejected(ctx, originator, target) {
    ctx.send(originator, MESSENGER_OPERATION, (w, o) => writeMessengerInviteDeclined(w, o, target.name));
  },
};

/** See the module documentation. `MessengerOperation` is declared by the chat feature. */
export const messengerFeature: Feature = {
  name: "messenger",
  contracts: [messengerCommandContract, messengerStatusContract],
  handlers: (ctx) => ({
    [MESSENGER_OPERATION_HANDLE]: (session, reader, options) =>
      handleMessengerOperation(ctx, session, reader, options),
  }),
  onSession(_ctx, session) {
    session.onClose(() => {
      if (session.characterId !== undefined) rooms.delete(roomKey(session.tenant, session.characterId));
    });
  },
  start(ctx) {
    ctx.bus.subscribe(messengerStatusContract, (delivery) => onMessengerStatus(ctx, delivery), {
      name: "messenger_status_event",
    });
  },
};
