/**
 * End to end on the real broker through headless clients: quest actions → `START_QUEST_CONVERSATION`
 * with the exact JSON, key and headers (forfeit, lost-item restore and truncated packets produce
 * nothing); quest status events → the quest record for the character's session only (another world or
 * tenant gets nothing, proven by sentinels). The GMS 83 template has no QuestActionHandle; the field adds
 * it at the v83 client's opcode 0x6B.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { assertNone, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import {
  questConversationCommandContract,
  questStatusContract,
} from "../../../src/features/quest/messages.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test(
  integration("quest e2e: actions → quest conversations; status events → the quest log", async () => {
    const field = await startField({
      secondTenant: true,
      extraHandlers: [{ opCode: "0x6B", handler: "QuestActionHandle" }],
    });
    try {
      const aria = await field.login(1001);
      const evie = await field.login(5001, { otherTenant: true });

      // Forfeit, lost-item restore and a truncated start produce nothing; the first command seen is
      // the valid start after them.
      await aria.client.send(field.packet("QuestActionHandle", (w) => w.byte(3).uint16(2001)));
      await aria.client.send(field.packet("QuestActionHandle", (w) => w.byte(0).uint16(2001).uint32(0)));
      await aria.client.send(field.packet("QuestActionHandle", (w) => w.byte(1).uint16(2001).uint16(1)));
      await aria.client.send(
        field.packet(
          "QuestActionHandle",
          (w) => w.byte(1).uint16(2001).uint32(1012100).int16(-200).int16(274),
        ),
      );
      await aria.client.send(
        field.packet("QuestActionHandle", (w) => w.byte(2).uint16(2001).uint32(1012100).int32(-1)),
      );
      await aria.client.send(
        field.packet("QuestActionHandle", (w) => w.byte(4).uint16(0xfffe).uint32(9010000).int16(0).int16(0)),
      );
      await field.expectCommand(questConversationCommandContract, (c) => c.value.questId === 0xfffe);
      const commands = field.captured(questConversationCommandContract);
      const body = '"type":"START_QUEST_CONVERSATION","body":{"worldId":0,"channelId":1,"mapId":100000000}}';
      assertEquals(commands.map((c) => c.raw), [
        `{"questId":2001,"npcId":1012100,"characterId":1001,${body}`,
        `{"questId":2001,"npcId":1012100,"characterId":1001,${body}`,
        `{"questId":65534,"npcId":9010000,"characterId":1001,${body}`,
      ]);
      assertEquals(commands[0].keyId, 1001);
      assertEquals([commands[0].headers.TENANT_ID, commands[0].headers.REGION], [field.tenant.id, "GMS"]);
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(commands[0].headers.traceparent ?? ""));

      // Status events → the quest record (CharacterStatusMessage QUEST_RECORD = 1).
      const statusOp = field.writerOpcode("CharacterStatusMessage");
      const event = (type: string, body: Record<string, unknown>, characterId = 1001, worldId = 0) =>
        ({ characterId, worldId, type, body }) as Parameters<
          typeof field.publishEvent<typeof questStatusContract>
        >[1];
      await field.publishEvent(questStatusContract, event("STARTED", { questId: 2001 }, 1001, 1)); // other world
      await field.publishEvent(questStatusContract, event("STARTED", { questId: 2001 }));
      const first = await receiveUntil(aria.client, isOpcode(statusOp));
      assertEquals(hex(first[first.length - 1].body), "01" + "d107" + "01" + "0000");
      await field.publishEvent(
        questStatusContract,
        event("PROGRESS_UPDATED", { questId: 2001, infoNumber: 0, progress: "003" }),
      );
      assertEquals(hex(await receiveOpcode(aria.client, statusOp)), "01" + "d107" + "01" + "0300303033");
      const before = BigInt(Date.now()) * 10_000n + 116444736000000000n;
      await field.publishEvent(questStatusContract, event("COMPLETED", { questId: 2001 }));
      const completed = await receiveOpcode(aria.client, statusOp);
      const after = BigInt(Date.now()) * 10_000n + 116444736000000000n;
      assertEquals(hex(completed.subarray(0, 4)), "01" + "d107" + "02");
      const fileTime = new DataView(completed.buffer, completed.byteOffset + 4, 8).getBigUint64(0, true);
      assertTrue(fileTime >= before - 10_000_000n && fileTime <= after, `completion time ${fileTime}`);
      await field.publishEvent(questStatusContract, event("ERROR", {}));
      await field.publishEvent(questStatusContract, event("FORFEITED", { questId: 2001 }));
      assertEquals(hex(await receiveOpcode(aria.client, statusOp)), "01" + "d107" + "00");

      // Evie (5001 of the other tenant): the main tenant's event never reaches her; her tenant's does.
      await field.publishEvent(questStatusContract, event("FORFEITED", { questId: 1 }, 5001));
      await field.publishEvent(questStatusContract, event("FORFEITED", { questId: 2 }, 5001), {
        tenant: field.otherTenant,
      });
      const seen = await receiveUntil(evie.client, isOpcode(statusOp));
      assertEquals(hex(seen[seen.length - 1].body), "01" + "0200" + "00");
      assertNone(seen.slice(0, -1), isOpcode(statusOp), "evie got the other tenant's quest");
    } finally {
      await field.stop();
    }
  }),
);
