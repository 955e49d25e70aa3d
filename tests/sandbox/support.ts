/**
 * Helpers of the sandbox tests: free consecutive ports and the two-bot play-through the acceptance
 * criteria describe (bot A logs in, sees bot B spawn, walk and chat, then changes map through a portal,
 * and B sees A leave), asserted on decoded packets.
 * @module
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { type Bot, connectBot } from "../../src/bot/bot.ts";
import { HENESYS, HUNTING_GROUND, SANDBOX_TENANTS } from "../../src/sandbox/world.ts";

/** How many consecutive ports the sandbox's channels take (three per tenant). */
export const SANDBOX_PORT_SPAN = 3 * SANDBOX_TENANTS.length;

/**
 * A base port with `count` consecutive free ports after it. When more than one port is asked for (the
 * sandbox's channels), all {@link SANDBOX_PORT_SPAN} are checked: the v95 and JMS tenants' channels listen
 * on the six ports after the v83 tenant's three.
 */
export function freeConsecutivePorts(count = 3): number {
  const span = count > 1 ? Math.max(count, SANDBOX_PORT_SPAN) : count;
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const listeners: Deno.Listener[] = [];
    try {
      for (let i = 0; i < span; i++) listeners.push(Deno.listen({ hostname: "127.0.0.1", port: base + i }));
      return base;
    } catch {
      // taken; try another base
    } finally {
      for (const l of listeners) l.close();
    }
  }
  throw new Error("no free consecutive ports");
}

/** What the play-through saw, for extra assertions. */
export interface PlayThrough {
  a: Bot;
  b: Bot;
  lines: string[];
}

/**
 * Aria (1001) and Cody (2001) in Henesys on `port`: Aria logs in first, Cody joins, walks, chats and
 * emotes; Aria sees all of it, then takes portal next00 to the hunting ground and Cody sees her leave.
 */
export async function playThrough(port: number, timeoutMs = 10_000): Promise<PlayThrough> {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const a = await connectBot({ port, characterId: 1001, log, timeoutMs });
  const b = await connectBot({ port, characterId: 2001, log, timeoutMs });
  try {
    const fieldA = await a.login(HENESYS);
    assertEquals(fieldA.login, true);
    await b.login(HENESYS);

    // Each sees the other appear (A: B spawns into the map; B: A already there).
    const spawnOfB = await a.waitFor("CharacterSpawn", (p) => p.characterId === 2001);
    assertTrue(spawnOfB.summary.includes("Cody"), spawnOfB.summary);
    await b.waitFor("CharacterSpawn", (p) => p.characterId === 1001);

    // B walks, chats and emotes; A receives each, decoded.
    await b.walk(2, 50);
    const moves = await a.waitFor("CharacterMovement", (p) => p.characterId === 2001);
    assertEquals(moves.characterId, 2001);
    await a.waitFor("CharacterMovement", (p) => p.characterId === 2001, {
      since: a.received.indexOf(moves) + 1,
    });
    await b.chat("hi Aria");
    const line = await a.waitFor("CharacterChatGeneral", (p) => p.characterId === 2001);
    assertEquals(line.message, "hi Aria");
    await b.emote(3);
    const emote = await a.waitFor("CharacterExpression", (p) => p.characterId === 2001);
    assertTrue(emote.summary.endsWith("emote 3"), emote.summary);

    // A goes through the portal: warp SetField to the hunting ground; B sees A leave Henesys.
    const warp = await a.portal("next00");
    assertEquals(warp.mapId, HUNTING_GROUND);
    assertEquals(a.mapId, HUNTING_GROUND);
    await b.waitFor("CharacterDespawn", (p) => p.characterId === 1001);

    // Nothing B does in Henesys reaches A any more.
    const before = a.received.length;
    await b.chat("still here?");
    await b.waitFor("CharacterChatGeneral", (p) => p.message === "still here?");
    await new Promise((r) => setTimeout(r, 200));
    assertEquals(
      a.received.slice(before).filter((p) => p.name === "CharacterChatGeneral").length,
      0,
      "A left the map but still hears it",
    );
    return { a, b, lines };
  } finally {
    a.close();
    b.close();
  }
}
