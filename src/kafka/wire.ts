/**
 * Zod building blocks for the JSON that Atlas's Go services put on Kafka: Go's fixed-width integers,
 * `uuid.UUID`, `time.Time`, nil slices and the bodies of discriminator values a consumer knows but does
 * not handle. Every feature's `messages.ts` builds its schemas from these, so a wire rule is written once.
 * @module
 */
import { z } from "zod";

/** Go `uint8` / `byte`: an integer 0..255. */
export const uint8 = z.number().int().min(0).max(0xff);
/** Go `int8`: an integer -128..127. */
export const int8 = z.number().int().min(-0x80).max(0x7f);
/** Go `uint16`: an integer 0..65535. */
export const uint16 = z.number().int().min(0).max(0xffff);
/** Go `int16`: an integer -32768..32767. */
export const int16 = z.number().int().min(-0x8000).max(0x7fff);
/** Go `uint32`: an integer 0..4294967295. */
export const uint32 = z.number().int().min(0).max(0xffffffff);
/** Go `int32`: an integer -2147483648..2147483647. */
export const int32 = z.number().int().min(-0x80000000).max(0x7fffffff);
/**
 * Go `uint64` / `int64` written as a JSON number. A JavaScript number is exact only up to 2^53−1, and
 * zod's `.int()` accepts only safe integers, so larger values are rejected rather than silently rounded.
 */
export const uint64 = z.number().int().min(0);
/** See {@link uint64}: Go `int64` as a JSON number, limited to the safe-integer range. */
export const int64 = z.number().int();
/**
 * A Go `int64` tagged `json:",string"` (written as a decimal string). Kept as text because such values
 * (cash serial numbers) can exceed 2^53.
 */
export const int64String = z.string().regex(/^-?\d{1,19}$/);

/**
 * A `uuid.UUID` as Go writes it: 8-4-4-4-12 hex digits of any version, including the nil UUID, in either
 * case (Go's parser accepts both). `z.guid()` rather than `z.uuid()`, which would reject ids whose version
 * or variant nibble is not RFC 9562's.
 */
export const uuid = z.guid();
/**
 * A UUID in the canonical lower-case form `uuid.UUID.String()` writes: what the channel itself publishes,
 * so a value copied from elsewhere in another case is caught before it leaves.
 */
export const lowerCaseUuid = z.string().regex(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);

/**
 * A Go `time.Time` in JSON: RFC 3339 as `time.RFC3339Nano` writes it, i.e. any number of fraction digits
 * (Go trims trailing zeros, so 0 to 9) and `Z` or a `±hh:mm` offset; the zero time is
 * `0001-01-01T00:00:00Z`. Chosen over a plain pattern because it also rejects impossible dates and times
 * (month 13, February 30, hour 24) that Go never writes.
 */
export const time = z.iso.datetime({ offset: true });

/**
 * A Go slice: Go marshals a nil slice as `null`, which is read as `[]` so handlers always see an array.
 */
export function goSlice<T extends z.ZodType>(item: T) {
  return z.array(item).nullable().transform((items): z.output<T>[] => items ?? []);
}

/**
 * The body of a discriminator value the reference receives but ignores and does not document: any JSON
 * object, kept as sent, or `null` (atlas-account sends `"body": null` with `REQUEST_LICENSE_AGREEMENT`).
 * Accepting it lets real traffic validate; the consumer switches on `type` and skips it.
 */
export const unhandledBody = z.looseObject({}).nullable();
