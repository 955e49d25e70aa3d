/**
 * Packet reader/writer cost: `./scripts/deno bench -A bench/packet.bench.ts`.
 */
import { packetReader } from "../src/protocol/reader.ts";
import { packetWriter } from "../src/protocol/writer.ts";

const when = new Date(Date.UTC(2024, 5, 1));

/** A chat-sized packet: opcode, ids, a name, a message, a position, a timestamp. */
function writeTypical() {
  return packetWriter()
    .uint16(0x00a2)
    .int32(1001)
    .byte(0)
    .fixedString("Alice", 13)
    .string("hello there, how is the weather in Henesys today?")
    .position({ x: -120, y: 345 })
    .int64(123456789n)
    .fileTime(when)
    .toBytes();
}

const typical = writeTypical();

Deno.bench("write typical packet (~100 B)", { group: "typical" }, () => {
  writeTypical();
});

Deno.bench("read typical packet (~100 B)", { group: "typical" }, () => {
  const r = packetReader(typical);
  r.uint16();
  r.int32();
  r.byte();
  r.fixedString(13);
  r.string();
  r.position();
  r.int64();
  r.fileTime();
});

Deno.bench("write 250 int32 (1000 B, growing from 64)", { group: "bulk" }, () => {
  const w = packetWriter();
  for (let i = 0; i < 250; i++) w.int32(i);
  w.toBytes();
});

const ints = (() => {
  const w = packetWriter(1000);
  for (let i = 0; i < 250; i++) w.int32(i);
  return w.toBytes();
})();

Deno.bench("read 250 int32 (1000 B)", { group: "bulk" }, () => {
  const r = packetReader(ints);
  for (let i = 0; i < 250; i++) r.int32();
});

const short = new Uint8Array(2);
Deno.bench("reader underflow (PacketReadError thrown and caught)", { group: "errors" }, () => {
  try {
    packetReader(short).int32();
  } catch {
    // expected
  }
});
