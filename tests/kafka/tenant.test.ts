import { assertEquals, assertThrows } from "../support/assert.ts";
import {
  tenantFromKafkaHeaders,
  TenantHeaderError,
  tenantKafkaHeaders,
} from "../../src/kafka/tenant-headers.ts";
import { tenantHttpHeaders } from "../../src/rest/tenant-headers.ts";

const tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

Deno.test("tenant headers: versions are 2-byte big-endian, id and region are text", () => {
  const h = tenantKafkaHeaders(tenant);
  assertEquals(new TextDecoder().decode(h.TENANT_ID), tenant.id);
  assertEquals([...h.REGION], [0x47, 0x4d, 0x53]);
  assertEquals([...h.MAJOR_VERSION], [0x00, 0x53]);
  assertEquals([...h.MINOR_VERSION], [0x00, 0x01]);
  assertEquals(tenantFromKafkaHeaders(h), tenant);
});

Deno.test("tenant headers: malformed headers are rejected with the header's name", () => {
  const good = tenantKafkaHeaders(tenant);
  const cases: [Record<string, Uint8Array | undefined>, string][] = [
    [{ ...good, TENANT_ID: undefined }, "TENANT_ID"],
    [{ ...good, TENANT_ID: new TextEncoder().encode("short") }, "TENANT_ID"],
    [{ ...good, TENANT_ID: new TextEncoder().encode("x".repeat(36)) }, "TENANT_ID"],
    [{ ...good, REGION: undefined }, "REGION"],
    [{ ...good, MAJOR_VERSION: new Uint8Array([83]) }, "MAJOR_VERSION"],
    [{ ...good, MINOR_VERSION: new Uint8Array([0, 0, 1]) }, "MINOR_VERSION"],
  ];
  for (const [headers, name] of cases) {
    const err = assertThrows(() => tenantFromKafkaHeaders(headers), TenantHeaderError);
    assertEquals(err.message.startsWith(name), true, err.message);
  }
});

Deno.test("tenant headers: HTTP versions are decimal text", () => {
  assertEquals(tenantHttpHeaders(tenant), {
    TENANT_ID: tenant.id,
    REGION: "GMS",
    MAJOR_VERSION: "83",
    MINOR_VERSION: "1",
  });
});
