/**
 * Go `time.Time` values as Atlas services send them over REST, and their FILETIME encoding in packets.
 * The Go zero time (`0001-01-01T00:00:00Z`) means "unset / never" and becomes `null` here.
 * @module
 */
import { z } from "zod";
import { time } from "../../kafka/wire.ts";
import { FILETIME_DEFAULT_TIME, FILETIME_UNIX_EPOCH, FILETIME_UNSET } from "../../protocol/filetime.ts";

const GO_ZERO_TIME_MS = Date.parse("0001-01-01T00:00:00Z");

/** A Go time: a Date, or `null` for the zero time (compared as an instant, whatever the offset). */
export const optionalGoTime = time.transform((text): Date | null => {
  const date = new Date(text);
  return date.getTime() === GO_ZERO_TIME_MS ? null : date;
});

/**
 * The reference's `msTime`: FILETIME ticks in whole seconds, or −1 for an unset time (items and skills
 * that never expire).
 */
export function expirationFileTime(date: Date | null): bigint {
  if (date === null) return FILETIME_UNSET;
  return BigInt(Math.floor(date.getTime() / 1000)) * 10_000_000n + FILETIME_UNIX_EPOCH;
}

/**
 * A pet's dead date (GW_ItemSlotPet `dateDead`), as libs/atlas-packet at d59a1ad2df encodes it: the client
 * reads any value at or above 2079-01-01 (compared unsigned, so −1 too) as "dried up". No date → 0 (alive,
 * the item's own tooltip); a date already passed → exactly 2079-01-01 (dried up); otherwise its FILETIME.
 */
export function petDeadDateFileTime(date: Date | null, nowMs: number = Date.now()): bigint {
  if (date === null) return 0n;
  if (date.getTime() <= nowMs) return FILETIME_DEFAULT_TIME;
  return expirationFileTime(date);
}

/**
 * The server time SetField ends with: the FILETIME of `nowMs` to the millisecond. The reference's
 * `getTime(now)` adds the current time twice (≈ 2 × now, year ~2078; socket-protocol.md §8 quirk 30) and
 * a 1.08 s offset; we write the real time.
 */
export function serverFileTime(nowMs: number): bigint {
  return BigInt(Math.floor(nowMs)) * 10_000n + FILETIME_UNIX_EPOCH;
}

/** Zod input type of {@link optionalGoTime}. */
export type GoTimeText = z.input<typeof optionalGoTime>;
