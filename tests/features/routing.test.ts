/**
 * The shared routing helpers every feature's consumers use (src/features/routing.ts): the server match
 * and "the character's session" over real sessions and a real presence index.
 */
import { assertEquals } from "../support/assert.ts";
import { characterSession, servesChannel, sessionsInMapOf } from "../../src/features/routing.ts";
import { OTHER_TENANT, routingWorld, TENANT } from "./chat/routing-support.ts";

Deno.test("servesChannel: tenant, world and channel must all match a served channel", () => {
  const world = routingWorld();
  assertEquals(servesChannel(world.ctx, TENANT, 0, 1), true);
  assertEquals(servesChannel(world.ctx, TENANT, 0, 2), true);
  assertEquals(servesChannel(world.ctx, TENANT, 0, 3), false, "channel not served");
  assertEquals(servesChannel(world.ctx, TENANT, 1, 1), false, "world not served");
  assertEquals(servesChannel(world.ctx, OTHER_TENANT, 0, 2), false, "other tenant's channel 2 not served");
  assertEquals(servesChannel(world.ctx, { ...TENANT, majorVersion: 95 }, 0, 1), false, "version differs");
  assertEquals(servesChannel(world.ctx, { ...TENANT, id: TENANT.id.toUpperCase() }, 0, 1), true, "id case");
});

Deno.test("characterSession: the character's live session on the named world and channel only", async () => {
  const world = routingWorld();
  try {
    const here = await world.player(7, "Here", 100000000, { channelId: 2 });
    const other = await world.player(7, "OtherTenant", 100000000, { tenant: OTHER_TENANT });
    assertEquals(characterSession(world.ctx, TENANT, 7, { worldId: 0, channelId: 2 }), here);
    assertEquals(characterSession(world.ctx, TENANT, 7, { worldId: 0 }), here, "world only");
    assertEquals(characterSession(world.ctx, TENANT, 7, { worldId: 0, channelId: 1 }), undefined);
    assertEquals(characterSession(world.ctx, TENANT, 7, { worldId: 1 }), undefined);
    assertEquals(characterSession(world.ctx, TENANT, 8, { worldId: 0 }), undefined, "unknown character");
    assertEquals(characterSession(world.ctx, OTHER_TENANT, 7, { worldId: 0, channelId: 1 }), other);
    await here.close("test");
    assertEquals(characterSession(world.ctx, TENANT, 7, { worldId: 0, channelId: 2 }), undefined, "closed");
  } finally {
    await world.close();
  }
});

Deno.test("sessionsInMapOf: the sessions of the session's map on its channel and tenant", async () => {
  const world = routingWorld();
  try {
    const a = await world.player(1, "A", 100000000);
    const b = await world.player(2, "B", 100000000);
    await world.player(3, "OtherMap", 100000001);
    await world.player(4, "OtherChannel", 100000000, { channelId: 2 });
    await world.player(5, "OtherTenant", 100000000, { tenant: OTHER_TENANT });
    assertEquals(new Set(sessionsInMapOf(world.ctx, a)), new Set([a, b]));
    world.presence.leave(a);
    assertEquals([...sessionsInMapOf(world.ctx, a)], [], "not in a field");
  } finally {
    await world.close();
  }
});
