/**
 * Tenant isolation covers every consumed topic: the topics the tenant-isolation files have a case for
 * (CASES in tenant-isolation-cases.ts), with the topics that send nothing (NO_PACKETS), are exactly the
 * topics the app subscribes to. A new consumer fails here until it gets a case. And a NO_PACKETS topic
 * really sends nothing: its consumers, run with events of both tenants while both have the character
 * online, send no packet.
 */
import { assertEquals } from "../support/assert.ts";
import { integration } from "../support/kafka.ts";
import { startField } from "../support/field.ts";
import { CASES, NO_PACKETS } from "./tenant-isolation-cases.ts";
import type { Feature } from "../../src/features/feature.ts";
import { FEATURES } from "../../src/features/mod.ts";
import type { Delivery, DeliveryHandler } from "../../src/kafka/bus.ts";
import { sagaStatusContract } from "../../src/features/saga/messages.ts";
import type { TopicContract } from "../../src/kafka/contract.ts";
import type { Tenant } from "../../src/tenant.ts";

/** Events of each NO_PACKETS topic (checked against its contract), one per kind its consumer tells apart. */
const NO_PACKET_EVENTS: Record<string, { contract: TopicContract; events: readonly unknown[] }> = {
  EVENT_TOPIC_SAGA_STATUS: {
    contract: sagaStatusContract,
    events: [
      { transactionId: "5b9e6d2a-1c4f-4e8b-9a7d-3f2e1c0b9a87", type: "COMPLETED", body: {} },
      {
        transactionId: "6c0f7e3b-2d5a-4f9c-8b6e-4a3f2d1c0b98",
        type: "FAILED",
        body: { failedStep: "withdraw", reason: "not enough mesos" },
      },
    ],
  },
};

Deno.test(
  integration("tenant isolation: every consumed topic has a case or a NO_PACKETS reason", async () => {
    // Notes every consumer the features subscribe, by topic, to run the NO_PACKETS ones directly.
    const handlers = new Map<string, DeliveryHandler<unknown>[]>();
    const recorder: Feature = {
      name: "tenant-isolation-handler-recorder",
      contracts: [],
      start(ctx) {
        const subscribe = ctx.bus.subscribe.bind(ctx.bus);
        ctx.bus.subscribe = (contract, handler, ...rest) => {
          handlers.set(contract.variable, [
            ...(handlers.get(contract.variable) ?? []),
            handler as DeliveryHandler<unknown>,
          ]);
          return subscribe(contract, handler, ...rest);
        };
      },
    };
    const field = await startField({ secondTenant: true, features: [recorder, ...FEATURES] });
    try {
      const withCase: string[] = Object.values(CASES).flat();
      assertEquals(
        withCase.filter((t, i) => withCase.indexOf(t) !== i),
        [],
        "topics with a case in two places",
      );
      assertEquals(
        [...NO_PACKETS.keys()].filter((t) => withCase.includes(t)),
        [],
        "NO_PACKETS topics that have a case",
      );
      const covered = new Set([...withCase, ...NO_PACKETS.keys()]);
      assertEquals(
        [...field.subscribed].filter((t) => !covered.has(t)).sort(),
        [],
        "consumed topics with neither a tenant-isolation case nor a NO_PACKETS entry",
      );
      assertEquals(
        [...covered].filter((t) => !field.subscribed.has(t)).sort(),
        [],
        "tenant-isolation topics the app no longer consumes",
      );

      // NO_PACKETS is exactly the topics that send nothing: with both tenants' character 1001 online,
      // each consumer of such a topic, given each kind of event of either tenant, sends no packet.
      assertEquals([...NO_PACKETS.keys()].sort(), Object.keys(NO_PACKET_EVENTS).sort(), "NO_PACKET_EVENTS");
      await field.login(1001);
      await field.login(1001, { otherTenant: true });
      const sent: string[] = [];
      const ctx = field.ctx;
      const send = ctx.send.bind(ctx);
      const broadcast = ctx.broadcast.bind(ctx);
      ctx.send = (session, writer, build) => {
        sent.push(`${writer} to ${session.id}`);
        return send(session, writer, build);
      };
      ctx.broadcast = (sessions, writer, build, except) => {
        sent.push(`${writer} to many`);
        return broadcast(sessions, writer, build, except);
      };
      try {
        for (const [topic, { contract, events }] of Object.entries(NO_PACKET_EVENTS)) {
          const consumers = handlers.get(topic) ?? [];
          assertEquals(contract.variable, topic);
          assertEquals(consumers.length > 0, true, `${topic} has no consumer`);
          for (const tenant of [field.otherTenant!, field.tenant] as Tenant[]) {
            for (const value of events) {
              const delivery: Delivery<unknown> = {
                value: contract.schema.parse(value),
                tenant,
                topic: field.topics[topic as keyof typeof field.topics],
                partition: 0,
                offset: "0",
                headers: {},
              };
              for (const consumer of consumers) await consumer(delivery);
            }
          }
          assertEquals(sent, [], `${topic} is in NO_PACKETS but its consumer sent packets`);
        }
      } finally {
        ctx.send = send;
        ctx.broadcast = broadcast;
      }
    } finally {
      await field.stop();
    }
  }),
);
