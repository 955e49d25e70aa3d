/**
 * The sandbox's ground (atlas-drops, atlas-inventory's drop and pick-up, atlas-chairs) on the in-memory
 * bus: every tenant has its own drops and seats — a drop of one tenant is neither listed nor picked up
 * from another, and a character sitting in one tenant does not sit in another; an item dropped from the
 * inventory lies on the ground where the character stands (`CREATED`, a player's drop, free for all) and
 * goes back into the inventory when picked up (onto its stack, or into a free slot with the stats it
 * dropped with); with no room the reservation is cancelled and the drop stays; a drop nobody takes
 * expires (`EXPIRED`) while the seeded ones stay. The boat's schedule
 * announces its departure and arrival to every tenant, and the route list shows its state; a character
 * logging out on board is put back in the route's start map.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import type { TopicContract } from "../../src/kafka/contract.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import type { Tenant } from "../../src/tenant.ts";
import { type Sandbox, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { FIRST_DROP_ID, SEEDED_DROPS } from "../../src/sandbox/ground.ts";
import { HENESYS, SANDBOX_TENANTS } from "../../src/sandbox/world.ts";
import { dropCommandContract, dropStatusContract } from "../../src/features/drop/messages.ts";
import { assetStatusContract, compartmentCommandContract } from "../../src/features/inventory/messages.ts";
import { chairCommandContract, chairStatusContract } from "../../src/features/chair/messages.ts";
import { stackAsset } from "../../src/features/character/fixtures.ts";
import { transportStatusContract } from "../../src/features/transport/messages.ts";
import { SANDBOX_ROUTE } from "../../src/sandbox/ground.ts";
import { sessionStatusContract } from "../../src/features/session/messages.ts";
import { characterStatusContract } from "../../src/features/character/messages.ts";

const [V83, V95] = SANDBOX_TENANTS.map((t) => t.tenant);

interface Seen {
  topic: string;
  tenantId: string;
  value: Record<string, unknown>;
}

async function harness(
  options: Parameters<typeof startSandbox>[0] = {},
  alsoSeen: readonly TopicContract[] = [],
): Promise<{ sandbox: Sandbox; channel: Bus; seen: Seen[]; stop(): Promise<void> }> {
  const broker = new MemoryBroker();
  const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2, ...options });
  const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "ground-test-channel" });
  const seen: Seen[] = [];
  for (
    const contract of [
      dropStatusContract,
      assetStatusContract,
      chairStatusContract,
      transportStatusContract,
      ...alsoSeen,
    ]
  ) {
    channel.subscribe(contract, ({ value, tenant }) => {
      seen.push({ topic: contract.variable, tenantId: tenant.id, value: value as Record<string, unknown> });
    });
  }
  await channel.start();
  return {
    sandbox,
    channel,
    seen,
    async stop() {
      await channel.stop();
      await sandbox.stop();
    },
  };
}

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The drop ids the sandbox's REST lists for a tenant's Henesys on channel 0. */
async function listed(sandbox: Sandbox, tenant: Tenant): Promise<number[]> {
  const response = await fetch(`${sandbox.root}worlds/0/channels/0/maps/${HENESYS}/drops`, {
    headers: {
      TENANT_ID: tenant.id,
      REGION: tenant.region,
      MAJOR_VERSION: String(tenant.majorVersion),
      MINOR_VERSION: String(tenant.minorVersion),
    },
  });
  const doc = await response.json() as { data: { id: string }[] };
  return doc.data.map((d) => Number(d.id));
}

const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

const where = { worldId: 0, channelId: 0, mapId: HENESYS };

function reserve(channel: Bus, tenant: Tenant, dropId: number, characterId: number) {
  return channel.publish(dropCommandContract, {
    ...where,
    type: "REQUEST_RESERVATION",
    body: { dropId, characterId, characterX: 0, characterY: 274, petSlot: -1 },
  }, { tenant, key: dropId });
}

function dropItem(
  channel: Bus,
  tenant: Tenant,
  characterId: number,
  inventoryType: number,
  source: number,
  quantity: number,
) {
  return channel.publish(compartmentCommandContract, {
    characterId,
    inventoryType,
    type: "DROP",
    body: { ...where, source, quantity, x: -40, y: 274 },
  }, { tenant, key: characterId });
}

test("sandbox ground: each tenant has its own drops; a dropped item lies on the ground and comes back", async () => {
  const h = await harness();
  try {
    // Each sandbox tenant is seeded alike, with ids of one sequence: the v83 tenant's come first.
    const seeded83 = await listed(h.sandbox, V83);
    const seeded95 = await listed(h.sandbox, V95);
    assertEquals(seeded83, SEEDED_DROPS.map((_, i) => FIRST_DROP_ID + i));
    assertEquals(seeded95.length, SEEDED_DROPS.length);
    assertTrue(seeded95.every((id) => !seeded83.includes(id)), "the tenants' drops have ids of their own");

    // Cody drops 2 of his 3 etc items (tab 4, slot 1) in the v83 tenant: one stack left, a drop where he stands.
    await dropItem(h.channel, V83, 2001, 4, 1, 2);
    const created = await until(
      "CREATED",
      () => h.seen.find((s) => s.topic === "EVENT_TOPIC_DROP_STATUS" && s.value.type === "CREATED"),
    );
    const dropId = created.value.dropId as number;
    assertEquals(created.tenantId, V83.id);
    assertEquals(created.value, {
      ...where,
      dropId,
      type: "CREATED",
      body: {
        itemId: 4000000,
        quantity: 2,
        meso: 0,
        type: 2,
        x: -40,
        y: 274,
        ownerId: 2001,
        ownerPartyId: 0,
        dropTime: (created.value.body as { dropTime: string }).dropTime,
        dropperUniqueId: 2001,
        dropperX: -40,
        dropperY: 274,
        playerDrop: true,
      },
    });
    const quantityChanges = h.seen.filter((s) => s.topic === "EVENT_TOPIC_ASSET_STATUS");
    assertEquals(quantityChanges.map((s) => [s.value.type, s.value.assetId, s.value.body]), [
      ["QUANTITY_CHANGED", 20018, { quantity: 1 }],
    ]);
    assertEquals(
      h.seen.indexOf(quantityChanges[0]) < h.seen.indexOf(created),
      true,
      "asset first, then drop",
    );
    assertEquals(await listed(h.sandbox, V83), [...seeded83, dropId]);
    assertEquals(await listed(h.sandbox, V95), seeded95, "the other tenant does not see it");

    // The v95 tenant asks for it: not its drop (and the v83 drop stays available).
    h.seen.length = 0;
    await reserve(h.channel, V95, dropId, 2001);
    const refused = await until(
      "RESERVATION_FAILURE",
      () => h.seen.find((s) => s.value.type === "RESERVATION_FAILURE"),
    );
    assertEquals([refused.tenantId, refused.value.dropId], [V95.id, dropId]);
    assertEquals(h.sandbox.store.drops(V83.id).get(dropId)?.status, "AVAILABLE");

    // Cody picks it up in the v83 tenant: RESERVED, back onto his stack, PICKED_UP.
    h.seen.length = 0;
    await reserve(h.channel, V83, dropId, 2001);
    await until("PICKED_UP", () => h.seen.find((s) => s.value.type === "PICKED_UP"));
    assertEquals(h.seen.map((s) => [s.tenantId, s.topic, s.value.type]), [
      [V83.id, "EVENT_TOPIC_DROP_STATUS", "RESERVED"],
      [V83.id, "EVENT_TOPIC_ASSET_STATUS", "QUANTITY_CHANGED"],
      [V83.id, "EVENT_TOPIC_DROP_STATUS", "PICKED_UP"],
    ]);
    assertEquals([h.seen[1].value.assetId, h.seen[1].value.body], [20018, { quantity: 3 }]);
    assertEquals(h.seen[2].value.body, {
      characterId: 2001,
      itemId: 4000000,
      equipmentId: 0,
      quantity: 2,
      meso: 0,
      petSlot: -1,
    });
    assertEquals(await listed(h.sandbox, V83), seeded83);

    // An equip (the hat in equip slot 1, with its stats) dropped and picked up returns as it was.
    const cody = h.sandbox.store.character(2001)!;
    const hat = cody.assets.find((a) => a.inventoryType === 1 && a.slot === 1)!;
    hat.referenceData.strength = 3;
    h.seen.length = 0;
    await dropItem(h.channel, V83, 2001, 1, 1, 1);
    const equipDrop = await until(
      "the equip's CREATED",
      () => h.seen.find((s) => s.value.type === "CREATED"),
    );
    const equipDropId = equipDrop.value.dropId as number;
    assertEquals(h.sandbox.store.drops(V83.id).get(equipDropId)?.equipmentId, hat.referenceId);
    await reserve(h.channel, V83, equipDropId, 2001);
    await until("PICKED_UP", () => h.seen.find((s) => s.value.type === "PICKED_UP"));
    const back = h.seen.find((s) => s.topic === "EVENT_TOPIC_ASSET_STATUS" && s.value.type === "CREATED")!;
    const body = back.value.body as { referenceId: number; referenceData: Record<string, unknown> };
    assertEquals([back.value.templateId, back.value.slot, body.referenceId], [1002001, 1, hat.referenceId]);
    assertEquals(body.referenceData.strength, 3);
    assertEquals(
      (h.seen.find((s) => s.value.type === "PICKED_UP")!.value.body as { equipmentId: number }).equipmentId,
      hat.referenceId,
    );

    // No room in the etc tab: the reservation is cancelled and the drop stays on the ground.
    const seed = SEEDED_DROPS.findIndex((d) => d.itemId === 4000000);
    const etcDrop = seeded83[seed];
    for (let slot = 1; slot <= 24; slot++) {
      if (!cody.assets.some((a) => a.inventoryType === 4 && a.slot === slot)) {
        cody.assets.push(stackAsset(9_000_000 + slot, 4, slot, 4000001, 1));
      }
    }
    for (const a of cody.assets.filter((a) => a.templateId === 4000000)) a.referenceData.quantity = 100;
    h.seen.length = 0;
    await reserve(h.channel, V83, etcDrop, 2001);
    await until("RESERVATION_FAILURE", () => h.seen.find((s) => s.value.type === "RESERVATION_FAILURE"));
    assertEquals(h.seen.map((s) => s.value.type), ["RESERVED", "RESERVATION_FAILURE"]);
    assertEquals(h.sandbox.store.drops(V83.id).get(etcDrop)?.status, "AVAILABLE");
    assertTrue((await listed(h.sandbox, V83)).includes(etcDrop), "the drop stays");
  } finally {
    await h.stop();
  }
});

test("sandbox ground: a dropped item nobody takes expires; the seeded drops stay", async () => {
  const h = await harness({ dropExpiryMs: 150 });
  try {
    const seeded = await listed(h.sandbox, V83);
    await dropItem(h.channel, V83, 2001, 2, 1, 5);
    const created = await until("CREATED", () => h.seen.find((s) => s.value.type === "CREATED"));
    const dropId = created.value.dropId as number;
    const expired = await until("EXPIRED", () => h.seen.find((s) => s.value.type === "EXPIRED"));
    assertEquals([expired.tenantId, expired.value], [V83.id, {
      ...where,
      dropId,
      type: "EXPIRED",
      body: {},
    }]);
    assertEquals(await listed(h.sandbox, V83), seeded);
  } finally {
    await h.stop();
  }
});

test("sandbox ground: a character sitting in one tenant does not sit in another", async () => {
  const h = await harness();
  try {
    const sit = (tenant: Tenant) =>
      h.channel.publish(chairCommandContract, {
        ...where,
        type: "USE",
        body: { characterId: 1001, chairType: "PORTABLE", chairId: 3010000 },
      }, { tenant, key: 1001 });
    await sit(V83);
    await sit(V95);
    await sit(V83);
    await until("three answers", () => h.seen.length >= 3 ? true : undefined);
    assertEquals(h.seen.map((s) => [s.tenantId, s.value.type]), [
      [V83.id, "USED"],
      [V95.id, "USED"],
      [V83.id, "ERROR"],
    ]);
    assertEquals(h.sandbox.store.seats(V83.id).chairs.size, 1);
    assertEquals(h.sandbox.store.seats(V95.id).chairs.size, 1);
  } finally {
    await h.stop();
  }
});

test("sandbox transport: the boat departs and arrives on its schedule, announced to every tenant", async () => {
  const h = await harness({ transportTimes: { boardingMs: 1000, lockedMs: 20, travelMs: 50, returnMs: 50 } });
  try {
    const routeState = async () => {
      const tenant = V83;
      const response = await fetch(`${h.sandbox.root}transports/routes`, {
        headers: {
          TENANT_ID: tenant.id,
          REGION: tenant.region,
          MAJOR_VERSION: String(tenant.majorVersion),
          MINOR_VERSION: String(tenant.minorVersion),
        },
      });
      const doc = await response.json() as { data: { attributes: Record<string, unknown> }[] };
      return doc.data[0].attributes;
    };
    assertEquals(await routeState(), {
      name: "Ellinia to Orbis",
      startMapId: SANDBOX_ROUTE.startMapId,
      stagingMapId: SANDBOX_ROUTE.stagingMapId,
      enRouteMapIds: [...SANDBOX_ROUTE.enRouteMapIds],
      destinationMapId: SANDBOX_ROUTE.destinationMapId,
      state: "open_entry",
    });
    await until(
      "a departure and an arrival",
      () => h.seen.filter((s) => s.topic === "EVENT_TOPIC_TRANSPORT_STATUS").length >= 6 ? true : undefined,
    );
    const events = h.seen.filter((s) => s.topic === "EVENT_TOPIC_TRANSPORT_STATUS").slice(0, 6);
    assertEquals(
      events.map((
        s,
      ) => [s.tenantId, s.value.type, s.value.routeId, (s.value.body as { mapId: number }).mapId]),
      [
        ...SANDBOX_TENANTS.map((t) => [t.id, "DEPARTED", SANDBOX_ROUTE.id, SANDBOX_ROUTE.startMapId]),
        ...SANDBOX_TENANTS.map((t) => [t.id, "ARRIVED", SANDBOX_ROUTE.id, SANDBOX_ROUTE.startMapId]),
      ],
    );
  } finally {
    await h.stop();
  }
});

test("sandbox transport: a character logging out on board is put back in the route's start map", async () => {
  const h = await harness({ logoutAfterMs: 20 }, [characterStatusContract]);
  try {
    const session = (type: "CREATED" | "DESTROYED") =>
      h.channel.publish(sessionStatusContract, {
        sessionId: "5a4db0c5-0000-4000-8000-000000000b0a",
        accountId: 2,
        characterId: 2001,
        worldId: 0,
        channelId: 0,
        issuer: "CHANNEL",
        type,
      }, { tenant: V83, key: 2001 });
    await session("CREATED");
    await until("Cody logged in", () => h.sandbox.world.charactersIn(HENESYS).length > 0 ? true : undefined);
    // On board (as a departure leaves him), then the connection drops.
    h.sandbox.world.setMap(V83, 2001, SANDBOX_ROUTE.enRouteMapIds[0]);
    h.sandbox.store.character(2001)!.attributes.mapId = SANDBOX_ROUTE.enRouteMapIds[0];
    await session("DESTROYED");
    await until("LOGOUT", () => h.seen.find((s) => s.value.type === "LOGOUT"));
    await until(
      "back at the start map",
      () => h.sandbox.world.mapOf(V83, 2001) === SANDBOX_ROUTE.startMapId ? true : undefined,
    );
    assertEquals(h.sandbox.store.character(2001)!.attributes.mapId, SANDBOX_ROUTE.startMapId);
  } finally {
    await h.stop();
  }
});
