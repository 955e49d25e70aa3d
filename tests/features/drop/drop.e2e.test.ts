/**
 * Drops end to end on the real broker (field harness, GMS 83 template): atlas-drops' status events
 * become DropSpawn / DropDestroy for exactly the sessions in the event's map (nothing for other maps,
 * channels or tenants, proven with sentinels), the picker's pick-up message, a newcomer sees the drops
 * of its map, and pick-up requests become `REQUEST_RESERVATION` only when the reference's ownership
 * rules allow them. Expected bytes are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import {
  assertNone,
  expectNoneBefore,
  isOpcode,
  receiveOpcode,
  receiveUntil,
} from "../../support/receive.ts";
import type { Received } from "../../support/receive.ts";
import { dropCommandContract, dropStatusContract } from "../../../src/features/drop/messages.ts";
import type { DropStatusEvent } from "../../../src/features/drop/messages.ts";
import { toHex } from "../map/templates.ts";

const h = (text: string) => text.trim().split(/\s+/).join(" ");

function created(
  dropId: number,
  where: { channelId?: number; mapId?: number },
  body: Partial<Extract<DropStatusEvent, { type: "CREATED" }>["body"]> = {},
): DropStatusEvent {
  return {
    worldId: 0,
    channelId: where.channelId ?? 1,
    mapId: where.mapId ?? HENESYS,
    dropId,
    type: "CREATED",
    body: {
      itemId: 4000000,
      quantity: 3,
      meso: 0,
      type: 0,
      x: 10,
      y: 20,
      ownerId: 1001,
      ownerPartyId: 0,
      dropTime: new Date().toISOString(),
      dropperUniqueId: 7000,
      dropperX: 5,
      dropperY: 6,
      playerDrop: false,
      ...body,
    },
  };
}

/** A DropSpawn packet for `dropId` (the id follows the enter-type byte). */
const spawnOf = (opcode: number, dropId: number) => (p: Received) =>
  p.opcode === opcode && p.body[1] === (dropId & 0xff) && p.body[2] === ((dropId >> 8) & 0xff);

Deno.test(integration("drops: status events → packets for exactly the map's sessions", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const aria = await field.login(1001); // Henesys ch1
    const cody = await field.login(2001); // Henesys ch1
    const brin = await field.login(1002); // Ellinia ch1
    const dana = await field.login(3001, { channel: 2 }); // Henesys ch2
    const foreign = await field.login(2001, { otherTenant: true }); // Henesys ch1, other tenant
    const spawn = field.writerOpcode("DropSpawn");
    const destroy = field.writerOpcode("DropDestroy");
    const status = field.writerOpcode("CharacterStatusMessage");

    // CREATED: an item that falls from monster 7000.
    await field.publishEvent(dropStatusContract, created(9001, {}));
    const itemSpawn = h(`01 29 23 00 00  00 00 09 3d 00  e9 03 00 00 00  0a 00 14 00  58 1b 00 00
                         05 00 06 00 00 00  ff ff ff ff ff ff ff ff  01`);
    for (const who of [aria, cody]) {
      assertEquals(toHex(await receiveOpcode(who.client, spawn)), itemSpawn);
    }
    // Sentinels: a drop in each other one's own map; the Henesys ch1 drop must not come before it.
    await field.publishEvent(dropStatusContract, created(9101, { mapId: ELLINIA }));
    await field.publishEvent(dropStatusContract, created(9102, { channelId: 2 }));
    await field.publishEvent(dropStatusContract, created(9103, {}), { tenant: field.otherTenant });
    const notOurs = spawnOf(spawn, 9001);
    await expectNoneBefore(brin.client, notOurs, spawnOf(spawn, 9101), "other map got the drop");
    await expectNoneBefore(dana.client, notOurs, spawnOf(spawn, 9102), "other channel got the drop");
    await expectNoneBefore(foreign.client, notOurs, spawnOf(spawn, 9103), "other tenant got the drop");

    // A meso drop of a player.
    await field.publishEvent(
      dropStatusContract,
      created(9002, {}, {
        itemId: 0,
        quantity: 0,
        meso: 500,
        type: 2,
        playerDrop: true,
        dropperUniqueId: 2001,
      }),
    );
    const mesoSpawn = h(`01 2a 23 00 00  01 f4 01 00 00  e9 03 00 00 02  0a 00 14 00  d1 07 00 00
                         05 00 06 00 00 00  00`);
    for (const who of [aria, cody]) assertEquals(toHex(await receiveOpcode(who.client, spawn)), mesoSpawn);

    // Evie arrives later and must see the same ground; atlas-drops lists what lies in Henesys then
    // (the two drops the events below create).
    field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/drops`, {
      json: {
        data: [{
          type: "drops",
          id: "9001",
          attributes: {
            worldId: 0,
            channelId: 1,
            mapId: HENESYS,
            itemId: 4000000,
            equipmentId: 0,
            quantity: 3,
            meso: 0,
            type: 0,
            x: 10,
            y: 20,
            ownerId: 1001,
            ownerPartyId: 0,
            dropTime: new Date().toISOString(),
            dropperId: 7000,
            dropperX: 5,
            dropperY: 6,
            characterDrop: false,
          },
        }, {
          type: "drops",
          id: "9002",
          attributes: {
            worldId: 0,
            channelId: 1,
            mapId: HENESYS,
            meso: 500,
            type: 2,
            x: 10,
            y: 20,
            ownerId: 1001,
            dropTime: new Date().toISOString(),
            dropperId: 2001,
            dropperX: 5,
            dropperY: 6,
            characterDrop: true,
          },
        }],
      },
    });
    // A newcomer sees what lies here (the existing-drop layout, no fall).
    const evie = await field.login(5001);
    const evieSaw = await receiveUntil(evie.client, spawnOf(spawn, 9002), { what: "the meso drop on entry" });
    const shown = evieSaw.filter((p) => p.opcode === spawn).map((p) => toHex(p.body));
    assertEquals(shown, [
      h(`02 29 23 00 00  00 00 09 3d 00  e9 03 00 00 00  0a 00 14 00  58 1b 00 00  ff ff ff ff ff ff ff ff  01`),
      h(`02 2a 23 00 00  01 f4 01 00 00  e9 03 00 00 02  0a 00 14 00  d1 07 00 00  00`),
    ]);

    // PICKED_UP: the map sees cody take the meso drop; only cody gets the pick-up message.
    await field.publishEvent(dropStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      dropId: 9002,
      type: "PICKED_UP",
      body: { characterId: 2001, itemId: 0, equipmentId: 0, quantity: 0, meso: 500, petSlot: -1 },
    });
    for (const who of [aria, cody, evie]) {
      assertEquals(toHex(await receiveOpcode(who.client, destroy)), "02 2a 23 00 00 d1 07 00 00");
    }
    assertEquals(toHex(await receiveOpcode(cody.client, status)), "00 01 00 f4 01 00 00 00 00");

    // EXPIRED: the item drop leaves.
    await field.publishEvent(dropStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      dropId: 9001,
      type: "EXPIRED",
      body: {},
    });
    for (const who of [cody, evie]) {
      const seen = await receiveUntil(who.client, isOpcode(destroy), { what: "the expiry" });
      assertEquals(toHex(seen[seen.length - 1].body), "00 29 23 00 00");
      assertNone(seen, isOpcode(status), "only the picker gets a pick-up message");
    }
    const ariaSaw = await receiveUntil(aria.client, isOpcode(destroy), { what: "the expiry" });
    assertEquals(toHex(ariaSaw[ariaSaw.length - 1].body), "00 29 23 00 00");
    assertNone(ariaSaw, isOpcode(status), "aria did not pick anything up");
    assertTrue(!aria.session.isClosed && !cody.session.isClosed, "sessions stay open");
  } finally {
    await field.stop();
  }
}));

Deno.test(integration("drops: pick-up requests → REQUEST_RESERVATION under the ownership rules", async () => {
  const field = await startField();
  try {
    const aria = await field.login(1001);
    const cody = await field.login(2001);
    const spawn = field.writerOpcode("DropSpawn");
    const statChanged = field.writerOpcode("StatChanged");
    // 9001 is aria's (fresh, inside the ownership window); 9002 is free for all; 9003 is aria's but old.
    await field.publishEvent(dropStatusContract, created(9001, {}));
    await field.publishEvent(dropStatusContract, created(9002, {}, { ownerId: 0 }));
    await field.publishEvent(
      dropStatusContract,
      created(9003, {}, { dropTime: new Date(Date.now() - 16_000).toISOString() }),
    );
    for (const who of [aria, cody]) await receiveUntil(who.client, spawnOf(spawn, 9003));

    const pickUp = (dropId: number, x = 12, y = -34) =>
      field.packet(
        "DropPickUpHandle",
        (w) => w.byte(0).uint32(777).int16(x).int16(y).uint32(dropId).uint32(0xabcd),
      );

    // Cody may not take aria's fresh drop, nor a drop that is not there, nor send half a packet.
    await cody.client.send(pickUp(9001));
    assertEquals(toHex(await receiveOpcode(cody.client, statChanged)), "01 00 00 00 00 00");
    await cody.client.send(pickUp(4242));
    assertEquals(toHex(await receiveOpcode(cody.client, statChanged)), "01 00 00 00 00 00");
    await cody.client.send(field.packet("DropPickUpHandle", (w) => w.byte(0).uint32(1).int16(1)));
    // He may take the free drop: that is the first command on the topic.
    await cody.client.send(pickUp(9002, -5, 7));
    const first = await field.expectCommand(dropCommandContract);
    assertEquals(
      first.raw,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"type":"REQUEST_RESERVATION","body":{"dropId":9002,"characterId":2001,"characterX":-5,"characterY":7,"petSlot":-1}}`,
    );
    assertEquals(first.keyId, 9002);
    assertEquals(first.headers.TENANT_ID, field.tenant.id);
    assertEquals(first.headers.REGION, "GMS");
    assertEquals(toHex(first.rawHeaders.MAJOR_VERSION), "00 53");
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(first.headers.traceparent), "traceparent");
    // The old drop is anyone's; aria's own fresh drop is hers.
    await cody.client.send(pickUp(9003));
    await aria.client.send(pickUp(9001));
    await field.expectCommand(
      dropCommandContract,
      (m) => (m.value.body as { dropId: number }).dropId === 9003,
    );
    const own = await field.expectCommand(
      dropCommandContract,
      (m) => (m.value.body as { dropId: number }).dropId === 9001,
    );
    assertEquals((own.value.body as { characterId: number }).characterId, 1001);
    assertEquals(
      field.captured(dropCommandContract).map((m) => (m.value.body as { dropId: number }).dropId).sort(),
      [9001, 9002, 9003],
    );

    // A party's fresh drop: Cody is in party 55 (looked up because the party decides), Evie in none.
    field.rest.on("GET", "parties?filter[members.id]=2001", {
      json: {
        data: [{
          type: "parties",
          id: "55",
          attributes: { leaderId: 2001 },
          relationships: { members: { data: [{ type: "members", id: "2001" }] } },
        }],
      },
    });
    field.rest.on("GET", "parties?filter[members.id]=5001", { json: { data: [] } });
    const evie = await field.login(5001);
    await field.publishEvent(dropStatusContract, created(9005, {}, { ownerId: 1001, ownerPartyId: 55 }));
    for (const who of [cody, evie]) await receiveUntil(who.client, spawnOf(spawn, 9005));
    await evie.client.send(pickUp(9005));
    assertEquals(toHex(await receiveOpcode(evie.client, statChanged)), "01 00 00 00 00 00");
    await cody.client.send(pickUp(9005));
    const party = await field.expectCommand(
      dropCommandContract,
      (m) => (m.value.body as { dropId: number }).dropId === 9005,
    );
    assertEquals((party.value.body as { characterId: number }).characterId, 2001);
    assertEquals(
      field.captured(dropCommandContract).filter((m) => (m.value.body as { dropId: number }).dropId === 9005)
        .length,
      1,
    );

    // The loser of a race is unlocked by atlas-drops' RESERVATION_FAILURE; the winner is not told.
    await field.publishEvent(dropStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      dropId: 9003,
      type: "RESERVATION_FAILURE",
      body: { characterId: 2001 },
    });
    assertEquals(toHex(await receiveOpcode(cody.client, statChanged)), "01 00 00 00 00 00");
    await field.publishEvent(dropStatusContract, created(9004, {}));
    await expectNoneBefore(aria.client, isOpcode(statChanged), spawnOf(spawn, 9004), "winner unlocked");
    assertTrue(!cody.session.isClosed, "a truncated pick-up does not close the session");
  } finally {
    await field.stop();
  }
}));
