/**
 * Golden bytes of the `CharacterMovement` writer (reference `socket/writer/character_movement.go`:
 * `u32 characterId`, then the path from `socket/model/movement.go`). The body is after the opcode.
 */
import { assertEquals } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { characterMovementBody } from "../../../src/features/movement/writers.ts";
import type { MovementPath } from "../../../src/features/movement/path.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";

const element = {
  vx: 5,
  vy: -3,
  foothold: 12,
  fallStartFoothold: 0,
  xOffset: 1,
  yOffset: -1,
  elapsed: 120,
  stat: 0,
};
const PATH: MovementPath = {
  startX: -412,
  startY: 215,
  elements: [
    { type: 0, layout: "NORMAL", x: 100, y: 200, moveAction: 2, ...element },
    { type: 3, layout: "TELEPORT", x: 300, y: -5, moveAction: 6, ...element, foothold: 7, elapsed: 16 },
  ],
};

function body(tenant: { region: string; majorVersion: number }, file: string): string {
  const w = packetWriter();
  characterMovementBody(tenant, 30071, PATH)(w, writerOptions(file, "CharacterMovement"));
  return toHex(w.toBytes());
}

Deno.test("CharacterMovement golden: GMS 83 (no NORMAL offsets)", () => {
  assertEquals(
    body({ region: "GMS", majorVersion: 83 }, TEMPLATE_FILES.gms83),
    toHex(hex(`77 75 00 00  64 fe d7 00 02
      00 64 00 c8 00 05 00 fd ff 0c 00 02 78 00
      03 2c 01 fb ff 07 00 06 10 00`)),
  );
});

Deno.test("CharacterMovement golden: JMS 185 (NORMAL offsets written)", () => {
  assertEquals(
    body({ region: "JMS", majorVersion: 185 }, TEMPLATE_FILES.jms185),
    toHex(hex(`77 75 00 00  64 fe d7 00 02
      00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00
      03 2c 01 fb ff 07 00 06 10 00`)),
  );
});

Deno.test("CharacterMovement golden: GMS 87 writes offsets, GMS 95 also the start velocity (client)", () => {
  const elements = `00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00
      03 2c 01 fb ff 07 00 06 10 00`;
  assertEquals(
    body({ region: "GMS", majorVersion: 87 }, TEMPLATE_FILES.gms87),
    toHex(hex(`77 75 00 00  64 fe d7 00 02 ${elements}`)),
  );
  // GMS 95's template has no movement writer; the GMS 83 types list stands in (same indices).
  assertEquals(
    body({ region: "GMS", majorVersion: 95 }, TEMPLATE_FILES.gms83),
    toHex(hex(`77 75 00 00  64 fe d7 00 00 00 00 00 02 ${elements}`)),
  );
});
