import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError, RestNotFoundError } from "../../../src/rest/errors.ts";
import { getSkillMacros, getSkills, isFourthJobSkill } from "../../../src/features/skill/rest.ts";
import { macrosDocument, skillsDocument } from "../../../src/features/character/fixtures.ts";
import { withServer } from "../character/rest_server.ts";
import { SKILL_DATA_RETRY_MS, skillData } from "../../../src/features/skill/known.ts";

Deno.test("getSkills: the reference sample; zero times are null", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001/skills", {
      json: JSON.parse(`{"data":[{"type":"skills","id":"4001003","attributes":{"level":10,"masterLevel":0,
   "expiration":"0001-01-01T00:00:00Z","cooldownExpiresAt":"0001-01-01T00:00:00Z"}}]}`),
    });
    assertEquals(await getSkills(rest, SAMPLE_TENANT, 1001), [
      { id: 4001003, level: 10, masterLevel: 0, expiration: null, cooldownExpiresAt: null },
    ]);
    assertEquals(server.requestsTo("GET", "characters/1001/skills")[0].headers.get("REGION"), "GMS");
  });
});

Deno.test("getSkills: fixture with expiry and cooldown; 404 and 500 reject", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/2/skills", {
      json: skillsDocument([{
        id: 4121007,
        level: 5,
        masterLevel: 30,
        cooldownExpiresAt: "2026-01-15T18:04:05Z",
      }]),
    });
    const [skill] = await getSkills(rest, SAMPLE_TENANT, 2);
    assertEquals([skill.masterLevel, skill.cooldownExpiresAt?.toISOString()], [
      30,
      "2026-01-15T18:04:05.000Z",
    ]);
    await assertRejects(() => getSkills(rest, SAMPLE_TENANT, 3), RestNotFoundError);
    server.on("GET", "characters/4/skills", { status: 503 });
    await assertRejects(() => getSkills(rest, SAMPLE_TENANT, 4), RestError);
  });
});

Deno.test("getSkillMacros: sorted by slot id", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1/macros", {
      json: macrosDocument([{ id: 2, name: "B" }, { id: 0, name: "A", shout: true, skills: [1, 2, 3] }]),
    });
    assertEquals(await getSkillMacros(rest, SAMPLE_TENANT, 1), [
      { id: 0, name: "A", shout: true, skillId1: 1, skillId2: 2, skillId3: 3 },
      { id: 2, name: "B", shout: false, skillId1: 0, skillId2: 0, skillId3: 0 },
    ]);
  });
});

Deno.test("isFourthJobSkill: by job id floor(skillId / 10000)", () => {
  assertEquals([4121007, 1121008, 21120002, 22171000, 4001003, 22141002, 5221004].map(isFourthJobSkill), [
    true,
    true,
    true,
    true,
    false,
    true,
    true,
  ]);
});

Deno.test("skillData: read once per skill; a failed read is remembered for 30 s, then asked again", async () => {
  await withServer(async (server, rest) => {
    // deno-lint-ignore no-explicit-any
    const ctx = { rest, presence: {} } as any;
    server.on("GET", "data/skills/1100000", {
      json: { data: { type: "skills", id: "1100000", attributes: { effects: [{}, {}] } } },
    });
    const now = Date.now();
    assertEquals((await skillData(ctx, SAMPLE_TENANT, 1100000, now))?.effects.length, 2);
    assertEquals((await skillData(ctx, SAMPLE_TENANT, 1100000, now))?.effects.length, 2);
    assertEquals(server.requestsTo("GET", "data/skills/1100000").length, 1);
    // No such skill (404): undefined, and no new look-up until the retry time.
    assertEquals(await skillData(ctx, SAMPLE_TENANT, 1100001, now), undefined);
    assertEquals(await skillData(ctx, SAMPLE_TENANT, 1100001, Date.now()), undefined);
    assertEquals(server.requestsTo("GET", "data/skills/1100001").length, 1);
    assertEquals(
      await skillData(ctx, SAMPLE_TENANT, 1100001, Date.now() + SKILL_DATA_RETRY_MS + 1),
      undefined,
    );
    assertEquals(server.requestsTo("GET", "data/skills/1100001").length, 2);
  });
});
