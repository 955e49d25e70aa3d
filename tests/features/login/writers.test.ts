/**
 * ChannelChange golden bytes. Layout: reference socket/writer/channel_change.go (`u8 1`, IPv4 bytes,
 * `u16 port` LE), identical for GMS v83, v95 and JMS v185 (the writer has no version branch).
 */
import { assertEquals } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { channelAddress, ipv4Bytes, writeChannelChange } from "../../../src/features/login/writers.ts";

Deno.test("ChannelChange: 127.0.0.1:8586 → 01 7f 00 00 01 8a 21 (every version)", () => {
  const w = packetWriter();
  writeChannelChange(w, channelAddress("127.0.0.1", 8586)!);
  assertEquals([...w.toBytes()], [0x01, 0x7f, 0x00, 0x00, 0x01, 0x8a, 0x21]);
});

Deno.test("ChannelChange: 192.168.23.232:8302 → 01 c0 a8 17 e8 6e 20", () => {
  const w = packetWriter();
  writeChannelChange(w, channelAddress("192.168.23.232", 8302)!);
  assertEquals([...w.toBytes()], [0x01, 0xc0, 0xa8, 0x17, 0xe8, 0x6e, 0x20]);
});

Deno.test("ChannelChange address: non-numeric parts are skipped as in the reference; not 4 bytes → refused", () => {
  assertEquals(ipv4Bytes("10.x.0.1.2"), [10, 0, 1, 2]);
  assertEquals(ipv4Bytes("host.example"), []);
  assertEquals(ipv4Bytes("300.1.1.1"), [1, 1, 1]);
  assertEquals(channelAddress("10.x.0.1.2", 1)?.ip, [10, 0, 1, 2]);
  assertEquals(channelAddress("channel.local", 8585), undefined);
  assertEquals(channelAddress("10.0.0.1", 70000), undefined);
  assertEquals(channelAddress("10.0.0.1.5", 8585), undefined);
});
