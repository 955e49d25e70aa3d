/**
 * atlas-guilds' status events on the real broker → guild packets, and the guild at login:
 *
 * Lumina (77): Aria (1001, channel 1, Henesys) and Dana (3001, channel 2, Henesys) play here; Evie's id
 * (5001) is a member too, but Evie plays on the other tenant; Ghost (6001) is offline. Cody (2001, ch 1,
 * Henesys) joins and is expelled; Gwen (4001, ch 2, Henesys) and Brin (1002, ch 1, Ellinia) are never
 * members. Every guild packet (GuildOperation, GuildNameChanged, GuildEmblemChanged) each session
 * receives is checked in order against the full expected list, so anything extra fails the test; the
 * end of each list is a guild ERROR of its own on the same topic (a sentinel that must come after every
 * earlier event). Expected bytes are written out from the client layout (libs/atlas-packet guild,
 * d59a1ad2df); mode codes are GMS 83's.
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type LoggedIn, startField } from "../../support/field.ts";
import { isOpcode, receiveUntil } from "../../support/receive.ts";
import { guildStatusContract, type GuildStatusEvent } from "../../../src/features/guild/messages.ts";
import { inviteStatusContract } from "../../../src/features/invite/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const le32 = (n: number) => hex(new Uint8Array(new Uint32Array([n]).buffer));
const str = (s: string) => hex(new Uint8Array([s.length, 0])) + hex(new TextEncoder().encode(s));
const name13 = (s: string) => hex(new TextEncoder().encode(s)) + "00".repeat(13 - s.length);

const LUMINA = "06004c756d696e61";
const OLD_EMBLEM = { logo: 2001, logoColor: 3, logoBackground: 1002, logoBackgroundColor: 7 };
const OLD_EMBLEM_HEX = "ea03" + "07" + "d107" + "03"; // background 1002, color 7, logo 2001, color 3
const NEW_EMBLEM = { logo: 2002, logoColor: 4, logoBackground: 1003, logoBackgroundColor: 8 };
const NEW_EMBLEM_HEX = "eb03" + "08" + "d207" + "04";
const NO_EMBLEM_HEX = "0000" + "00" + "0000" + "00";

interface Member {
  characterId: number;
  name: string;
  jobId: number;
  level: number;
  title: number;
  online: boolean;
}
const ARIA: Member = { characterId: 1001, name: "Aria", jobId: 400, level: 30, title: 1, online: true };
const DANA: Member = { characterId: 3001, name: "Dana", jobId: 300, level: 30, title: 2, online: true };
const EVIE: Member = { characterId: 5001, name: "Evie", jobId: 2212, level: 30, title: 3, online: true };
const GHOST: Member = { characterId: 6001, name: "Ghost", jobId: 0, level: 10, title: 5, online: false };
const CODY: Member = { characterId: 2001, name: "Cody", jobId: 100, level: 12, title: 5, online: true };
const TITLES = ["Master", "Jr. Master", "Member", "Member", "Member"];

function guildResource(members: Member[], emblem: typeof OLD_EMBLEM) {
  return {
    type: "guilds",
    id: "77",
    attributes: {
      worldId: 0,
      name: "Lumina",
      notice: "Hi",
      points: 150,
      capacity: 30,
      ...emblem,
      leaderId: 1001,
      members: members.map((m) => ({ ...m, allianceTitle: 5 })),
      titles: TITLES.map((name, i) => ({ name, index: i + 1 })),
    },
  };
}

/** The guild data form, written out: 0x1A, in guild, id, name, titles, ids, GUILDMEMBERs, the rest. */
function infoHex(members: Member[], emblemHex: string): string {
  const member = (m: Member) =>
    name13(m.name) + le32(m.jobId) + le32(m.level) + le32(m.title) + le32(m.online ? 1 : 0) + le32(0) +
    le32(5);
  return "1a01" + le32(77) + LUMINA + TITLES.map(str).join("") + hex(new Uint8Array([members.length])) +
    members.map((m) => le32(m.characterId)).join("") + members.map(member).join("") +
    le32(30) + emblemHex + str("Hi") + le32(150) + le32(0);
}

function partyDocument() {
  const member = (id: number, name: string, channelId: number, mapId: number) => ({
    type: "members",
    id: String(id),
    attributes: { name, level: 30, jobId: 400, worldId: 0, channelId, mapId, online: true },
  });
  const members = [
    member(1001, "Aria", 1, 100000000),
    member(2001, "Cody", 1, 100000000),
    member(1002, "Brin", 1, 101000000),
    member(4001, "Gwen", 2, 100000000),
  ];
  return {
    data: [{
      type: "parties",
      id: "5001",
      attributes: { leaderId: 1001 },
      relationships: { members: { data: members.map(({ type, id }) => ({ type, id })) } },
    }],
    included: members,
  };
}

Deno.test(
  integration("guild e2e: status events → guild packets to the members here and their maps", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const op = field.writerOpcode("GuildOperation");
      const nameOp = field.writerOpcode("GuildNameChanged");
      const emblemOp = field.writerOpcode("GuildEmblemChanged");
      const guildPacket = isOpcode(op, nameOp, emblemOp);
      const OP = (body: string) => `op ${body}`;
      const NAME = (id: number, name: string) => `name ${le32(id)}${name}`;
      const EMBLEM = (id: number, emblem: string) => `emblem ${le32(id)}${emblem}`;
      const label = (p: { opcode: number; body: Uint8Array }) =>
        `${p.opcode === op ? "op" : p.opcode === nameOp ? "name" : "emblem"} ${hex(p.body)}`;
      /** The next guild packets `who` receives are exactly `expected` (other packets are skipped). */
      const expectGuild = async (who: LoggedIn, expected: string[]) => {
        for (const want of expected) {
          const seen = await receiveUntil(who.client, guildPacket, {
            what: `${who.character.name}: ${want}`,
          });
          assertEquals(label(seen[seen.length - 1]), want, `${who.character.name}'s guild packets`);
        }
      };
      const publish = (event: GuildStatusEvent, otherTenant = false) =>
        field.publishEvent(guildStatusContract, event, {
          key: event.guildId,
          tenant: otherTenant ? field.otherTenant : field.tenant,
        });
      const route = (members: Member[], emblem: typeof OLD_EMBLEM) => {
        field.rest.on("GET", "guilds/77", { json: { data: guildResource(members, emblem) } });
      };
      const lumina = [ARIA, DANA, EVIE, GHOST];
      for (const id of [1001, 3001]) {
        field.rest.on("GET", `guilds?filter[members.id]=${id}`, {
          json: { data: [guildResource(lumina, OLD_EMBLEM)] },
        });
      }
      route(lumina, OLD_EMBLEM);

      // Login: the guild data follows SetField; the map shows the guild under the member's name.
      const aria = await field.login(1001);
      await expectGuild(aria, [OP(infoHex(lumina, OLD_EMBLEM_HEX))]);
      const cody = await field.login(2001);
      const ariaSpawn = await field.receivePacket(cody.client, "CharacterSpawn");
      assertEquals(
        hex(ariaSpawn.subarray(0, 4 + 1 + 6 + 8 + 6)),
        le32(1001) + "1e" + str("Aria") + LUMINA + OLD_EMBLEM_HEX,
      );
      const codySpawn = await field.receivePacket(aria.client, "CharacterSpawn");
      assertEquals(
        hex(codySpawn.subarray(0, 4 + 1 + 6 + 2 + 6)),
        le32(2001) + "0c" + str("Cody") + "0000" + NO_EMBLEM_HEX,
      );
      const brin = await field.login(1002);
      const dana = await field.login(3001, { channel: 2 });
      await expectGuild(dana, [OP(infoHex(lumina, OLD_EMBLEM_HEX))]);
      const gwen = await field.login(4001, { channel: 2 });
      const evie = await field.login(5001, { otherTenant: true });
      await field.fieldEntriesSettled();
      field.rest.on("GET", "parties?filter[members.id]=1001", { json: partyDocument() });

      const base = { worldId: 0, guildId: 77 };
      await publish({ ...base, type: "NOTICE_UPDATED", body: { notice: "Guild run at 8pm" } });
      await publish({ ...base, type: "CAPACITY_UPDATED", body: { capacity: 35 } });
      await publish({
        ...base,
        type: "TITLES_UPDATED",
        body: { guildId: 77, titles: ["A", "B", "C", "D", "E"] },
      });
      await publish({ ...base, type: "MEMBER_STATUS_UPDATED", body: { characterId: 3001, online: true } });
      await publish({ ...base, type: "MEMBER_TITLE_UPDATED", body: { characterId: 1001, title: 2 } });
      await publish({ ...base, type: "EMBLEM_UPDATED", body: NEW_EMBLEM });
      const notice = OP("44" + le32(77) + str("Guild run at 8pm"));
      const capacity = OP("3a" + le32(77) + "23");
      const titles = OP("3e" + le32(77) + ["A", "B", "C", "D", "E"].map(str).join(""));
      const emblemChange = OP("42" + le32(77) + NEW_EMBLEM_HEX);
      await expectGuild(aria, [
        notice,
        capacity,
        titles,
        OP("3d" + le32(77) + le32(3001) + "01"),
        OP(infoHex(lumina, OLD_EMBLEM_HEX)),
        emblemChange,
        EMBLEM(1001, NEW_EMBLEM_HEX),
      ]);
      await expectGuild(dana, [
        notice,
        capacity,
        titles,
        OP(infoHex(lumina, OLD_EMBLEM_HEX)),
        OP("40" + le32(77) + le32(1001) + "02"),
        emblemChange,
        EMBLEM(3001, NEW_EMBLEM_HEX),
      ]);
      await expectGuild(cody, [EMBLEM(1001, NEW_EMBLEM_HEX)]);
      await expectGuild(gwen, [EMBLEM(3001, NEW_EMBLEM_HEX)]);

      // Cody joins, then is expelled.
      const withCody = [...lumina, CODY];
      route(withCody, NEW_EMBLEM);
      await publish({
        ...base,
        type: "MEMBER_JOINED",
        body: {
          characterId: 2001,
          name: "Cody",
          jobId: 100,
          level: 12,
          title: 5,
          online: true,
          allianceTitle: 5,
        },
      });
      const joined = OP(
        "27" + le32(77) + le32(2001) + name13("Cody") + le32(100) + le32(12) + le32(5) + le32(1) + le32(0) +
          le32(5),
      );
      await expectGuild(cody, [
        OP(infoHex(withCody, NEW_EMBLEM_HEX)),
        NAME(2001, LUMINA),
        EMBLEM(2001, NEW_EMBLEM_HEX),
      ]);
      await expectGuild(aria, [joined, NAME(2001, LUMINA), EMBLEM(2001, NEW_EMBLEM_HEX)]);
      await expectGuild(dana, [joined]);
      route(lumina, NEW_EMBLEM);
      await publish({ ...base, type: "MEMBER_LEFT", body: { characterId: 2001, force: true } });
      const expelled = OP("2f" + le32(77) + le32(2001) + str("Cody"));
      await expectGuild(cody, [OP("1a00"), NAME(2001, "0000"), EMBLEM(2001, NO_EMBLEM_HEX)]);
      await expectGuild(aria, [expelled, NAME(2001, "0000"), EMBLEM(2001, NO_EMBLEM_HEX)]);
      await expectGuild(dana, [expelled]);

      // Founding: the leader's party members in its map on its channel are asked; no party → error.
      await publish({
        worldId: 0,
        guildId: 0,
        type: "REQUEST_AGREEMENT",
        body: { actorId: 1001, proposedName: "Nova" },
      });
      await publish({
        worldId: 0,
        guildId: 0,
        type: "REQUEST_AGREEMENT",
        body: { actorId: 4001, proposedName: "Solo" },
      });
      await expectGuild(cody, [OP("03" + le32(5001) + str("Aria") + str("Nova"))]);
      await expectGuild(gwen, [OP("26")]);
      await publish({
        worldId: 0,
        guildId: 0,
        type: "ERROR",
        body: { actorId: 1001, error: "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES" },
      });
      await expectGuild(aria, [OP("1c")]);

      // Created and disbanded: the members here, and everyone in their maps.
      await publish({ ...base, type: "CREATED", body: {} });
      const infoNow = OP(infoHex(lumina, NEW_EMBLEM_HEX));
      await expectGuild(aria, [NAME(1001, LUMINA), EMBLEM(1001, NEW_EMBLEM_HEX), infoNow]);
      await expectGuild(dana, [NAME(3001, LUMINA), EMBLEM(3001, NEW_EMBLEM_HEX), infoNow]);
      await expectGuild(cody, [NAME(1001, LUMINA), EMBLEM(1001, NEW_EMBLEM_HEX)]);
      await expectGuild(gwen, [NAME(3001, LUMINA), EMBLEM(3001, NEW_EMBLEM_HEX)]);
      route([], NEW_EMBLEM); // atlas-guilds deleted it already; the event's list is what counts
      await publish({ ...base, type: "DISBANDED", body: { members: [1001, 3001, 5001, 6001] } });
      const gone = [OP("32" + le32(77)), OP("1a00")];
      await expectGuild(aria, [NAME(1001, "0000"), EMBLEM(1001, NO_EMBLEM_HEX), ...gone]);
      await expectGuild(dana, [NAME(3001, "0000"), EMBLEM(3001, NO_EMBLEM_HEX), ...gone]);
      await expectGuild(cody, [NAME(1001, "0000"), EMBLEM(1001, NO_EMBLEM_HEX)]);
      await expectGuild(gwen, [NAME(3001, "0000"), EMBLEM(3001, NO_EMBLEM_HEX)]);

      // Another world's and another tenant's events reach no one here but that tenant's member.
      route(lumina, OLD_EMBLEM);
      await publish({ ...base, worldId: 1, type: "NOTICE_UPDATED", body: { notice: "world 1" } });
      await publish({ ...base, type: "NOTICE_UPDATED", body: { notice: "other tenant" } }, true);
      await expectGuild(evie, [OP("44" + le32(77) + str("other tenant"))]);
      // Guild invitations (EVENT_TOPIC_INVITE_STATUS): the invitation to the target (v83: no trailing
      // ints), the refusal to the inviter with the target's name.
      const invite = {
        worldId: 0,
        inviteType: "GUILD" as const,
        referenceId: 77,
        body: { originatorId: 1001, targetId: 4001 },
      };
      await field.publishEvent(inviteStatusContract, { ...invite, type: "CREATED" }, { key: 77 });
      await expectGuild(gwen, [OP("05" + le32(77) + str("Aria"))]);
      await field.publishEvent(inviteStatusContract, { ...invite, type: "REJECTED" }, { key: 77 });
      await expectGuild(aria, [OP("37" + str("Gwen"))]);
      // Sentinels: an error of each one's own, after every event above on the same topic.
      for (const who of [aria, dana, cody, gwen, brin]) {
        await publish({
          worldId: 0,
          guildId: 0,
          type: "ERROR",
          body: { actorId: who.character.id, error: "ALREADY_JOINED_THE_GUILD" },
        });
        await expectGuild(who, [OP("28")]);
      }
      await publish({
        worldId: 0,
        guildId: 0,
        type: "ERROR",
        body: { actorId: 5001, error: "ADMIN_CANNOT_MAKE_A_GUILD" },
      }, true);
      await expectGuild(evie, [OP("38")]);
    } finally {
      await field.stop();
    }
  }),
);
