/** Bot scripts, command line and opcode table. */
import { assertEquals, assertThrows, assertTrue } from "../support/assert.ts";
import { parseScript } from "../../src/bot/script.ts";
import { parseBotArgs } from "../../src/bot/main.ts";
import { opcodeTable } from "../../src/bot/opcodes.ts";

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
  assertTrue(assertThrows(() => table.handler("NoSuchHandle"), Error).message.includes("NoSuchHandle"));
});
