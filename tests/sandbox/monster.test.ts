/**
 * The sandbox's atlas-monsters: control on map entry/exit (fewest-controlled candidate), damage with
 * the damage leader taking control, kill with per-character totals, respawn (START_CONTROL before
 * CREATED) and movement recording; the HTTP listing serves the live state; the publish hook hears every
 * event.
 */
import { assertEquals } from "../support/assert.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { HUNTING_GROUND } from "../../src/sandbox/world.ts";
import { FIRST_MONSTER_ID } from "../../src/sandbox/monsters.ts";
import { mapStatusContract } from "../../src/features/map/messages.ts";
import { monsterCommandContract, monsterStatusContract } from "../../src/features/monster/messages.ts";
import { monsterMovementContract } from "../../src/features/movement/messages.ts";

async function until(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test({
  name: "sandbox monsters: control, damage, kill, respawn, movement, HTTP listing",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const broker = new MemoryBroker();
    const told: [string, number, number][] = [];
    const sandbox = await startSandbox({
      memoryBroker: broker,
      generatedCount: 2,
      monsterRespawnMs: 50,
      onMonsterStatus: (type, uniqueId, actorId) => told.push([type, uniqueId, actorId]),
    });
    const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "monster-test-channel" });
    const seen: { type: string; uniqueId: number; body: unknown }[] = [];
    channel.subscribe(monsterStatusContract, ({ value }) => {
      seen.push({ type: value.type, uniqueId: value.uniqueId, body: value.body });
    });
    await channel.start();
    const opts = { tenant: SANDBOX_TENANT, key: HUNTING_GROUND };
    const at = { worldId: 0, channelId: 1, mapId: HUNTING_GROUND };
    const [m1, m2, m3] = [FIRST_MONSTER_ID, FIRST_MONSTER_ID + 1, FIRST_MONSTER_ID + 2];
    try {
      await channel.publish(mapStatusContract, {
        ...at,
        type: "CHARACTER_ENTER",
        body: { characterId: 1001 },
      }, opts);
      await until("three controls", () => seen.length >= 3);
      assertEquals(seen.map((s) => [s.type, s.uniqueId, (s.body as { actorId: number }).actorId]), [
        ["START_CONTROL", m1, 1001],
        ["START_CONTROL", m2, 1001],
        ["START_CONTROL", m3, 1001],
      ]);
      assertEquals(seen[0].body, { actorId: 1001, x: -400, y: 274, stance: 5, fh: 20, team: -1 });

      // The listing the channel reads on entry is the live state.
      const listing = await fetch(`${sandbox.root}worlds/0/channels/1/maps/${HUNTING_GROUND}/monsters`, {
        headers: {
          TENANT_ID: SANDBOX_TENANT.id,
          REGION: SANDBOX_TENANT.region,
          MAJOR_VERSION: String(SANDBOX_TENANT.majorVersion),
          MINOR_VERSION: String(SANDBOX_TENANT.minorVersion),
        },
      }).then((r) => r.json());
      assertEquals(listing.data.length, 3);
      assertEquals(listing.data[0].attributes.controlCharacterId, 1001);

      await channel.publish(mapStatusContract, {
        ...at,
        type: "CHARACTER_ENTER",
        body: { characterId: 2001 },
      }, opts);
      // Damage by someone else: the damage leader takes control, then DAMAGED with the totals.
      const damage = (monsterId: number, characterId: number, amount: number) =>
        channel.publish(monsterCommandContract, {
          worldId: 0,
          channelId: 1,
          monsterId,
          type: "DAMAGE",
          body: { characterId, damage: amount },
        }, { tenant: SANDBOX_TENANT, key: monsterId });
      await damage(m1, 2001, 3);
      await until("damage answer", () => seen.some((s) => s.type === "DAMAGED"));
      assertEquals(seen.slice(3).map((s) => [s.type, s.uniqueId]), [
        ["STOP_CONTROL", m1],
        ["START_CONTROL", m1],
        ["DAMAGED", m1],
      ]);
      assertEquals(seen[4].body, { actorId: 2001, x: -400, y: 274, stance: 5, fh: 20, team: -1 });
      assertEquals(seen[5].body, {
        x: -400,
        y: 274,
        actorId: 2001,
        damageEntries: [{ characterId: 2001, damage: 3 }],
      });

      // Movement is recorded; the kill reports the totals; the spawn point respawns a new instance.
      await channel.publish(monsterMovementContract, {
        ...at,
        objectId: m1,
        observerId: 2001,
        x: -380,
        y: 274,
        stance: 3,
      }, { tenant: SANDBOX_TENANT, key: m1 });
      await until("movement", () => sandbox.store.monsters.get(m1)?.x === -380);
      await damage(m1, 1001, 100);
      await until("respawn", () => seen.some((s) => s.type === "CREATED"));
      const tail = seen.slice(6);
      assertEquals(tail.map((s) => [s.type, s.uniqueId]), [
        ["KILLED", m1],
        ["START_CONTROL", FIRST_MONSTER_ID + 3],
        ["CREATED", FIRST_MONSTER_ID + 3],
      ]);
      assertEquals(tail[0].body, {
        x: -380,
        y: 274,
        actorId: 1001,
        damageEntries: [{ characterId: 2001, damage: 3 }, { characterId: 1001, damage: 5 }],
      });
      assertEquals((tail[1].body as { actorId: number }).actorId, 2001); // fewest controlled
      assertEquals(sandbox.store.monsters.get(m1), undefined);
      await damage(m1, 1001, 1); // dead: no answer (proven below: the next event is the exit's)

      // The controller leaves: its monsters stop and move to the one still there.
      const before = seen.length;
      await channel.publish(
        mapStatusContract,
        { ...at, type: "CHARACTER_EXIT", body: { characterId: 1001 } },
        opts,
      );
      await until("control moves", () => seen.length >= before + 4);
      assertEquals(
        seen.slice(before).map((s) => [s.type, s.uniqueId, (s.body as { actorId: number }).actorId]),
        [
          ["STOP_CONTROL", m2, 1001],
          ["STOP_CONTROL", m3, 1001],
          ["START_CONTROL", m2, 2001],
          ["START_CONTROL", m3, 2001],
        ],
      );
      // The publish hook (the combat bench's clock) was told of every event, in order, with its actor.
      assertEquals(
        told,
        seen.map((s) => [s.type, s.uniqueId, (s.body as { actorId: number }).actorId]),
      );
    } finally {
      await channel.stop();
      await sandbox.stop();
    }
  },
});
