/**
 * A messenger member's new look: Aria (slot 0) puts a hat on (asset `MOVED` into the equipped slot −1),
 * and every member of her messenger here (Aria and Cody) gets `MessengerOperation` `UPDATE` (GMS 83 code
 * 7, her slot, her look with the hat, from libs/atlas-packet character look at d59a1ad2df); Brin, in no
 * messenger, gets none (his own inventory change on the same topic comes after).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import { messengerStatusContract } from "../../../src/features/messenger/messages.ts";
import { assetStatusContract } from "../../../src/features/inventory/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const compartmentId = (characterId: number, type: number) =>
  `00000000-0000-4000-8000-${String(characterId).padStart(8, "0")}${String(type).padStart(4, "0")}`;
/** Aria's look with the hat (1002001) on: gender, skin, face, 1, hair, worn items, no pets. */
const HATTED = ("01 00 20 4e 00 00 01 30 75 00 00 " +
  "01 11 4a 0f 00 05 82 de 0f 00 0b f0 dd 13 00 06 a2 2c 10 00 07 81 5b 10 00 ff " +
  "ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00").replaceAll(" ", "");

Deno.test(
  integration("messenger e2e: a member's new look → UPDATE to the members here", async () => {
    const field = await startField();
    try {
      const op = field.writerOpcode("MessengerOperation");
      const change = field.writerOpcode("CharacterInventoryChange");
      const members = [{ id: 1001, name: "Aria", slot: 0 }, { id: 2001, name: "Cody", slot: 1 }];
      field.rest.on("GET", "messengers/310", {
        json: {
          data: {
            type: "messengers",
            id: "310",
            attributes: {},
            relationships: { members: { data: members.map((m) => ({ type: "members", id: String(m.id) })) } },
          },
          included: members.map((m) => ({
            type: "members",
            id: String(m.id),
            attributes: { name: m.name, worldId: 0, channelId: 1, online: true, slot: m.slot },
          })),
        },
      });
      const aria = await field.login(1001);
      const cody = await field.login(2001);
      const brin = await field.login(1002);
      await field.publishEvent(messengerStatusContract, {
        actorId: 2001,
        worldId: 0,
        messengerId: 310,
        type: "JOINED",
        body: { slot: 1 },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)).slice(0, 4), "0001"); // ADD of Cody

      await field.publishEvent(assetStatusContract, {
        characterId: 1001,
        compartmentId: compartmentId(1001, 1),
        assetId: 10015,
        templateId: 1002001,
        slot: -1,
        type: "MOVED",
        body: { oldSlot: 1 },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "07" + "00" + HATTED);
      // Cody: his JOIN (slot 1), the ADD of Aria (slot 0), then her new look.
      assertEquals(hex(await receiveOpcode(cody.client, op)), "01" + "01");
      assertEquals(hex(await receiveOpcode(cody.client, op)).slice(0, 4), "0000");
      assertEquals(hex(await receiveOpcode(cody.client, op)), "07" + "00" + HATTED);

      await field.publishEvent(assetStatusContract, {
        characterId: 1002,
        compartmentId: compartmentId(1002, 4),
        assetId: 99999,
        templateId: 4000000,
        slot: 1,
        type: "DELETED",
        body: {},
      });
      await expectNoneBefore(
        brin.client,
        (p) => p.opcode === op,
        (p) => p.opcode === change,
        "brin got a look",
      );
    } finally {
      await field.stop();
    }
  }),
);
