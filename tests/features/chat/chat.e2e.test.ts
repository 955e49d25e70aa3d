/**
 * End to end on the real broker through headless clients (tests/support/field.ts): chat, expression and
 * system-message client packets → commands with the exact JSON, Atlas key, tenant headers and trace
 * context; events → packets for exactly the targeted sessions (others in another map, channel or tenant
 * get nothing).
 */
import { assertEquals, assertTrue, fail } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Field, startField } from "../../support/field.ts";
import type { HeadlessClient } from "../../../src/client/client.ts";
import { chatCommandContract, chatEventContract } from "../../../src/features/chat/messages.ts";
import {
  expressionCommandContract,
  expressionEventContract,
} from "../../../src/features/expression/messages.ts";
import { systemMessageContract } from "../../../src/features/system-message/messages.ts";
import { hex } from "./routing-support.ts";

/** Fails if a packet of `writer` arrives on `client` within `ms`. */
async function nothingOf(field: Field, client: HeadlessClient, writer: string, ms = 400): Promise<void> {
  const opcode = field.writerOpcode(writer);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    let body: Uint8Array;
    try {
      body = await client.receive(Math.max(1, deadline - Date.now()));
    } catch {
      return;
    }
    if ((body[0] | (body[1] << 8)) === opcode) fail(`unexpected ${writer}: ${hex(body)}`);
  }
}

Deno.test(
  integration(
    "chat e2e: packets → commands and events → packets for exactly the targeted sessions",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const cody = await field.login(2001); // channel 1, Henesys
        const gwen = await field.login(4001); // GM, channel 1, Henesys
        const brin = await field.login(1002); // channel 1, Ellinia
        const dana = await field.login(3001, { channel: 2 }); // channel 2, Henesys
        const evie = await field.login(5001, { otherTenant: true }); // other tenant, Henesys

        // Client packets → commands.
        await gwen.client.send(
          field.packet("CharacterChatGeneralHandle", (w) => w.string("hello henesys").bool(false)),
        );
        const general = await field.expectCommand(
          chatCommandContract,
          (c) => c.value.message === "hello henesys",
        );
        assertEquals(
          general.raw,
          '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":4001,"message":"hello henesys","type":"GENERAL","body":{"balloonOnly":false}}',
        );
        assertEquals(general.keyId, 4001);
        assertEquals([general.headers.TENANT_ID, general.headers.REGION], [field.tenant.id, "GMS"]);
        assertTrue(
          /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(general.headers.traceparent ?? ""),
          "traceparent",
        );

        await gwen.client.send(
          field.packet(
            "CharacterMultiChatHandle",
            (w) => w.byte(1).byte(2).uint32(2001).uint32(1002).string("brb"),
          ),
        );
        const party = await field.expectCommand(chatCommandContract, (c) => c.value.message === "brb");
        assertEquals(
          party.raw,
          '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":4001,"message":"brb","type":"PARTY","body":{"recipients":[2001,1002]}}',
        );
        await gwen.client.send(
          field.packet("CharacterChatWhisperHandle", (w) => w.byte(6).string("Cody").string("you there?")),
        );
        const whisper = await field.expectCommand(
          chatCommandContract,
          (c) => c.value.message === "you there?",
        );
        assertEquals(
          whisper.raw,
          '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":4001,"message":"you there?","type":"WHISPER","body":{"recipientName":"Cody"}}',
        );
        await cody.client.send(field.packet("CharacterExpressionHandle", (w) => w.uint32(4)));
        const emote = await field.expectCommand(expressionCommandContract);
        assertEquals(
          emote.raw,
          '{"characterId":2001,"worldId":0,"channelId":1,"mapId":100000000,"expression":4}',
        );
        assertEquals(emote.keyId, 2001);

        // Truncated packets → no command, and the session stays usable.
        await gwen.client.send(field.packet("CharacterChatGeneralHandle", (w) => w.uint16(50).byte(0x41)));
        await gwen.client.send(field.packet("CharacterMultiChatHandle", (w) => w.byte(1).byte(3).uint32(1)));
        await cody.client.send(field.packet("CharacterExpressionHandle", (w) => w.uint16(4)));
        await gwen.client.send(
          field.packet("CharacterChatGeneralHandle", (w) => w.string("still here").bool(false)),
        );
        await field.expectCommand(chatCommandContract, (c) => c.value.message === "still here");
        assertEquals(field.captured(chatCommandContract).length, 4);
        assertEquals(field.captured(expressionCommandContract).length, 1);

        // Events → packets.
        const at = { worldId: 0, channelId: 1, mapId: 100000000 };
        await field.publishEvent(chatEventContract, {
          ...at,
          actorId: 4001,
          message: "hi",
          type: "GENERAL",
          body: { balloonOnly: false },
        });
        const line = "a10f0000" + "01" + "02006869" + "00";
        assertEquals(hex(await field.receivePacket(gwen.client, "CharacterChatGeneral")), line);
        assertEquals(hex(await field.receivePacket(cody.client, "CharacterChatGeneral")), line);

        await field.publishEvent(chatEventContract, {
          ...at,
          actorId: 4001,
          message: "omw",
          type: "PARTY",
          body: { recipients: [2001, 1002, 3001] },
        });
        const multi = "01" + "04004777656e" + "03006f6d77";
        assertEquals(hex(await field.receivePacket(cody.client, "CharacterMultiChat")), multi);
        assertEquals(hex(await field.receivePacket(brin.client, "CharacterMultiChat")), multi);

        await field.publishEvent(chatEventContract, {
          ...at,
          actorId: 4001,
          message: "psst",
          type: "WHISPER",
          body: { recipient: 2001 },
        });
        assertEquals(
          hex(await field.receivePacket(gwen.client, "CharacterChatWhisper")),
          "0a" + "0400436f6479" + "01",
        );
        assertEquals(
          hex(await field.receivePacket(cody.client, "CharacterChatWhisper")),
          "12" + "04004777656e" + "01" + "01" + "040070737374",
        );

        await field.publishEvent(expressionEventContract, { characterId: 2001, ...at, expression: 4 });
        assertEquals(
          hex(await field.receivePacket(gwen.client, "CharacterExpression")),
          "d1070000" + "04000000",
        );

        await field.publishEvent(systemMessageContract, {
          worldId: 0,
          channelId: 1,
          characterId: 2001,
          type: "SEND_MESSAGE",
          body: { messageType: "POP_UP", message: "You received 10 Maple Leaves." },
        });
        const popUp = await field.receivePacket(cody.client, "WorldMessage");
        assertEquals(popUp[0], 1);

        // Nobody else got any of it.
        await Promise.all([
          nothingOf(field, brin.client, "CharacterChatGeneral"),
          nothingOf(field, dana.client, "CharacterChatGeneral"),
          nothingOf(field, evie.client, "CharacterChatGeneral"),
          nothingOf(field, cody.client, "CharacterExpression"),
          nothingOf(field, gwen.client, "WorldMessage"),
          nothingOf(field, gwen.client, "CharacterMultiChat"),
        ]);
      } finally {
        await field.stop();
      }
    },
  ),
);
