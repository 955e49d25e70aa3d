import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { RestError } from "../../../src/rest/errors.ts";
import { changeKeyBinding, getKeyBindings } from "../../../src/features/keymap/rest.ts";
import { keysDocument } from "../../../src/features/character/fixtures.ts";
import { withServer } from "../character/rest_server.ts";

Deno.test("getKeyBindings: the reference sample and the fixture", async () => {
  await withServer(async (server, rest) => {
    server.on("GET", "characters/1001/keys", {
      json: {
        data: [{ type: "keys", id: "18", attributes: { type: 4, action: 0 } }, {
          type: "keys",
          id: "91",
          attributes: { type: 7, action: 2000000 },
        }],
      },
    });
    assertEquals(await getKeyBindings(rest, SAMPLE_TENANT, 1001), [
      { key: 18, type: 4, action: 0 },
      { key: 91, type: 7, action: 2000000 },
    ]);
    server.on("GET", "characters/2/keys", { json: keysDocument({ 5: [1, 1001003] }) });
    assertEquals(await getKeyBindings(rest, SAMPLE_TENANT, 2), [{ key: 5, type: 1, action: 1001003 }]);
    server.on("GET", "characters/3/keys", { status: 500 });
    await assertRejects(() => getKeyBindings(rest, SAMPLE_TENANT, 3), RestError);
  });
});

Deno.test("changeKeyBinding: PATCH characters/{id}/keys/{key} with the reference's body (§3.13)", async () => {
  await withServer(async (server, rest) => {
    server.on("PATCH", "characters/1001/keys/29", { status: 200 });
    await changeKeyBinding(rest, SAMPLE_TENANT, 1001, { key: 29, type: 1, action: 4001003 });
    const [request] = server.requestsTo("PATCH", "characters/1001/keys/29");
    assertEquals(request.body, '{"data":{"type":"keys","id":"29","attributes":{"type":1,"action":4001003}}}');
    assertEquals(request.headers.get("TENANT_ID"), SAMPLE_TENANT.id);
    server.on("PATCH", "characters/1001/keys/30", { status: 500 });
    await assertRejects(
      () => changeKeyBinding(rest, SAMPLE_TENANT, 1001, { key: 30, type: 1, action: 1 }),
      RestError,
    );
    assertEquals(server.requestsTo("PATCH", "characters/1001/keys/30").length, 1); // not retried
  });
});
