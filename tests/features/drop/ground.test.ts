/** The drop index and atlas-drops' ownership rule (`CanBeReservedBy`, 15 s window). */
import { assertEquals } from "../../support/assert.ts";
import {
  createGroundDrops,
  type GroundDrop,
  mayPickUp,
  needsParty,
  OWNERSHIP_WINDOW_MS,
} from "../../../src/features/drop/ground.ts";

const tenant = { id: "t1", region: "GMS", majorVersion: 83, minorVersion: 1 };
const other = { ...tenant, id: "t2" };
const henesys = { worldId: 0, channelId: 1, mapId: 100000000 };

function drop(id: number, over: Partial<GroundDrop> = {}): GroundDrop {
  return {
    id,
    itemId: 4000000,
    equipmentId: 0,
    quantity: 1,
    meso: 0,
    type: 0,
    x: 0,
    y: 0,
    ownerId: 1001,
    ownerPartyId: 0,
    dropperId: 1,
    dropperX: 0,
    dropperY: 0,
    playerDrop: false,
    droppedAt: 1_000_000,
    ...over,
  };
}

Deno.test("mayPickUp: owner, party, anyone after the window, player and unowned drops", () => {
  const t0 = 1_000_000;
  const inWindow = t0 + OWNERSHIP_WINDOW_MS - 1;
  assertEquals(mayPickUp(drop(1), 1001, 0, inWindow), true);
  assertEquals(mayPickUp(drop(1), 2001, 0, inWindow), false);
  assertEquals(mayPickUp(drop(1), 2001, 0, t0 + OWNERSHIP_WINDOW_MS), true);
  assertEquals(mayPickUp(drop(1, { playerDrop: true }), 2001, 0, inWindow), true);
  assertEquals(mayPickUp(drop(1, { ownerId: 0 }), 2001, 0, inWindow), true);
  assertEquals(mayPickUp(drop(1, { droppedAt: null }), 2001, 0, inWindow), true);
  const party = drop(1, { ownerId: 0, ownerPartyId: 55 });
  assertEquals(mayPickUp(party, 2001, 55, inWindow), true);
  assertEquals(mayPickUp(party, 2001, 56, inWindow), false);
  assertEquals(mayPickUp(party, 2001, 0, inWindow), false);
  assertEquals(needsParty(party, 2001, inWindow), true);
  assertEquals(needsParty(drop(1), 2001, inWindow), false);
  assertEquals(needsParty(party, 2001, t0 + OWNERSHIP_WINDOW_MS), false);
});

Deno.test("ground drops: per tenant and map; removal; reconcile with an older listing", () => {
  let now = 0;
  const ground = createGroundDrops(() => now);
  ground.add(tenant, henesys, drop(1));
  ground.add(other, henesys, drop(2));
  assertEquals(ground.list(tenant, henesys).map((d) => d.id), [1]);
  assertEquals(ground.get(tenant, { ...henesys, channelId: 2 }, 1), undefined);
  now = 10;
  const requestedAt = 10;
  now = 11;
  ground.add(tenant, henesys, drop(3)); // created while the listing was on its way
  assertEquals(ground.remove(tenant, henesys, 4)?.id, undefined); // 4 picked up meanwhile
  now = 12;
  // The listing knows 4 (stale) and 5, not 1 (gone before) nor 3 (too new).
  ground.reconcile(tenant, henesys, [drop(4), drop(5)], requestedAt);
  assertEquals(ground.list(tenant, henesys).map((d) => d.id).sort(), [3, 5]);
  assertEquals(ground.remove(tenant, henesys, 5)?.id, 5);
  assertEquals(ground.list(other, henesys).map((d) => d.id), [2]);
});
