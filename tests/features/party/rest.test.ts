import { assertEquals } from "../../support/assert.ts";
import { SAMPLE_TENANT, startJsonApiServer } from "../../support/jsonapi-server.ts";
import { fixtureCopy } from "../../support/rest-fixtures.ts";
import { createRestClient } from "../../../src/rest/client.ts";
import { findPartyByMember } from "../../../src/features/party/rest.ts";
import { findMessengerByMember } from "../../../src/features/messenger/rest.ts";

Deno.test("party: the member filter is sent with literal brackets; no party → undefined", async () => {
  const server = await startJsonApiServer();
  try {
    server.on("GET", "parties?filter[members.id]=1003", { json: { data: [] } });
    server.on("GET", "messengers?filter[members.id]=1003", { json: { data: [] } });
    const rest = createRestClient({ baseServiceUrl: server.root, env: () => undefined });
    assertEquals(await findPartyByMember(rest, SAMPLE_TENANT, 1003), undefined);
    assertEquals(await findMessengerByMember(rest, SAMPLE_TENANT, 1003), undefined);
    assertEquals(server.requests.map((r) => r.path), [
      "parties?filter[members.id]=1003",
      "messengers?filter[members.id]=1003",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("party: a member listed but not included keeps its id with Go zero attributes", async () => {
  const server = await startJsonApiServer();
  try {
    const doc = fixtureCopy("party");
    doc.included = (doc.included as { id: string }[]).filter((m) => m.id === "1001");
    server.on("GET", "parties?filter[members.id]=1001", {
      json: { data: [doc.data], included: doc.included },
    });
    const rest = createRestClient({ baseServiceUrl: server.root, env: () => undefined });
    const party = await findPartyByMember(rest, SAMPLE_TENANT, 1001);
    assertEquals(party?.members.map((m) => [m.characterId, m.name, m.online]), [[1001, "Aria", true], [
      1002,
      "",
      false,
    ]]);
  } finally {
    await server.close();
  }
});
