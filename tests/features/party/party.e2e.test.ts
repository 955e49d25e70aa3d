/**
 * Parties end to end on the real broker through headless clients: the party after login, every
 * `PartyOperationHandle` sub-operation and `PartyInviteRejectHandle` → commands (exact JSON, key,
 * headers), every `EVENT_TOPIC_PARTY_STATUS` type and member `LOGIN`/`LOGOUT` → `PartyOperation` for the
 * members on this process (each with its own channel's view), `PARTY` invites, and `PartyMemberHP` on
 * map entry and HP changes. Others (not in the party, another tenant) get nothing, proven by sentinels.
 * Expected bytes are written out from the client layout (PARTYDATA, libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import {
  partyCommandContract,
  partyMemberStatusContract,
  partyStatusContract,
} from "../../../src/features/party/messages.ts";
import { inviteCommandContract, inviteStatusContract } from "../../../src/features/invite/messages.ts";
import { characterStatusContract } from "../../../src/features/character/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const le32 = (n: number) => hex(new Uint8Array(new Uint32Array([n >>> 0]).buffer));
const zeros = (n: number) => "00".repeat(n);
const name13 = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("") +
  zeros(13 - s.length);
const str = (s: string) =>
  le32(s.length).slice(0, 4) +
  [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const EMPTY_MAP = "ffc99a3b";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

interface Member {
  id: number;
  name: string;
  job: number;
  level: number;
  channel: number;
  map: number;
}
const ARIA: Member = { id: 1001, name: "Aria", job: 400, level: 30, channel: 1, map: HENESYS };
const CODY: Member = { id: 2001, name: "Cody", job: 100, level: 12, channel: 1, map: HENESYS };
const DANA: Member = { id: 3001, name: "Dana", job: 300, level: 30, channel: 2, map: HENESYS };

/** PARTYDATA (v83) as a viewer on `viewer` sees `members` led by `leader`. */
function partyData(members: Member[], leader: number, viewer: number): string {
  const pad = 6 - members.length;
  const ints = (f: (m: Member) => number) => members.map((m) => le32(f(m))).join("") + zeros(4 * pad);
  return ints((m) => m.id) + members.map((m) => name13(m.name)).join("") + zeros(13 * pad) +
    ints((m) => m.job) + ints((m) => m.level) + ints((m) => m.channel) + le32(leader) +
    ints((m) => (m.channel === viewer ? m.map : 0)) + (EMPTY_MAP + EMPTY_MAP + zeros(8)).repeat(6);
}

function partyDoc(partyId: number, leaderId: number, members: Member[]) {
  return {
    data: {
      type: "parties",
      id: String(partyId),
      attributes: { leaderId },
      relationships: { members: { data: members.map((m) => ({ type: "members", id: String(m.id) })) } },
    },
    included: members.map((m) => ({
      type: "members",
      id: String(m.id),
      attributes: {
        name: m.name,
        level: m.level,
        jobId: m.job,
        worldId: 0,
        channelId: m.channel,
        mapId: m.map,
        online: true,
      },
    })),
  };
}

function assertRaw(raw: string, pattern: RegExp): void {
  assertTrue(pattern.test(raw), `unexpected command ${raw}`);
}

Deno.test(
  integration(
    "party e2e: login table, operations → commands, status events → PartyOperation, HP",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const op = field.writerOpcode("PartyOperation");
        const hpOp = field.writerOpcode("PartyMemberHP");
        const all = [ARIA, CODY, DANA];
        const doc = partyDoc(5001, 1001, all);
        const list = { data: [doc.data], included: doc.included };
        for (const m of all) field.rest.on("GET", `parties?filter[members.id]=${m.id}`, { json: list });
        field.rest.on("GET", "parties/5001", { json: doc });

        const aria = await field.login(1001);
        assertEquals(
          hex(await receiveOpcode(aria.client, op, { what: "the party after login" })),
          "07" + le32(5001) + partyData(all, 1001, 1),
        );
        const cody = await field.login(2001);
        assertEquals(hex(await receiveOpcode(cody.client, op)), "07" + le32(5001) + partyData(all, 1001, 1));
        // Same map: each sees the other's HP (from the login cache).
        assertEquals(hex(await receiveOpcode(cody.client, hpOp)), le32(1001) + le32(820) + le32(820));
        assertEquals(hex(await receiveOpcode(aria.client, hpOp)), le32(2001) + le32(820) + le32(820));
        const dana = await field.login(3001, { channel: 2 });
        assertEquals(hex(await receiveOpcode(dana.client, op)), "07" + le32(5001) + partyData(all, 1001, 2));
        const brin = await field.login(1002); // not in the party
        const evie = await field.login(5001, { otherTenant: true });

        // Packets → commands.
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(1)));
        const create = await field.expectCommand(partyCommandContract, (c) => c.value.type === "CREATE");
        assertEquals(create.raw, '{"actorId":1001,"type":"CREATE","body":{}}');
        assertEquals([create.keyId, create.headers.TENANT_ID], [1001, field.tenant.id]);
        assertTrue(
          /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(create.headers.traceparent ?? ""),
          "traceparent",
        );

        await cody.client.send(field.packet("PartyOperationHandle", (w) => w.byte(5).uint32(1001))); // not the leader
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(5).uint16(7))); // truncated
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(5).uint32(2001)));
        const expel = await field.expectCommand(partyCommandContract, (c) => c.value.type === "LEAVE");
        assertEquals(expel.raw, '{"actorId":2001,"type":"LEAVE","body":{"partyId":5001,"force":true}}');
        assertEquals(expel.keyId, 2001);
        assertEquals(field.captured(partyCommandContract).length, 2);

        await cody.client.send(field.packet("PartyOperationHandle", (w) => w.byte(2)));
        await field.expectCommand(partyCommandContract, (c) => c.raw.includes('"force":false'));
        assertEquals(
          field.captured(partyCommandContract)[2].raw,
          '{"actorId":2001,"type":"LEAVE","body":{"partyId":5001,"force":false}}',
        );
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(6).uint32(2001)));
        const leader = await field.expectCommand(
          partyCommandContract,
          (c) => c.value.type === "CHANGE_LEADER",
        );
        assertEquals(
          leader.raw,
          '{"actorId":1001,"type":"CHANGE_LEADER","body":{"partyId":5001,"leaderId":2001}}',
        );

        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(4).string("Nobody")));
        assertEquals(hex(await receiveOpcode(aria.client, op)), "21");
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(4).string("Dana")));
        assertEquals(hex(await receiveOpcode(aria.client, op)), "13");
        await aria.client.send(field.packet("PartyOperationHandle", (w) => w.byte(4).string("Brin")));
        const invite = await field.expectCommand(
          partyCommandContract,
          (c) => c.value.type === "REQUEST_INVITE",
        );
        assertEquals(invite.raw, '{"actorId":1001,"type":"REQUEST_INVITE","body":{"characterId":1002}}');
        assertEquals(field.captured(partyCommandContract).length, 5);

        await brin.client.send(field.packet("PartyOperationHandle", (w) => w.byte(3).uint32(5001)));
        const join = await field.expectCommand(inviteCommandContract, (c) => c.value.type === "ACCEPT");
        assertRaw(
          join.raw,
          new RegExp(
            `^\\{"transactionId":"${UUID}","worldId":0,"inviteType":"PARTY","type":"ACCEPT","body":\\{"targetId":1002,"referenceId":5001\\}\\}$`,
          ),
        );
        assertEquals(join.keyId, 1002);
        await brin.client.send(field.packet("PartyInviteRejectHandle", (w) => w.byte(0).string("Aria")));
        const reject = await field.expectCommand(inviteCommandContract, (c) => c.value.type === "REJECT");
        assertRaw(
          reject.raw,
          new RegExp(
            `^\\{"transactionId":"${UUID}","worldId":0,"inviteType":"PARTY","type":"REJECT","body":\\{"targetId":1002,"originatorId":1001\\}\\}$`,
          ),
        );

        // Events → packets.
        const at = { worldId: 0, partyId: 5001 };
        await field.publishEvent(partyStatusContract, { ...at, actorId: 1001, type: "CREATED", body: {} });
        assertEquals(
          hex(await receiveOpcode(aria.client, op)),
          "08" + le32(5001) + EMPTY_MAP + EMPTY_MAP + zeros(4),
        );

        await field.publishEvent(partyStatusContract, { ...at, actorId: 2001, type: "JOINED", body: {} });
        assertEquals(
          hex(await receiveOpcode(aria.client, op)),
          "0f" + le32(5001) + str("Cody") + partyData(all, 1001, 1),
        );
        assertEquals(
          hex(await receiveOpcode(cody.client, op)),
          "0f" + le32(5001) + str("Cody") + partyData(all, 1001, 1),
        );
        assertEquals(
          hex(await receiveOpcode(dana.client, op)),
          "0f" + le32(5001) + str("Cody") + partyData(all, 1001, 2),
        );

        // Dana leaves: the party without her, to Aria, Cody and Dana.
        const rest2 = [ARIA, CODY];
        field.rest.on("GET", "parties/5001", { json: partyDoc(5001, 1001, rest2) });
        await field.publishEvent(partyStatusContract, { ...at, actorId: 3001, type: "LEFT", body: {} });
        const left = (viewer: number) =>
          "0c" + le32(5001) + le32(3001) + "01" + "00" + str("Dana") + partyData(rest2, 1001, viewer);
        assertEquals(hex(await receiveOpcode(aria.client, op)), left(1));
        assertEquals(hex(await receiveOpcode(dana.client, op)), left(2));
        assertEquals(hex(await receiveOpcode(cody.client, op)), left(1));

        // Cody is expelled.
        field.rest.on("GET", "parties/5001", { json: partyDoc(5001, 1001, [ARIA]) });
        await field.publishEvent(partyStatusContract, {
          ...at,
          actorId: 1001,
          type: "EXPEL",
          body: { characterId: 2001 },
        });
        const expelled = "0c" + le32(5001) + le32(2001) + "01" + "01" + str("Cody") +
          partyData([ARIA], 1001, 1);
        assertEquals(hex(await receiveOpcode(cody.client, op)), expelled);
        assertEquals(hex(await receiveOpcode(aria.client, op)), expelled);

        // Leadership, member log-in, error, disband.
        field.rest.on("GET", "parties/5001", { json: doc });
        await field.publishEvent(partyStatusContract, {
          ...at,
          actorId: 1001,
          type: "CHANGE_LEADER",
          body: { characterId: 2001, disconnected: false },
        });
        assertEquals(hex(await receiveOpcode(aria.client, op)), "1b" + le32(2001) + "00");
        assertEquals(hex(await receiveOpcode(cody.client, op)), "1b" + le32(2001) + "00");
        assertEquals(hex(await receiveOpcode(dana.client, op)), "1b" + le32(2001) + "00");
        for (const type of ["LOGIN", "LOGOUT"] as const) {
          await field.publishEvent(partyMemberStatusContract, { ...at, characterId: 3001, type, body: {} });
          assertEquals(
            hex(await receiveOpcode(aria.client, op)),
            "07" + le32(5001) + partyData(all, 1001, 1),
          );
          assertEquals(
            hex(await receiveOpcode(cody.client, op)),
            "07" + le32(5001) + partyData(all, 1001, 1),
          );
          assertEquals(
            hex(await receiveOpcode(dana.client, op)),
            "07" + le32(5001) + partyData(all, 1001, 2),
          );
        }
        await field.publishEvent(partyStatusContract, {
          ...at,
          actorId: 1001,
          type: "ERROR",
          body: { type: "A_BEGINNER_CANT_CREATE_A_PARTY", characterName: "" },
        });
        assertEquals(hex(await receiveOpcode(aria.client, op)), "0a");

        // HP: Cody's change reaches Aria (same map), not Dana (another channel).
        await field.publishEvent(characterStatusContract, {
          worldId: 0,
          characterId: 2001,
          type: "STAT_CHANGED",
          body: { channelId: 1, exclRequestSent: false, updates: ["HP"] },
        });
        assertEquals(hex(await receiveOpcode(aria.client, hpOp)), le32(2001) + le32(820) + le32(820));

        // Invitations: Cody is invited by Aria; a refusal by Brin shows Aria the notice.
        await field.publishEvent(inviteStatusContract, {
          worldId: 0,
          inviteType: "PARTY",
          referenceId: 5001,
          type: "CREATED",
          body: { originatorId: 1001, targetId: 2001 },
        });
        assertEquals(hex(await receiveOpcode(cody.client, op)), "04" + le32(5001) + str("Aria") + "00");
        await field.publishEvent(inviteStatusContract, {
          worldId: 0,
          inviteType: "PARTY",
          referenceId: 5001,
          type: "REJECTED",
          body: { originatorId: 1001, targetId: 1002 },
        });
        assertEquals(hex(await receiveOpcode(aria.client, op)), "17" + str("Brin"));

        await field.publishEvent(partyStatusContract, {
          ...at,
          actorId: 1001,
          type: "DISBAND",
          body: { members: [1001, 2001, 3001] },
        });
        const disband = "0c" + le32(5001) + le32(1001) + "00" + le32(5001);
        assertEquals(hex(await receiveOpcode(aria.client, op)), disband);
        assertEquals(hex(await receiveOpcode(cody.client, op)), disband);
        assertEquals(hex(await receiveOpcode(dana.client, op)), disband);

        // Brin (not a member) and Evie (other tenant) got none of it: their own errors are the sentinels.
        await field.publishEvent(partyStatusContract, {
          worldId: 0,
          partyId: 0,
          actorId: 5001,
          type: "ERROR",
          body: { type: "A_BEGINNER_CANT_CREATE_A_PARTY", characterName: "" },
        });
        await field.publishEvent(partyStatusContract, {
          worldId: 0,
          partyId: 0,
          actorId: 1002,
          type: "ERROR",
          body: { type: "YOU_HAVE_YET_TO_JOIN_A_PARTY", characterName: "" },
        });
        await field.publishEvent(partyStatusContract, {
          worldId: 0,
          partyId: 0,
          actorId: 5001,
          type: "ERROR",
          body: { type: "YOU_HAVE_YET_TO_JOIN_A_PARTY", characterName: "" },
        }, { tenant: field.otherTenant });
        await expectNoneBefore(
          brin.client,
          (p) => p.opcode === op || p.opcode === hpOp,
          (p) => p.opcode === op && hex(p.body) === "0d",
          "brin got a party packet",
        );
        await expectNoneBefore(
          evie.client,
          (p) => p.opcode === op || p.opcode === hpOp,
          (p) => p.opcode === op && hex(p.body) === "0d",
          "evie got the main tenant's party packet",
        );
        // Dana (another channel) got no HP update: her sentinel is an error of her own.
        await field.publishEvent(partyStatusContract, {
          worldId: 0,
          partyId: 0,
          actorId: 3001,
          type: "ERROR",
          body: { type: "YOU_HAVE_YET_TO_JOIN_A_PARTY", characterName: "" },
        });
        await expectNoneBefore(
          dana.client,
          (p) => p.opcode === hpOp,
          (p) => p.opcode === op && hex(p.body) === "0d",
          "dana got an HP update of another channel",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
