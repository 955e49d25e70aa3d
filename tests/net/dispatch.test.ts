import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
  assertTrue,
} from "../support/assert.ts";
import { parseTenantAttributes, type TenantConfig } from "../../src/config/tenant-config.ts";
import {
  buildOpcodeTables,
  createDispatcher,
  describeStartupReport,
  type DispatchOutcome,
  type DispatchSession,
  encodePacket,
  type HandlerOptions,
  type HandlerRegistry,
  hasWriter,
  type OpcodeTables,
  optionCode,
  optionName,
  REFERENCE_HANDLER_NAMES,
  REFERENCE_WRITER_NAMES,
  resolveWriter,
  writePacket,
  WriterNotFoundError,
} from "../../src/net/dispatch.ts";
import { setupLogging } from "../../src/observability/log.ts";
import { logStartupReport } from "../../src/server/channels.ts";
import { type PacketReader, packetReader, PacketReadError } from "../../src/protocol/reader.ts";

const TEMPLATES = new URL("../../../shared/reference/templates/", import.meta.url);
const TENANT_ID = "083839c6-c47c-42a6-9585-76492795d123";

async function loadTemplate(name: string): Promise<TenantConfig> {
  const text = await Deno.readTextFile(new URL(`template_${name}_1.json`, TEMPLATES));
  return parseTenantAttributes(JSON.parse(text), { id: TENANT_ID, source: name });
}

/** A stand-in reader: just enough to prove the handler gets the body positioned after the opcode. */
class TestReader {
  constructor(readonly body: Uint8Array, public offset: number) {}
  byte(): number {
    if (this.offset >= this.body.length) {
      const err = new Error(`cannot read byte at offset ${this.offset}`);
      err.name = "PacketReadError";
      throw err;
    }
    return this.body[this.offset++];
  }
}
const newReader = (body: Uint8Array, offset: number) => new TestReader(body, offset);

interface TestSession extends DispatchSession {
  id: string;
  accountId?: number;
  closed: string[];
}
function session(id: string, accountId?: number): TestSession {
  const closed: string[] = [];
  return { id, accountId, closed, close: (reason: string) => closed.push(reason) };
}

interface Call {
  handler: string;
  session: string;
  offset: number;
  options: HandlerOptions;
}

/** A registry with a recording handler for each name. */
function recordingRegistry(
  names: readonly string[],
  calls: Call[],
): HandlerRegistry<TestSession, TestReader> {
  return Object.fromEntries(
    names.map((name) => [name, (s: TestSession, r: TestReader, options: HandlerOptions) => {
      calls.push({ handler: name, session: s.id, offset: r.offset, options });
    }]),
  );
}

function captureLogs(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  setupLogging("debug", (line) => lines.push(JSON.parse(line)));
  return lines;
}

function opcodesOf(tables: OpcodeTables<TestSession, TestReader>): Record<string, number[]> {
  const byName: Record<string, number[]> = {};
  for (const [opcode, bound] of tables.handlers) (byName[bound.name] ??= []).push(opcode);
  return byName;
}

function fullTables(config: TenantConfig) {
  return buildOpcodeTables<TestSession, TestReader>(
    config,
    recordingRegistry(REFERENCE_HANDLER_NAMES, []),
    REFERENCE_WRITER_NAMES,
  );
}

Deno.test("dispatch: GMS 83 tables match socket-protocol §4.4", async () => {
  const { tables, report } = fullTables(await loadTemplate("gms_83"));
  assertEquals(tables.opcodeWidth, 2);
  const loggedIn = tables.handlers.get(0x14);
  assertEquals([loggedIn?.name, loggedIn?.validator], ["CharacterLoggedInHandle", "NoOpValidator"]);
  assertEquals(tables.handlers.get(0x19)?.validator, "NoOpValidator");
  assertEquals(tables.handlers.get(0x24)?.validator, "LoggedInValidator");
  assertEquals(opcodesOf(tables).NoOpHandler, [0x19, 0x24]);
  assertEquals(tables.handlers.get(0x3d)?.options, {
    operations: { BUY: 0, SELL: 1, RECHARGE: 2, LEAVE: 3 },
  });
  assertEquals(tables.handlers.get(0x29)?.name, "CharacterMoveHandle");
  assertEquals((tables.handlers.get(0x29)?.options.types as unknown[]).length, 23);
  assertEquals(tables.handlers.get(0xca)?.name, "DropPickUpHandle");
  // §6.7: only CharacterLoggedInHandle and the NoOp at 0x19 skip the LoggedIn check.
  const noOpValidated = [...tables.handlers.values()].filter((h) => h.validator === "NoOpValidator");
  assertEquals(noOpValidated.map((h) => h.opcode).sort((a, b) => a - b), [0x14, 0x19]);
  // 60 entries the reference binds plus the three alias spellings (README decision 4).
  assertEquals(tables.handlers.size, 63);
  assertEquals(tables.writers.size, 76);
  const writers: Record<string, number> = {
    SetField: 0x7d,
    ChannelChange: 0x10,
    StatChanged: 0x1f,
    CashShopOperation: 0x145,
    CharacterKeyMapAutoMp: 0x151,
    CharacterChatMulti: 0x86,
    DropSpawn: 0x10c,
  };
  for (const [name, opcode] of Object.entries(writers)) {
    assertEquals(resolveWriter(tables, name).opcode, opcode, name);
  }
  assertEquals(report.unimplementedHandlers, []);
  assertEquals(report.unimplementedWriters, []);
  assertEquals(report.missingOptions, []);
  assertEquals(report.invalidOptions, []);
  assertEquals(report.invalidEntries, []);
  assertEquals(report.overridden, []);
  assertEquals(report.unboundWriters, ["DestroyKite", "SpawnKite", "SpawnKiteError"]);
  assertTrue(report.ignoredHandlers.includes("LoginHandle"));
  assertTrue(report.ignoredWriters.includes("AuthSuccess"));
});

Deno.test("dispatch: GMS 12 uses 1-byte opcodes", async () => {
  const { tables, report } = fullTables(await loadTemplate("gms_12"));
  assertEquals(tables.opcodeWidth, 1);
  assertEquals(tables.handlers.size, 10);
  assertEquals(tables.writers.size, 21);
  assertEquals(tables.handlers.get(0x0a)?.name, "CharacterLoggedInHandle");
  assertEquals(tables.handlers.get(0x5d)?.name, "NPCActionHandle");
  assertEquals([...encodePacket(tables, "SetField", () => new Uint8Array([1, 2]))], [0x29, 1, 2]);
  assertEquals([...encodePacket(tables, "CashShopOperation", () => new Uint8Array())], [0xbe]);
  // CashShopOperation has no `operations` here (the reference writes code 99); we report it.
  assertEquals(
    report.missingOptions.map((m) => `${m.name}.${m.option}`),
    ["StatChanged.statistics", "CashShopOperation.operations"],
  );
});

Deno.test("dispatch: JMS 185 opcodes", async () => {
  const { tables } = fullTables(await loadTemplate("jms_185"));
  assertEquals(tables.opcodeWidth, 2);
  assertEquals(tables.handlers.size, 11);
  assertEquals(tables.writers.size, 21);
  assertEquals(tables.handlers.get(0x07)?.name, "CharacterLoggedInHandle");
  assertEquals(tables.handlers.get(0xd0)?.name, "NPCActionHandle");
  assertEquals(resolveWriter(tables, "SetField").opcode, 0x7b);
  assertEquals(resolveWriter(tables, "ChannelChange").opcode, 0x08);
  assertEquals([...encodePacket(tables, "MoveMonster", () => new Uint8Array([9]))], [0x00, 0x01, 9]);
});

Deno.test("dispatch: GMS 87 and 92 load; options a template lacks take the client's known values", async () => {
  const gms87 = fullTables(await loadTemplate("gms_87"));
  assertEquals([gms87.tables.handlers.size, gms87.tables.writers.size], [13, 21]);
  assertEquals(gms87.tables.handlers.get(0xd2)?.name, "NPCActionHandle");
  assertEquals(gms87.report.missingOptions.filter((m) => m.option === "types"), []);
  // GMS 87's StatChanged has no statistics: the v87 client's stat order stands in (SKIN first, bit 0).
  assertEquals(
    gms87.report.knownOptionsUsed.map((m) => `${m.name} ${m.option}`).filter((m) =>
      m.startsWith("StatChanged")
    ),
    ["StatChanged statistics"],
  );
  const stats = resolveWriter(gms87.tables, "StatChanged").options.statistics as string[];
  assertEquals([stats.length, stats[0], stats[4], stats[10]], [22, "SKIN", "LEVEL", "HP"]);

  const gms92 = fullTables(await loadTemplate("gms_92"));
  assertEquals([gms92.tables.handlers.size, gms92.tables.writers.size], [13, 21]);
  assertEquals(resolveWriter(gms92.tables, "SetField").opcode, 0x8c);
  assertEquals(gms92.report.missingOptions.filter((m) => m.option === "types"), []);
  const types = gms92.report.knownOptionsUsed.filter((m) => m.option === "types");
  assertEquals(types.map((m) => `${m.kind} ${m.name} ${m.opCode}`), [
    "handler CharacterMoveHandle 0x2E",
    "handler MonsterMovementHandle 0xDC",
    "handler NPCActionHandle 0xEA",
    "writer CharacterMovement 0xD5",
    "writer MoveMonster 0x117",
    "writer NPCAction 0x132",
  ]);
  // The v92 client's 37 element kinds: NORMAL at 0, STAT_CHANGE at 9, FLYING_BLOCK at 17.
  const moveTypes = gms92.tables.handlers.get(0x2e)!.options.types as { Name: string; Type: string }[];
  assertEquals(
    [moveTypes.length, moveTypes[0].Type, moveTypes[9].Type, moveTypes[17].Type],
    [37, "NORMAL", "STAT_CHANGE", "FLYING_BLOCK"],
  );
  const lines = describeStartupReport(gms92.report);
  assertTrue(
    lines.includes(
      'GMS 92.1: CharacterMoveHandle (0x2E) lacks option "types": using the GMS 92 client\'s known values',
    ),
    lines.join("\n"),
  );
});

Deno.test("dispatch: a version without known values still reports the missing option", async () => {
  const template = await loadTemplate("gms_92");
  const { report } = fullTables({ ...template, majorVersion: 91 });
  assertEquals(report.knownOptionsUsed, []);
  assertTrue(report.missingOptions.some((m) => m.name === "CharacterMoveHandle" && m.option === "types"));
  assertTrue(
    describeStartupReport(report).includes('GMS 91.1: CharacterMoveHandle (0x2E) lacks option "types"'),
  );
});

Deno.test("dispatch: GMS 95 loads with almost nothing bound and says what is missing", async () => {
  const { tables, report } = fullTables(await loadTemplate("gms_95"));
  assertEquals([...tables.handlers.keys()].sort((a, b) => a - b), [0x19, 0x24]);
  assertEquals(tables.writers.size, 0);
  assertTrue(report.unboundHandlers.includes("CharacterLoggedInHandle"));
  assertTrue(report.unboundWriters.includes("SetField"));
  assertEquals(report.unboundWriters.length, REFERENCE_WRITER_NAMES.length);
  assertThrows(() => encodePacket(tables, "SetField", () => new Uint8Array()), WriterNotFoundError);
});

Deno.test("dispatch: the startup report lists template entries we do not implement", async () => {
  const registry = recordingRegistry(["CharacterLoggedInHandle", "MapChangeHandle", "OurExtraHandle"], []);
  const { tables, report } = buildOpcodeTables(await loadTemplate("gms_12"), registry, [
    "SetField",
    "ChannelChange",
  ]);
  assertEquals(tables.handlers.size, 2);
  assertEquals(report.unimplementedHandlers.map((e) => e.name), [
    "ChannelChangeHandle",
    "CashShopEntryHandle",
    "CharacterMoveHandle",
    "CharacterChatGeneralHandle",
    "CharacterInventoryMoveHandle",
    "CharacterInfoRequestHandle",
    "MonsterMovementHandle",
    "NPCActionHandle",
  ]);
  assertEquals(report.unimplementedWriters.length, 19);
  assertEquals(report.unboundHandlers, ["OurExtraHandle"]);
  // Login-service names are neither ours nor the reference channel's: ignored, not "unimplemented".
  assertTrue(report.ignoredHandlers.includes("LoginHandle"));
  assertTrue(!report.unimplementedHandlers.some((e) => e.name === "LoginHandle"));
  assertTrue(
    describeStartupReport(report)[0].startsWith(
      "GMS 12.1: handlers not implemented here: ChannelChangeHandle (0x14)",
    ),
  );
});

Deno.test("dispatch: GMS 83 alias spellings bind to the reference names", async () => {
  const calls: Call[] = [];
  const registry = recordingRegistry(
    ["CompartmentMerge", "CompartmentSort", "CharacterChatMultiHandle"],
    calls,
  );
  const { tables, report } = buildOpcodeTables(await loadTemplate("gms_83"), registry, [
    "CharacterChatMulti",
  ]);
  assertEquals(opcodesOf(tables), {
    CompartmentMerge: [0x45],
    CompartmentSort: [0x46],
    CharacterChatMultiHandle: [0x77],
  });
  assertEquals(tables.handlers.get(0x45)?.configuredName, "CompartmentMergeHandle");
  assertEquals(report.aliasesUsed.map((a) => `${a.name}->${a.canonical}`), [
    "CompartmentMergeHandle->CompartmentMerge",
    "CompartmentSortHandle->CompartmentSort",
    "CharacterMultiChatHandle->CharacterChatMultiHandle",
    "CharacterMultiChat->CharacterChatMulti",
  ]);
  assertEquals(resolveWriter(tables, "CharacterChatMulti").opcode, 0x86);
  assertEquals(resolveWriter(tables, "CharacterMultiChat").opcode, 0x86);
  assertTrue(hasWriter(tables, "CharacterMultiChat"));
  // A registry keyed by the template's spelling binds the same entry under the reference's name.
  const aliasKeyed = buildOpcodeTables(
    await loadTemplate("gms_83"),
    recordingRegistry(["CompartmentMergeHandle"], []),
    [],
  );
  assertEquals(opcodesOf(aliasKeyed.tables), { CompartmentMerge: [0x45] });
});

Deno.test("dispatch: bad entries are skipped and reported, duplicates are last-wins", () => {
  const config = {
    region: "GMS",
    majorVersion: 12,
    minorVersion: 1,
    socket: {
      handlers: [
        { opCode: "0xZZ", validator: "NoOpValidator", handler: "MapChangeHandle", options: {} },
        { opCode: "0x13", validator: "MaybeValidator", handler: "MapChangeHandle", options: {} },
        { opCode: "0x100", validator: "NoOpValidator", handler: "MapChangeHandle", options: {} },
        { opCode: "0x0A", validator: "NoOpValidator", handler: "CharacterLoggedInHandle", options: {} },
        { opCode: "10", validator: "LoggedInValidator", handler: "MapChangeHandle", options: {} },
        {
          opCode: "0x16",
          validator: "LoggedInValidator",
          handler: "CharacterMoveHandle",
          options: { types: "x" },
        },
        { opCode: "0x99", validator: "Whatever", handler: "LoginHandle", options: {} },
      ],
      writers: [
        { opCode: "0x29", writer: "SetField", options: {} },
        { opCode: "0x2A", writer: "SetField", options: {} },
        { opCode: "0x1FF", writer: "ChannelChange", options: {} },
        {
          opCode: "0x33",
          writer: "PartyOperation",
          options: { operations: { INVITE: "0x04", BAD: "zz", NUM: 3 } },
        },
      ],
    },
  };
  const registry = recordingRegistry(
    ["MapChangeHandle", "CharacterLoggedInHandle", "CharacterMoveHandle"],
    [],
  );
  const { tables, report } = buildOpcodeTables(config, registry, [
    "SetField",
    "ChannelChange",
    "PartyOperation",
  ]);
  assertEquals(report.invalidEntries.map((e) => `${e.kind}#${e.index}`), [
    "handler#0",
    "handler#1",
    "handler#2",
    "writer#2",
  ]);
  assertStringIncludes(report.invalidEntries[0].problem, '"0xZZ"');
  assertStringIncludes(report.invalidEntries[1].problem, "unknown validator");
  assertStringIncludes(report.invalidEntries[2].problem, "does not fit the tenant's 1-byte opcodes");
  assertEquals(tables.handlers.get(10)?.name, "MapChangeHandle");
  assertEquals(report.overridden.map((o) => `${o.name}<-${o.replaced}`), [
    "MapChangeHandle<-CharacterLoggedInHandle",
    "SetField<-0x29",
  ]);
  assertEquals(resolveWriter(tables, "SetField").opcode, 0x2a);
  assertEquals(report.invalidOptions.map((o) => `${o.name}.${o.option}: ${o.problem}`), [
    "CharacterMoveHandle.types: expected [{Name, Type}, …] strings",
    "PartyOperation.operations: unusable codes for BAD",
  ]);
  assertEquals(report.ignoredHandlers, ["LoginHandle"]);
  assertEquals(report.unboundHandlers, ["CharacterLoggedInHandle"]);
  assertEquals(report.unboundWriters, ["ChannelChange"]);
});

Deno.test("dispatch: option codes accept numbers and base-prefixed strings", () => {
  const options = {
    operations: { INVITE: "0x04", JOIN: "15", NUM: 3, BAD: "zz", NEG: -1, OBJ: {} },
    list: [1],
  };
  assertEquals(optionCode(options, "operations", "INVITE"), 4);
  assertEquals(optionCode(options, "operations", "JOIN"), 15);
  assertEquals(optionCode(options, "operations", "NUM"), 3);
  for (const key of ["BAD", "NEG", "OBJ", "MISSING", "toString"]) {
    assertEquals(optionCode(options, "operations", key), undefined, key);
  }
  assertEquals(optionCode(options, "list", "0"), undefined);
  assertEquals(optionCode(options, "absent", "INVITE"), undefined);
  assertEquals(optionName(options, "operations", 15), "JOIN");
  assertEquals(optionName(options, "operations", 99), undefined);
});

async function gms83Dispatch(loggedIn: Set<number>, extra: { readErrors?: "drop" | "rethrow" } = {}) {
  const calls: Call[] = [];
  const outcomes: DispatchOutcome[] = [];
  const handled: string[] = [];
  const registry = {
    ...recordingRegistry(["CharacterLoggedInHandle", "NPCShopHandle", "NoOpHandler"], calls),
    MapChangeHandle: (_s: TestSession, r: TestReader) => {
      r.byte();
      r.byte(); // the test bodies carry one payload byte: this read fails
    },
    ChannelChangeHandle: () => {
      throw new TypeError("boom");
    },
  };
  const { tables } = buildOpcodeTables(await loadTemplate("gms_83"), registry, []);
  const dispatch = createDispatcher(tables, {
    newReader,
    isLoggedIn: (s) => s.accountId !== undefined && loggedIn.has(s.accountId),
    onHandled: (s, h) => handled.push(`${s.id}:${h.name}`),
    onOutcome: (_s, outcome) => outcomes.push(outcome),
    readErrors: extra.readErrors,
  });
  return { dispatch, calls, outcomes, handled };
}

Deno.test("dispatch: routes to the bound handler with its options, reader after the opcode", async () => {
  const { dispatch, calls, outcomes, handled } = await gms83Dispatch(new Set([7]));
  const s = session("s1", 7);
  await dispatch(s, new Uint8Array([0x3d, 0x00, 0x01]));
  await dispatch(s, new Uint8Array([0x14, 0x00]));
  assertEquals(calls, [
    {
      handler: "NPCShopHandle",
      session: "s1",
      offset: 2,
      options: { operations: { BUY: 0, SELL: 1, RECHARGE: 2, LEAVE: 3 } },
    },
    { handler: "CharacterLoggedInHandle", session: "s1", offset: 2, options: {} },
  ]);
  assertEquals(outcomes, ["handled", "handled"]);
  assertEquals(handled, ["s1:NPCShopHandle", "s1:CharacterLoggedInHandle"]);
  assertEquals(s.closed, []);
});

Deno.test("dispatch: LoggedInValidator rejects a session whose account is not logged in", async () => {
  const logs = captureLogs();
  const { dispatch, calls, outcomes, handled } = await gms83Dispatch(new Set([7]));
  const loggedOut = session("s2", 8);
  await dispatch(loggedOut, new Uint8Array([0x3d, 0x00, 0x01]));
  assertEquals(calls.length, 0);
  assertEquals(handled.length, 0);
  assertEquals(outcomes, ["rejected"]);
  assertEquals(loggedOut.closed, ["not-logged-in"]);
  assertTrue(logs.some((l) => l.level === "error" && l.handler === "NPCShopHandle" && l.accountId === 8));

  // Before login completion (no account yet) the packet is dropped and the session survives.
  const early = session("s3");
  await dispatch(early, new Uint8Array([0x3d, 0x00, 0x01]));
  assertEquals(calls.length, 0);
  assertEquals(outcomes, ["rejected", "not-ready"]);
  assertEquals(early.closed, []);

  // NoOpValidator entries run without an account.
  await dispatch(early, new Uint8Array([0x14, 0x00, 0x01, 0x02, 0x03, 0x04]));
  assertEquals(calls.map((c) => c.handler), ["CharacterLoggedInHandle"]);
  setupLogging("info");
});

Deno.test("dispatch: unknown opcodes are ignored and logged once per session at debug", async () => {
  const logs = captureLogs();
  const { dispatch, calls, outcomes } = await gms83Dispatch(new Set([7]));
  const a = session("a", 7);
  const b = session("b", 7);
  await dispatch(a, new Uint8Array([0xfe, 0x7f, 0x01]));
  await dispatch(a, new Uint8Array([0xfe, 0x7f, 0x02]));
  await dispatch(a, new Uint8Array([0xfd, 0x7f]));
  await dispatch(b, new Uint8Array([0xfe, 0x7f]));
  assertEquals(calls.length, 0);
  assertEquals(outcomes, ["unknown-opcode", "unknown-opcode", "unknown-opcode", "unknown-opcode"]);
  const unknown = logs.filter((l) => l.msg === "unknown opcode ignored");
  assertEquals(unknown.map((l) => `${l.session} ${l.opcode} ${l.level}`), [
    "a 0x7FFE debug",
    "a 0x7FFD debug",
    "b 0x7FFE debug",
  ]);
  assertEquals(a.closed, []);
  // A body too short for the opcode is not opcode 0.
  await dispatch(a, new Uint8Array([0x19]));
  assertEquals(outcomes.at(-1), "empty");
  assertEquals(calls.length, 0);
  setupLogging("info");
});

Deno.test("dispatch: a read error in a handler is a logged drop; other errors are logged too", async () => {
  const logs = captureLogs();
  const { dispatch, outcomes, handled } = await gms83Dispatch(new Set([7]));
  const s = session("s4", 7);
  await dispatch(s, new Uint8Array([0x26, 0x00, 0x01]));
  await dispatch(s, new Uint8Array([0x27, 0x00]));
  assertEquals(outcomes, ["malformed", "failed"]);
  assertEquals(handled.length, 0);
  assertEquals(s.closed, []);
  const malformed = logs.find((l) => l.msg === "malformed packet dropped");
  assertEquals([malformed?.level, malformed?.handler, malformed?.opcode], [
    "warn",
    "MapChangeHandle",
    "0x26",
  ]);
  assertStringIncludes(String(malformed?.error), "cannot read byte at offset 3");
  const failed = logs.find((l) => l.msg === "packet handler failed");
  assertEquals([failed?.level, failed?.handler], ["error", "ChannelChangeHandle"]);
  setupLogging("info");
});

Deno.test("dispatch: with readErrors rethrow, the session's read loop sees the read error", async () => {
  const { dispatch, outcomes } = await gms83Dispatch(new Set([7]), { readErrors: "rethrow" });
  const err = await assertRejects(() => dispatch(session("s5", 7), new Uint8Array([0x26, 0x00, 0x01])));
  assertEquals(err.name, "PacketReadError");
  assertEquals(outcomes, ["malformed"]);
});

Deno.test("dispatch: encodePacket prefixes the opcode and hands the writer its options", async () => {
  const { tables } = fullTables(await loadTemplate("gms_83"));
  let seen: unknown;
  const body = encodePacket(tables, "PartyOperation", (options) => {
    seen = options;
    return new Uint8Array([optionCode(options, "operations", "INVITE") ?? 99]);
  });
  assertEquals([...body], [0x3e, 0x00, 0x04]);
  assertEquals((seen as { operations: Record<string, string> }).operations.INVITE, "0x04");
  let built = false;
  const err = assertThrows(() =>
    encodePacket(tables, "SpawnKite", () => {
      built = true;
      return new Uint8Array();
    }), WriterNotFoundError);
  assertEquals((err as WriterNotFoundError).writerName, "SpawnKite");
  assertEquals(err.message, "writer not found: SpawnKite has no opcode for GMS 83.1");
  assertEquals(built, false);
});

Deno.test("dispatch: writePacket writes the opcode in the tenant's width, then the body", async () => {
  const gms83 = fullTables(await loadTemplate("gms_83")).tables;
  const body = writePacket(gms83, "FameResponse", (w, options) => {
    w.byte(optionCode(options, "operations", "RECEIVE") ?? 99).uint32(0x01020304);
  });
  assertEquals([...body], [0x26, 0x00, 0x05, 0x04, 0x03, 0x02, 0x01]);
  const gms12 = fullTables(await loadTemplate("gms_12")).tables;
  assertEquals([...writePacket(gms12, "ChannelChange", (w) => w.byte(1))], [0x0e, 0x01]);
  assertEquals([...writePacket(gms12, "MoveMonsterAck", () => {})], [0x72]);
  const err = assertThrows(() => writePacket(gms12, "PartyOperation", () => {}), WriterNotFoundError);
  assertEquals(err.message, "writer not found: PartyOperation has no opcode for GMS 12.1");
});

Deno.test("dispatch: with the real packet reader, its PacketReadError is recognised as malformed", async () => {
  const outcomes: DispatchOutcome[] = [];
  const values: number[] = [];
  const registry = {
    CharacterLoggedInHandle: (_s: TestSession, r: PacketReader) => {
      values.push(r.uint32());
    },
  };
  const { tables } = buildOpcodeTables(await loadTemplate("gms_83"), registry, []);
  const dispatch = createDispatcher(tables, {
    newReader: packetReader,
    isLoggedIn: () => false,
    onOutcome: (_s, outcome) => outcomes.push(outcome),
  });
  const s = session("real");
  await dispatch(s, new Uint8Array([0x14, 0x00, 0x2a, 0x00, 0x00, 0x00]));
  await dispatch(s, new Uint8Array([0x14, 0x00, 0x2a]));
  assertEquals(values, [42]);
  assertEquals(outcomes, ["handled", "malformed"]);
  assertTrue(new PacketReadError("x", 0, 1, 0).name === "PacketReadError");
});

Deno.test("dispatch: Atlas's later v95 template (new names) binds the channel's handlers and writers", async () => {
  const text = await Deno.readTextFile(new URL("template_gms_95_1.d59a1ad2df.json", TEMPLATES));
  const config = parseTenantAttributes(JSON.parse(text), { id: TENANT_ID, source: "gms_95 d59a1ad2df" });
  const { tables, report } = fullTables(config);
  assertEquals(report.invalidEntries, []);
  // Its spellings resolve to ours through the alias tables (CompartmentMergeHandle, CharacterMultiChat).
  assertEquals(tables.handlers.get(0x4b)?.name, "CompartmentMerge");
  assertEquals(resolveWriter(tables, "CharacterMultiChat").opcode, 0x96);
  assertEquals(resolveWriter(tables, "CharacterChatMulti").opcode, 0x96);
  assertEquals(tables.handlers.get(0x2c)?.name, "CharacterMoveHandle");
  assertEquals(resolveWriter(tables, "SetField").opcode, 0x8d);
  // Its movement writers have no types: the v95 client's list (the handler's) stands in.
  assertEquals(
    resolveWriter(tables, "CharacterMovement").options.types,
    tables.handlers.get(0x2c)?.options.types,
  );
  assertTrue(report.knownOptionsUsed.some((m) => m.name === "CharacterMovement" && m.option === "types"));
});

Deno.test("startup log: options filled from the client's known values are info lines, one per entry", async () => {
  const logs = captureLogs();
  try {
    const { report } = fullTables(await loadTemplate("gms_92"));
    logStartupReport(report, TENANT_ID);
    const known = logs.filter((l) => String(l.msg).includes("client's known values"));
    assertEquals(known.length, report.knownOptionsUsed.length);
    assertTrue(known.length >= 6);
    assertEquals(new Set(known.map((l) => l.level)), new Set(["info"]));
    assertTrue(
      known.some((l) =>
        l.msg ===
          'GMS 92.1: CharacterMoveHandle (0x2E) lacks option "types": using the GMS 92 client\'s known values'
      ),
    );
  } finally {
    setupLogging("info");
  }
});
