/** Bot scripts, command line and opcode table. */
import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import { createBarrier, parseScript } from "../../src/bot/script.ts";
import { parseBotArgs } from "../../src/bot/main.ts";
import { opcodeTable } from "../../src/bot/opcodes.ts";
import { describePacket } from "../../src/bot/decode.ts";
import { writeSetFieldWarp } from "../../src/features/character/set-field.ts";
import { packetWriter } from "../../src/protocol/writer.ts";
import { SANDBOX_TENANTS, sandboxTenantByKey } from "../../src/sandbox/world.ts";

Deno.test("parseScript reads steps with arguments and rejects unknown or malformed ones", () => {
  assertEquals(parseScript("login, walk:5,chat:hi there,portal,emote:3,wait:200,logout"), [
    { action: "login", argument: undefined },
    { action: "walk", argument: "5" },
    { action: "chat", argument: "hi there" },
    { action: "portal", argument: undefined },
    { action: "emote", argument: "3" },
    { action: "wait", argument: "200" },
    { action: "logout", argument: undefined },
  ]);
  assertTrue(
    assertThrows(() => parseScript("login,dance"), Error).message.includes('unknown script step "dance"'),
  );
  assertTrue(assertThrows(() => parseScript("walk:far"), Error).message.includes("expected a whole number"));
  assertTrue(assertThrows(() => parseScript(" , "), Error).message.includes("empty script"));
});

Deno.test("parseScript reads the issue-7 steps and checks their arguments", () => {
  assertEquals(
    parseScript(
      "ap:str,autoap,sp:4001003,heal,heal:5:2,meso:100,whisper:Cody:hi there,multichat:party:yo," +
        "multichat:2,keymap,keymap:59:1:4001003,channel:1,cashshop",
    ),
    [
      { action: "ap", argument: "str" },
      { action: "autoap", argument: undefined },
      { action: "sp", argument: "4001003" },
      { action: "heal", argument: undefined },
      { action: "heal", argument: "5:2" },
      { action: "meso", argument: "100" },
      { action: "whisper", argument: "Cody:hi there" },
      { action: "multichat", argument: "party:yo" },
      { action: "multichat", argument: "2" },
      { action: "keymap", argument: undefined },
      { action: "keymap", argument: "59:1:4001003" },
      { action: "channel", argument: "1" },
      { action: "cashshop", argument: undefined },
    ],
  );
  const reason = (script: string) => assertThrows(() => parseScript(script), Error).message;
  assertTrue(reason("ap:CHARM").includes("expected STR|DEX|INT|LUK|HP|MP"));
  assertTrue(reason("ap").includes("needs an argument"));
  assertTrue(reason("sp:dark").includes("expected a skill id"));
  assertTrue(reason("channel").includes("needs an argument"));
  assertTrue(reason("channel:x").includes("expected a channel id"));
  assertTrue(reason("whisper").includes("needs an argument"));
  assertTrue(reason("multichat:everyone:hi").includes("expected buddy|party|guild|alliance"));
  assertTrue(reason("keymap:59").includes("expected key:type:action"));
  assertTrue(reason("heal:lots").includes("expected hp or hp:mp"));
  assertTrue(reason("meso:-5").includes("expected a whole number"));
});

Deno.test("parseBotArgs: defaults, --count from the generated ids, explicit lists, bad numbers", () => {
  const single = parseBotArgs([])!;
  assertEquals([single.host, single.port, single.characterIds, single.delayMs], [
    "127.0.0.1",
    8585,
    [1001],
    500,
  ]);
  assertEquals(single.script.map((s) => s.action), ["login", "walk", "chat", "portal", "emote"]);
  assertEquals(parseBotArgs(["--count", "3"])!.characterIds, [100001, 100002, 100003]);
  assertEquals(parseBotArgs(["--count", "2", "--character", "100200"])!.characterIds, [100200, 100201]);
  assertEquals(parseBotArgs(["--character", "1001,2001"])!.characterIds, [1001, 2001]);
  assertEquals(parseBotArgs(["--help"]), undefined);
  assertTrue(assertThrows(() => parseBotArgs(["--count", "0"]), Error).message.includes("--count"));
  assertTrue(assertThrows(() => parseBotArgs(["--port", "x"]), Error).message.includes("--port"));
});

Deno.test("opcode table of the sandbox tenant: GMS 83 handler and writer opcodes", () => {
  const table = opcodeTable();
  assertEquals(table.handler("CharacterLoggedInHandle"), 0x14);
  assertEquals(table.handler("CharacterMoveHandle"), 0x29);
  assertEquals(table.handler("MapChangeHandle"), 0x26);
  assertEquals(table.writerName(0x7d), "SetField");
  assertEquals(table.writerName(0xa0), "CharacterSpawn");
  assertEquals(table.writerName(0xfff), "0xFFF");
  assertEquals(Array.isArray(table.handlerOptions("CharacterMoveHandle").types), true);
  const statistics = table.writerOptions("StatChanged").statistics as string[];
  assertEquals([statistics[6], statistics[14]], ["STRENGTH", "AVAILABLE_AP"]);
  assertEquals(table.writerOptions("NoSuchWriter"), {});
  assertTrue(assertThrows(() => table.handler("NoSuchHandle"), Error).message.includes("NoSuchHandle"));
});

Deno.test("parseScript reads the item steps and checks their arguments", () => {
  assertEquals(
    parseScript("equip:1,equip:1:-1,unequip:-11,unequip:-11:4,move:2:1:5,drop:4:1,drop:4:1:2,merge:2,sort:4"),
    [
      { action: "equip", argument: "1" },
      { action: "equip", argument: "1:-1" },
      { action: "unequip", argument: "-11" },
      { action: "unequip", argument: "-11:4" },
      { action: "move", argument: "2:1:5" },
      { action: "drop", argument: "4:1" },
      { action: "drop", argument: "4:1:2" },
      { action: "merge", argument: "2" },
      { action: "sort", argument: "4" },
    ],
  );
  assertTrue(assertThrows(() => parseScript("move:9:1:2"), Error).message.includes("tab:from:to"));
  assertTrue(assertThrows(() => parseScript("unequip:11"), Error).message.includes("-position"));
  assertTrue(assertThrows(() => parseScript("sort"), Error).message.includes("needs an argument"));
});

Deno.test("parseScript reads sync and await:<Writer>[:count]", () => {
  assertEquals(parseScript("sync,await:CharacterMovement:22,await:SetField"), [
    { action: "sync", argument: undefined },
    { action: "await", argument: "CharacterMovement:22" },
    { action: "await", argument: "SetField" },
  ]);
  assertTrue(assertThrows(() => parseScript("await"), Error).message.includes("needs an argument"));
  assertTrue(
    assertThrows(() => parseScript("await:SetField:many"), Error).message.includes("Writer[:count]"),
  );
});

Deno.test("createBarrier: releases every bot once all arrived or left, and again for the next sync", async () => {
  const barrier = createBarrier(3);
  const released: string[] = [];
  const a = barrier.arrive().then(() => released.push("a"));
  const b = barrier.arrive().then(() => released.push("b"));
  // Release is synchronous on the last arrival; flushing the microtasks shows nobody passed yet.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assertEquals(released.length, 0);
  const c = barrier.arrive().then(() => released.push("c"));
  await Promise.all([a, b, c]);
  assertEquals(released.sort(), ["a", "b", "c"]);
  // Next round: one bot failed and left; the other two pass without it.
  const d = barrier.arrive().then(() => released.push("d"));
  const e = barrier.arrive().then(() => released.push("e"));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  assertEquals(released.length, 3);
  barrier.leave();
  await Promise.all([d, e]);
  assertEquals(released.length, 5);
});

Deno.test("parseScript reads the item-use steps", () => {
  assertEquals(parseScript("use:1:2000000,scroll:4:-1"), [
    { action: "use", argument: "1:2000000" },
    { action: "scroll", argument: "4:-1" },
  ]);
  assertTrue(assertThrows(() => parseScript("use:1"), Error).message.includes("slot:itemId"));
});

Deno.test("parseScript reads the NPC steps (talk, buy) and checks their arguments", () => {
  assertEquals(parseScript("quest:1000:9010000")[0], { action: "quest", argument: "1000:9010000" });
  assertEquals(parseScript("pet:700001:2")[0], { action: "pet", argument: "700001:2" });
  assertEquals(parseScript("petspawn,petspawn:2,petmove:700001,petfeed:5:2120000"), [
    { action: "petspawn", argument: undefined },
    { action: "petspawn", argument: "2" },
    { action: "petmove", argument: "700001" },
    { action: "petfeed", argument: "5:2120000" },
  ]);
  assertThrows(() => parseScript("petmove"));
  assertThrows(() => parseScript("petfeed:x"));
  assertEquals(parseScript("macro:buffs:4001003:4001002")[0], {
    action: "macro",
    argument: "buffs:4001003:4001002",
  });
  assertTrue(assertThrows(() => parseScript("macro:buffs"), Error).message.includes("name:skillId"));
  assertTrue(assertThrows(() => parseScript("quest"), Error).message.includes("needs an argument"));
  assertEquals(parseScript("talk,talk:1000:1:7,buy,buy:1001:2:5"), [
    { action: "talk", argument: undefined },
    { action: "talk", argument: "1000:1:7" },
    { action: "buy", argument: undefined },
    { action: "buy", argument: "1001:2:5" },
  ]);
  assertTrue(assertThrows(() => parseScript("talk:admin"), Error).message.includes("objectId[:choice:...]"));
  assertTrue(
    assertThrows(() => parseScript("buy:1:2:3:4"), Error).message.includes("objectId[:slot[:quantity]]"),
  );
});

Deno.test("parseBotArgs --tenant: the sandbox tenant whose client the bots play", () => {
  assertEquals(parseBotArgs([])!.tenant.key, "gms83");
  assertEquals(parseBotArgs(["--tenant", "gms95"])!.tenant.label, "GMS 95");
  assertEquals(parseBotArgs(["--tenant", "95"])!.tenant.label, "GMS 95");
  assertEquals(parseBotArgs(["--tenant", "jms"])!.tenant.label, "JMS 185");
  assertTrue(assertThrows(() => parseBotArgs(["--tenant", "gms12"]), Error).message.includes("--tenant"));
  // Each tenant's own opcodes: v95 moves at 0x2C, JMS at 0x20 (its templates), v83 at 0x29.
  const moves = SANDBOX_TENANTS.map((t) => opcodeTable(t.attributes).handler("CharacterMoveHandle"));
  assertEquals(moves, [0x29, 0x2c, 0x20]);
  assertEquals(opcodeTable(sandboxTenantByKey("gms95")!.attributes).handler("MapChangeHandle"), 0x29);
});

Deno.test("describePacket SetField: the warp's map per version (v83, v95 driver id, JMS bytes)", () => {
  const warp = (v: { region: string; majorVersion: number }) => {
    const w = packetWriter();
    writeSetFieldWarp(w, { mapId: 100010000, portalId: 1, hp: 50 }, {
      version: v,
      channelId: 2,
      now: () => 0,
    });
    return w.toBytes();
  };
  for (const t of SANDBOX_TENANTS) {
    const described = describePacket("SetField", warp(t.tenant), opcodeTable(t.attributes));
    assertEquals([described.login, described.mapId], [false, 100010000], t.label);
  }
});

Deno.test("parseScript reads the storage steps", () => {
  assertEquals(
    parseScript("storage,storage:store:1:2000000:5,storage:take:2:0,storage:meso:-100,storage:close"),
    [
      { action: "storage", argument: undefined },
      { action: "storage", argument: "store:1:2000000:5" },
      { action: "storage", argument: "take:2:0" },
      { action: "storage", argument: "meso:-100" },
      { action: "storage", argument: "close" },
    ],
  );
  assertTrue(assertThrows(() => parseScript("storage:take:9:1"), Error).message.includes("take:tab:slot"));
});

Deno.test("parseScript reads the ground steps (drop, pickup:last, boat)", () => {
  assertEquals(parseScript("drop:4:1,pickup,pickup:1000000001,pickup:last,boat,boat:boat00"), [
    { action: "drop", argument: "4:1" },
    { action: "pickup", argument: undefined },
    { action: "pickup", argument: "1000000001" },
    { action: "pickup", argument: "last" },
    { action: "boat", argument: undefined },
    { action: "boat", argument: "boat00" },
  ]);
  assertTrue(assertThrows(() => parseScript("pickup:first"), Error).message.includes("a drop id or last"));
});
