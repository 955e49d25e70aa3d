/**
 * Golden bytes (after the opcode) of SpawnNPC, SpawnNPCRequestController and NPCAction, written out
 * from the client layouts in Atlas `libs/atlas-packet` d59a1ad2df (`npc/clientbound/spawn.go`,
 * `spawn_request_controller.go`, `action.go`): GMS v83, v87, v92, v95 and JMS v185 end with the
 * enabled / mini-map byte, GMS before v61 does not.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { npcActionBody, npcControllerBody, spawnNpcBody } from "../../../src/features/npc/field.ts";
import { assertEquals } from "../../support/assert.ts";
import { toHex } from "../map/templates.ts";

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}

// Object 1000000, template 9000000 at x=-100 cy=274, facing left (f=0), foothold 12, range -150..50.
const npc = { objectId: 1000000, template: 9000000, x: -100, cy: 274, f: 0, fh: 12, rx0: -150, rx1: 50 };
const body = "40 42 0f 00 40 54 89 00 9c ff 12 01 01 0c 00 6a ff 32 00";

Deno.test("SpawnNPC / SpawnNPCRequestController: v83-v95 and JMS 185 end with the flag byte", () => {
  for (
    const tenant of [
      { region: "GMS", majorVersion: 83 },
      { region: "GMS", majorVersion: 87 },
      { region: "GMS", majorVersion: 92 },
      { region: "GMS", majorVersion: 95 },
      { region: "JMS", majorVersion: 185 },
    ]
  ) {
    assertEquals(bytes(spawnNpcBody(tenant, npc)), `${body} 01`);
    assertEquals(bytes(npcControllerBody(tenant, npc)), `01 ${body} 01`);
  }
});

Deno.test("SpawnNPC: facing right (f=1) writes 0; GMS before v61 has no trailing byte", () => {
  const right = { ...npc, f: 1 };
  const v55 = { region: "GMS", majorVersion: 55 };
  assertEquals(bytes(spawnNpcBody(v55, right)), "40 42 0f 00 40 54 89 00 9c ff 12 01 00 0c 00 6a ff 32 00");
  assertEquals(bytes(npcControllerBody(v55, npc)), `01 ${body}`);
});

Deno.test("NPCAction: object id, the two action bytes, then the path as sent", () => {
  assertEquals(bytes(npcActionBody(1000000, 3, 255, new Uint8Array())), "40 42 0f 00 03 ff");
  assertEquals(
    bytes(npcActionBody(1000000, 0, 1, Uint8Array.of(0x0a, 0, 0x14, 0, 0))),
    "40 42 0f 00 00 01 0a 00 14 00 00",
  );
});
