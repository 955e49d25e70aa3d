/**
 * Golden bytes (after the opcode) of Clock and FieldTransportState, written out from the client layouts
 * in Atlas `libs/atlas-packet` d59a1ad2df (`field/clientbound/clock.go`, `transport.go`); the same for
 * GMS v83, v87, v92, v95 and JMS v185.
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { townClockBody } from "../../../src/features/clock/mod.ts";
import { fieldTransportBody, TRANSPORT_STATE } from "../../../src/features/transport/mod.ts";
import { assertEquals } from "../../support/assert.ts";
import { toHex } from "../map/templates.ts";

function bytes(build: BuildPacket): string {
  const w = packetWriter();
  build(w, {});
  return toHex(w.toBytes());
}

Deno.test("Clock: town clock (type 1, hour, minute, second)", () => {
  assertEquals(bytes(townClockBody(new Date(2026, 0, 15, 18, 4, 5))), "01 12 04 05");
});

Deno.test("FieldTransportState: docked (0) or gone (2), never overriding the appear animation", () => {
  assertEquals(bytes(fieldTransportBody(TRANSPORT_STATE.docked)), "00 00");
  assertEquals(bytes(fieldTransportBody(TRANSPORT_STATE.gone)), "02 00");
});
