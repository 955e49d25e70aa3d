/**
 * The client locks its item UI after an inventory request until the server answers. atlas-inventory
 * answers a successful request with asset events, but a failed one (no free slot, a stale slot, an
 * equip the character cannot wear) with nothing, which would leave the client frozen. So each request
 * published for a session arms a timer; the first answer (an inventory change, a compartment result,
 * "enable actions") settles it, and if none arrives in time the session gets "enable actions".
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";

/** How long a request may stay unanswered before the client is unlocked. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 3_000;

interface Pending {
  timer: ReturnType<typeof setTimeout>;
}

const pendingKey = sessionKey<Pending>("inventory.pendingAction");
const hookedKey = sessionKey<true>("inventory.pendingHooked");

/**
 * Arms (or re-arms) the session's answer timer: `unlock` runs after `timeoutMs` unless
 * {@link settlePendingAction} ran first or the session closed.
 */
export function awaitAnswer(
  session: Session,
  unlock: () => void,
  timeoutMs = DEFAULT_ANSWER_TIMEOUT_MS,
): void {
  settlePendingAction(session);
  if (session.isClosed) return;
  if (!session.get(hookedKey)) {
    session.set(hookedKey, true);
    session.onClose((s) => settlePendingAction(s));
  }
  const timer = setTimeout(() => {
    session.set(pendingKey, undefined);
    if (!session.isClosed) unlock();
  }, timeoutMs);
  session.set(pendingKey, { timer });
}

/** The server answered the session's request (or it no longer matters): disarm its timer. */
export function settlePendingAction(session: Session): void {
  const pending = session.get(pendingKey);
  if (!pending) return;
  clearTimeout(pending.timer);
  session.set(pendingKey, undefined);
}

/** Whether a request of the session is waiting for its answer. */
export function hasPendingAction(session: Session): boolean {
  return session.get(pendingKey) !== undefined;
}
