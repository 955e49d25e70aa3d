/**
 * The sandbox's atlas-guilds answers guild commands as the real service does (services/atlas-guilds
 * docs and processor): founding through the party's agreement, changes, invitations through
 * atlas-invites, leaving, disbanding, and the members' logins — validated by the bus with the channel's
 * contracts, and served back over the sandbox's REST documents.
 */
import { assertEquals } from "../support/assert.ts";
import { createMemoryBus, MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { decodeKey } from "../../src/kafka/key.ts";
import { SANDBOX_TENANT, startSandbox, topicNames } from "../../src/sandbox/mod.ts";
import { guildResource, threadResource } from "../../src/sandbox/documents.ts";
import {
  guildCommandContract,
  guildStatusContract,
  guildThreadCommandContract,
  guildThreadStatusContract,
} from "../../src/features/guild/messages.ts";
import { inviteCommandContract, inviteStatusContract } from "../../src/features/invite/messages.ts";
import { sessionStatusContract } from "../../src/features/session/messages.ts";
import { FIRST_GUILD_ID } from "../../src/sandbox/responders/mod.ts";

Deno.test({
  name: "sandbox atlas-guilds: found with the party, change, invite, the board, leave, logins, disband",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const broker = new MemoryBroker();
    const sandbox = await startSandbox({ memoryBroker: broker, generatedCount: 2, logoutAfterMs: 100 });
    const channel = createMemoryBus({ broker, topics: topicNames(), serviceId: "guild-responder-test" });
    const seen: { topic: string; key?: number; value: Record<string, unknown> }[] = [];
    for (const contract of [guildStatusContract, inviteStatusContract, guildThreadStatusContract]) {
      channel.subscribe(contract, ({ value, key }) => {
        seen.push({
          topic: contract.variable,
          key: key && key.length === 8 ? decodeKey(key) : undefined,
          value: value as Record<string, unknown>,
        });
      });
    }
    await channel.start();
    const options = { tenant: SANDBOX_TENANT };
    const until = async (what: string, n: number) => {
      const deadline = Date.now() + 2000;
      while (seen.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return seen[n - 1].value;
    };
    const command = (characterId: number, type: string, body: Record<string, unknown>) =>
      channel.publish(guildCommandContract, { characterId, type, body } as never, {
        ...options,
        key: characterId,
      });
    try {
      const store = sandbox.store;
      // Dana is a GM; Aria has no party yet.
      await command(2002, "REQUEST_CREATE", { worldId: 0, channelId: 1, mapId: 100000000, name: "Lumina" });
      assertEquals(await until("admin error", 1), {
        worldId: 0,
        guildId: 0,
        type: "ERROR",
        body: { actorId: 2002, error: "ADMIN_CANNOT_MAKE_A_GUILD" },
      });
      const create = () =>
        command(1001, "REQUEST_CREATE", { worldId: 0, channelId: 1, mapId: 100000000, name: "Lumina" });
      await create();
      assertEquals((await until("no party", 2)).body, {
        actorId: 1001,
        error: "THE_PROBLEM_HAS_HAPPENED_DURING_THE_PROCESS_OF_FORMING_THE_GUILD_PLEASE_TRY_AGAIN",
      });
      store.parties.set(7, { id: 7, leaderId: 1001, members: [1001, 2001] });
      await create();
      assertEquals(await until("agreement", 3), {
        worldId: 0,
        guildId: 0,
        type: "REQUEST_AGREEMENT",
        body: { actorId: 1001, proposedName: "Lumina" },
      });
      await command(2001, "CREATION_AGREEMENT", { agreed: true });
      assertEquals(await until("created", 4), {
        worldId: 0,
        guildId: FIRST_GUILD_ID,
        type: "CREATED",
        body: {},
      });
      assertEquals(seen[3].key, FIRST_GUILD_ID);
      const guild = store.guilds.get(FIRST_GUILD_ID)!;
      assertEquals(guild.members, [{ characterId: 1001, title: 1 }, { characterId: 2001, title: 2 }]);
      // The same name again is taken.
      await create();
      assertEquals((await until("name taken", 5)).body, {
        actorId: 1001,
        error: "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES",
      });

      const g = FIRST_GUILD_ID;
      await command(1001, "CHANGE_NOTICE", { guildId: g, notice: "Hi" });
      await command(1001, "CHANGE_EMBLEM", {
        guildId: g,
        logo: 2001,
        logoColor: 3,
        logoBackground: 1002,
        logoBackgroundColor: 7,
      });
      await command(1001, "CHANGE_TITLES", { guildId: g, titles: ["A", "B", "C", "D", "E"] });
      await command(1001, "CHANGE_MEMBER_TITLE", { guildId: g, targetId: 2001, title: 3 });
      await until("four changes", 9);
      assertEquals(seen.slice(5, 9).map((s) => [s.value.type, s.value.body]), [
        ["NOTICE_UPDATED", { notice: "Hi" }],
        ["EMBLEM_UPDATED", { logo: 2001, logoColor: 3, logoBackground: 1002, logoBackgroundColor: 7 }],
        ["TITLES_UPDATED", { guildId: g, titles: ["A", "B", "C", "D", "E"] }],
        ["MEMBER_TITLE_UPDATED", { characterId: 2001, title: 3 }],
      ]);

      // Brin is invited through atlas-invites and joins.
      await command(1001, "REQUEST_INVITE", { guildId: g, targetId: 1002 });
      assertEquals(await until("invite", 10), {
        worldId: 0,
        inviteType: "GUILD",
        referenceId: g,
        type: "CREATED",
        body: { originatorId: 1001, targetId: 1002 },
      });
      await channel.publish(inviteCommandContract, {
        worldId: 0,
        inviteType: "GUILD",
        type: "ACCEPT",
        body: { targetId: 1002, referenceId: g },
      }, { ...options, key: 1002 });
      await until("accepted and joined", 12);
      const joined = seen.find((s) => s.value.type === "MEMBER_JOINED")!.value;
      assertEquals(joined, {
        worldId: 0,
        guildId: g,
        type: "MEMBER_JOINED",
        body: {
          characterId: 1002,
          name: "Brin",
          jobId: 200,
          level: 30,
          title: 5,
          online: false,
          allianceTitle: 5,
        },
      });
      // REST shows what the events said.
      const doc = guildResource(store, guild);
      assertEquals(doc.attributes.notice, "Hi");
      assertEquals(doc.attributes.members.map((m) => [m.characterId, m.name, m.title]), [
        [1001, "Aria", 1],
        [2001, "Cody", 3],
        [1002, "Brin", 5],
      ]);
      assertEquals(doc.attributes.titles[0], { name: "A", index: 1 });

      // The board: Aria posts, Cody replies; a non-member's post is dropped.
      const board = (characterId: number, type: string, body: Record<string, unknown>) =>
        channel.publish(
          guildThreadCommandContract,
          { guildId: g, characterId, type, body } as never,
          { ...options, key: g },
        );
      await board(2002, "CREATE", { notice: false, title: "Mine", message: "x", emoticonId: 0 });
      await board(1001, "CREATE", { notice: true, title: "Rules", message: "Be nice", emoticonId: 1 });
      assertEquals(await until("thread created", 13), {
        worldId: 0,
        guildId: g,
        actorId: 1001,
        threadId: 1,
        type: "CREATED",
        body: {},
      });
      assertEquals(seen[12].key, g);
      await board(2001, "ADD_REPLY", { threadId: 1, message: "ok" });
      assertEquals(await until("reply added", 14), {
        worldId: 0,
        guildId: g,
        actorId: 2001,
        threadId: 1,
        type: "REPLY_ADDED",
        body: { replyId: 1 },
      });
      const thread = threadResource(guild.threads[0]);
      assertEquals([thread.id, thread.attributes.title, thread.attributes.notice], ["1", "Rules", true]);
      assertEquals(thread.attributes.replies.map((r) => [r.id, r.posterId, r.message]), [[1, 2001, "ok"]]);

      // A member logs in; Brin leaves; the leader disbands.
      await channel.publish(sessionStatusContract, {
        sessionId: crypto.randomUUID(),
        accountId: 2,
        characterId: 2001,
        worldId: 0,
        channelId: 1,
        issuer: "CHANNEL",
        type: "CREATED",
      }, { ...options, key: 2001 });
      assertEquals((await until("online", 15)).body, { characterId: 2001, online: true });
      await command(1002, "LEAVE", { guildId: g, force: false });
      assertEquals((await until("left", 16)).body, { characterId: 1002, force: false });
      await command(1001, "REQUEST_DISBAND", { worldId: 0, channelId: 1 });
      assertEquals(await until("disbanded", 17), {
        worldId: 0,
        guildId: g,
        type: "DISBANDED",
        body: { members: [1001, 2001] },
      });
      assertEquals(store.guildOf(1001), undefined);
    } finally {
      await channel.stop();
      await sandbox.stop();
    }
  },
});
