/**
 * Field entry after login: SetField (login variant) then the three key map packets, with the data the
 * lookups returned, cached on the session.
 */
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { withLocalSession } from "../../support/session.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { CHARACTER_DATA, enterCharacterField } from "../../../src/features/character/enter-field.ts";
import { getCharacter } from "../../../src/features/character/rest.ts";
import {
  characterDocument,
  inventoryDocument,
  keysDocument,
  petsDocument,
  skillsDocument,
} from "../../../src/features/character/fixtures.ts";
import { RestNotFoundError } from "../../../src/rest/errors.ts";
import { hex, u32, u8 } from "./golden.ts";
import { withServer } from "./rest_server.ts";

Deno.test("enterCharacterField: SetField, then key map, auto HP, auto MP; data cached on the session", async () => {
  await withLocalSession(async (session) => {
    await withServer(async (server, rest) => {
      const at = "characters/1001";
      server.on("GET", at, { json: characterDocument(1001) });
      server.on("GET", `${at}/inventory`, { json: inventoryDocument(1001) });
      server.on("GET", `${at}/skills`, { json: skillsDocument() });
      server.on("GET", `${at}/pets`, { json: petsDocument(1001) });
      server.on("GET", `${at}/keys`, { json: keysDocument() });
      server.on("GET", `${at}/buddy-list`, {
        json: {
          data: { type: "buddy-list", id: "", attributes: { characterId: 1001, capacity: 30, buddies: [] } },
        },
      });
      const sent: [string, string][] = [];
      const ctx = {
        rest,
        send(_session: unknown, writer: string, build: BuildPacket) {
          const w = packetWriter();
          build(w, {});
          sent.push([writer, hex(w.toBytes())]);
          return true;
        },
      } as unknown as FeatureContext;
      const character = await getCharacter(rest, SAMPLE_TENANT, 1001);
      await enterCharacterField(ctx, session, character);
      assertEquals(sent.map(([name]) => name), [
        "SetField",
        "CharacterKeyMap",
        "CharacterKeyMapAutoHp",
        "CharacterKeyMapAutoMp",
      ]);
      // SetField: channel 1, buddy capacity 30 right before the "no linked name" byte and the meso.
      assertEquals(sent[0][1].startsWith(u32(1) + "0101"), true);
      assertEquals(sent[0][1].includes(u8(30) + u8(0) + u32(150000)), true);
      assertEquals([sent[2][1], sent[3][1]], [u32(2000000), u32(0)]);
      const cached = session.get(CHARACTER_DATA);
      assertEquals([cached?.character.id, cached?.inventory?.compartments.length, cached?.skills.length], [
        1001,
        5,
        1,
      ]);

      // A missing buddy list fails field entry (login then destroys the session, as the reference).
      server.on("GET", `${at}/buddy-list`, { status: 404 });
      await assertRejects(() => enterCharacterField(ctx, session, character), RestNotFoundError);
    });
  });
});
