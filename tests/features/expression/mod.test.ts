/**
 * Expression: the emote packet (one uint32, socket/handler/character_expression.go) → the exact
 * `COMMAND_TOPIC_EXPRESSION` JSON (kafka-produced.md §4.7); `EVENT_TOPIC_EXPRESSION` → CharacterExpression
 * to the others in the map (kafka-consumed.md §2.15).
 */
import {
  expressionFeature,
  handleExpression,
  routeExpressionEvent,
} from "../../../src/features/expression/mod.ts";
import { expressionCommandContract } from "../../../src/features/expression/messages.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import type { Bus, PublishOptions } from "../../../src/kafka/bus.ts";
import type { TopicContract } from "../../../src/kafka/contract.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { delivery, OTHER_TENANT, routingWorld, TENANT } from "../chat/routing-support.ts";

function recordingBus() {
  const published: { json: string; key: number | Uint8Array; topic: string }[] = [];
  const bus = {
    publish(contract: TopicContract, value: unknown, options: PublishOptions) {
      published.push({
        topic: contract.variable,
        json: JSON.stringify(contract.schema.parse(value)),
        key: options.key,
      });
      return Promise.resolve();
    },
  } as unknown as Bus;
  return { bus, published };
}

Deno.test("CharacterExpressionHandle: exact command JSON keyed by the character; a short packet → nothing", async () => {
  const world = routingWorld();
  const { bus, published } = recordingBus();
  const ctx = { ...world.ctx, bus } as unknown as FeatureContext;
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    await handleExpression(ctx, ann, packetReader(Uint8Array.of(4, 0, 0, 0)));
    await assertRejects(
      () => handleExpression(ctx, ann, packetReader(Uint8Array.of(4, 0, 0))),
      PacketReadError,
    );
    assertEquals(published, [{
      topic: expressionCommandContract.variable,
      json: '{"characterId":30071,"worldId":0,"channelId":1,"mapId":100000000,"expression":4}',
      key: 30071,
    }]);
    assertEquals(Object.keys(expressionFeature.handlers!(ctx)), ["CharacterExpressionHandle"]);
  } finally {
    await world.close();
  }
});

Deno.test("EVENT_TOPIC_EXPRESSION: the others in the map get it, not the emoter, other maps, channels or tenants", async () => {
  const world = routingWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    const bob = await world.player(30112, "Bob", 100000000);
    const cat = await world.player(30140, "Cat", 101000000);
    const dan = await world.player(30150, "Dan", 100000000, { channelId: 2 });
    const eve = await world.player(30160, "Eve", 100000000, { tenant: OTHER_TENANT });
    const event = { characterId: 30071, worldId: 0, channelId: 1, mapId: 100000000, expression: 4 };
    assertEquals(routeExpressionEvent(world.ctx, delivery(event)), 1);
    assertEquals(world.to(bob), ["CharacterExpression:77750000" + "04000000"]);
    assertEquals([world.to(ann), world.to(cat), world.to(dan), world.to(eve)], [[], [], [], []]);
    assertEquals(routeExpressionEvent(world.ctx, delivery({ ...event, channelId: 3 })), 0);
    assertEquals(routeExpressionEvent(world.ctx, delivery(event, { ...TENANT, region: "JMS" })), 0);
    assertEquals(world.sent.length, 1);
  } finally {
    await world.close();
  }
});
