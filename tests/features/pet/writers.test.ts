/**
 * Golden bytes of PetMovement and PetExcludeResponse, written out from the client layout
 * (libs/atlas-packet `pet/clientbound/movement.go`: `u32 ownerId, i8 slot`, then the movement path;
 * `exclude.go`: `u32 ownerId, i8 slot, u64 petId, u8 count, u32 ids` at d59a1ad2df). The path's
 * version differences (NORMAL offsets from GMS v87 and in JMS, start velocity from GMS v88) are shown
 * for each template that binds the writer or whose layout differs.
 */
import { assertEquals } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { petExcludeBody, petMovementBody } from "../../../src/features/pet/writers.ts";
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

function movement(tenant: { region: string; majorVersion: number }, file: string, writer = "PetMovement") {
  const w = packetWriter();
  petMovementBody(tenant, 30071, 1, PATH)(w, writerOptions(file, writer));
  return toHex(w.toBytes());
}

Deno.test("PetMovement golden: GMS 83 — owner, slot, path without NORMAL offsets", () => {
  assertEquals(
    movement({ region: "GMS", majorVersion: 83 }, TEMPLATE_FILES.gms83),
    toHex(hex(`77 75 00 00  01  64 fe d7 00 02
      00 64 00 c8 00 05 00 fd ff 0c 00 02 78 00
      03 2c 01 fb ff 07 00 06 10 00`)),
  );
});

Deno.test("PetMovement golden: JMS 185 and GMS 87 write NORMAL offsets; GMS 95 also the start velocity", () => {
  const elements = `00 64 00 c8 00 05 00 fd ff 0c 00 01 00 ff ff 02 78 00
      03 2c 01 fb ff 07 00 06 10 00`;
  // The JMS and GMS 87 templates bind no PetMovement; their CharacterMovement types list is the same.
  assertEquals(
    movement({ region: "JMS", majorVersion: 185 }, TEMPLATE_FILES.jms185, "CharacterMovement"),
    toHex(hex(`77 75 00 00  01  64 fe d7 00 02 ${elements}`)),
  );
  assertEquals(
    movement({ region: "GMS", majorVersion: 87 }, TEMPLATE_FILES.gms87, "CharacterMovement"),
    toHex(hex(`77 75 00 00  01  64 fe d7 00 02 ${elements}`)),
  );
  assertEquals(
    movement({ region: "GMS", majorVersion: 95 }, "template_gms_95_1.d59a1ad2df.json"),
    toHex(hex(`77 75 00 00  01  64 fe d7 00 00 00 00 00 02 ${elements}`)),
  );
});

Deno.test("PetExcludeResponse golden: owner, slot, 64-bit pet id, count, item ids (every version)", () => {
  const w = packetWriter();
  petExcludeBody({ ownerId: 1001, slot: 2, id: 700001, excludes: [2000000, 4000019] })(w, {});
  assertEquals(
    toHex(w.toBytes()),
    toHex(hex(`e9 03 00 00  02  61 ae 0a 00 00 00 00 00  02  80 84 1e 00  13 09 3d 00`)),
  );
  const empty = packetWriter();
  petExcludeBody({ ownerId: 1001, slot: 0, id: 700001, excludes: [] })(empty, {});
  assertEquals(toHex(empty.toBytes()), toHex(hex(`e9 03 00 00  00  61 ae 0a 00 00 00 00 00  00`)));
});
