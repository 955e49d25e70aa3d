/**
 * The sandbox's atlas-skills cooldowns and atlas-buffs: SET_COOLDOWN → COOLDOWN_APPLIED then
 * COOLDOWN_EXPIRED; APPLY → APPLIED (and served at characters/{id}/buffs) then EXPIRED after the
 * duration; CANCEL of an active buff → EXPIRED at once; data/skills serves the owned skills.
 */
import { assertEquals } from "../support/assert.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { skillCommandContract, skillStatusContract } from "../../src/features/skill/messages.ts";
import { buffCommandContract, buffStatusContract } from "../../src/features/buff/messages.ts";

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test({
  name: "sandbox skills and buffs: cooldowns, applied and expiring buffs, cancel, REST views",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const broker = new MemoryBroker();
    const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2 });
    const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "skill-buff-test-channel" });
    const seen: string[] = [];
    channel.subscribe(skillStatusContract, ({ value }) => void seen.push(`${value.type} ${value.skillId}`));
    channel.subscribe(
      buffStatusContract,
      ({ value }) => void seen.push(`${value.type} ${value.body.sourceId}`),
    );
    await channel.start();
    const opts = { tenant: SANDBOX_TENANT, key: 1001 };
    const headers = {
      TENANT_ID: SANDBOX_TENANT.id,
      REGION: SANDBOX_TENANT.region,
      MAJOR_VERSION: String(SANDBOX_TENANT.majorVersion),
      MINOR_VERSION: String(SANDBOX_TENANT.minorVersion),
    };
    const get = (path: string) => fetch(`${sandbox.root}${path}`, { headers }).then((r) => r.json());
    try {
      await channel.publish(skillCommandContract, {
        characterId: 1001,
        type: "SET_COOLDOWN",
        body: { skillId: 4101004, cooldown: 0 },
      }, opts);
      await until("cooldown events", () => seen.length >= 2);
      assertEquals(seen.splice(0), ["COOLDOWN_APPLIED 4101004", "COOLDOWN_EXPIRED 4101004"]);

      const apply = (sourceId: number, duration: number) =>
        channel.publish(buffCommandContract, {
          worldId: 0,
          channelId: 1,
          characterId: 1001,
          type: "APPLY",
          body: { fromId: 1001, sourceId, duration, changes: [{ type: "SPEED", amount: 10 }] },
        }, opts);
      await apply(4001003, 600);
      await until("applied", () => seen.length >= 1);
      const buffs = await get("characters/1001/buffs");
      assertEquals(buffs.data.map((b: { attributes: { sourceId: number } }) => b.attributes.sourceId), [
        4001003,
      ]);
      await channel.publish(buffCommandContract, {
        worldId: 0,
        channelId: 1,
        characterId: 1001,
        type: "CANCEL",
        body: { sourceId: 4001003 },
      }, opts);
      await apply(2001002, 0); // expires at once
      await until("four buff events", () => seen.length >= 4);
      assertEquals(seen, ["APPLIED 4001003", "EXPIRED 4001003", "APPLIED 2001002", "EXPIRED 2001002"]);
      assertEquals((await get("characters/1001/buffs")).data, []);
      const dark = await get("data/skills/4001003");
      assertEquals(dark.data.attributes.effects.length, 20);
    } finally {
      await channel.stop();
      await sandbox.stop();
    }
  },
});
