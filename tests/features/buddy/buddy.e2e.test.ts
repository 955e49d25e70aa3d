/**
 * Buddies end to end on the real broker through headless clients: the list after login, every
 * `BuddyOperationHandle` sub-operation → its command (exact JSON, key, tenant headers, trace context),
 * every `EVENT_TOPIC_BUDDY_LIST_STATUS` type and the `BUDDY` invite → `BuddyOperation` for exactly the
 * list owner (absence proven with sentinels). Expected bytes are written out from the client layout
 * (GW_Friend: id, 13-byte name, flag, i32 channel, 17-byte group).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import { buddyListCommandContract, buddyListStatusContract } from "../../../src/features/buddy/messages.ts";
import { inviteCommandContract, inviteStatusContract } from "../../../src/features/invite/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const CODY_13 = "436f6479" + "00".repeat(9);
const DEFAULT_GROUP_17 = "44656661756c742047726f7570" + "00000000";
const FRIENDS_17 = "467269656e6473" + "00".repeat(10);
/** Asserts a captured command's raw JSON against a pattern. */
function assertRaw(raw: string, pattern: RegExp): void {
  assertTrue(pattern.test(raw), `unexpected command ${raw}`);
}
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

function buddyListDoc(ownerId: number, buddies: unknown[]) {
  return {
    data: {
      type: "buddy-list",
      id: `00000000-0000-4000-9000-${String(ownerId).padStart(12, "0")}`,
      attributes: { characterId: ownerId, capacity: 20, buddies },
    },
  };
}

Deno.test(
  integration("buddy e2e: list at login, operations → commands, status events → BuddyOperation", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const op = field.writerOpcode("BuddyOperation");
      field.rest.on("GET", "characters/1001/buddy-list", {
        json: buddyListDoc(1001, [
          { characterId: 2001, group: "Default Group", characterName: "Cody", channelId: 1, inShop: false },
        ]),
      });
      const aria = await field.login(1001); // channel 1, Henesys
      assertEquals(
        hex(await receiveOpcode(aria.client, op, { what: "the buddy list after login" })),
        "07" + "01" + "d1070000" + CODY_13 + "00" + "01000000" + DEFAULT_GROUP_17 + "00000000",
      );
      // SetField's capacity and the list after it come from one read of atlas-buddies.
      assertEquals(field.rest.requestsTo("GET", "characters/1001/buddy-list").length, 1);
      const cody = await field.login(2001); // channel 1, Henesys
      assertEquals(hex(await receiveOpcode(cody.client, op)), "0700");
      const dana = await field.login(3001, { channel: 2 }); // channel 2
      assertEquals(hex(await receiveOpcode(dana.client, op)), "0700");
      const evie = await field.login(5001, { otherTenant: true });
      assertEquals(hex(await receiveOpcode(evie.client, op)), "0700");

      // Packets → commands.
      await aria.client.send(
        field.packet("BuddyOperationHandle", (w) => w.byte(1).string("Cody").string("Friends")),
      );
      const add = await field.expectCommand(buddyListCommandContract, (c) => c.value.type === "REQUEST_ADD");
      assertRaw(
        add.raw,
        new RegExp(
          `^\\{"transactionId":"${UUID}","worldId":0,"characterId":1001,"type":"REQUEST_ADD","body":\\{"characterId":2001,"group":"Friends"\\}\\}$`,
        ),
      );
      assertEquals(add.keyId, 1001);
      assertEquals([add.headers.TENANT_ID, add.headers.REGION], [field.tenant.id, "GMS"]);
      assertEquals([...add.rawHeaders.MAJOR_VERSION], [0, 83]);
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(add.headers.traceparent ?? ""), "traceparent");

      // An unknown name: "character not found", no command.
      await aria.client.send(
        field.packet("BuddyOperationHandle", (w) => w.byte(1).string("Nobody").string("Friends")),
      );
      assertEquals(hex(await receiveOpcode(aria.client, op, { what: "character not found" })), "0f");

      await aria.client.send(field.packet("BuddyOperationHandle", (w) => w.byte(2).uint32(2001)));
      const accept = await field.expectCommand(inviteCommandContract, (c) => c.value.type === "ACCEPT");
      assertRaw(
        accept.raw,
        new RegExp(
          `^\\{"transactionId":"${UUID}","worldId":0,"inviteType":"BUDDY","type":"ACCEPT","body":\\{"targetId":1001,"referenceId":2001\\}\\}$`,
        ),
      );
      assertEquals(accept.keyId, 1001);

      // Reload, a truncated add and a short delete publish nothing; the delete after them is the first.
      await aria.client.send(field.packet("BuddyOperationHandle", (w) => w.byte(0)));
      await aria.client.send(field.packet("BuddyOperationHandle", (w) => w.byte(1).uint16(9).byte(0x41)));
      await aria.client.send(field.packet("BuddyOperationHandle", (w) => w.byte(3).uint16(1)));
      await aria.client.send(field.packet("BuddyOperationHandle", (w) => w.byte(3).uint32(2001)));
      const del = await field.expectCommand(
        buddyListCommandContract,
        (c) => c.value.type === "REQUEST_DELETE",
      );
      assertRaw(
        del.raw,
        new RegExp(
          `^\\{"transactionId":"${UUID}","worldId":0,"characterId":1001,"type":"REQUEST_DELETE","body":\\{"characterId":2001\\}\\}$`,
        ),
      );
      assertEquals(field.captured(buddyListCommandContract).length, 2);

      // Events → packets for the owner only.
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "BUDDY_UPDATED",
        body: { characterId: 2001, group: "Friends", characterName: "Cody", channelId: 2, inShop: false },
      });
      assertEquals(
        hex(await receiveOpcode(aria.client, op)),
        "08" + "d1070000" + "d1070000" + CODY_13 + "00" + "02000000" + FRIENDS_17 + "00",
      );
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "BUDDY_CHANNEL_CHANGE",
        body: { characterId: 2001, channelId: -1 },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "14" + "d1070000" + "00" + "ffffffff");
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "ERROR",
        body: { error: "ALREADY_BUDDY" },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "0d");
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "ERROR",
        body: { error: "INVALID_CAPACITY" },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "1000");
      field.rest.on("GET", "characters/1001/buddy-list", { json: buddyListDoc(1001, []) });
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "BUDDY_REMOVED",
        body: { characterId: 2001 },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "0700");
      field.rest.on("GET", "characters/1001/buddy-list", {
        json: buddyListDoc(1001, [
          { characterId: 2001, group: "Friends", characterName: "Cody", channelId: 1, inShop: true },
        ]),
      });
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "BUDDY_ADDED",
        body: { characterId: 2001, group: "Friends", characterName: "Cody", channelId: 1 },
      });
      assertEquals(
        hex(await receiveOpcode(aria.client, op)),
        "07" + "01" + "d1070000" + CODY_13 + "00" + "01000000" + FRIENDS_17 + "01000000",
      );
      // The owner on another channel of the world is reached too.
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 3001,
        type: "CAPACITY_CHANGE",
        body: { capacity: 50 },
      });
      assertEquals(hex(await receiveOpcode(dana.client, op)), "1532");

      // Another world, another tenant: nothing. Sentinels: an event each must see afterwards.
      await field.publishEvent(buddyListStatusContract, {
        worldId: 1,
        characterId: 2001,
        type: "CAPACITY_CHANGE",
        body: { capacity: 40 },
      });
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 5001,
        type: "CAPACITY_CHANGE",
        body: { capacity: 40 },
      });
      // A buddy invite from Aria to Cody: only Cody sees it (v83: no job/level).
      await field.publishEvent(inviteStatusContract, {
        worldId: 0,
        inviteType: "BUDDY",
        referenceId: 1001,
        type: "CREATED",
        body: { originatorId: 1001, targetId: 2001 },
      });
      const invite = "09" + "e9030000" + "040041726961" + "d1070000" + "41726961" + "00".repeat(9) + "00" +
        "00000000" + DEFAULT_GROUP_17 + "00";
      const codySeen = await expectNoneBefore(
        cody.client,
        (p) => p.opcode === op && p.body[0] === 0x15,
        (p) => p.opcode === op && p.body[0] === 0x09,
        "cody got a capacity change of world 1",
      );
      assertEquals(hex(codySeen[codySeen.length - 1].body), invite);
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 5001,
        type: "CAPACITY_CHANGE",
        body: { capacity: 60 },
      }, { tenant: field.otherTenant });
      await expectNoneBefore(
        evie.client,
        (p) => p.opcode === op && hex(p.body) === "1528",
        (p) => p.opcode === op && hex(p.body) === "153c",
        "evie got the main tenant's event",
      );
      // Aria saw nothing of the others' events: her own capacity change is her sentinel.
      await field.publishEvent(buddyListStatusContract, {
        worldId: 0,
        characterId: 1001,
        type: "CAPACITY_CHANGE",
        body: { capacity: 21 },
      });
      await expectNoneBefore(
        aria.client,
        (p) => p.opcode === op && hex(p.body) !== "1515",
        (p) => p.opcode === op && hex(p.body) === "1515",
        "aria got another owner's buddy packet",
      );
    } finally {
      await field.stop();
    }
  }),
);
