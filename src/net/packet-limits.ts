/**
 * Per-session inbound packet budgets: token buckets per packet class (movement, chat, everything else)
 * and one for all packets, so one client cannot make the server relay more than a real client could
 * send. Packets over budget are dropped and counted; a session that keeps sending over budget (its
 * excess outgrows what a burst explains) is a flood and is disconnected.
 * @module
 */

/** What a packet is, for its budget. */
export type PacketClass = "movement" | "chat" | "other";

/** Rates in packets per second; each bucket holds two seconds' worth (a burst). */
export interface PacketLimits {
  /** Every inbound packet, whatever its kind (garbage included). */
  readonly totalPerSecond: number;
  /** Character, monster, pet and NPC movement. */
  readonly movementPerSecond: number;
  /** Chat lines, whispers and other text that others see. */
  readonly chatPerSecond: number;
  /** Every other handled packet. */
  readonly otherPerSecond: number;
  /**
   * Dropped packets tolerated; the count drains completely in ten seconds, so a client over budget now
   * and then never reaches it, while one that stays over budget (or floods) does and is disconnected.
   */
  readonly floodExcess: number;
}

/**
 * Defaults no honest client reaches: a client moves its character about 2–10 times a second, its
 * controlled monsters about once a second each, and the chat box is throttled by the client itself.
 */
export const DEFAULT_PACKET_LIMITS: Readonly<PacketLimits> = Object.freeze({
  totalPerSecond: 200,
  movementPerSecond: 120,
  chatPerSecond: 8,
  otherPerSecond: 100,
  floodExcess: 400,
});

const MOVEMENT_HANDLERS = new Set([
  "CharacterMoveHandle",
  "MonsterMovementHandle",
  "PetMovementHandle",
  "NPCActionHandle",
  "SummonMoveHandle",
  "DragonMoveHandle",
]);

/** By the reference's (canonical) handler names. */
const CHAT_HANDLERS = new Set([
  "CharacterChatGeneralHandle",
  "CharacterChatMultiHandle",
  "CharacterChatWhisperHandle",
  "MessengerOperationHandle",
  "PetChatHandle",
  "CharacterExpressionHandle",
  "NoteOperationHandle",
  "GuildBBSHandle",
]);

/** The class of a handler (by the reference's name). */
export function packetClassOf(handlerName: string): PacketClass {
  if (MOVEMENT_HANDLERS.has(handlerName)) return "movement";
  if (CHAT_HANDLERS.has(handlerName)) return "chat";
  return "other";
}

/** The verdict on one packet. */
export type LimitVerdict = "ok" | "throttled" | "flood";

/** One session's buckets. */
export interface SessionBudget {
  /** Charges the total bucket (call for every packet, before routing). */
  admit(now: number): LimitVerdict;
  /** Charges the class bucket of a packet that passed {@link admit}. */
  admitClass(packetClass: PacketClass, now: number): LimitVerdict;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A fresh budget; `now` is in milliseconds (e.g. `performance.now()`). */
export function sessionBudget(limits: Readonly<PacketLimits>, now: number): SessionBudget {
  const full = (rate: number): Bucket => ({ tokens: rate * 2, at: now });
  const total = full(limits.totalPerSecond);
  const classes: Record<PacketClass, Bucket> = {
    movement: full(limits.movementPerSecond),
    chat: full(limits.chatPerSecond),
    other: full(limits.otherPerSecond),
  };
  const rates: Record<PacketClass, number> = {
    movement: limits.movementPerSecond,
    chat: limits.chatPerSecond,
    other: limits.otherPerSecond,
  };
  let excess = 0;
  let excessAt = now;

  const take = (bucket: Bucket, rate: number, at: number): boolean => {
    bucket.tokens = Math.min(rate * 2, bucket.tokens + ((at - bucket.at) / 1000) * rate);
    bucket.at = at;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
  const over = (at: number): LimitVerdict => {
    excess = Math.max(0, excess - ((at - excessAt) / 10_000) * limits.floodExcess) + 1;
    excessAt = at;
    return excess > limits.floodExcess ? "flood" : "throttled";
  };

  return {
    admit: (at) => take(total, limits.totalPerSecond, at) ? "ok" : over(at),
    admitClass: (packetClass, at) => take(classes[packetClass], rates[packetClass], at) ? "ok" : over(at),
  };
}
