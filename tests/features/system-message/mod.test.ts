/**
 * `COMMAND_TOPIC_SYSTEM_MESSAGE` (kafka-consumed.md §2.38): SEND_MESSAGE → WorldMessage in the chosen
 * form to the character's session on this channel only; unknown forms fall back to pink text.
 */
import { routeSystemMessage, worldMessageModeOf } from "../../../src/features/system-message/mod.ts";
import type { SystemMessageCommand } from "../../../src/features/system-message/messages.ts";
import { assertEquals } from "../../support/assert.ts";
import { delivery, OTHER_TENANT, routingWorld, TENANT } from "../chat/routing-support.ts";

function command(messageType: string, characterId = 30071, channelId = 1): SystemMessageCommand {
  return { worldId: 0, channelId, characterId, type: "SEND_MESSAGE", body: { messageType, message: "hi" } };
}

Deno.test("SEND_MESSAGE: each form reaches the character's session only", async () => {
  const world = routingWorld();
  try {
    const ann = await world.player(30071, "Ann", 100000000);
    const bob = await world.player(30112, "Bob", 100000000);
    const annElsewhere = await world.player(30071, "Ann", 100000000, { tenant: OTHER_TENANT });
    for (const type of ["NOTICE", "POP_UP", "PINK_TEXT", "BLUE_TEXT", "MEGAPHONE"]) {
      assertEquals(routeSystemMessage(world.ctx, delivery(command(type))), true);
    }
    assertEquals(world.to(ann), [
      "WorldMessage:00" + "02006869",
      "WorldMessage:01" + "02006869",
      "WorldMessage:05" + "02006869",
      "WorldMessage:06" + "02006869" + "00000000", // blue text: item id 0
      "WorldMessage:05" + "02006869",
    ]);
    assertEquals([world.to(bob), world.to(annElsewhere)], [[], []]);
  } finally {
    await world.close();
  }
});

Deno.test("SEND_MESSAGE: another channel, tenant or an absent character → nothing", async () => {
  const world = routingWorld();
  try {
    await world.player(30071, "Ann", 100000000);
    assertEquals(routeSystemMessage(world.ctx, delivery(command("NOTICE", 30071, 2))), false);
    assertEquals(routeSystemMessage(world.ctx, delivery(command("NOTICE", 30071, 3))), false);
    assertEquals(routeSystemMessage(world.ctx, delivery(command("NOTICE", 5))), false);
    assertEquals(
      routeSystemMessage(world.ctx, delivery(command("NOTICE"), { ...TENANT, majorVersion: 95 })),
      false,
    );
    assertEquals(world.sent.length, 0);
  } finally {
    await world.close();
  }
});

Deno.test("worldMessageModeOf: the four kinds map to themselves; anything else is pink text", () => {
  assertEquals(
    ["NOTICE", "POP_UP", "PINK_TEXT", "BLUE_TEXT", "", "notice", "TOP_SCROLL"].map(worldMessageModeOf),
    ["NOTICE", "POP_UP", "PINK_TEXT", "BLUE_TEXT", "PINK_TEXT", "PINK_TEXT", "PINK_TEXT"],
  );
});
