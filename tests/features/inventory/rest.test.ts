import { assertEquals, assertRejects, assertTrue } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError, RestNotFoundError, RestSchemaError } from "../../../src/rest/errors.ts";
import { compartmentOf, getCompartment, getInventory } from "../../../src/features/inventory/rest.ts";
import {
  cashAsset,
  cashEquipAsset,
  equipAsset,
  inventoryDocument,
  petAsset,
  stackAsset,
} from "../../../src/features/character/fixtures.ts";
import { withServer } from "../character/rest_server.ts";

// rest-contract.md §3.8, verbatim.
const REFERENCE_SAMPLE = JSON.parse(
  `{"data":{"type":"inventories","id":"c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10",
  "attributes":{"characterId":1001},
  "relationships":{"compartments":{
    "links":{"self":"/api/inventories/c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10/relationships/compartments",
             "related":"/api/inventories/c9f0e0a8-1d53-4f52-8d0c-6d3a4b7f2e10/compartments"},
    "data":[
    {"type":"compartments","id":"2f6f3a1e-0a0b-4c1c-9d8e-111111111111"},
    {"type":"compartments","id":"2f6f3a1e-0a0b-4c1c-9d8e-222222222222"}]}}},
 "included":[
  {"type":"compartments","id":"2f6f3a1e-0a0b-4c1c-9d8e-111111111111",
   "attributes":{"type":1,"capacity":24},
   "relationships":{"assets":{"data":[{"type":"assets","id":"5001"}]}}},
  {"type":"compartments","id":"2f6f3a1e-0a0b-4c1c-9d8e-222222222222",
   "attributes":{"type":2,"capacity":24},
   "relationships":{"assets":{"data":[{"type":"assets","id":"5002"}]}}},
  {"type":"assets","id":"5001","attributes":{"slot":-11,"templateId":1472000,
   "expiration":"0001-01-01T00:00:00Z","referenceId":7001,"referenceType":"equipable",
   "referenceData":{"ownerId":0,"strength":0,"dexterity":0,"intelligence":0,"luck":2,"hp":0,
    "mp":0,"weaponAttack":12,"magicAttack":0,"weaponDefense":0,"magicDefense":0,"accuracy":0,
    "avoidability":0,"hands":0,"speed":0,"jump":0,"slots":7,"locked":false,"spikes":false,
    "karmaUsed":false,"cold":false,"canBeTraded":true,"levelType":0,"level":0,"experience":0,
    "hammersApplied":0}}},
  {"type":"assets","id":"5002","attributes":{"slot":1,"templateId":2000000,
   "expiration":"0001-01-01T00:00:00Z","referenceId":8001,"referenceType":"consumable",
   "referenceData":{"ownerId":0,"quantity":50,"flag":0,"rechargeable":0}}}]}`,
);

Deno.test("getInventory: the reference sample resolves compartments and typed assets", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001/inventory", { json: REFERENCE_SAMPLE });
    const inventory = await getInventory(rest, SAMPLE_TENANT, 1001);
    assertEquals(inventory.characterId, 1001);
    assertEquals(inventory.compartments.map((c) => [c.type, c.capacity, c.assets.length]), [[1, 24, 1], [
      2,
      24,
      1,
    ]]);
    const [weapon] = compartmentOf(inventory, 1).assets;
    assertEquals([weapon.id, weapon.slot, weapon.templateId, weapon.referenceId, weapon.expiration], [
      5001,
      -11,
      1472000,
      7001,
      null,
    ]);
    assertEquals(weapon.payload.kind, "equipable");
    if (weapon.payload.kind === "equipable") {
      assertEquals([weapon.payload.data.weaponAttack, weapon.payload.data.luck, weapon.payload.data.slots], [
        12,
        2,
        7,
      ]);
    }
    const [potion] = compartmentOf(inventory, 2).assets;
    assertEquals(potion.payload, {
      kind: "consumable",
      data: { ownerId: 0, quantity: 50, flag: 0, rechargeable: 0 },
    });
    assertEquals(compartmentOf(inventory, 5), { id: "", type: 5, capacity: 0, assets: [] });
    assertEquals(
      server.requestsTo("GET", "characters/1001/inventory")[0].headers.get("TENANT_ID"),
      SAMPLE_TENANT.id,
    );
  });
});

Deno.test("getInventory: every fixture reference type parses; cash ids stay exact text", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/9/inventory", {
      json: inventoryDocument(9, [
        equipAsset(1, -5, 1040002),
        cashEquipAsset(2, -101, 1002140, "9007199254740993"),
        stackAsset(3, 2, 1, 2070000, 500, { rechargeable: 500 }),
        stackAsset(4, 3, 1, 3010000, 1),
        stackAsset(5, 4, 2, 4000000, 30),
        cashAsset(6, 1, 5110000, "9000000000123"),
        petAsset(7, 2, 5000000, 301, "Kitty"),
      ], { 1: 96 }),
    });
    const inventory = await getInventory(rest, SAMPLE_TENANT, 9);
    const kinds = inventory.compartments.flatMap((c) => c.assets.map((a) => a.payload.kind));
    assertEquals(kinds, ["equipable", "cash-equipable", "consumable", "setup", "etc", "cash", "pet"]);
    assertEquals(compartmentOf(inventory, 1).capacity, 96);
    const cashEquip = compartmentOf(inventory, 1).assets[1].payload;
    assertTrue(cashEquip.kind === "cash-equipable" && cashEquip.data.cashId === "9007199254740993");
    const pet = compartmentOf(inventory, 5).assets[1];
    assertEquals(pet.expiration?.toISOString(), "2026-04-15T00:00:00.000Z");
  });
});

Deno.test("getInventory: an unknown referenceType is kept as unknown; bad data for a known type is rejected", async () => {
  await withServer(async (server, rest) => {
    const odd = inventoryDocument(3, [{ ...stackAsset(1, 4, 1, 4000000, 1), referenceType: "mystery" }]);
    server.on("GET", "characters/3/inventory", { json: odd });
    const inventory = await getInventory(rest, SAMPLE_TENANT, 3);
    assertEquals(compartmentOf(inventory, 4).assets[0].payload, {
      kind: "unknown",
      referenceType: "mystery",
    });

    const bad = inventoryDocument(4, [stackAsset(1, 4, 1, 4000000, 1, { quantity: -1 })]);
    server.on("GET", "characters/4/inventory", { json: bad });
    await assertRejects(() => getInventory(rest, SAMPLE_TENANT, 4), RestSchemaError);
  });
});

Deno.test("getInventory: 404 and 500", async () => {
  await withServer(async (server, rest) => {
    await assertRejects(() => getInventory(rest, SAMPLE_TENANT, 1), RestNotFoundError);
    server.on("GET", "characters/2/inventory", { status: 500 });
    assertEquals(
      (await assertRejects(() => getInventory(rest, SAMPLE_TENANT, 2), RestError) as RestError).status,
      500,
    );
  });
});

Deno.test("getCompartment: one compartment by type with its assets", async () => {
  await withServer(async (server, rest) => {
    const document = inventoryDocument(9, [stackAsset(3, 2, 4, 2000001, 7)]);
    const compartment = document.included.find((r) => r.type === "compartments" && r.attributes.type === 2)!;
    server.on("GET", "characters/9/inventory/compartments?type=2", {
      json: { data: compartment, included: document.included.filter((r) => r.type === "assets") },
    });
    const result = await getCompartment(rest, SAMPLE_TENANT, 9, 2);
    assertEquals([result.type, result.capacity, result.assets.map((a) => [a.slot, a.templateId])], [2, 24, [[
      4,
      2000001,
    ]]]);
    await assertRejects(() => getCompartment(rest, SAMPLE_TENANT, 9, 3), RestNotFoundError);
  });
});
