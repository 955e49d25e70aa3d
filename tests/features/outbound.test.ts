/**
 * Sending by writer name (src/features/outbound.ts): a writer whose configured option is missing sends
 * nothing and is counted, instead of failing the caller or writing a made-up code.
 */
import { assertEquals, assertThrows } from "../support/assert.ts";
import { buildOpcodeTables } from "../../src/net/dispatch.ts";
import { encodeFor, MissingWriterOptionError, requireOptionCode } from "../../src/features/outbound.ts";
import { counterValue } from "../../src/observability/metrics.ts";
import type { Tenant } from "../../src/tenant.ts";

const TENANT: Tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

function tables(options: Record<string, unknown>) {
  return buildOpcodeTables(
    {
      region: "GMS",
      majorVersion: 83,
      minorVersion: 1,
      socket: { handlers: [], writers: [{ opCode: "0x44", writer: "WorldMessage", options }] },
    },
    {},
    ["WorldMessage"],
  ).tables;
}

const notice = (w: import("../../src/protocol/writer.ts").PacketWriter, o: Record<string, unknown>) =>
  w.byte(requireOptionCode("WorldMessage", o, "operations", "NOTICE")).string("hi");

Deno.test("requireOptionCode: numbers and base-prefixed strings; missing or over a byte is typed", () => {
  assertEquals(requireOptionCode("W", { operations: { A: 4, B: "0x0C" } }, "operations", "A"), 4);
  assertEquals(requireOptionCode("W", { operations: { A: 4, B: "0x0C" } }, "operations", "B"), 12);
  const err = assertThrows(
    () => requireOptionCode("W", { operations: {} }, "operations", "A"),
    MissingWriterOptionError,
  );
  assertEquals(err.message, "writer W has no usable option operations.A in this tenant's configuration");
  assertThrows(
    () => requireOptionCode("W", { operations: { A: 256 } }, "operations", "A"),
    MissingWriterOptionError,
  );
});

Deno.test("encodeFor: the configured code is written after the opcode", () => {
  const bytes = encodeFor(() => tables({ operations: { NOTICE: 0 } }), TENANT, "WorldMessage", notice);
  assertEquals([...bytes!], [0x44, 0x00, 0x00, 0x02, 0x00, 0x68, 0x69]);
});

Deno.test("encodeFor: a missing option code sends nothing, is counted, and does not throw", () => {
  const before = counterValue("net.writer.option_missing", { writer: "WorldMessage" });
  const bytes = encodeFor(() => tables({ operations: {} }), TENANT, "WorldMessage", notice);
  assertEquals(bytes, undefined);
  assertEquals(counterValue("net.writer.option_missing", { writer: "WorldMessage" }), before + 1);
});
