/** The speaker and position chat reads from a session's cached state (no REST). */
import { cachedSpeaker, positionOf } from "../../../src/features/chat/targets.ts";
import { gmKey, loggedInCharacterKey } from "../../../src/features/login/state.ts";
import { fieldPositionKey } from "../../../src/features/map/spawn.ts";
import type { Character } from "../../../src/features/character/rest.ts";
import { assertEquals } from "../../support/assert.ts";
import { routingWorld } from "./routing-support.ts";

Deno.test("cachedSpeaker: login's character name and GM flag; nothing before login", async () => {
  const world = routingWorld();
  try {
    const session = await world.player(30071, "Ann", 100000000);
    session.set(loggedInCharacterKey, undefined);
    session.set(gmKey, undefined);
    assertEquals(cachedSpeaker(session), undefined);
    assertEquals(positionOf(session), { x: 0, y: 0 });
    session.set(loggedInCharacterKey, { name: "Gwen", x: -40, y: 12 } as Character);
    assertEquals(cachedSpeaker(session), { name: "Gwen", gm: false });
    session.set(gmKey, true);
    assertEquals(cachedSpeaker(session), { name: "Gwen", gm: true });
    assertEquals(positionOf(session), { x: -40, y: 12 });
    session.set(fieldPositionKey, { x: 7, y: -3, stance: 2 });
    assertEquals(positionOf(session), { x: 7, y: -3 });
    // Stats refreshing the cached character keeps the name and the GM flag login set.
    session.set(loggedInCharacterKey, { name: "Gwen", x: -40, y: 12, gm: 0 } as Character);
    assertEquals(cachedSpeaker(session), { name: "Gwen", gm: true });
  } finally {
    await world.close();
  }
});
