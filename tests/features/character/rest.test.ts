import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError, RestNotFoundError, RestSchemaError } from "../../../src/rest/errors.ts";
import {
  findCharacterByName,
  getCharacter,
  isEvanJob,
  remainingSp,
  spCounters,
} from "../../../src/features/character/rest.ts";
import { characterDocument } from "../../../src/features/character/fixtures.ts";
import { withServer } from "./rest_server.ts";

// The reference's sample document (rest-contract.md §3.6), verbatim.
const REFERENCE_SAMPLE = {
  data: {
    type: "characters",
    id: "1001",
    attributes: {
      accountId: 42,
      worldId: 0,
      name: "Aria",
      level: 30,
      experience: 12345,
      gachaponExperience: 0,
      strength: 4,
      dexterity: 25,
      intelligence: 4,
      luck: 120,
      hp: 820,
      maxHp: 820,
      mp: 310,
      maxMp: 310,
      meso: 150000,
      hpMpUsed: 0,
      jobId: 400,
      skinColor: 0,
      gender: 1,
      fame: 3,
      hair: 31000,
      face: 21000,
      ap: 0,
      sp: "2,0,0,0,0,0,0,0,0,0",
      mapId: 100000000,
      spawnPoint: 0,
      gm: 0,
      x: -200,
      y: 274,
      stance: 4,
    },
  },
};

Deno.test("getCharacter: parses the reference sample with the tenant headers sent", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001", { json: REFERENCE_SAMPLE });
    const character = await getCharacter(rest, SAMPLE_TENANT, 1001);
    assertEquals(character, { id: 1001, ...REFERENCE_SAMPLE.data.attributes });
    const [request] = server.requestsTo("GET", "characters/1001");
    assertEquals(request.headers.get("TENANT_ID"), SAMPLE_TENANT.id);
    assertEquals(request.headers.get("REGION"), "GMS");
    assertEquals(request.headers.get("MAJOR_VERSION"), "83");
    assertEquals(request.headers.get("MINOR_VERSION"), "1");
  });
});

Deno.test("getCharacter: the fixture builder matches the reference sample and takes overrides", async () => {
  assertEquals(characterDocument(1001), REFERENCE_SAMPLE);
  await withServer(async (server, rest) => {
    server.on("GET", "characters/7", { json: characterDocument(7, { name: "Brin", gm: 1, jobId: 2212 }) });
    const character = await getCharacter(rest, SAMPLE_TENANT, 7);
    assertEquals([character.id, character.name, character.gm, character.jobId], [7, "Brin", 1, 2212]);
  });
});

Deno.test("getCharacter: missing attributes read as zero values, as Go's decoder leaves them", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/5", {
      json: { data: { type: "characters", id: "5", attributes: { name: "X" } } },
    });
    const character = await getCharacter(rest, SAMPLE_TENANT, 5);
    assertEquals([character.name, character.level, character.sp, character.mapId], ["X", 0, "", 0]);
  });
});

Deno.test("getCharacter: 404 is RestNotFoundError, 500 a RestError, a wrong type a RestSchemaError", async () => {
  await withServer(async (server, rest) => {
    await assertRejects(() => getCharacter(rest, SAMPLE_TENANT, 404), RestNotFoundError);
    server.on("GET", "characters/500", { status: 500 });
    const err = await assertRejects(() => getCharacter(rest, SAMPLE_TENANT, 500), RestError) as RestError;
    assertEquals(err.status, 500);
    assertEquals(server.requestsTo("GET", "characters/500").length, 2); // retried once
    server.on("GET", "characters/6", {
      json: { data: { type: "characters", id: "6", attributes: { level: 300 } } },
    });
    await assertRejects(() => getCharacter(rest, SAMPLE_TENANT, 6), RestSchemaError);
  });
});

Deno.test("findCharacterByName: first match, undefined when the array is empty, name URL-encoded", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters?name=Aria", { json: { data: [REFERENCE_SAMPLE.data] } });
    server.on("GET", "characters?name=A%20B", { json: { data: [] } });
    assertEquals((await findCharacterByName(rest, SAMPLE_TENANT, "Aria"))?.id, 1001);
    assertEquals(await findCharacterByName(rest, SAMPLE_TENANT, "A B"), undefined);
  });
});

Deno.test("SP counters: index 0, Evan skill books, malformed parts and missing counters read as 0", () => {
  assertEquals(spCounters("2,0,5"), [2, 0, 5]);
  assertEquals(spCounters("1,x,3"), [1, 0, 3]);
  assertEquals(spCounters(""), []);
  assertEquals(remainingSp({ jobId: 400, sp: "2,9" }), 2);
  assertEquals(remainingSp({ jobId: 2212, sp: "0,1,2,3,4" }), 3); // 2212 − 2209 = 3
  assertEquals(remainingSp({ jobId: 2218, sp: "1" }), 0); // the reference would index out of range
  assertEquals([isEvanJob(2001), isEvanJob(2200), isEvanJob(2218), isEvanJob(2219), isEvanJob(2100)], [
    true,
    true,
    true,
    false,
    false,
  ]);
});
