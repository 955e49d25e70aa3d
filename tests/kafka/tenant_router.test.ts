import { assertEquals, assertRejects } from "../support/assert.ts";
import { createTenantRouter } from "../../src/kafka/tenant-router.ts";
import type { Delivery } from "../../src/kafka/bus.ts";
import type { Tenant } from "../../src/kafka/tenant.ts";
import { createBus } from "../../src/kafka/create-bus.ts";
import { BusConfigError } from "../../src/kafka/create-bus.ts";
import { defaultTopics } from "./bus_contract.ts";
import { assertThrows } from "../support/assert.ts";

const gms83: Tenant = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const gms87 = { ...gms83, majorVersion: 87 };
const delivery = (tenant: Tenant): Delivery<number> => ({
  value: 1,
  tenant,
  topic: "t",
  partition: 0,
  offset: "0",
  headers: {},
});

Deno.test("tenant router: only the delivery's tenant (all four parts) gets it; unregister works", async () => {
  const router = createTenantRouter<number>();
  const seen: string[] = [];
  const off = router.register(gms83, () => void seen.push("83"));
  router.register(gms87, () => void seen.push("87"));
  await router.route(delivery(gms83));
  await router.route(delivery({ ...gms83, region: "JMS" }));
  assertEquals(seen, ["83"]);
  off();
  assertEquals(router.listenerCount(gms83), 0);
  await router.route(delivery(gms83));
  assertEquals(seen, ["83"]);
});

Deno.test("tenant router: one failing listener does not stop the others; the failure is reported", async () => {
  const router = createTenantRouter<number>();
  const seen: string[] = [];
  router.register(gms83, () => {
    throw new Error("bad");
  });
  router.register(gms83, () => void seen.push("ok"));
  await assertRejects(() => router.route(delivery(gms83)), AggregateError);
  assertEquals(seen, ["ok"]);
});

Deno.test("createBus: memory without brokers; Kafka without SERVICE_ID is a clear error", () => {
  assertEquals(createBus({ topics: defaultTopics() }).kind, "memory");
  assertEquals(
    createBus({ topics: defaultTopics(), bootstrapServers: ["127.0.0.1:1"], serviceId: crypto.randomUUID() })
      .kind,
    "kafka",
  );
  assertThrows(
    () => createBus({ topics: defaultTopics(), bootstrapServers: ["127.0.0.1:1"] }),
    BusConfigError,
  );
});
