/**
 * The guild board on the real broker: `GuildBBSHandle` → `COMMAND_TOPIC_GUILD_THREAD` (exact JSON, the
 * guild id as key, tenant headers; no guild or a truncated packet → nothing), the thread list and a
 * thread from atlas-guilds → `GuildBBS`, and `EVENT_TOPIC_GUILD_THREAD_STATUS` → the thread again to the
 * actor only. Codes: GMS 83's handler table (0–5), the client's modes 6/7/8; times are FILETIMEs
 * (2026-01-15 18:30 UTC = 0004fbf44c86dc01).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import {
  guildThreadCommandContract,
  guildThreadStatusContract,
} from "../../../src/features/guild/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const AT_1830 = "0004fbf44c86dc01";

const threadResource = (id: number, title: string, notice: boolean) => ({
  type: "threads",
  id: String(id),
  attributes: {
    posterId: 1001,
    title,
    message: "Be nice",
    emoticonId: 1,
    notice,
    replies: [],
    createdAt: "2026-01-15T18:30:00Z",
  },
});

Deno.test(
  integration(
    "guild board e2e: GuildBBSHandle → commands and GuildBBS; thread events → the actor",
    async () => {
      const field = await startField();
      try {
        const bbs = field.writerOpcode("GuildBBS");
        field.rest.on("GET", "guilds?filter[members.id]=1001", {
          json: {
            data: [{
              type: "guilds",
              id: "77",
              attributes: {
                worldId: 0,
                name: "Lumina",
                leaderId: 1001,
                members: [{ characterId: 1001, title: 1 }],
              },
            }],
          },
        });
        field.rest.on("GET", "guilds/77/threads", {
          json: { data: [threadResource(5, "Raid", false), threadResource(3, "Rules", true)] },
        });
        field.rest.on("GET", "guilds/77/threads/3", { json: { data: threadResource(3, "Rules", true) } });
        const aria = await field.login(1001);
        const gwen = await field.login(4001); // no guild
        const send = (who: typeof aria, build: Parameters<typeof field.packet>[1]) =>
          who.client.send(field.packet("GuildBBSHandle", build));

        // Without a guild, or truncated: nothing. Then every command, in order.
        await send(gwen, (w) => w.byte(0).bool(false).bool(false).string("Mine").string("x").uint32(0));
        await send(aria, (w) => w.byte(4).uint16(3));
        await send(aria, (w) => w.byte(0).bool(false).bool(true).string("Rules").string("Be nice").uint32(1));
        await send(
          aria,
          (w) => w.byte(0).bool(true).uint32(3).bool(false).string("Rules").string("Be kind").uint32(2),
        );
        await send(aria, (w) => w.byte(1).uint32(5));
        await send(aria, (w) => w.byte(4).uint32(3).string("count me in"));
        await send(aria, (w) => w.byte(5).uint32(3).uint32(19));
        await field.expectCommand(guildThreadCommandContract, (c) => c.value.type === "DELETE_REPLY");
        const commands = field.captured(guildThreadCommandContract);
        assertEquals(commands.map((c) => c.raw), [
          '{"guildId":77,"characterId":1001,"type":"CREATE","body":{"notice":true,"title":"Rules","message":"Be nice","emoticonId":1}}',
          '{"guildId":77,"characterId":1001,"type":"UPDATE","body":{"threadId":3,"notice":false,"title":"Rules","message":"Be kind","emoticonId":2}}',
          '{"guildId":77,"characterId":1001,"type":"DELETE","body":{"threadId":5}}',
          '{"guildId":77,"characterId":1001,"type":"ADD_REPLY","body":{"threadId":3,"message":"count me in"}}',
          '{"guildId":77,"characterId":1001,"type":"DELETE_REPLY","body":{"threadId":3,"replyId":19}}',
        ]);
        for (const c of commands) {
          assertEquals([c.keyId, c.headers.TENANT_ID], [77, field.tenant.id]);
          assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(c.headers.traceparent ?? ""), "traceparent");
        }

        // The list (the notice apart), a thread, a thread atlas-guilds does not have.
        const rules = "03000000" + "e9030000" + AT_1830 + "050052756c6573" + "07004265206e696365" +
          "01000000" +
          "00000000";
        await send(aria, (w) => w.byte(2).uint32(0));
        assertEquals(
          hex(await receiveOpcode(aria.client, bbs)),
          "06" + "01" + "03000000e9030000050052756c6573" + AT_1830 + "0100000000000000" + "01000000" +
            "01000000" +
            "05000000e9030000040052616964" + AT_1830 + "0100000000000000",
        );
        await send(aria, (w) => w.byte(3).uint32(3));
        assertEquals(hex(await receiveOpcode(aria.client, bbs)), "07" + rules);
        await send(aria, (w) => w.byte(3).uint32(9));
        assertEquals(hex(await receiveOpcode(aria.client, bbs)), "08");

        // Thread events: the actor sees the thread again; DELETED shows nothing; another world's nothing.
        const base = { worldId: 0, guildId: 77, threadId: 3 };
        await field.publishEvent(guildThreadStatusContract, {
          ...base,
          actorId: 4001,
          type: "DELETED",
          body: {},
        });
        await field.publishEvent(guildThreadStatusContract, {
          ...base,
          worldId: 1,
          actorId: 4001,
          type: "CREATED",
          body: {},
        });
        await field.publishEvent(guildThreadStatusContract, {
          ...base,
          actorId: 1001,
          type: "REPLY_ADDED",
          body: { replyId: 4 },
        });
        assertEquals(hex(await receiveOpcode(aria.client, bbs)), "07" + rules);
        await field.publishEvent(guildThreadStatusContract, {
          ...base,
          actorId: 4001,
          type: "UPDATED",
          body: {},
        });
        await expectNoneBefore(
          gwen.client,
          (p) => p.opcode === bbs,
          (p) => p.opcode === bbs && hex(p.body) === "07" + rules,
          "gwen saw a thread before her own update",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
