import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError, RestNotFoundError } from "../../../src/rest/errors.ts";
import { getPet, getPets } from "../../../src/features/pet/rest.ts";
import { petsDocument } from "../../../src/features/character/fixtures.ts";
import { withServer } from "../character/rest_server.ts";

const REFERENCE_SAMPLE = JSON.parse(
  `{"data":{"type":"pets","id":"301","attributes":{"cashId":9000000000456,"templateId":5000000,
  "name":"Kitty","level":5,"closeness":120,"fullness":90,"expiration":"2026-04-15T00:00:00Z",
  "ownerId":1001,"slot":0,"x":-190,"y":274,"stance":0,"fh":12,
  "excludes":[{"itemId":4000000}],"flag":0,"purchaseBy":1001}}}`,
);

Deno.test("getPet: the reference sample", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "pets/301", { json: REFERENCE_SAMPLE });
    const pet = await getPet(rest, SAMPLE_TENANT, 301);
    assertEquals([pet.id, pet.cashId, pet.name, pet.slot, pet.excludes, pet.purchaseBy], [
      301,
      9000000000456,
      "Kitty",
      0,
      [{ itemId: 4000000 }],
      1001,
    ]);
    assertEquals(pet.expiration?.toISOString(), "2026-04-15T00:00:00.000Z");
    await assertRejects(() => getPet(rest, SAMPLE_TENANT, 302), RestNotFoundError);
  });
});

Deno.test("getPets: sorted by slot; fixture documents parse; 500 rejects", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001/pets", {
      json: petsDocument(1001, { 11: { slot: 2, name: "C" }, 12: { slot: -1, name: "A" }, 13: { slot: 0 } }),
    });
    const pets = await getPets(rest, SAMPLE_TENANT, 1001);
    assertEquals(pets.map((p) => [p.id, p.slot]), [[12, -1], [13, 0], [11, 2]]);
    server.on("GET", "characters/2/pets", { status: 500 });
    await assertRejects(() => getPets(rest, SAMPLE_TENANT, 2), RestError);
  });
});
