/**
 * End to end on the real broker through headless clients (tests/support/field.ts): NPC talk and shop
 * packets → commands with the exact JSON, key and headers; dialogues and shop events → packets for
 * exactly the character's session (other channels and tenants get nothing, proven by sentinels); answers
 * and shop operations the session has no dialogue or shop for are dropped.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURES } from "../../support/jsonapi-server.ts";
import { startField } from "../../support/field.ts";
import { assertNone, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import {
  npcCommandContract,
  npcConversationCommandContract,
  npcShopCommandContract,
  npcShopStatusContract,
} from "../../../src/features/npc/messages.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const str = (s: string) =>
  hex(new Uint8Array([s.length & 0xff, s.length >> 8])) + hex(new TextEncoder().encode(s));

const HENESYS = 100000000;

Deno.test(
  integration(
    "npc e2e: conversations and shops, packets ↔ commands, for exactly the talking session",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        field.rest.on("GET", `data/maps/${HENESYS}/npcs?objectId=1000`, {
          json: {
            data: [{
              type: "npcs",
              id: "1000",
              attributes: { template: 9010000, name: "Admin", x: 0, y: 0 },
            }],
          },
        });
        field.rest.on("GET", `data/maps/${HENESYS}/npcs?objectId=1001`, {
          json: {
            data: [{ type: "npcs", id: "1001", attributes: { template: 1011100, name: "Shop", x: 0, y: 0 } }],
          },
        });
        field.rest.on("GET", `data/maps/${HENESYS}/npcs?objectId=1999`, { json: { data: [] } });
        field.rest.on("GET", "npcs/1011100/shop?include=commodities", { json: FIXTURES.shop });

        const aria = await field.login(1001); // channel 1, Henesys
        const dana = await field.login(3001, { channel: 2 }); // channel 2
        const evie = await field.login(5001, { otherTenant: true });
        const conversationOp = field.writerOpcode("NPCConversation");
        const statChanged = field.writerOpcode("StatChanged");

        // An answer before any dialogue is dropped (proven by the first CONTINUE seen being a later one).
        await aria.client.send(field.packet("NPCContinueConversationHandle", (w) => w.byte(0).byte(1)));

        // Start: the object id is resolved in the session's map; ids come from the session.
        await aria.client.send(
          field.packet("NPCStartConversationHandle", (w) => w.uint32(1000).int16(-200).int16(274)),
        );
        const start = await field.expectCommand(
          npcCommandContract,
          (c) => c.value.type === "START_CONVERSATION",
        );
        assertEquals(
          start.raw,
          '{"npcId":9010000,"characterId":1001,"type":"START_CONVERSATION","body":{"worldId":0,"channelId":1,"mapId":100000000,"accountId":1}}',
        );
        assertEquals(start.keyId, 1001);
        assertEquals([start.headers.TENANT_ID, start.headers.REGION], [field.tenant.id, "GMS"]);
        assertTrue(
          /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(start.headers.traceparent ?? ""),
          "traceparent",
        );

        // An object that is not in the map: nothing produced, the client is unlocked.
        await aria.client.send(
          field.packet("NPCStartConversationHandle", (w) => w.uint32(1999).int16(0).int16(0)),
        );
        assertEquals(hex(await receiveOpcode(aria.client, statChanged)), "010000000000");

        // A dialogue for aria on channel 1; the same for dana (channel 2) and evie (other tenant) routed to
        // channel 1 / the main tenant reaches nobody.
        const dialogue = (characterId: number, channelId: number, message: string) => ({
          worldId: 0,
          channelId,
          characterId,
          npcId: 9010000,
          speaker: "NPC_LEFT",
          message,
          type: "SIMPLE",
          body: { type: "NEXT" },
        });
        await field.publishEvent(npcConversationCommandContract, dialogue(3001, 1, "not for dana"));
        await field.publishEvent(npcConversationCommandContract, dialogue(5001, 1, "not for evie"));
        await field.publishEvent(npcConversationCommandContract, dialogue(1001, 1, "Hi"));
        assertEquals(
          hex(await receiveOpcode(aria.client, conversationOp)),
          "04" + "507b8900" + "00" + "00" + str("Hi") + "00" + "01",
        );
        await field.publishEvent(npcConversationCommandContract, dialogue(3001, 2, "dana"));
        await field.publishEvent(npcConversationCommandContract, dialogue(5001, 1, "evie"), {
          tenant: field.otherTenant,
        });
        for (const [client, name] of [[dana.client, "dana"], [evie.client, "evie"]] as const) {
          const seen = await receiveUntil(client, isOpcode(conversationOp));
          assertEquals(hex(seen[seen.length - 1].body).endsWith(str(name) + "0001"), true, name);
        }

        // The answer; a replay of it is dropped.
        await aria.client.send(field.packet("NPCContinueConversationHandle", (w) => w.byte(0).byte(1)));
        await aria.client.send(field.packet("NPCContinueConversationHandle", (w) => w.byte(0).byte(1)));
        // Ask a number; answering with another message type is dropped, the right one goes through.
        await field.publishEvent(npcConversationCommandContract, {
          worldId: 0,
          channelId: 1,
          characterId: 1001,
          npcId: 9010000,
          speaker: "NPC_RIGHT",
          message: "How many?",
          type: "NUMBER",
          body: { defaultValue: 1, minValue: 1, maxValue: 100 },
        });
        assertEquals(
          hex(await receiveOpcode(aria.client, conversationOp)),
          "04" + "507b8900" + "03" + "01" + str("How many?") + "01000000" + "01000000" + "64000000",
        );
        await aria.client.send(
          field.packet("NPCContinueConversationHandle", (w) => w.byte(4).byte(1).int32(7)),
        );
        await aria.client.send(field.packet("NPCContinueConversationHandle", (w) => w.byte(3))); // truncated
        await aria.client.send(
          field.packet("NPCContinueConversationHandle", (w) => w.byte(3).byte(1).int32(42)),
        );
        await field.expectCommand(
          npcCommandContract,
          (c) => (c.value.body as { selection?: number }).selection === 42,
        );
        const continues = field.captured(npcCommandContract).filter((c) =>
          c.value.type === "CONTINUE_CONVERSATION"
        );
        assertEquals(continues.map((c) => c.raw), [
          '{"npcId":9010000,"characterId":1001,"type":"CONTINUE_CONVERSATION","body":{"action":1,"lastMessageType":0,"selection":0}}',
          '{"npcId":9010000,"characterId":1001,"type":"CONTINUE_CONVERSATION","body":{"action":1,"lastMessageType":3,"selection":42}}',
        ]);

        // TEXT (unhandled by the reference) is the text prompt; closing it ends the conversation.
        await field.publishEvent(npcConversationCommandContract, {
          worldId: 0,
          channelId: 1,
          characterId: 1001,
          npcId: 9010000,
          speaker: "NPC_LEFT",
          message: "Name?",
          type: "TEXT",
          body: {},
        });
        assertEquals(
          hex(await receiveOpcode(aria.client, conversationOp)),
          "04" + "507b8900" + "02" + "00" + str("Name?") + "0000" + "0000" + "0000",
        );
        await aria.client.send(field.packet("NPCContinueConversationHandle", (w) => w.byte(2).byte(0)));
        const end = await field.expectCommand(npcCommandContract, (c) => c.value.type === "END_CONVERSATION");
        assertEquals(end.raw, '{"npcId":9010000,"characterId":1001,"type":"END_CONVERSATION","body":{}}');
        assertEquals(end.keyId, 1001);

        // An unknown speaker or dialog kind: logged, the client unlocked and the conversation ended.
        await field.publishEvent(npcConversationCommandContract, {
          ...dialogue(1001, 1, "?"),
          npcId: 9200000,
          speaker: "UNKNOWN",
        });
        const unlocked = await receiveUntil(aria.client, isOpcode(statChanged));
        assertNone(unlocked, isOpcode(conversationOp), "a dialogue with an unknown speaker was shown");
        await field.publishEvent(npcConversationCommandContract, {
          ...dialogue(1001, 1, "?"),
          type: "DANCE",
        });
        await receiveOpcode(aria.client, statChanged);
        const ends = () =>
          field.captured(npcCommandContract).filter((c) => c.value.type === "END_CONVERSATION").map((c) =>
            c.raw
          );
        await field.waitFor("three END_CONVERSATION", () => ends().length === 3);
        assertEquals(ends().slice(1), [
          '{"npcId":9200000,"characterId":1001,"type":"END_CONVERSATION","body":{}}',
          '{"npcId":9010000,"characterId":1001,"type":"END_CONVERSATION","body":{}}',
        ]);

        // Shops: a shop NPC is entered instead of talked to.
        await aria.client.send(field.packet("NPCShopHandle", (w) => w.byte(3))); // no shop open: dropped
        await aria.client.send(
          field.packet("NPCStartConversationHandle", (w) => w.uint32(1001).int16(0).int16(0)),
        );
        const enter = await field.expectCommand(npcShopCommandContract, (c) => c.value.type === "ENTER");
        assertEquals(enter.raw, '{"characterId":1001,"type":"ENTER","body":{"npcTemplateId":1011100}}');
        assertEquals(enter.keyId, 1001);

        await field.publishEvent(npcShopStatusContract, {
          characterId: 1001,
          type: "ENTERED",
          body: { npcTemplateId: 1011100 },
        });
        assertEquals(
          hex(await field.receivePacket(aria.client, "NPCShop")),
          "9c6d0f00" + "0100" + "80841e00" + "32000000" + "00000000" + "00000000" + "00000000" + "0100" +
            "6400",
        );
        await aria.client.send(
          field.packet("NPCShopHandle", (w) => w.byte(0).uint16(0).uint32(2000000).uint16(5).uint32(0)),
        );
        await aria.client.send(
          field.packet("NPCShopHandle", (w) => w.byte(1).int16(3).uint32(4000000).uint16(20)),
        );
        await aria.client.send(field.packet("NPCShopHandle", (w) => w.byte(2).uint16(4)));
        await aria.client.send(field.packet("NPCShopHandle", (w) => w.byte(0).uint16(0))); // truncated
        await aria.client.send(field.packet("NPCShopHandle", (w) => w.byte(3)));
        await aria.client.send(field.packet("NPCShopHandle", (w) => w.byte(2).uint16(4))); // after leaving
        await aria.client.send(
          field.packet("NPCStartConversationHandle", (w) => w.uint32(1001).int16(0).int16(0)),
        );
        await field.expectCommand(npcShopCommandContract, (c) => c.value.type === "ENTER" && c !== enter);
        assertEquals(field.captured(npcShopCommandContract).map((c) => c.raw), [
          enter.raw,
          '{"characterId":1001,"type":"BUY","body":{"slot":0,"itemTemplateId":2000000,"quantity":5,"discountPrice":0}}',
          '{"characterId":1001,"type":"SELL","body":{"slot":3,"itemTemplateId":4000000,"quantity":20}}',
          '{"characterId":1001,"type":"RECHARGE","body":{"slot":4}}',
          '{"characterId":1001,"type":"EXIT","body":{}}',
          enter.raw,
        ]);

        // Shop results reach the character's session only (evie is another tenant's 5001).
        const shopOp = field.writerOpcode("NPCShopOperation");
        await field.publishEvent(npcShopStatusContract, {
          characterId: 5001,
          type: "ERROR",
          body: { error: "OK", levelLimit: 0, reason: "" },
        });
        await field.publishEvent(npcShopStatusContract, {
          characterId: 1001,
          type: "ERROR",
          body: { error: "UNDER_LEVEL_REQUIREMENT", levelLimit: 30, reason: "" },
        });
        assertEquals(hex(await receiveOpcode(aria.client, shopOp)), "0f" + "1e000000");
        await field.publishEvent(npcShopStatusContract, {
          characterId: 5001,
          type: "ERROR",
          body: { error: "GENERIC_ERROR_WITH_REASON", levelLimit: 0, reason: "no" },
        }, { tenant: field.otherTenant });
        const seen = await receiveUntil(evie.client, isOpcode(shopOp));
        assertEquals(seen.filter((p) => p.opcode === shopOp).map((p) => hex(p.body)), [
          "11" + "01" + str("no"),
        ]);
      } finally {
        await field.stop();
      }
    },
  ),
);
