/**
 * Combat under `deno task dev`'s in-process mode (sandbox + channel on the in-memory bus): two bots walk
 * into Henesys Hunting Ground I, see its monsters, one controls them (atlas-monsters' stand-in gives
 * control on entry), Aria attacks (script step `attack`), the sandbox answers DAMAGED → MonsterHealth to
 * Aria, Cody sees the attack; a killing blow fades the monster out for both and the spawn point respawns;
 * a cast shows its effect to both and its buff.
 */
import { assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HUNTING_GROUND } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name:
    "dev mode: bots see monsters, control them, attack, see HP, kills and respawns, cast and cancel a buff",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      monsterRespawnMs: 100,
    });
    const aria = await connectBot({ port, characterId: 1001, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, timeoutMs: 10_000 });
    try {
      // Both start in the hunting ground (a warp's SetField may overtake the entry's spawns; see the report).
      for (const id of [1001, 2001]) dev.sandbox.store.character(id)!.attributes.mapId = HUNTING_GROUND;
      await runScript(cody, parseScript("login"), 0);
      await cody.waitFor("ControlMonster", (p) => p.control === true);
      await runScript(aria, parseScript("login"), 0);
      await cody.waitFor("CharacterSpawn", (p) => p.characterId === 1001);
      await aria.waitFor("SpawnMonster", () => aria.monsters.size === 3);

      await runScript(aria, parseScript("attack:1"), 0);
      const target = [...aria.monsters][0];
      const health = aria.received.find((p) => p.name === "MonsterHealth" && p.objectId === target);
      assertTrue(health !== undefined && health.hpPercent! < 100, "Aria sees the monster's HP drop");
      await cody.waitFor("CharacterAttackMelee", (p) => p.characterId === 1001);

      // A killing blow: the monster fades out for both; its spawn point brings a new one.
      await aria.attack({ monsterId: target, damage: 1000 });
      await cody.waitFor("DestroyMonster", (p) => p.objectId === target);
      const respawn = await aria.waitFor(
        "SpawnMonster",
        (p) => p.objectId !== undefined && p.objectId > target,
      );
      assertTrue(aria.monsters.has(respawn.objectId!), "the respawn is known");
      assertTrue(!aria.monsters.has(target), "the dead monster is gone");

      // Dark Sight (Aria has it at level 10): the sandbox's atlas-buffs answers APPLIED; Cody sees it too.
      await runScript(aria, parseScript("skill:4001003:10"), 0);
      // The cast's effect: to Aria, and to Cody as hers.
      await aria.waitFor("CharacterEffect", (p) => p.operation === "SKILL_USE" && p.skillId === 4001003);
      await cody.waitFor(
        "CharacterEffectForeign",
        (p) => p.characterId === 1001 && p.operation === "SKILL_USE" && p.skillId === 4001003,
      );
      await aria.waitFor("CharacterBuffGive");
      await cody.waitFor("CharacterBuffGiveForeign");
      await runScript(aria, parseScript("buffcancel:4001003"), 0);
      await cody.waitFor("CharacterBuffCancelForeign");
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});
