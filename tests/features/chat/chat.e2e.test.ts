/**
 * End to end on the real broker through headless clients (tests/support/field.ts): chat, expression and
 * system-message client packets → commands with the exact JSON, Atlas key, tenant headers and trace
 * context; events → packets for exactly the targeted sessions (others in another map, channel or tenant
 * get nothing).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type LoggedIn, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";
import { chatCommandContract, chatEventContract } from "../../../src/features/chat/messages.ts";
import {
  expressionCommandContract,
  expressionEventContract,
} from "../../../src/features/expression/messages.ts";
import { systemMessageContract } from "../../../src/features/system-message/messages.ts";
import { hex } from "./routing-support.ts";

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
        // Dana plays on channel 2 of the same world: group chat reaches her too (atlas-channel #1437).
        assertEquals(hex(await field.receivePacket(dana.client, "CharacterMultiChat")), multi);

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

        // Nobody else got any of it: each event was seen handled above, so whatever it sent anyone else
        // was queued before a sentinel sent to them now.
        const unwanted: [string, LoggedIn, string[]][] = [
          ["Brin (Ellinia)", brin, ["CharacterChatGeneral"]],
          ["Dana (channel 2)", dana, ["CharacterChatGeneral"]],
          ["Evie (other tenant)", evie, ["CharacterChatGeneral"]],
          ["Cody (the actor)", cody, ["CharacterExpression"]],
          ["Gwen", gwen, ["WorldMessage", "CharacterMultiChat"]],
        ];
        for (const [name, who, writers] of unwanted) {
          await expectNoneBefore(
            who.client,
            isOpcode(...writers.map(field.writerOpcode)),
            await field.sentinel(who),
            `${name} got ${writers.join(" or ")}`,
          );
        }
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "chat e2e: buddy, guild, alliance, messenger, pet and pink-text events reach exactly their recipients here",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const cody = await field.login(2001); // channel 1, Henesys
        const gwen = await field.login(4001); // channel 1, Henesys
        const brin = await field.login(1002); // channel 1, Ellinia
        const dana = await field.login(3001, { channel: 2 }); // channel 2, Henesys
        const evie = await field.login(5001, { otherTenant: true }); // other tenant, Henesys
        const all = { cody, gwen, brin, dana, evie };

        const at = { worldId: 0, channelId: 1, mapId: 100000000 };
        const from = { ...at, actorId: 4001 };
        await field.publishEvent(chatEventContract, {
          ...from,
          message: "x",
          type: "BUDDY",
          body: { recipients: [2001, 3001] },
        });
        await field.publishEvent(chatEventContract, {
          ...from,
          message: "x",
          type: "GUILD",
          body: { recipients: [2001, 1002] },
        });
        await field.publishEvent(chatEventContract, {
          ...from,
          message: "x",
          type: "ALLIANCE",
          body: { recipients: [1002, 5001] },
        });
        await field.publishEvent(chatEventContract, {
          ...from,
          message: "gg",
          type: "MESSENGER",
          body: { recipients: [2001, 4001, 3001] },
        });
        await field.publishEvent(chatEventContract, {
          ...at,
          actorId: 700001,
          message: "*yip*",
          type: "PET",
          body: { ownerId: 2001, petSlot: 0, type: 1, action: 3, balloon: false },
        });
        await field.publishEvent(chatEventContract, {
          ...from,
          message: "go",
          type: "PINK_TEXT",
          body: { recipients: [1002, 3001] },
        });

        // The sentinels, on the chat topic after the events: each speaks "end" in its own map, channel
        // and tenant (Gwen's line is Cody's sentinel too). What came before it is all the session got.
        const sentinels: [LoggedIn, typeof field.tenant][] = [
          [gwen, field.tenant],
          [brin, field.tenant],
          [dana, field.tenant],
          [evie, field.otherTenant!],
        ];
        for (const [who, tenant] of sentinels) {
          await field.publishEvent(chatEventContract, {
            worldId: 0,
            channelId: who.session.channelId,
            mapId: who.character.mapId,
            actorId: who.character.id,
            message: "end",
            type: "GENERAL",
            body: { balloonOnly: false },
          }, { tenant });
        }
        const general = field.writerOpcode("CharacterChatGeneral");
        const ours = [
          "CharacterMultiChat",
          "MessengerOperation",
          "PetChat",
          "WorldMessage",
          "CharacterChatGeneral",
        ]
          .map(field.writerOpcode);
        const got = Object.fromEntries(
          await Promise.all(
            Object.entries(all).map(async ([name, who]) => {
              const seen = await receiveUntil(
                who.client,
                (p) => p.opcode === general && hex(p.body).endsWith("0300656e6400"),
                { what: `${name}'s sentinel` },
              );
              const before = seen.slice(0, -1).filter((p) => ours.includes(p.opcode));
              return [
                name,
                before.map((p) => `${p.opcode === general ? "general" : p.opcode}:${hex(p.body)}`),
              ];
            }),
          ),
        ) as Record<keyof typeof all, string[]>;

        const [multi, messenger, pet, world] = ours;
        const gwenSays = (mode: string) => `${multi}:${mode}` + "04004777656e" + "010078";
        assertEquals(got.cody, [
          gwenSays("00"), // BUDDY
          gwenSays("02"), // GUILD
          `${messenger}:06` + "02006767", // MessengerOperation CHAT
          `${pet}:d1070000` + "00" + "01" + "03" + "05002a7969702a" + "00", // Cody's pet, slot 0
        ]);
        assertEquals(got.gwen, [
          `${messenger}:06` + "02006767",
          `${pet}:d1070000` + "00010305002a7969702a00",
        ]);
        assertEquals(got.brin, [
          gwenSays("02"),
          gwenSays("03"), // ALLIANCE
          `${world}:05` + "0900" + "4777656e203a20676f", // PINK_TEXT "Gwen : go"
        ]);
        // Dana plays on channel 2 of the same world: the lines for her reach her there (atlas-channel #1437).
        assertEquals(got.dana, [
          gwenSays("00"), // BUDDY
          `${messenger}:06` + "02006767",
          `${world}:05` + "0900" + "4777656e203a20676f",
        ]);
        assertEquals(got.evie, [], "the same character id on another tenant gets nothing");
      } finally {
        await field.stop();
      }
    },
  ),
);
