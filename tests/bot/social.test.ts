/**
 * The social loop under `deno task dev`'s in-process mode (sandbox + channel on the in-memory bus), as
 * bot scripts play it: buddies (Aria asks Cody, Cody accepts, both lists show each other, Aria removes
 * Cody), parties (create, invite, join, disband) and guilds (found, notice, invite, join, leave).
 * Assertions are on the packets the bots decode and on the sandbox's state.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { HENESYS } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "../sandbox/support.ts";

Deno.test({
  name: "dev mode: bots play the buddy loop (request, invite, accept, lists, delete)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      logoutAfterMs: 200,
    });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const aria = await connectBot({ port, characterId: 1001, log, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, log, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      // The list after login (empty in the sandbox).
      const first = await aria.waitFor("BuddyOperation", (p) => p.operation === "UPDATE");
      assertEquals(first.ids, []);

      await runScript(aria, parseScript("buddy:add:Cody"), 0);
      const invite = await cody.waitFor("BuddyOperation", (p) => p.operation === "INVITE");
      assertEquals([invite.characterId, invite.from], [1001, "Aria"]);
      await runScript(cody, parseScript("buddy:accept"), 0);
      const codyList = cody.received.findLast((p) => p.name === "BuddyOperation" && p.operation === "UPDATE");
      assertEquals(codyList?.ids, [1001]);
      const ariaList = await aria.waitFor(
        "BuddyOperation",
        (p) => p.operation === "UPDATE" && p.ids?.length === 1,
      );
      assertEquals(ariaList.ids, [2001]);
      assertEquals(dev.sandbox.store.buddyList(1001).buddies.map((b) => [b.characterId, b.pending]), [[
        2001,
        false,
      ]]);

      await runScript(aria, parseScript("buddy:delete:2001"), 0);
      const emptied = aria.received.findLast((p) => p.name === "BuddyOperation" && p.operation === "UPDATE");
      assertEquals(emptied?.ids, []);
    } catch (err) {
      console.error(lines.join("\n"));
      throw err;
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});

Deno.test({
  name: "dev mode: bots play the party loop (create, invite, join, fame, notes, messenger, disband)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      logoutAfterMs: 200,
    });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const aria = await connectBot({ port, characterId: 1001, log, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, log, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      await runScript(aria, parseScript("party:create,party:invite:Cody"), 0);
      const invite = await cody.waitFor("PartyOperation", (p) => p.operation === "INVITE");
      assertEquals(invite.from, "Aria");
      await runScript(cody, parseScript("party:accept"), 0);
      const joined = cody.received.findLast((p) => p.name === "PartyOperation" && p.operation === "JOIN");
      assertEquals([joined?.from, joined?.ids], ["Cody", [1001, 2001]]);
      const ariaSees = await aria.waitFor("PartyOperation", (p) => p.operation === "JOIN");
      assertEquals(ariaSees.ids, [1001, 2001]);
      assertEquals(dev.sandbox.store.partyOf(2001)?.members, [1001, 2001]);

      // Fame: Aria raises Cody's; Cody sees who; a second fame today is refused.
      await runScript(aria, parseScript("fame:2001"), 0);
      const given = aria.received.findLast((p) => p.name === "FameResponse");
      assertEquals([given?.operation, given?.from], ["GIVE", "Cody"]);
      const got = await cody.waitFor("FameResponse", (p) => p.operation === "RECEIVE");
      assertEquals(got.from, "Aria");
      await runScript(aria, parseScript("fame:2001"), 0);
      assertEquals(aria.received.findLast((p) => p.name === "FameResponse")?.operation, "NOT_TODAY");

      // Notes: Aria writes Cody; Cody is told to refresh and reads it.
      await runScript(aria, parseScript("note:Cody:see you at 8"), 0);
      assertEquals(aria.received.findLast((p) => p.name === "NoteOperation")?.operation, "SEND_SUCCESS");
      await cody.waitFor("NoteOperation", (p) => p.operation === "REFRESH");
      await runScript(cody, parseScript("notes"), 0);
      const list = cody.received.findLast((p) => p.name === "NoteOperation" && p.operation === "SHOW");
      assertEquals(list?.ids?.length, 1);
      assertTrue(list!.summary.includes('Aria: "see you at 8"'), list!.summary);

      // Messenger: Aria opens one and invites Cody; Cody joins; lines reach the other member.
      await runScript(aria, parseScript("messenger:open,messenger:invite:Cody"), 0);
      await cody.waitFor("MessengerOperation", (p) => p.operation === "REQUEST_INVITE");
      const seat = await cody.messengerAccept();
      assertEquals(seat.slot, 1);
      await aria.waitFor("MessengerOperation", (p) => p.operation === "ADD" && p.slot === 1);
      await runScript(aria, parseScript("messenger:chat:hello room"), 0);
      const line = await cody.waitFor("MessengerOperation", (p) => p.operation === "CHAT");
      assertEquals(line.message, "hello room");
      await runScript(cody, parseScript("messenger:leave"), 0);
      await aria.waitFor("MessengerOperation", (p) => p.operation === "REMOVE" && p.slot === 1);

      // The leader leaves: the party is disbanded for both (DISBAND shares LEAVE's code in v83).
      const since = cody.received.length;
      await runScript(aria, parseScript("party:leave"), 0);
      const disband = await cody.waitFor("PartyOperation", (p) => p.operation === "LEAVE", { since });
      assertEquals(disband.body[0], 0x0c);
      assertEquals(dev.sandbox.store.partyOf(2001), undefined);
    } catch (err) {
      console.error(lines.join("\n"));
      throw err;
    } finally {
      aria.close();
      cody.close();
      await dev.stop();
    }
  },
});

Deno.test({
  name: "dev mode: bots play the guild loop (found with the party, notice, board, invite, join, leave)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, {
      channelPort: port,
      generatedCount: 2,
      logoutAfterMs: 200,
    });
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const aria = await connectBot({ port, characterId: 1001, log, timeoutMs: 10_000 });
    const cody = await connectBot({ port, characterId: 2001, log, timeoutMs: 10_000 });
    const bot = await connectBot({ port, characterId: 100001, log, timeoutMs: 10_000 });
    try {
      await aria.login(HENESYS);
      await cody.login(HENESYS);
      await bot.login(HENESYS);
      await runScript(aria, parseScript("party:create,party:invite:Cody"), 0);
      await cody.waitFor("PartyOperation", (p) => p.operation === "INVITE");
      await runScript(cody, parseScript("party:accept"), 0);

      // Aria founds Lumina; Cody, in her party and map, agrees; both get the guild data.
      await runScript(aria, parseScript("guild:create:Lumina"), 0);
      await runScript(cody, parseScript("guild:agree"), 0);
      const codyGuild = cody.received.findLast((p) => p.name === "GuildOperation" && p.operation === "INFO");
      assertEquals([codyGuild?.guildId, codyGuild?.from], [1, "Lumina"]);
      const ariaGuild = await aria.waitFor(
        "GuildOperation",
        (p) => p.operation === "INFO" && p.guildId === 1,
      );
      assertEquals(ariaGuild.from, "Lumina");
      assertEquals(dev.sandbox.store.guildOf(2001)?.members.map((m) => [m.characterId, m.title]), [
        [1001, 1],
        [2001, 2],
      ]);

      // The notice reaches both; Bot100001 (in no party) is invited, joins, and leaves.
      await runScript(aria, parseScript("guild:notice:Raid at 8"), 0);
      await cody.waitFor("GuildOperation", (p) => p.operation === "NOTICE_CHANGE");
      // The board: Aria posts (the thread comes back to her) and lists it.
      await runScript(aria, parseScript("guild:post:Rules:Be nice,guild:board"), 0);
      assertEquals(dev.sandbox.store.guildOf(1001)?.threads.map((t) => [t.title, t.message]), [[
        "Rules",
        "Be nice",
      ]]);
      const list = aria.received.findLast((p) => p.name === "GuildBBS");
      assertEquals(list?.body[0], 6);
      await runScript(aria, parseScript("guild:invite:Bot100001"), 0);
      const invite = await bot.waitFor("GuildOperation", (p) => p.operation === "INVITE");
      assertEquals([invite.guildId, invite.from], [1, "Aria"]);
      await runScript(bot, parseScript("guild:accept"), 0);
      await aria.waitFor("GuildOperation", (p) => p.operation === "JOIN_SUCCESS");
      await runScript(bot, parseScript("guild:leave"), 0);
      await cody.waitFor("GuildOperation", (p) => p.operation === "MEMBER_QUIT_SUCCESS");
      assertEquals(dev.sandbox.store.guildOf(100001), undefined);
    } catch (err) {
      console.error(lines.join("\n"));
      throw err;
    } finally {
      aria.close();
      cody.close();
      bot.close();
      await dev.stop();
    }
  },
});
