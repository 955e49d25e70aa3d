/**
 * Golden bytes (body after the opcode) of the drop writers, written out from the client layouts in
 * Atlas `libs/atlas-packet` d59a1ad2df (`drop/clientbound/spawn.go`, `destroy.go`,
 * `character/clientbound/status_message.go`). DropSpawn and DropDestroy have one layout for every
 * version (v83, v87, v92, v95, JMS 185 share it); the meso pick-up message drops its partial flag
 * before GMS v79 only.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { WriterOptions } from "../../../src/net/dispatch.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import {
  DROP_ENTER,
  dropExpiredBody,
  dropPickedUpBody,
  dropSpawnBody,
  pickUpMessageBody,
  pickUpUnavailableBody,
  type ShownDrop,
} from "../../../src/features/drop/writers.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";

function bytes(build: BuildPacket, options: WriterOptions = {}): string {
  const w = packetWriter();
  build(w, options);
  return toHex(w.toBytes());
}
const h = (text: string) => text.trim().split(/\s+/).join(" ");

const item: ShownDrop = {
  id: 9001,
  itemId: 4001000,
  meso: 0,
  type: 0,
  x: 100,
  y: -200,
  ownerId: 1234,
  ownerPartyId: 0,
  dropperId: 5001,
  dropperX: 80,
  dropperY: -180,
  playerDrop: false,
};

Deno.test("DropSpawn: fresh item drop owned by a character", () => {
  assertEquals(
    bytes(dropSpawnBody(item, DROP_ENTER.fresh, 50)),
    h(`01 29 23 00 00  00 e8 0c 3d 00  d2 04 00 00 00  64 00 38 ff  89 13 00 00
       50 00 4c ff 32 00  ff ff ff ff ff ff ff ff  01`),
  );
});

Deno.test("DropSpawn: a player's meso drop has no expiration and shows no pet pick-up flag", () => {
  const meso = { ...item, id: 9002, itemId: 0, meso: 500, type: 2, playerDrop: true };
  assertEquals(
    bytes(dropSpawnBody(meso, DROP_ENTER.fresh)),
    h(`01 2a 23 00 00  01 f4 01 00 00  d2 04 00 00 02  64 00 38 ff  89 13 00 00
       50 00 4c ff 00 00  00`),
  );
});

Deno.test("DropSpawn: an existing drop omits the fall; a party's drop shows the party with type 1", () => {
  const party = { ...item, id: 9003, ownerPartyId: 77 };
  assertEquals(
    bytes(dropSpawnBody(party, DROP_ENTER.existing)),
    h(`02 2b 23 00 00  00 e8 0c 3d 00  4d 00 00 00 01  64 00 38 ff  89 13 00 00
       ff ff ff ff ff ff ff ff  01`),
  );
});

Deno.test("DropDestroy: expiry, pick-up by a character, pick-up by a pet (4-byte slot)", () => {
  assertEquals(bytes(dropExpiredBody(9001)), "00 29 23 00 00");
  assertEquals(bytes(dropPickedUpBody(9001, 1001, -1)), "02 29 23 00 00 e9 03 00 00");
  assertEquals(bytes(dropPickedUpBody(9001, 1001, 1)), "05 29 23 00 00 e9 03 00 00 01 00 00 00");
});

const v83 = { id: "t", region: "GMS", majorVersion: 83, minorVersion: 1 };
const statusOptions = writerOptions(TEMPLATE_FILES.gms83, "CharacterStatusMessage") as WriterOptions;

Deno.test("CharacterStatusMessage DROP_PICK_UP: meso, equipment, stack, unavailable (GMS v83)", () => {
  const picked = { itemId: 0, equipmentId: 0, quantity: 0, meso: 500 };
  assertEquals(bytes(pickUpMessageBody(v83, picked), statusOptions), "00 01 00 f4 01 00 00 00 00");
  assertEquals(
    bytes(pickUpMessageBody(v83, { itemId: 1302000, equipmentId: 88, quantity: 1, meso: 0 }), statusOptions),
    "00 02 f0 dd 13 00",
  );
  assertEquals(
    bytes(pickUpMessageBody(v83, { itemId: 2000000, equipmentId: 0, quantity: 7, meso: 0 }), statusOptions),
    "00 00 80 84 1e 00 07 00 00 00",
  );
  assertEquals(bytes(pickUpUnavailableBody(), statusOptions), "00 fe");
});

Deno.test("CharacterStatusMessage DROP_PICK_UP: GMS v87/v92/v95 and JMS v185 keep the partial flag", () => {
  for (const [region, majorVersion] of [["GMS", 87], ["GMS", 92], ["GMS", 95], ["JMS", 185]] as const) {
    const tenant = { id: "t", region, majorVersion, minorVersion: 1 };
    assertEquals(
      bytes(pickUpMessageBody(tenant, { itemId: 0, equipmentId: 0, quantity: 0, meso: 10 }), statusOptions),
      "00 01 00 0a 00 00 00 00 00",
    );
  }
});

Deno.test("CharacterStatusMessage DROP_PICK_UP: GMS before v79 has no partial flag", () => {
  const v72 = { id: "t", region: "GMS", majorVersion: 72, minorVersion: 1 };
  assertEquals(
    bytes(pickUpMessageBody(v72, { itemId: 0, equipmentId: 0, quantity: 0, meso: 10 }), statusOptions),
    "00 01 0a 00 00 00 00 00",
  );
});

Deno.test("CharacterStatusMessage DROP_PICK_UP: no configured code → MissingWriterOptionError", () => {
  assertThrows(() => bytes(pickUpUnavailableBody(), {}), MissingWriterOptionError);
});
