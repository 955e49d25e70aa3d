import { assertEquals } from "../../support/assert.ts";
import { SAMPLE_TENANT, startJsonApiServer } from "../../support/jsonapi-server.ts";
import { fixtureCopy } from "../../support/rest-fixtures.ts";
import { createRestClient } from "../../../src/rest/client.ts";
import {
  findMapNpcByObjectId,
  getMapData,
  type SkillData,
  skillDataResourceSchema,
  skillEffectAt,
  skillMaxLevel,
} from "../../../src/features/data/rest.ts";

const effects = (n: number) =>
  skillDataResourceSchema.parse({
    type: "skills",
    id: "1001004",
    attributes: { effects: Array.from({ length: n }, (_, i) => ({ damage: 100 + i })) },
  }).attributes;

Deno.test("data: skillEffectAt indexes level − 1 and refuses levels past the last effect", () => {
  const skill: Pick<SkillData, "effects"> = effects(3);
  assertEquals(skillEffectAt(skill, 1)?.damage, 100);
  assertEquals(skillEffectAt(skill, 3)?.damage, 102);
  // The reference's check lets level 4 through and indexes past the end.
  assertEquals(skillEffectAt(skill, 4), undefined);
  assertEquals(skillEffectAt(skill, 0), undefined);
  assertEquals(skillEffectAt(skill, 1.5), undefined);
  assertEquals(skillMaxLevel(skill), 3);
});

Deno.test("data: an effect with only some attributes reads the rest as Go zero values", () => {
  const [effect] = effects(1).effects;
  assertEquals([effect.MPConsume, effect.prop, effect.skill, effect.statups, effect.monsterStatus], [
    0,
    0,
    false,
    [],
    {},
  ]);
  assertEquals(effect.cardStats, { itemCode: 0, probability: 0, areas: [], inParty: false });
});

Deno.test("data: map portals listed but not included resolve with default attributes", async () => {
  const server = await startJsonApiServer();
  try {
    const doc = fixtureCopy("mapData");
    delete doc.included;
    server.on("GET", "data/maps/100000000", { json: doc });
    server.on("GET", "data/maps/100000000/npcs?objectId=99", { json: { data: [] } });
    const rest = createRestClient({ baseServiceUrl: server.root, env: () => undefined });
    // portals require `name`: an identifier-only portal is a typed schema error, not a crash.
    const err = await getMapData(rest, SAMPLE_TENANT, 100000000).catch((e) => e);
    assertEquals(err instanceof Error && err.name, "RestSchemaError");
    assertEquals(await findMapNpcByObjectId(rest, SAMPLE_TENANT, 100000000, 99), undefined);
  } finally {
    await server.close();
  }
});
