/**
 * Golden bytes (after the opcode) of ReactorSpawn and ReactorDestroy, written out from the client
 * layouts in Atlas `libs/atlas-packet` d59a1ad2df (`reactor/clientbound/spawn.go`, `destroy.go`): the
 * name follows from GMS v83 (v83, v87, v92, v95) and in JMS v185; GMS v79 and older stop before it.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { reactorDestroyBody, reactorSpawnBody } from "../../../src/features/reactor/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { toHex } from "../map/templates.ts";

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}

// Reactor 9001, template 1002000, state 0, at (300, 154), facing 0, named "box".
const reactor = { id: 9001, classification: 1002000, state: 0, x: 300, y: 154, direction: 0, name: "box" };
const head = "29 23 00 00 10 4a 0f 00 00 2c 01 9a 00 00";

Deno.test("ReactorSpawn: GMS v83-v95 and JMS v185 end with the name", () => {
  for (
    const tenant of [
      { region: "GMS", majorVersion: 83 },
      { region: "GMS", majorVersion: 87 },
      { region: "GMS", majorVersion: 92 },
      { region: "GMS", majorVersion: 95 },
      { region: "JMS", majorVersion: 185 },
    ]
  ) {
    assertEquals(bytes(reactorSpawnBody(tenant, reactor)), `${head} 03 00 62 6f 78`);
  }
});

Deno.test("ReactorSpawn: GMS v79 has no name", () => {
  assertEquals(bytes(reactorSpawnBody({ region: "GMS", majorVersion: 79 }, reactor)), head);
});

Deno.test("ReactorDestroy: id, final state, position", () => {
  assertEquals(bytes(reactorDestroyBody(9001, 4, 300, 154)), "29 23 00 00 04 2c 01 9a 00");
  assertEquals(bytes(reactorDestroyBody(9001, -1, -5, 0)), "29 23 00 00 ff fb ff 00 00");
});
