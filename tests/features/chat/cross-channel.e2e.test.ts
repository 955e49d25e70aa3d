/**
 * Whisper and `/find` across channels and channel instances, on the real broker (atlas-channel #1437,
 * #1407): a character on another channel of this process gets the whisper with the sender's channel; one
 * on another instance (known from that instance's `EVENT_TOPIC_SESSION_STATUS`) makes the whisper "sent"
 * and is found on its channel; a whisper from another instance reaches the recipient here with the
 * sender's name; offline characters are "not sent" / "not found"; GMs are hidden from players.
 * Bytes are written out from the client's whisper layouts (mode, name, kind, int).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { receiveOpcode } from "../../support/receive.ts";
import type { HeadlessClient } from "../../../src/client/client.ts";
import { chatEventContract } from "../../../src/features/chat/messages.ts";
import { sessionStatusContract } from "../../../src/features/session/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const str = (s: string) => s.length.toString(16).padStart(2, "0") + "00" + ascii(s);

Deno.test(
  integration(
    "chat e2e: whisper and /find reach and locate characters on other channels and instances",
    async () => {
      const field = await startField();
      try {
        const op = field.writerOpcode("CharacterChatWhisper");
        const aria = await field.login(1001); // channel 1, Henesys
        const dana = await field.login(3001, { channel: 2 });
        const gwen = await field.login(4001); // a GM, channel 1
        const find = async (client: HeadlessClient, name: string) => {
          await client.send(field.packet("CharacterChatWhisperHandle", (w) => w.byte(5).string(name)));
          return hex(await receiveOpcode(client, op));
        };

        // Cody plays on channel 3 of another channel instance: its session CREATED is all this one hears.
        const codySession = crypto.randomUUID();
        await field.publishEvent(sessionStatusContract, {
          sessionId: codySession,
          accountId: 2,
          characterId: 2001,
          worldId: 0,
          channelId: 3,
          issuer: "CHANNEL",
          type: "CREATED",
        });
        const onChannel3 = "09" + str("Cody") + "03" + "03000000";
        let found = await find(aria.client, "Cody");
        for (let i = 0; found !== onChannel3 && i < 50; i++) {
          await new Promise((r) => setTimeout(r, 100));
          found = await find(aria.client, "Cody");
        }
        assertEquals(found, onChannel3);
        assertEquals(await find(aria.client, "dana"), "09" + str("Dana") + "03" + "02000000");
        assertEquals(
          await find(aria.client, "Gwen"),
          "09" + str("Gwen") + "00" + "00000000",
          "a GM is hidden from players",
        );
        assertEquals(await find(aria.client, "Brin"), "09" + str("Brin") + "00" + "00000000", "offline");
        assertEquals(
          await find(gwen.client, "Aria"),
          "09" + str("Aria") + "01" + "00e1f505" + "38ffffff" + "12010000",
          "same channel: map and position",
        );

        // Whispers as atlas-messages routes them back (the sender's channel in the envelope).
        const at = { worldId: 0, channelId: 1, mapId: 100000000, actorId: 1001 };
        const whisper = async (name: string, recipient: number, message: string) => {
          await aria.client.send(
            field.packet("CharacterChatWhisperHandle", (w) => w.byte(6).string(name).string(message)),
          );
          await field.publishEvent(chatEventContract, {
            ...at,
            message,
            type: "WHISPER",
            body: { recipient },
          });
        };
        await whisper("Dana", 3001, "hi dana");
        assertEquals(hex(await receiveOpcode(aria.client, op)), "0a" + str("Dana") + "01");
        assertEquals(
          hex(await receiveOpcode(dana.client, op)),
          "12" + str("Aria") + "01" + "00" + str("hi dana"),
        );
        await whisper("Cody", 2001, "hi cody");
        assertEquals(
          hex(await receiveOpcode(aria.client, op)),
          "0a" + str("Cody") + "01",
          "online elsewhere: sent",
        );
        await whisper("Brin", 1002, "hi brin");
        assertEquals(
          hex(await receiveOpcode(aria.client, op)),
          "0a" + str("Brin") + "00",
          "offline: not sent",
        );

        // Cody (other instance, channel 3) whispers Aria: she gets it with his name, read from atlas-character.
        await field.publishEvent(chatEventContract, {
          worldId: 0,
          channelId: 3,
          mapId: 100000000,
          actorId: 2001,
          message: "yo",
          type: "WHISPER",
          body: { recipient: 1001 },
        });
        assertEquals(hex(await receiveOpcode(aria.client, op)), "12" + str("Cody") + "03" + "00" + str("yo"));

        // Cody logs out there: not found any more.
        await field.publishEvent(sessionStatusContract, {
          sessionId: codySession,
          accountId: 2,
          characterId: 2001,
          worldId: 0,
          channelId: 3,
          issuer: "CHANNEL",
          type: "DESTROYED",
        });
        const gone = "09" + str("Cody") + "00" + "00000000";
        found = await find(aria.client, "Cody");
        for (let i = 0; found !== gone && i < 50; i++) {
          await new Promise((r) => setTimeout(r, 100));
          found = await find(aria.client, "Cody");
        }
        assertEquals(found, gone);
      } finally {
        await field.stop();
      }
    },
  ),
);
