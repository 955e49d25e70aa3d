/**
 * The character info window end to end (field harness, real broker, GMS 83 template): a request about
 * a character in the asker's map is answered with that character's pets' exclusion lists (pets out
 * only) and CharacterInfo from that character's session cache plus the guild and wish list looked up
 * over REST; a truncated request, or one about a character in
 * another map, gets nothing (the answer to a valid request that follows is the first CharacterInfo).
 * Expected bytes are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURE_CHARACTERS, petsDocument, startField } from "../../support/field.ts";
import { isOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";

Deno.test(integration("character info: asked about a character in the map → CharacterInfo", async () => {
  // Cody has Kitty out (700005, ignoring red potions) and Rex resting (700006).
  const characters = FIXTURE_CHARACTERS.map((c) =>
    c.id === 2001
      ? {
        ...c,
        pets: [
          { id: 700005, templateId: 5000000, name: "Kitty", slot: 0 },
          { id: 700006, templateId: 5000001, name: "Rex", slot: -1 },
        ],
      }
      : c
  );
  const field = await startField({ characters });
  try {
    const codyPets = petsDocument(characters.find((c) => c.id === 2001)!) as {
      data: { attributes: Record<string, unknown> }[];
    };
    codyPets.data[0].attributes.excludes = [{ itemId: 2000000 }];
    field.rest.on("GET", "characters/2001/pets", { json: codyPets });
    field.rest.on("GET", "characters/2001/cash-shop/wishlist", {
      json: {
        data: [{
          type: "items",
          id: "00000000-0000-4000-8000-000000000001",
          attributes: { characterId: 2001, serialNumber: 10000001 },
        }],
      },
    });
    const aria = await field.login(1001);
    await field.login(2001);
    await field.login(1002); // Brin, in Ellinia
    const info = field.writerOpcode("CharacterInfo");
    const exclude = field.writerOpcode("PetExcludeResponse");
    const ask = (characterId: number) =>
      aria.client.send(
        field.packet("CharacterInfoRequestHandle", (w) => w.uint32(9).uint32(characterId).bool(false)),
      );

    await ask(1002); // another map
    await aria.client.send(field.packet("CharacterInfoRequestHandle", (w) => w.uint32(9).uint16(1))); // truncated
    await ask(2001);
    const seen = await receiveUntil(aria.client, isOpcode(info));
    const answers = seen.filter((p) => p.opcode === info);
    assertEquals(answers.length, 1);
    // First the exclusion list of Cody's pet that is out (owner 2001, slot 0, pet 700005, one item).
    assertEquals(
      seen.filter((p) => p.opcode === exclude).map((p) => toHex(p.body)),
      ["d1 07 00 00 00 65 ae 0a 00 00 00 00 00 01 80 84 1e 00"],
    );
    // Cody: level 12, job 100, fame 3 (the sample record's), no guild, no pets, one wish; v83 tail.
    assertEquals(
      toHex(answers[0].body),
      "d1 07 00 00 0c 64 00 03 00 00 00 00 00 00 00 00 00 01 81 96 98 00 " +
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
    );
    assertTrue(!aria.session.isClosed, "a truncated request does not close the session");
  } finally {
    await field.stop();
  }
}));
