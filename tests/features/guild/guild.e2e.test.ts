/**
 * Guild packets → commands on the real broker: every `GuildOperationHandle` sub-operation and
 * `GuildInviteRejectHandle` (exact JSON, keys, headers; rank rules refused without a command), and the
 * `REQUEST_NAME` / `REQUEST_EMBLEM` prompts on `COMMAND_TOPIC_GUILD` → `GuildOperation` for exactly that
 * character on that channel. Codes are GMS 83's.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import { guildCommandContract } from "../../../src/features/guild/messages.ts";
import { inviteCommandContract } from "../../../src/features/invite/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const TX = '^\\{"transactionId":"[0-9a-f-]{36}",';

function guildDoc() {
  const member = (characterId: number, name: string, title: number) => ({
    characterId,
    name,
    jobId: 100,
    level: 30,
    title,
    online: true,
    allianceTitle: 5,
  });
  return {
    data: [{
      type: "guilds",
      id: "42",
      attributes: {
        worldId: 0,
        name: "Mapleteers",
        notice: "",
        points: 0,
        capacity: 30,
        logo: 0,
        logoColor: 0,
        logoBackground: 0,
        logoBackgroundColor: 0,
        leaderId: 1001,
        members: [member(1001, "Aria", 1), member(3001, "Dana", 2), member(2001, "Cody", 3)],
        titles: [],
      },
    }],
  };
}

Deno.test(
  integration(
    "guild e2e: GuildOperationHandle → COMMAND_TOPIC_GUILD; name/emblem prompts → GuildOperation",
    async () => {
      const field = await startField();
      try {
        const op = field.writerOpcode("GuildOperation");
        for (const id of [1001, 2001, 3001]) {
          field.rest.on("GET", `guilds?filter[members.id]=${id}`, {
            json: guildDoc(),
          });
        }
        const aria = await field.login(1001);
        // The guild data follows SetField (its bytes: guild-status.e2e.test.ts).
        assertEquals(hex(await receiveOpcode(aria.client, op)).slice(0, 12), "1a01" + "2a000000");
        const cody = await field.login(2001);
        const dana = await field.login(3001, { channel: 2 });
        const gwen = await field.login(4001); // no guild
        const send = (who: typeof aria, build: Parameters<typeof field.packet>[1]) =>
          who.client.send(field.packet("GuildOperationHandle", build));
        const expectRaw = async (pattern: string, type: string) => {
          const c = await field.expectCommand(guildCommandContract, (m) => m.value.type === type);
          assertTrue(new RegExp(TX + pattern + "$").test(c.raw), c.raw);
          return c;
        };

        await send(gwen, (w) => w.byte(2).string("Mapleteers"));
        const create = await expectRaw(
          '"characterId":4001,"type":"REQUEST_CREATE","body":\\{"worldId":0,"channelId":1,"mapId":100000000,"name":"Mapleteers"\\}\\}',
          "REQUEST_CREATE",
        );
        assertEquals([create.keyId, create.headers.TENANT_ID], [4001, field.tenant.id]);
        assertTrue(
          /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(create.headers.traceparent ?? ""),
          "traceparent",
        );
        await send(cody, (w) => w.byte(30).uint32(77).bool(true));
        await expectRaw(
          '"characterId":2001,"type":"CREATION_AGREEMENT","body":\\{"agreed":true\\}\\}',
          "CREATION_AGREEMENT",
        );

        // Refused without a command: Cody (title 3) sets the emblem, notice, titles or kicks; Dana kicks Aria;
        // a notice of 101 bytes; Gwen (no guild) withdraws; a truncated emblem.
        await send(cody, (w) => w.byte(15).uint16(1001).byte(2).uint16(3).byte(7));
        await send(cody, (w) => w.byte(16).string("mine now"));
        await send(dana, (w) => w.byte(8).uint32(1001).string("Aria"));
        await send(aria, (w) => w.byte(16).string("x".repeat(101)));
        await send(gwen, (w) => w.byte(7).uint32(4001).string("Gwen"));
        await send(aria, (w) => w.byte(15).uint16(1001));
        await send(aria, (w) => w.byte(15).uint16(1001).byte(2).uint16(3).byte(7));
        await expectRaw(
          '"characterId":1001,"type":"CHANGE_EMBLEM","body":\\{"guildId":42,"logo":3,"logoColor":7,"logoBackground":1001,"logoBackgroundColor":2\\}\\}',
          "CHANGE_EMBLEM",
        );
        assertEquals(field.captured(guildCommandContract).length, 3);

        await send(dana, (w) => w.byte(16).string("PQ tonight at 8"));
        await expectRaw(
          '"characterId":3001,"type":"CHANGE_NOTICE","body":\\{"guildId":42,"notice":"PQ tonight at 8"\\}\\}',
          "CHANGE_NOTICE",
        );
        await send(dana, (w) => w.byte(8).uint32(2001).string("Cody"));
        const kick = await expectRaw(
          '"characterId":2001,"type":"LEAVE","body":\\{"guildId":42,"force":true\\}\\}',
          "LEAVE",
        );
        assertEquals(kick.keyId, 2001);
        await send(cody, (w) => w.byte(7).uint32(2001).string("Cody"));
        await field.expectCommand(guildCommandContract, (m) => m.raw.includes('"force":false'));
        await send(
          aria,
          (w) =>
            w.byte(13).string("Master").string("Jr. Master").string("Member").string("Rookie").string(
              "Trainee",
            ),
        );
        await expectRaw(
          '"characterId":1001,"type":"CHANGE_TITLES","body":\\{"guildId":42,"titles":\\["Master","Jr. Master","Member","Rookie","Trainee"\\]\\}\\}',
          "CHANGE_TITLES",
        );
        await send(dana, (w) => w.byte(14).uint32(2001).byte(2)); // Dana (2) cannot make anyone a 2
        await send(aria, (w) => w.byte(14).uint32(2001).byte(2));
        await expectRaw(
          '"characterId":1001,"type":"CHANGE_MEMBER_TITLE","body":\\{"guildId":42,"targetId":2001,"title":2\\}\\}',
          "CHANGE_MEMBER_TITLE",
        );
        await send(aria, (w) => w.byte(5).string("Nobody"));
        assertEquals(hex(await receiveOpcode(aria.client, op)), "2a");
        await send(aria, (w) => w.byte(5).string("Gwen"));
        await expectRaw(
          '"characterId":1001,"type":"REQUEST_INVITE","body":\\{"guildId":42,"targetId":4001\\}\\}',
          "REQUEST_INVITE",
        );
        assertEquals(field.captured(guildCommandContract).length, 9);

        await send(gwen, (w) => w.byte(6).uint32(42).uint32(1001)); // for another character: refused
        await send(gwen, (w) => w.byte(6).uint32(42).uint32(4001));
        const join = await field.expectCommand(inviteCommandContract, (m) => m.value.type === "ACCEPT");
        assertTrue(
          join.raw.endsWith(
            '"inviteType":"GUILD","type":"ACCEPT","body":{"targetId":4001,"referenceId":42}}',
          ),
          join.raw,
        );
        await gwen.client.send(field.packet("GuildInviteRejectHandle", (w) => w.byte(0).string("Aria")));
        const reject = await field.expectCommand(inviteCommandContract, (m) => m.value.type === "REJECT");
        assertTrue(
          reject.raw.endsWith(
            '"inviteType":"GUILD","type":"REJECT","body":{"targetId":4001,"originatorId":1001}}',
          ),
          reject.raw,
        );
        assertEquals(field.captured(inviteCommandContract).length, 2);

        // Prompts from other services: the dialog to that character on that channel only.
        await field.publishEvent(guildCommandContract, {
          characterId: 4001,
          type: "REQUEST_NAME",
          body: { worldId: 0, channelId: 1 },
        });
        assertEquals(hex(await receiveOpcode(gwen.client, op)), "01");
        await field.publishEvent(guildCommandContract, {
          characterId: 3001,
          type: "REQUEST_EMBLEM",
          body: { worldId: 0, channelId: 1 }, // Dana plays on channel 2
        });
        await field.publishEvent(guildCommandContract, {
          characterId: 3001,
          type: "REQUEST_NAME",
          body: { worldId: 0, channelId: 2 },
        });
        await expectNoneBefore(
          dana.client,
          (p) => p.opcode === op && hex(p.body) === "11",
          (p) => p.opcode === op && hex(p.body) === "01",
          "dana got another channel's prompt",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
