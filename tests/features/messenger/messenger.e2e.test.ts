/**
 * Messenger end to end on the real broker: `MessengerOperationHandle` → commands (exact JSON, keys,
 * headers), `JOINED` / `LEFT` → `MessengerOperation` for the room's members here, and `MESSENGER`
 * invites. Bytes are written out from libs/atlas-packet messenger (d59a1ad2df) with the fixture look as
 * the map tests lay it out (GMS 83); codes are GMS 83's.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import {
  messengerCommandContract,
  messengerStatusContract,
} from "../../../src/features/messenger/messages.ts";
import { inviteCommandContract, inviteStatusContract } from "../../../src/features/invite/messages.ts";
import { chatCommandContract } from "../../../src/features/chat/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const str = (s: string) => s.length.toString(16).padStart(2, "0") + "00" + ascii(s);
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** The fixture look (tests/features/map/field.test.ts): gender, skin, face, 1, hair, worn items, no pets. */
const look = (gender: "00" | "01") =>
  (`${gender} 00 20 4e 00 00 01 30 75 00 00 ` +
    "05 82 de 0f 00 0b f0 dd 13 00 06 a2 2c 10 00 07 81 5b 10 00 " +
    "ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00").replaceAll(" ", "");

function roomDoc(members: { id: number; name: string; channel: number; slot: number }[]) {
  return {
    data: {
      type: "messengers",
      id: "310",
      attributes: {},
      relationships: { members: { data: members.map((m) => ({ type: "members", id: String(m.id) })) } },
    },
    included: members.map((m) => ({
      type: "members",
      id: String(m.id),
      attributes: { name: m.name, worldId: 0, channelId: m.channel, online: true, slot: m.slot },
    })),
  };
}

Deno.test(
  integration("messenger e2e: operations → commands, JOINED/LEFT → MessengerOperation, invites", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const op = field.writerOpcode("MessengerOperation");
      const ARIA = { id: 1001, name: "Aria", channel: 1, slot: 0 };
      const CODY = { id: 2001, name: "Cody", channel: 1, slot: 1 };
      const DANA = { id: 3001, name: "Dana", channel: 2, slot: 2 };
      const room = roomDoc([ARIA, CODY, DANA]);
      field.rest.on("GET", "messengers/310", { json: room });
      for (const m of [ARIA, CODY, DANA]) {
        field.rest.on("GET", `messengers?filter[members.id]=${m.id}`, {
          json: { data: [room.data], included: room.included },
        });
      }
      const aria = await field.login(1001);
      const cody = await field.login(2001);
      const dana = await field.login(3001, { channel: 2 });
      const brin = await field.login(1002);
      const evie = await field.login(5001, { otherTenant: true });

      // Events first (they also teach the channel the room, used by chat below).
      await field.publishEvent(messengerStatusContract, {
        actorId: 2001,
        worldId: 0,
        messengerId: 310,
        type: "JOINED",
        body: { slot: 1 },
      });
      const codyAdded = "00" + "01" + look("00") + str("Cody") + "01" + "00";
      assertEquals(hex(await receiveOpcode(aria.client, op)), codyAdded);
      assertEquals(hex(await receiveOpcode(dana.client, op)), codyAdded);
      assertEquals(hex(await receiveOpcode(cody.client, op)), "01" + "01");
      assertEquals(
        hex(await receiveOpcode(cody.client, op)),
        "00" + "00" + look("01") + str("Aria") + "01" + "00",
      );
      assertEquals(
        hex(await receiveOpcode(cody.client, op)),
        "00" + "02" + look("01") + str("Dana") + "02" + "00",
      );

      // Packets → commands.
      await aria.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(6).string("hey all")));
      const chat = await field.expectCommand(chatCommandContract, (c) => c.value.type === "MESSENGER");
      assertEquals(
        chat.raw,
        '{"worldId":0,"channelId":1,"mapId":100000000,"actorId":1001,"message":"hey all","type":"MESSENGER","body":{"recipients":[2001,3001]}}',
      );
      await aria.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(0).uint32(0)));
      const create = await field.expectCommand(messengerCommandContract, (c) => c.value.type === "CREATE");
      assertTrue(
        new RegExp(`^\\{"transactionId":"${UUID}","actorId":1001,"type":"CREATE","body":\\{\\}\\}$`).test(
          create.raw,
        ),
        create.raw,
      );
      assertEquals([create.keyId, create.headers.TENANT_ID], [1001, field.tenant.id]);
      await brin.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(0).uint32(310)));
      const accept = await field.expectCommand(inviteCommandContract, (c) => c.value.type === "ACCEPT");
      assertTrue(
        new RegExp(
          `^\\{"transactionId":"${UUID}","worldId":0,"inviteType":"MESSENGER","type":"ACCEPT","body":\\{"targetId":1002,"referenceId":310\\}\\}$`,
        ).test(accept.raw),
        accept.raw,
      );
      await aria.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(3).string("Nobody")));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "04" + str("Nobody") + "00");
      await aria.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(3).string("Brin")));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "04" + str("Brin") + "01");
      const invite = await field.expectCommand(
        messengerCommandContract,
        (c) => c.value.type === "REQUEST_INVITE",
      );
      assertTrue(
        invite.raw.endsWith('"actorId":1001,"type":"REQUEST_INVITE","body":{"characterId":1002}}'),
        invite.raw,
      );
      await brin.client.send(
        field.packet("MessengerOperationHandle", (w) => w.byte(5).string("Aria").string("Brin").byte(0)),
      );
      const reject = await field.expectCommand(inviteCommandContract, (c) => c.value.type === "REJECT");
      assertTrue(
        reject.raw.endsWith(
          '"inviteType":"MESSENGER","type":"REJECT","body":{"targetId":1002,"originatorId":1001}}',
        ),
        reject.raw,
      );
      await cody.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(6))); // truncated
      await cody.client.send(field.packet("MessengerOperationHandle", (w) => w.byte(2)));
      const leave = await field.expectCommand(messengerCommandContract, (c) => c.value.type === "LEAVE");
      assertTrue(leave.raw.endsWith('"actorId":2001,"type":"LEAVE","body":{"messengerId":310}}'), leave.raw);
      assertEquals(field.captured(messengerCommandContract).length, 3);
      assertEquals(field.captured(chatCommandContract).length, 1);

      // Dana leaves slot 2: the remaining members and Dana see the slot empty.
      field.rest.on("GET", "messengers/310", { json: roomDoc([ARIA, CODY]) });
      await field.publishEvent(messengerStatusContract, {
        actorId: 3001,
        worldId: 0,
        messengerId: 310,
        type: "LEFT",
        body: { slot: 2 },
      });
      for (const client of [aria.client, cody.client, dana.client]) {
        assertEquals(hex(await receiveOpcode(client, op)), "02" + "02");
      }

      // Invitations: Brin is invited (and saw nothing of the room before); Aria hears Brin declined.
      await field.publishEvent(inviteStatusContract, {
        worldId: 0,
        inviteType: "MESSENGER",
        referenceId: 310,
        type: "CREATED",
        body: { originatorId: 1001, targetId: 1002 },
      });
      const brinSeen = await expectNoneBefore(
        brin.client,
        (p) => p.opcode === op,
        (p) => p.opcode === op && p.body[0] === 0x03,
        "brin got a room packet",
      );
      assertEquals(hex(brinSeen[brinSeen.length - 1].body), "03" + str("Aria") + "00" + "36010000" + "00");
      await field.publishEvent(inviteStatusContract, {
        worldId: 0,
        inviteType: "MESSENGER",
        referenceId: 310,
        type: "REJECTED",
        body: { originatorId: 1001, targetId: 1002 },
      });
      assertEquals(hex(await receiveOpcode(aria.client, op)), "05" + str("Brin") + "00");
      // The other tenant's Evie got none of it: her own invitation is the sentinel.
      await field.publishEvent(inviteStatusContract, {
        worldId: 0,
        inviteType: "MESSENGER",
        referenceId: 311,
        type: "CREATED",
        body: { originatorId: 1001, targetId: 5001 },
      }, { tenant: field.otherTenant });
      await expectNoneBefore(
        evie.client,
        (p) => p.opcode === op && p.body[0] !== 0x03,
        (p) => p.opcode === op && p.body[0] === 0x03,
        "evie got the main tenant's messenger packet",
      );
    } finally {
      await field.stop();
    }
  }),
);
