/**
 * The character info window end to end (field harness, real broker, GMS 83 template): a request about
 * a character in the asker's map is answered with CharacterInfo from that character's session cache
 * plus the guild and wish list looked up over REST; a truncated request, or one about a character in
 * another map, gets nothing (the answer to a valid request that follows is the first CharacterInfo).
 * Expected bytes are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { isOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";

Deno.test(integration("character info: asked about a character in the map → CharacterInfo", async () => {
  const field = await startField();
  try {
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
