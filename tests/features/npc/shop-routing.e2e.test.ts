/**
 * `EVENT_TOPIC_NPC_SHOP_STATUS` reaches exactly the character's session (the events name no world or
 * channel): an event for a character who is not on this server, or for the same character id of
 * another tenant, reaches nobody here; the character's map mates and a session on another channel get
 * nothing of it. Absence is proven with sentinels (a later event or system message that must arrive).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { assertNone, isOpcode, receiveUntil } from "../../support/receive.ts";
import { npcShopStatusContract } from "../../../src/features/npc/messages.ts";
import { toHex } from "../map/templates.ts";

Deno.test(
  integration("npc shop results: the character's session only, never another channel or tenant", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const aria = await field.login(1001); // Henesys, channel 1
      const cody = await field.login(2001); // Henesys, channel 1
      const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
      const evie = await field.login(5001, { otherTenant: true });
      const shopOp = field.writerOpcode("NPCShopOperation");
      const error = (characterId: number, levelLimit: number) => ({
        characterId,
        type: "ERROR" as const,
        body: { error: "UNDER_LEVEL_REQUIREMENT", levelLimit, reason: "" },
      });

      // Nobody here: 1001 of the other tenant, and a character playing elsewhere (1002 is not logged in).
      await field.publishEvent(npcShopStatusContract, error(1001, 11), { tenant: field.otherTenant });
      await field.publishEvent(npcShopStatusContract, error(1002, 12));
      // Aria's own result comes next and is the first she sees.
      await field.publishEvent(npcShopStatusContract, error(1001, 13));
      const ariaSaw = await receiveUntil(aria.client, isOpcode(shopOp), { what: "aria's shop result" });
      assertEquals(ariaSaw.filter((p) => p.opcode === shopOp).map((p) => toHex(p.body)), ["0f 0d 00 00 00"]);
      // Dana (another channel) and Evie (another tenant) get their own results first, nothing before.
      await field.publishEvent(npcShopStatusContract, error(3001, 14));
      await field.publishEvent(npcShopStatusContract, error(5001, 15), { tenant: field.otherTenant });
      for (const [who, expected] of [[dana, "0f 0e 00 00 00"], [evie, "0f 0f 00 00 00"]] as const) {
        const seen = await receiveUntil(who.client, isOpcode(shopOp), { what: "its own shop result" });
        assertEquals(seen.filter((p) => p.opcode === shopOp).map((p) => toHex(p.body)), [expected]);
      }
      // Cody, in Aria's map, saw no shop result at all.
      const sentinel = await field.sentinel(cody);
      assertNone(
        await receiveUntil(cody.client, sentinel),
        isOpcode(shopOp),
        "another character's shop result",
      );
      // And Aria none after hers.
      const ariaSentinel = await field.sentinel(aria);
      assertNone(await receiveUntil(aria.client, ariaSentinel), isOpcode(shopOp), "a second shop result");
    } finally {
      await field.stop();
    }
  }),
);
