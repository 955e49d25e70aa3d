import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError } from "../../../src/rest/errors.ts";
import { getBuffs } from "../../../src/features/buff/rest.ts";
import { buffsDocument } from "../../../src/features/character/fixtures.ts";
import { withServer } from "../character/rest_server.ts";

Deno.test("getBuffs: the reference sample", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001/buffs", {
      json: JSON.parse(`{"data":[{"type":"buffs","id":"0b1f4a52-9d6e-4c7a-8b1e-2d3c4e5f6a7b","attributes":{
  "sourceId":4001003,"duration":180000,"changes":[{"type":"DARK_SIGHT","amount":1}],
  "createdAt":"2026-01-15T18:04:05Z","expiresAt":"2026-01-15T18:07:05Z"}}]}`),
    });
    const [buff] = await getBuffs(rest, SAMPLE_TENANT, 1001);
    assertEquals([buff.id, buff.sourceId, buff.duration, buff.changes], [
      "0b1f4a52-9d6e-4c7a-8b1e-2d3c4e5f6a7b",
      4001003,
      180000,
      [{ type: "DARK_SIGHT", amount: 1 }],
    ]);
    assertEquals(buff.expiresAt.toISOString(), "2026-01-15T18:07:05.000Z");
  });
});

Deno.test("getBuffs: 404 (no record) is no buffs; 500 rejects; fixtures parse", async () => {
  await withServer(async (server, rest) => {
    assertEquals(await getBuffs(rest, SAMPLE_TENANT, 1), []);
    server.on("GET", "characters/2/buffs", { status: 500 });
    await assertRejects(() => getBuffs(rest, SAMPLE_TENANT, 2), RestError);
    const createdAt = new Date("2026-01-15T18:04:05Z");
    server.on("GET", "characters/3/buffs", {
      json: buffsDocument([{
        sourceId: 2001002,
        durationMs: 60000,
        changes: [{ type: "MAGIC_GUARD", amount: 15 }],
        createdAt,
      }]),
    });
    const [buff] = await getBuffs(rest, SAMPLE_TENANT, 3);
    assertEquals([buff.sourceId, buff.expiresAt.getTime() - buff.createdAt.getTime()], [2001002, 60000]);
  });
});
