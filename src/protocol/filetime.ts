/**
 * FILETIME conversion: the game's timestamps are Windows FILETIMEs, a signed 64-bit count of 100-ns ticks
 * since 1601-01-01 UTC (socket-protocol.md §7).
 * @module
 */

/** Ticks between 1601-01-01 and the Unix epoch. */
export const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

/** What the reference writes for an unset (Go zero) time: -1, i.e. `FF FF FF FF FF FF FF FF`. */
export const FILETIME_UNSET = -1n;

/** Server-time sentinel "DefaultTime" (the reference's getTime(-1)). */
export const FILETIME_DEFAULT_TIME = 150_842_304_000_000_000n;

/** Server-time sentinel "ZeroTime" (the reference's getTime(-2)). */
export const FILETIME_ZERO_TIME = 94_354_848_000_000_000n;

/** Server-time sentinel "Permanent" (the reference's getTime(-3)), used for items that never expire. */
export const FILETIME_PERMANENT = 150_841_440_000_000_000n;

/**
 * FILETIME ticks of a date, in whole seconds like the reference (sub-second parts are dropped toward the
 * past). Throws RangeError for an invalid Date.
 */
export function toFileTime(date: Date): bigint {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("cannot encode an invalid Date as FILETIME");
  return BigInt(Math.floor(ms / 1000)) * 10_000_000n + FILETIME_UNIX_EPOCH;
}

/** The date of FILETIME ticks, to the millisecond (ticks below a millisecond are dropped toward the past). */
export function fromFileTime(ticks: bigint): Date {
  const offset = ticks - FILETIME_UNIX_EPOCH;
  const ms = offset >= 0n ? offset / 10_000n : -((-offset + 9_999n) / 10_000n);
  return new Date(Number(ms));
}
