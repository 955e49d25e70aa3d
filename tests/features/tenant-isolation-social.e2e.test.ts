/**
 * Tenant isolation on the production path, social and character-progress topics (buddies, fame, notes,
 * invites, messenger, quests, skills): one process serving two GMS 83 tenants with the same characters,
 * the real broker; see tenant-isolation-cases.ts for the pattern and tenant-isolation.e2e.test.ts for
 * the rest of the topics.
 */
import { integration } from "../support/kafka.ts";
import { HENESYS, startField } from "../support/field.ts";
import { CASES, isolation, packet, stringHex, toHex } from "./tenant-isolation-cases.ts";
import { buddyListStatusContract } from "../../src/features/buddy/messages.ts";
import { fameStatusContract } from "../../src/features/fame/messages.ts";
import { noteStatusContract } from "../../src/features/note/messages.ts";
import { inviteStatusContract } from "../../src/features/invite/messages.ts";
import { messengerStatusContract } from "../../src/features/messenger/messages.ts";
import { questStatusContract } from "../../src/features/quest/messages.ts";
import { skillStatusContract } from "../../src/features/skill/messages.ts";
import {
  guildCommandContract,
  guildStatusContract,
  guildThreadStatusContract,
} from "../../src/features/guild/messages.ts";
import { partyMemberStatusContract, partyStatusContract } from "../../src/features/party/messages.ts";

const le32 = (n: number) => toHex(new Uint8Array(new Uint32Array([n >>> 0]).buffer));
const zeros = (n: number) => Array(n).fill("00").join(" ");

/** PARTYDATA (v83) of a party of Aria alone (leader, channel 1, Henesys), as she sees it. */
const ARIA_ALONE = [
  le32(1001),
  zeros(20), // ids, 6 slots
  "41 72 69 61",
  zeros(9),
  zeros(65), // names, 13 bytes each
  le32(400),
  zeros(20), // jobs
  le32(30),
  zeros(20), // levels
  le32(1),
  zeros(20), // channels
  le32(1001), // leader
  le32(HENESYS),
  zeros(20), // maps (on the viewer's channel)
  Array(6).fill(`ff c9 9a 3b ff c9 9a 3b ${zeros(8)}`).join(" "), // town doors
].join(" ");

/** A thread of guild 77 as atlas-guilds serves it. */
const threadResource = (id: number, title: string) => ({
  type: "threads",
  id: String(id),
  attributes: {
    posterId: 1001,
    title,
    message: "Be nice",
    emoticonId: 1,
    notice: true,
    replies: [],
    createdAt: "2026-01-15T18:30:00Z",
  },
});

Deno.test(
  integration("tenant isolation: social and progress topics reach only their tenant", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const { isolated, isolatedBySentinel, assertCovered } = isolation(field);
      const a1 = await field.login(1001);
      const a2 = await field.login(2001);
      const b1 = await field.login(1001, { otherTenant: true });
      const b2 = await field.login(2001, { otherTenant: true });
      const one = { a: a1, b: b1 };
      const two = { a: a2, b: b2 };

      // CAPACITY_CHANGE → BuddyOperation 0x15, the capacity (40 = 0x28, 50 = 0x32).
      await isolated(
        "EVENT_TOPIC_BUDDY_LIST_STATUS",
        (tenant, v) =>
          field.publishEvent(buddyListStatusContract, {
            worldId: 0,
            characterId: 1001,
            type: "CAPACITY_CHANGE",
            body: { capacity: v === "b" ? 40 : 50 },
          }, { tenant }),
        one,
        (v) => packet(field, "BuddyOperation", v === "b" ? "15 28" : "15 32"),
      );
      // ERROR → FameResponse with the error code (NOT_TODAY 3, NOT_THIS_MONTH 4).
      await isolated(
        "EVENT_TOPIC_FAME_STATUS",
        (tenant, v) =>
          field.publishEvent(fameStatusContract, {
            worldId: 0,
            characterId: 1001,
            type: "ERROR",
            body: { channelId: 1, error: v === "b" ? "NOT_TODAY" : "NOT_THIS_MONTH" },
          }, { tenant }),
        one,
        (v) => packet(field, "FameResponse", v === "b" ? "03" : "04"),
      );
      // CREATED → NoteOperation REFRESH (7), which carries nothing of the note.
      await isolatedBySentinel(
        "EVENT_TOPIC_NOTE_STATUS",
        (tenant) =>
          field.publishEvent(noteStatusContract, {
            characterId: 2001,
            type: "CREATED",
            body: { noteId: 90, senderId: 1001, message: "see you", flag: 1, time: "2026-01-14T21:10:00Z" },
          }, { tenant }),
        two,
        packet(field, "NoteOperation", "07"),
      );
      // A MESSENGER invite CREATED → MessengerOperation REQUEST_INVITE (3) to the target: the inviter's
      // name, 0, the messenger id (310 = 0x136, 311 = 0x137), 0.
      await isolated(
        "EVENT_TOPIC_INVITE_STATUS",
        (tenant, v) =>
          field.publishEvent(inviteStatusContract, {
            worldId: 0,
            inviteType: "MESSENGER",
            referenceId: v === "b" ? 310 : 311,
            type: "CREATED",
            body: { originatorId: 1001, targetId: 2001 },
          }, { tenant }),
        two,
        (v) =>
          packet(
            field,
            "MessengerOperation",
            `03 ${stringHex("Aria")} 00 ${v === "b" ? "36" : "37"} 01 00 00 00`,
          ),
      );
      // LEFT → MessengerOperation REMOVE (2) of the slot to the one who left (the room, read over REST,
      // has no one else).
      for (const id of [320, 321]) {
        field.rest.on("GET", `messengers/${id}`, {
          json: {
            data: {
              type: "messengers",
              id: String(id),
              attributes: {},
              relationships: { members: { data: [] } },
            },
            included: [],
          },
        });
      }
      await isolated(
        "EVENT_TOPIC_MESSENGER_STATUS",
        (tenant, v) =>
          field.publishEvent(messengerStatusContract, {
            actorId: 2001,
            worldId: 0,
            messengerId: v === "b" ? 320 : 321,
            type: "LEFT",
            body: { slot: v === "b" ? 1 : 2 },
          }, { tenant }),
        two,
        (v) => packet(field, "MessengerOperation", v === "b" ? "02 01" : "02 02"),
      );
      // FORFEITED → CharacterStatusMessage quest record (1): the quest id (u16), state 0.
      await isolated(
        "EVENT_TOPIC_QUEST_STATUS",
        (tenant, v) =>
          field.publishEvent(questStatusContract, {
            characterId: 1001,
            worldId: 0,
            type: "FORFEITED",
            body: { questId: v === "b" ? 2 : 1 },
          }, { tenant }),
        one,
        (v) => packet(field, "CharacterStatusMessage", v === "b" ? "01 02 00 00" : "01 01 00 00"),
      );
      // UPDATED → CharacterSkillChange: exclusive 1, one skill (4001003), its level (11 / 12), master
      // level 0, no expiration (-1), then 1.
      await isolated(
        "EVENT_TOPIC_SKILL_STATUS",
        (tenant, v) =>
          field.publishEvent(skillStatusContract, {
            characterId: 1001,
            skillId: 4001003,
            type: "UPDATED",
            body: { level: v === "b" ? 11 : 12, masterLevel: 0, expiration: "0001-01-01T00:00:00Z" },
          }, { tenant, key: 1001 }),
        one,
        (v) =>
          packet(
            field,
            "CharacterSkillChange",
            `01 01 00 eb 0c 3d 00 ${v === "b" ? "0b" : "0c"} 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 01`,
          ),
      );

      // Guilds. ERROR → GuildOperation notice to the actor (ALREADY_JOINED_THE_GUILD 0x28,
      // ADMIN_CANNOT_MAKE_A_GUILD 0x38).
      await isolated(
        "EVENT_TOPIC_GUILD_STATUS",
        (tenant, v) =>
          field.publishEvent(guildStatusContract, {
            worldId: 0,
            guildId: 0,
            type: "ERROR",
            body: {
              actorId: 1001,
              error: v === "b" ? "ALREADY_JOINED_THE_GUILD" : "ADMIN_CANNOT_MAKE_A_GUILD",
            },
          }, { tenant, key: 0 }),
        one,
        (v) => packet(field, "GuildOperation", v === "b" ? "28" : "38"),
      );
      // The prompts other services ask for: REQUEST_NAME → GuildOperation 0x01, REQUEST_EMBLEM → 0x11.
      await isolated(
        "COMMAND_TOPIC_GUILD",
        (tenant, v) =>
          field.publishEvent(guildCommandContract, {
            characterId: 1001,
            type: v === "b" ? "REQUEST_NAME" : "REQUEST_EMBLEM",
            body: { worldId: 0, channelId: 1 },
          }, { tenant }),
        one,
        (v) => packet(field, "GuildOperation", v === "b" ? "01" : "11"),
      );
      // REPLY_ADDED → GuildBBS thread (7) to the actor, read over REST: id, poster, created (filetime of
      // 2026-01-15T18:30Z), title, message, emoticon 1, no replies.
      field.rest.on("GET", "guilds/77/threads/3", { json: { data: threadResource(3, "Rules") } });
      field.rest.on("GET", "guilds/77/threads/4", { json: { data: threadResource(4, "Rules") } });
      await isolated(
        "EVENT_TOPIC_GUILD_THREAD_STATUS",
        (tenant, v) =>
          field.publishEvent(guildThreadStatusContract, {
            worldId: 0,
            guildId: 77,
            threadId: v === "b" ? 3 : 4,
            actorId: 1001,
            type: "REPLY_ADDED",
            body: { replyId: 4 },
          }, { tenant }),
        one,
        (v) =>
          packet(
            field,
            "GuildBBS",
            `07 ${v === "b" ? "03" : "04"} 00 00 00 e9 03 00 00 00 04 fb f4 4c 86 dc 01 ${
              stringHex("Rules")
            } ` +
              `${stringHex("Be nice")} 01 00 00 00 00 00 00 00`,
          ),
      );

      // Parties. ERROR → PartyOperation with the code (A_BEGINNER_CANT_CREATE_A_PARTY 0x0a,
      // YOU_HAVE_YET_TO_JOIN_A_PARTY 0x0d) to the actor.
      await isolated(
        "EVENT_TOPIC_PARTY_STATUS",
        (tenant, v) =>
          field.publishEvent(partyStatusContract, {
            worldId: 0,
            partyId: 0,
            actorId: 1001,
            type: "ERROR",
            body: {
              type: v === "b" ? "A_BEGINNER_CANT_CREATE_A_PARTY" : "YOU_HAVE_YET_TO_JOIN_A_PARTY",
              characterName: "",
            },
          }, { tenant }),
        one,
        (v) => packet(field, "PartyOperation", v === "b" ? "0a" : "0d"),
      );
      // A member's LOGIN → PartyOperation update (7) of the party (read over REST: 5001 / 5002, Aria
      // alone) to its members here.
      for (const partyId of [5001, 5002]) {
        field.rest.on("GET", `parties/${partyId}`, {
          json: {
            data: {
              type: "parties",
              id: String(partyId),
              attributes: { leaderId: 1001 },
              relationships: { members: { data: [{ type: "members", id: "1001" }] } },
            },
            included: [{
              type: "members",
              id: "1001",
              attributes: {
                name: "Aria",
                level: 30,
                jobId: 400,
                worldId: 0,
                channelId: 1,
                mapId: HENESYS,
                online: true,
              },
            }],
          },
        });
      }
      await isolated(
        "EVENT_TOPIC_PARTY_MEMBER_STATUS",
        (tenant, v) =>
          field.publishEvent(partyMemberStatusContract, {
            worldId: 0,
            partyId: v === "b" ? 5001 : 5002,
            characterId: 1001,
            type: "LOGIN",
            body: {},
          }, { tenant }),
        one,
        (v) => packet(field, "PartyOperation", `07 ${le32(v === "b" ? 5001 : 5002)} ${ARIA_ALONE}`),
      );

      assertCovered(CASES.social);
    } finally {
      await field.stop();
    }
  }),
);
