/**
 * Packets of the login domain.
 * @module
 */
import type { PacketWriter } from "../../protocol/writer.ts";

/** Writer name of the channel-change redirect. */
export const CHANNEL_CHANGE = "ChannelChange";

/**
 * The dotted-decimal parts of an IPv4 address as bytes. Like the reference
 * (`socket/writer/channel_change.go`), parts that are not a number in 0..255 are skipped.
 */
export function ipv4Bytes(ipAddress: string): number[] {
  const bytes: number[] = [];
  for (const part of ipAddress.split(".")) {
    if (!/^\d{1,3}$/.test(part)) continue;
    const value = Number(part);
    if (value <= 0xff) bytes.push(value);
  }
  return bytes;
}

/** A target channel's address in the shape the packet carries. */
export interface ChannelAddress {
  /** Exactly four IPv4 bytes. */
  readonly ip: readonly number[];
  readonly port: number;
}

/**
 * The address for a ChannelChange packet, or undefined when the address does not give exactly four
 * bytes (the reference would then send a packet the client misreads) or the port is out of range.
 */
export function channelAddress(ipAddress: string, port: number): ChannelAddress | undefined {
  const ip = ipv4Bytes(ipAddress);
  if (ip.length !== 4 || !Number.isInteger(port) || port < 0 || port > 0xffff) return undefined;
  return { ip, port };
}

/**
 * `ChannelChange` body (socket-protocol.md §6.4, reference `socket/writer/channel_change.go`, same for
 * every version): `u8 1`, the four address bytes, `u16 port`.
 */
export function writeChannelChange(w: PacketWriter, address: ChannelAddress): void {
  w.byte(1);
  for (const b of address.ip) w.byte(b);
  w.uint16(address.port);
}
