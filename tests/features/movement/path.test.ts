/**
 * Movement paths: decoding per `types` option and version, re-encoding, the command summary, and
 * robustness (truncated or random input only ever throws PacketReadError). Layouts follow the
 * reference's `socket/model/movement.go` and socket-protocol.md §4.5.
 */
import { assertEquals, assertTrue, fail } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { handlerOptions } from "../map/templates.ts";
import {
  movementCodec,
  type MovementPath,
  readMovementPath,
  summarizeMovement,
  writeMovementPath,
} from "../../../src/features/movement/path.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";

const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS87 = { region: "GMS", majorVersion: 87 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };
const GMS83_HANDLER = handlerOptions(TEMPLATE_FILES.gms83, "CharacterMoveHandle");
const GMS83_WRITER = writerOptions(TEMPLATE_FILES.gms83, "CharacterMovement");
const JMS_HANDLER = handlerOptions(TEMPLATE_FILES.jms185, "CharacterMoveHandle");
const JMS_WRITER = writerOptions(TEMPLATE_FILES.jms185, "CharacterMovement");

// One element of every GMS 83 layout: NORMAL(0), JUMP(1), IMMEDIATE/TELEPORT(3), STAT_CHANGE(10),
// START_FALL_DOWN(14), FALL_DOWN/NORMAL(15), UNKNOWN/DEFAULT(21), and 40 (outside the list → DEFAULT).
const GMS83_PATH = hex(`
  64 fe d7 00 08
  00 64 00 c8 00 05 00 fd ff 0c 00 02 78 00
  01 0a 00 ec ff 04 30 00
  03 2c 01 fb ff 07 00 06 10 00
  0a 09
  0e 01 00 02 00 03 00 08 20 00
  0f ff ff 02 00 00 00 00 00 04 00 05 00 0a 40 00
  15 0c 50 00
  28 0d 60 00
`);

function decode(bytes: Uint8Array, tenant: typeof GMS83, options: Record<string, unknown>): MovementPath {
  const reader = packetReader(bytes);
  const path = readMovementPath(reader, movementCodec(tenant, options));
  assertEquals(reader.remaining, 0, "the whole path is consumed");
  return path;
}

function encode(path: MovementPath, tenant: typeof GMS83, options: Record<string, unknown>): Uint8Array {
  const writer = packetWriter();
  writeMovementPath(writer, path, movementCodec(tenant, options));
  return writer.toBytes();
}

Deno.test("movement path: GMS 83 decodes every layout of its types list", () => {
  const path = decode(GMS83_PATH, GMS83, GMS83_HANDLER);
  assertEquals(path.startX, -412);
  assertEquals(path.startY, 215);
  assertEquals(path.elements.map((e) => `${e.type}:${e.layout}`), [
    "0:NORMAL",
    "1:JUMP",
    "3:TELEPORT",
    "10:STAT_CHANGE",
    "14:START_FALL_DOWN",
    "15:NORMAL",
    "21:DEFAULT",
    "40:DEFAULT",
  ]);
  const [normal, jump, teleport, stat, startFall, fallDown, unknown, outside] = path.elements;
  assertEquals(
    [normal.x, normal.y, normal.vx, normal.vy, normal.foothold, normal.moveAction, normal.elapsed],
    [
      100,
      200,
      5,
      -3,
      12,
      2,
      120,
    ],
  );
  assertEquals([jump.x, jump.y, jump.vx, jump.vy, jump.moveAction, jump.elapsed], [
    -412,
    215,
    10,
    -20,
    4,
    48,
  ]);
  assertEquals([teleport.x, teleport.y, teleport.foothold, teleport.moveAction], [300, -5, 7, 6]);
  assertEquals(stat.stat, 9);
  assertEquals([startFall.x, startFall.vx, startFall.vy, startFall.fallStartFoothold, startFall.moveAction], [
    -412,
    1,
    2,
    3,
    8,
  ]);
  assertEquals([fallDown.x, fallDown.y, fallDown.foothold, fallDown.fallStartFoothold, fallDown.moveAction], [
    -1,
    2,
    4,
    5,
    10,
  ]);
  assertEquals([unknown.moveAction, unknown.elapsed, outside.moveAction, outside.elapsed], [12, 80, 13, 96]);
});

Deno.test("movement path: GMS 83 re-encodes byte for byte with the writer's types", () => {
  assertEquals(
    toHex(encode(decode(GMS83_PATH, GMS83, GMS83_HANDLER), GMS83, GMS83_WRITER)),
    toHex(GMS83_PATH),
  );
});

Deno.test("movement path: summary is the last NORMAL element (FALL_DOWN counts), else start with stance 0", () => {
  assertEquals(summarizeMovement(decode(GMS83_PATH, GMS83, GMS83_HANDLER)), {
    x: -1,
    y: 2,
    stance: 10,
    foothold: 4,
  });
  // Only JUMP and TELEPORT elements: the reference's summary ignores them.
  const noNormal = hex("0a 00 14 00 02  01 0a 00 ec ff 04 30 00  03 2c 01 fb ff 07 00 06 10 00");
  assertEquals(summarizeMovement(decode(noNormal, GMS83, GMS83_HANDLER)), {
    x: 10,
    y: 20,
    stance: 0,
    foothold: 0,
  });
  assertEquals(summarizeMovement(decode(hex("0a 00 14 00 00"), GMS83, GMS83_HANDLER)), {
    x: 10,
    y: 20,
    stance: 0,
    foothold: 0,
  });
});

// NORMAL with x/y offsets (regions other than GMS, and GMS > 83), then FLYING_BLOCK (JMS index 24).
const JMS_PATH = hex(`
  00 00 10 00 02
  00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00
  18 01 00 02 00 03 00 04 00 05 06 00
`);

Deno.test("movement path: JMS 185 reads and writes NORMAL offsets and FLYING_BLOCK", () => {
  const path = decode(JMS_PATH, JMS185, JMS_HANDLER);
  assertEquals(path.elements.map((e) => e.layout), ["NORMAL", "FLYING_BLOCK"]);
  assertEquals([path.elements[0].xOffset, path.elements[0].yOffset], [1, -1]);
  assertEquals([path.elements[1].x, path.elements[1].y, path.elements[1].vx, path.elements[1].vy], [
    1,
    2,
    3,
    4,
  ]);
  assertEquals(toHex(encode(path, JMS185, JMS_WRITER)), toHex(JMS_PATH));
});

Deno.test("movement path: GMS 87 and 95 read and write offsets; GMS 92/95 a start velocity (client)", () => {
  // Client layout (libs/atlas-packet model/movement.go at d59a1ad2df): offsets from GMS v87, a start
  // velocity after the start position from v88. The reference wrote no offsets to v87 clients.
  const v87 = hex("00 00 10 00 01  00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00");
  const options87 = handlerOptions(TEMPLATE_FILES.gms87, "CharacterMoveHandle");
  const path87 = decode(v87, GMS87, options87);
  assertEquals([path87.elements[0].xOffset, path87.elements[0].yOffset], [1, -1]);
  assertEquals(
    toHex(encode(path87, GMS87, writerOptions(TEMPLATE_FILES.gms87, "CharacterMovement"))),
    toHex(v87),
  );
  const v95 = hex("00 00 10 00 09 00 f7 ff 01  00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00");
  const path95 = decode(v95, GMS95, GMS83_HANDLER);
  assertEquals([path95.startVx, path95.startVy], [9, -9]);
  assertEquals(toHex(encode(path95, GMS95, GMS83_WRITER)), toHex(v95));
});

Deno.test("movement path: no types option (GMS 92) decodes every element as DEFAULT", () => {
  const codec = movementCodec({ region: "GMS", majorVersion: 92 }, {});
  assertEquals(codec.configured, false);
  const path = readMovementPath(
    packetReader(hex("01 00 02 00 00 00 00 00 02  00 05 07 00  01 06 08 00")),
    codec,
  );
  assertEquals(path.elements.map((e) => [e.layout, e.moveAction, e.elapsed]), [["DEFAULT", 5, 7], [
    "DEFAULT",
    6,
    8,
  ]]);
});

Deno.test("movement path: every truncation of a valid path throws PacketReadError", () => {
  for (let length = 0; length < GMS83_PATH.length; length++) {
    try {
      readMovementPath(packetReader(GMS83_PATH.subarray(0, length)), movementCodec(GMS83, GMS83_HANDLER));
      fail(`a ${length}-byte prefix decoded`);
    } catch (err) {
      assertTrue(err instanceof PacketReadError, `prefix ${length}: ${err}`);
    }
  }
});

Deno.test("movement path: random bytes either decode or throw PacketReadError, never anything else", () => {
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  let decoded = 0;
  for (const [tenant, options] of [[GMS83, GMS83_HANDLER], [JMS185, JMS_HANDLER]] as const) {
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
      // Small counts and known types often, so that decoding also succeeds sometimes.
      if (bytes.length > 4) bytes[4] = bytes[4] % 4;
      try {
        const path = readMovementPath(packetReader(bytes), movementCodec(tenant, options));
        decoded++;
        // What decodes re-encodes to a prefix of the input (GMS 83 and JMS layouts are symmetric).
        const again = encode(path, tenant, options);
        assertEquals(toHex(again), toHex(bytes.subarray(0, again.length)));
      } catch (err) {
        if (!(err instanceof PacketReadError)) throw err;
      }
    }
  }
  assertTrue(decoded > 100, `only ${decoded} random paths decoded`);
});
