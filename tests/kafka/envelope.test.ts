/** The envelope's fast paths (pooled keys, cached tenant headers and tenants) match the plain rules. */
import { z } from "zod";
import { assertEquals } from "../support/assert.ts";
import { dispatchRecord, encodeRecord, keyBytes, type Subscription } from "../../src/kafka/envelope.ts";
import { encodeKey } from "../../src/kafka/key.ts";
import type { Tenant } from "../../src/tenant.ts";
import { tenantKafkaHeaders } from "../../src/kafka/tenant-headers.ts";
import { topicContract } from "../../src/kafka/contract.ts";
import { formatTraceparent, startSpan } from "../../src/observability/tracing.ts";
import { counterValue } from "../../src/observability/metrics.ts";

const TENANT_A: Tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const TENANT_B: Tenant = {
  id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b",
  region: "JMS",
  majorVersion: 185,
  minorVersion: 1,
};
const contract = topicContract(
  "COMMAND_TOPIC_PORTAL",
  "both",
  z.object({ characterId: z.number().int(), type: z.literal("ENTER") }),
);

Deno.test("envelope: keyBytes writes ids exactly as encodeKey does, and passes bytes through", () => {
  const ids = [0, 1, 30071, 0xffff, 0x7fffffff, 0xffffffff, 2 ** 32 + 5, -1, 123456789];
  for (const id of ids) assertEquals([...keyBytes(id)], [...encodeKey(id)], `id ${id}`);
  const raw = new Uint8Array([1, 2, 3]);
  assertEquals([...keyBytes(raw)], [1, 2, 3]);
});

Deno.test("envelope: records carry the given span's traceparent and each tenant's own headers", () => {
  const span = startSpan("publish test");
  for (const tenant of [TENANT_A, TENANT_B, TENANT_A]) {
    const record = encodeRecord(contract, "t", { characterId: 7, type: "ENTER" }, { tenant, key: 7 }, span);
    assertEquals(Object.keys(record.headers), [
      "traceparent",
      "TENANT_ID",
      "REGION",
      "MAJOR_VERSION",
      "MINOR_VERSION",
    ]);
    assertEquals(new TextDecoder().decode(record.headers.traceparent), formatTraceparent(span.spanContext()));
    for (const [name, bytes] of Object.entries(tenantKafkaHeaders(tenant))) {
      assertEquals([...record.headers[name]], [...bytes], name);
    }
    assertEquals(JSON.parse(new TextDecoder().decode(record.value)), { characterId: 7, type: "ENTER" });
  }
});

Deno.test("envelope: consumed tenants come from each record's headers; a delivery's copy is its own", async () => {
  const got: Tenant[] = [];
  const subscriptions: Subscription[] = [{
    contract,
    topic: "envelope-test",
    handler: (d) => {
      got.push({ ...d.tenant });
      // A handler scribbling on its delivery must not leak into later deliveries.
      d.tenant.region = "XXX";
    },
    options: {},
  }];
  const value = new TextEncoder().encode(JSON.stringify({ characterId: 1, type: "ENTER" }));
  let offset = 0;
  const deliver = (headers: Record<string, Uint8Array>) =>
    dispatchRecord(
      { topic: "envelope-test", partition: 0, offset: String(offset++), key: encodeKey(1), value, headers },
      subscriptions,
    );
  for (const tenant of [TENANT_A, TENANT_B, TENANT_A, TENANT_B]) await deliver(tenantKafkaHeaders(tenant));
  assertEquals(got.length, 4);
  assertEquals(got.map((t) => t.id), [TENANT_A.id, TENANT_B.id, TENANT_A.id, TENANT_B.id]);
  assertEquals(got.map((t) => t.majorVersion), [83, 185, 83, 185]);
  const before = counterValue("kafka.consume.skipped", {
    topic: "envelope-test",
    reason: "bad_tenant_header",
  });
  // Same id and region as a cached tenant, but a 1-byte version: still rejected.
  await deliver({ ...tenantKafkaHeaders(TENANT_A), MAJOR_VERSION: new Uint8Array([83]) });
  const after = counterValue("kafka.consume.skipped", {
    topic: "envelope-test",
    reason: "bad_tenant_header",
  });
  assertEquals(after, before + 1);
  assertEquals(got.length, 4);
  await deliver(tenantKafkaHeaders(TENANT_A));
  const tenants: Tenant[] = got;
  assertEquals(tenants.length, 5);
  assertEquals(tenants, [TENANT_A, TENANT_B, TENANT_A, TENANT_B, TENANT_A], "fresh, unmodified tenants");
});
