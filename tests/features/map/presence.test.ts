import { assertEquals } from "../../support/assert.ts";
import { createPresence } from "../../../src/features/map/presence.ts";
import type { Session } from "../../../src/net/session.ts";

const t1 = { id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13", region: "GMS", majorVersion: 83, minorVersion: 1 };
const t2 = { ...t1, id: "6e3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a14" };

function fakeSession(tenant = t1, worldId = 0, channelId = 1): Session {
  return { tenant, worldId, channelId } as unknown as Session;
}

Deno.test("presence: sessions move between maps and are indexed per tenant, world, channel and map", () => {
  const p = createPresence();
  const a = fakeSession(), b = fakeSession(), c = fakeSession(t1, 0, 2), d = fakeSession(t2);
  p.enter(a, 100);
  p.enter(b, 100);
  p.enter(c, 100);
  p.enter(d, 100);
  assertEquals([...p.sessionsIn(t1, 0, 1, 100)], [a, b]);
  assertEquals([...p.sessionsIn(t1, 0, 2, 100)], [c]);
  assertEquals([...p.sessionsIn(t2, 0, 1, 100)], [d]);
  p.enter(a, 200);
  assertEquals([...p.sessionsIn(t1, 0, 1, 100)], [b]);
  assertEquals([...p.sessionsIn(t1, 0, 1, 200)], [a]);
  assertEquals(p.mapOf(a), 200);
  p.leave(a);
  assertEquals(p.mapOf(a), undefined);
  assertEquals(p.sessionsIn(t1, 0, 1, 200).size, 0);
});

Deno.test("presence: characters map to their sessions per tenant and are forgotten on close", () => {
  const p = createPresence();
  const a = fakeSession(), d = fakeSession(t2);
  p.bindCharacter(a, 30071);
  p.bindCharacter(d, 30071);
  p.enter(a, 100);
  assertEquals(p.sessionOfCharacter(t1, 30071), a);
  assertEquals(p.sessionOfCharacter(t2, 30071), d);
  p.forget(a);
  assertEquals(p.sessionOfCharacter(t1, 30071), undefined);
  assertEquals(p.sessionOfCharacter(t2, 30071), d);
  assertEquals(p.sessionsIn(t1, 0, 1, 100).size, 0);
  // A newer session of the same character is not dropped when the older one is forgotten.
  const older = fakeSession(), newer = fakeSession();
  p.bindCharacter(older, 5);
  p.bindCharacter(newer, 5);
  p.forget(older);
  assertEquals(p.sessionOfCharacter(t1, 5), newer);
});

Deno.test("presence: a session is shown in its map once shown, until it leaves the map", () => {
  const p = createPresence();
  const a = fakeSession(), b = fakeSession(), other = fakeSession(t2);
  p.show(a); // outside any map: nothing to show it in
  assertEquals(p.shownIn(t1, 0, 1, 100).size, 0);
  p.enter(a, 100);
  p.enter(b, 100);
  p.enter(other, 100);
  assertEquals(p.shownIn(t1, 0, 1, 100).size, 0);
  p.show(a);
  p.show(other);
  assertEquals([...p.shownIn(t1, 0, 1, 100)], [a]);
  assertEquals([...p.shownIn(t2, 0, 1, 100)], [other]);
  p.enter(a, 100); // the map it is in: still shown
  assertEquals([...p.shownIn(t1, 0, 1, 100)], [a]);
  assertEquals([...p.sessionsIn(t1, 0, 1, 100)], [a, b]);
  p.enter(a, 200); // another map: shown there only after its entry there
  assertEquals(p.shownIn(t1, 0, 1, 100).size, 0);
  assertEquals(p.shownIn(t1, 0, 1, 200).size, 0);
  p.show(a);
  p.show(b);
  assertEquals([...p.shownIn(t1, 0, 1, 200)], [a]);
  assertEquals([...p.shownIn(t1, 0, 1, 100)], [b]);
  p.leave(b);
  assertEquals(p.shownIn(t1, 0, 1, 100).size, 0);
  p.forget(a);
  assertEquals(p.shownIn(t1, 0, 1, 200).size, 0);
});
