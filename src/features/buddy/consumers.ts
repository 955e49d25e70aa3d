/**
 * `EVENT_TOPIC_BUDDY_LIST_STATUS` (kafka-consumed.md §2.20) → `BuddyOperation` for the list owner's
 * session, when it plays on this process in the event's world (any channel of it):
 *
 * - `BUDDY_ADDED` / `BUDDY_REMOVED`: the whole list, re-read from atlas-buddies (the event carries only
 *   the one buddy; a pending request must disappear or appear with it).
 * - `BUDDY_UPDATED`: the one buddy's record; `BUDDY_CHANNEL_CHANGE`: its channel; `CAPACITY_CHANGE`: the
 *   capacity; `ERROR`: the client's notice for the code (unknown codes show the generic error).
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { type Session, sessionKey } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import { characterSession } from "../routing.ts";
import type { BuddyListStatusEvent } from "./messages.ts";
import { type BuddyEntry, type BuddyList, getBuddyList } from "./rest.ts";
import {
  BUDDY_OPERATION,
  buddyErrorOf,
  type BuddyLine,
  writeBuddyCapacity,
  writeBuddyChannelChange,
  writeBuddyError,
  writeBuddyList,
  writeBuddyUpdate,
} from "./writers.ts";

const log = getLogger("buddy");

/** A list entry as the client shows it. */
export function buddyLine(entry: BuddyEntry): BuddyLine {
  return {
    characterId: entry.characterId,
    name: entry.characterName,
    group: entry.group,
    channelId: entry.channelId,
    inShop: entry.inShop,
  };
}

/**
 * The list the login read for SetField's buddy capacity, kept until the first field entry sends it, so a
 * login reads atlas-buddies once rather than twice.
 */
export const loginBuddyListKey = sessionKey<BuddyList>("buddy.readAtLogin");

/**
 * Sends the owner's whole list: `list` when given (read moments ago), else read from atlas-buddies; false
 * when it could not.
 */
export async function sendBuddyList(
  ctx: FeatureContext,
  session: Session,
  list?: BuddyList,
): Promise<boolean> {
  const rest = ctx.rest;
  const characterId = session.characterId;
  if (characterId === undefined || (!rest && !list)) return false;
  let buddies: BuddyEntry[];
  try {
    buddies = (list ?? await getBuddyList(rest!, session.tenant, characterId)).buddies;
  } catch (err) {
    log.warn("buddy list lookup failed; list not sent", { characterId, error: String(err) });
    return false;
  }
  if (session.isClosed) return false;
  const lines = buddies.map(buddyLine);
  return ctx.send(session, BUDDY_OPERATION, (w, o) => writeBuddyList(w, o, lines));
}

/** Handles one buddy-list status event. */
export async function onBuddyListStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Delivery<BuddyListStatusEvent>,
): Promise<void> {
  const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  if (!session) return;
  switch (event.type) {
    case "BUDDY_ADDED":
    case "BUDDY_REMOVED":
      await sendBuddyList(ctx, session);
      return;
    case "BUDDY_UPDATED": {
      const line = { ...event.body, name: event.body.characterName };
      ctx.send(session, BUDDY_OPERATION, (w, o) => writeBuddyUpdate(w, o, line));
      return;
    }
    case "BUDDY_CHANNEL_CHANGE":
      ctx.send(
        session,
        BUDDY_OPERATION,
        (w, o) => writeBuddyChannelChange(w, o, event.body.characterId, event.body.channelId),
      );
      return;
    case "CAPACITY_CHANGE":
      ctx.send(session, BUDDY_OPERATION, (w, o) => writeBuddyCapacity(w, o, event.body.capacity));
      return;
    case "ERROR": {
      const error = buddyErrorOf(event.body.error);
      ctx.send(session, BUDDY_OPERATION, (w, o) => writeBuddyError(w, o, tenant, error));
      return;
    }
  }
}
