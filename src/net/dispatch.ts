/**
 * Per-tenant packet dispatch: turns a tenant's `socket.handlers` / `socket.writers` (socket-protocol
 * §4.2) into opcode tables, routes each inbound body to its handler after the entry's validator (§6.6),
 * and prefixes outbound bodies with the opcode bound to a writer name.
 *
 * Features provide handlers by name ({@link HandlerRegistry}) and declare the writer names they
 * implement; the tables bind only those. Everything the template asks for that we cannot serve is
 * collected into a {@link StartupReport} instead of failing, so every real template loads.
 *
 * Deliberate differences from the reference:
 * - template spellings that differ from the reference's names (README decision 4) are aliases;
 * - a LoggedIn-validated packet that arrives before the session has an account (login not complete) is
 *   dropped, not fatal to the session (reference quirk §8.24); a session whose account is known but not
 *   logged in is still closed, as in the reference;
 * - a body shorter than the opcode is dropped instead of being dispatched as opcode 0;
 * - handler failures are caught and logged, never fatal to the process;
 * - an opcode that does not fit the tenant's width is reported, never silently truncated;
 * - writer option codes may be numbers or base-prefixed strings (see {@link optionCode}).
 *
 * The session and reader types are parameters (`S`, `R`) so this module depends on no particular
 * session or packet-reader implementation: the app passes `packetReader` as `newReader`.
 * @module
 */
import { z } from "zod";
import type { TenantConfig } from "../config/tenant-config.ts";
import { getLogger, type Logger } from "../observability/log.ts";
import {
  formatOpcode,
  maxOpcode,
  NumberParseError,
  type OpcodeWidth,
  opcodeWidth,
  parseOpcode,
  parseUnsigned,
  prependOpcode,
  readOpcode,
} from "../protocol/opcodes.ts";
import { type PacketWriter, packetWriter } from "../protocol/writer.ts";
import { packetClassOf, type PacketLimits, type SessionBudget, sessionBudget } from "./packet-limits.ts";
import CLIENT_OPTION_DEFAULTS from "./client-option-defaults.json" with { type: "json" };

/** The validators a handler entry may name. */
export const VALIDATORS = ["NoOpValidator", "LoggedInValidator"] as const;
/** One of {@link VALIDATORS}. */
export type ValidatorName = typeof VALIDATORS[number];

// deno-fmt-ignore
/**
 * Handler names the reference channel registers (socket-protocol §4.6); template entries outside this
 * list and outside our registry belong to the login service and are ignored.
 */
export const REFERENCE_HANDLER_NAMES: readonly string[] = Object.freeze([
  "NoOpHandler", "CharacterLoggedInHandle", "NPCActionHandle", "PortalScriptHandle", "MapChangeHandle",
  "CharacterMoveHandle", "ChannelChangeHandle", "CashShopEntryHandle", "MonsterMovementHandle",
  "CharacterChatGeneralHandle", "CharacterInfoRequestHandle", "CharacterInventoryMoveHandle",
  "PartyOperationHandle", "PartyInviteRejectHandle", "CharacterChatMultiHandle", "CharacterKeyMapChangeHandle",
  "BuddyOperationHandle", "CharacterExpressionHandle", "NPCStartConversationHandle",
  "NPCContinueConversationHandle", "GuildOperationHandle", "GuildInviteRejectHandle", "FameChangeHandle",
  "CharacterDistributeApHandle", "CharacterAutoDistributeApHandle", "GuildBBSHandle",
  "CharacterChairPortableHandle", "CharacterChairInteractionHandle", "DropPickUpHandle",
  "CharacterDropMesoHandle", "CharacterMeleeAttackHandle", "CharacterRangedAttackHandle",
  "CharacterMagicAttackHandle", "CharacterTouchAttackHandle", "CharacterHealOverTimeHandle",
  "CharacterDamageHandle", "CharacterDistributeSpHandle", "CharacterUseSkillHandle", "CharacterBuffCancel",
  "CharacterCashItemUseHandle", "ChalkboardCloseHandle", "CharacterChatWhisperHandle",
  "MessengerOperationHandle", "PetMovementHandle", "PetSpawnHandle", "PetCommandHandle", "PetChatHandle",
  "PetDropPickUpHandle", "PetFoodHandle", "CharacterItemUseHandle", "CharacterItemCancelHandle",
  "CharacterItemUseTownScrollHandle", "CharacterItemUseScrollHandle", "CharacterSkillMacroHandle",
  "PetItemExcludeHandle", "PetItemUseHandle", "CashShopOperationHandle", "CashShopCheckWalletHandle",
  "NPCShopHandle", "CompartmentMerge", "CompartmentSort", "CharacterItemUseSummonBagHandle",
  "NoteOperationHandle", "QuestActionHandle", "StorageOperationHandle",
]);

// deno-fmt-ignore
/** Writer names the reference channel registers (socket-protocol §4.6). */
export const REFERENCE_WRITER_NAMES: readonly string[] = Object.freeze([
  "SetField", "SpawnNPC", "SpawnNPCRequestController", "NPCAction", "StatChanged", "ChannelChange",
  "CashShopOpen", "CashShopOperation", "CashShopCashQueryResult", "SpawnMonster", "DestroyMonster",
  "ControlMonster", "MoveMonster", "MoveMonsterAck", "CharacterSpawn", "CharacterChatGeneral",
  "CharacterMovement", "CharacterInfo", "CharacterInventoryChange", "CharacterAppearanceUpdate",
  "CharacterDespawn", "PartyOperation", "CharacterChatMulti", "CharacterKeyMap", "BuddyOperation",
  "CharacterExpression", "NPCConversation", "GuildOperation", "GuildEmblemChanged", "GuildNameChanged",
  "FameResponse", "CharacterStatusMessage", "GuildBBS", "CharacterShowChair", "CharacterSitResult",
  "DropSpawn", "DropDestroy", "ReactorSpawn", "ReactorDestroy", "CharacterSkillChange",
  "CharacterAttackMelee", "CharacterAttackRanged", "CharacterAttackMagic", "CharacterAttackEnergy",
  "CharacterDamage", "CharacterBuffGive", "CharacterBuffGiveForeign", "CharacterBuffCancel",
  "CharacterBuffCancelForeign", "CharacterSkillCooldown", "CharacterEffect", "CharacterEffectForeign",
  "WorldMessage", "MonsterHealth", "PartyMemberHP", "ChalkboardUse", "CharacterChatWhisper",
  "MessengerOperation", "PetActivated", "PetMovement", "PetCommandResponse", "PetChat",
  "CharacterItemUpgrade", "CharacterSkillMacro", "PetExcludeResponse", "PetCashFoodResult",
  "CharacterKeyMapAutoHp", "CharacterKeyMapAutoMp", "NPCShop", "NPCShopOperation", "CompartmentMerge",
  "CompartmentSort", "NoteOperation", "SpawnKite", "SpawnKiteError", "DestroyKite", "Clock",
  "FieldTransportState", "StorageOperation",
]);

/** Template spellings (GMS 83) → the reference's handler names (README decision 4). */
export const HANDLER_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  CompartmentMergeHandle: "CompartmentMerge",
  CompartmentSortHandle: "CompartmentSort",
  CharacterMultiChatHandle: "CharacterChatMultiHandle",
});

/** Template spellings (GMS 83) → the reference's writer names (README decision 4). */
export const WRITER_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  CharacterMultiChat: "CharacterChatMulti",
});

/** The reference's name for a configured handler name (aliases resolved). */
export function canonicalHandlerName(name: string): string {
  return Object.hasOwn(HANDLER_ALIASES, name) ? HANDLER_ALIASES[name] : name;
}

/** The reference's name for a configured writer name (aliases resolved). */
export function canonicalWriterName(name: string): string {
  return Object.hasOwn(WRITER_ALIASES, name) ? WRITER_ALIASES[name] : name;
}

/**
 * What each supported client version is known to use for the options a template may lack: the stat
 * order of StatChanged, the CashShopOperation codes and the movement element types. Taken from Atlas's
 * seed templates at d59a1ad2df (`services/atlas-configurations/seed-data/templates`), keyed `REGION major`.
 */
type ClientOptionDefaults = {
  readonly statistics: readonly string[];
  readonly cashShopOperations: Readonly<Record<string, number>>;
  readonly cashShopErrors: Readonly<Record<string, number>>;
  readonly movementTypes: readonly { readonly Name: string; readonly Type: string }[];
};
const KNOWN_CLIENT_OPTIONS: Readonly<Record<string, ClientOptionDefaults>> = CLIENT_OPTION_DEFAULTS;

/** Which known value stands in for each option a handler or writer lacks, by reference name. */
const OPTION_FALLBACKS: Readonly<
  Record<"handler" | "writer", Readonly<Record<string, Readonly<Record<string, keyof ClientOptionDefaults>>>>>
> = {
  handler: {
    CharacterMoveHandle: { types: "movementTypes" },
    MonsterMovementHandle: { types: "movementTypes" },
    NPCActionHandle: { types: "movementTypes" },
    PetMovementHandle: { types: "movementTypes" },
  },
  writer: {
    StatChanged: { statistics: "statistics" },
    CashShopOperation: { operations: "cashShopOperations", errors: "cashShopErrors" },
    CharacterMovement: { types: "movementTypes" },
    MoveMonster: { types: "movementTypes" },
    NPCAction: { types: "movementTypes" },
    PetMovement: { types: "movementTypes" },
  },
};

/** True when `value` is absent or empty (`null`, `[]`, `{}`): a template that configures nothing. */
function isUnset(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/**
 * `options` with every fallback option the entry lacks filled in from the client's known values for
 * `version` (`REGION major`); `filled` receives the names filled. Returns `options` itself when nothing
 * was filled (options objects are cache keys elsewhere, so they stay stable).
 */
export function withKnownClientOptions(
  kind: "handler" | "writer",
  name: string,
  version: string,
  options: Readonly<Record<string, unknown>>,
  filled: string[] = [],
): Readonly<Record<string, unknown>> {
  const known = KNOWN_CLIENT_OPTIONS[version];
  const fallbacks = OPTION_FALLBACKS[kind][name];
  if (!known || !fallbacks) return options;
  let result: Record<string, unknown> | undefined;
  for (const [option, source] of Object.entries(fallbacks)) {
    if (!isUnset(options[option])) continue;
    result ??= { ...options };
    result[option] = known[source];
    filled.push(option);
  }
  return result ? Object.freeze(result) : options;
}

/** How an option value is consumed (socket-protocol §4.3). */
export type OptionKind =
  /** `[{Name, Type}, …]`, index = movement element type byte (§4.5). */
  | "movementTypes"
  /** Ordered stat names; position = bit index in the update mask. */
  | "statList"
  /** `{NAME: code}`; code is a number or a base-prefixed string such as `"0x0C"`. */
  | "codes";

/** Options each handler needs to work, by reference name. */
export const REQUIRED_HANDLER_OPTIONS: Readonly<Record<string, Readonly<Record<string, OptionKind>>>> = Object
  .freeze({
    CharacterMoveHandle: { types: "movementTypes" },
    MonsterMovementHandle: { types: "movementTypes" },
    NPCActionHandle: { types: "movementTypes" },
    PetMovementHandle: { types: "movementTypes" },
    NPCShopHandle: { operations: "codes" },
    StorageOperationHandle: { operations: "codes" },
    CashShopOperationHandle: { operations: "codes" },
    MessengerOperationHandle: { operations: "codes" },
    PartyOperationHandle: { operations: "codes" },
    GuildOperationHandle: { operations: "codes" },
    BuddyOperationHandle: { operations: "codes" },
    NoteOperationHandle: { operations: "codes" },
    GuildBBSHandle: { operations: "codes" },
  });

/** Options each writer needs to work, by reference name. */
export const REQUIRED_WRITER_OPTIONS: Readonly<Record<string, Readonly<Record<string, OptionKind>>>> = Object
  .freeze({
    CharacterMovement: { types: "movementTypes" },
    MoveMonster: { types: "movementTypes" },
    NPCAction: { types: "movementTypes" },
    PetMovement: { types: "movementTypes" },
    StatChanged: { statistics: "statList" },
    BuddyOperation: { operations: "codes" },
    CharacterEffect: { operations: "codes" },
    CharacterEffectForeign: { operations: "codes" },
    CharacterStatusMessage: { operations: "codes" },
    FameResponse: { operations: "codes" },
    GuildOperation: { operations: "codes" },
    PartyOperation: { operations: "codes" },
    CashShopOperation: { operations: "codes" },
    MessengerOperation: { operations: "codes" },
    NoteOperation: { operations: "codes", errors: "codes" },
    NPCShopOperation: { operations: "codes" },
    PetActivated: { operations: "codes" },
    StorageOperation: { operations: "codes" },
    WorldMessage: { operations: "codes" },
    NPCConversation: { messageType: "codes" },
  });

/** One movement element kind: `Name` names special cases, `Type` selects the layout (§4.5). */
export const movementTypesSchema = z.array(z.object({ Name: z.string(), Type: z.string() }));
/** See {@link movementTypesSchema}. */
export type MovementTypes = z.infer<typeof movementTypesSchema>;

const statListSchema = z.array(z.string());

/** Free-form options of a handler entry (`{}` when the template has none). */
export type HandlerOptions = Readonly<Record<string, unknown>>;
/** Free-form options of a writer entry (`{}` when the template has none). */
export type WriterOptions = Readonly<Record<string, unknown>>;

/**
 * Reads the code `options[group][key]`: a non-negative integer, or a string parsed with base
 * auto-detection (`"0x0C"`, `"12"`). Returns `undefined` when it is missing or unusable, so the caller
 * decides (the reference wrote 99, or panicked on a wrong type).
 */
export function optionCode(
  options: WriterOptions | HandlerOptions,
  group: string,
  key: string,
): number | undefined {
  const table = options[group];
  if (typeof table !== "object" || table === null || Array.isArray(table)) return undefined;
  if (!Object.hasOwn(table, key)) return undefined;
  const value = (table as Record<string, unknown>)[key];
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "string") {
    try {
      return parseUnsigned(value, 32);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reverse lookup of a `codes` option: the first key whose code equals `code`. */
export function optionName(
  options: WriterOptions | HandlerOptions,
  group: string,
  code: number,
): string | undefined {
  const table = options[group];
  if (typeof table !== "object" || table === null || Array.isArray(table)) return undefined;
  return Object.keys(table).find((key) => optionCode(options, group, key) === code);
}

/** Why an option value is unusable, or `undefined` when it is fine. */
function optionProblem(kind: OptionKind, value: unknown): string | undefined {
  switch (kind) {
    case "movementTypes":
      return movementTypesSchema.safeParse(value).success ? undefined : "expected [{Name, Type}, …] strings";
    case "statList":
      return statListSchema.safeParse(value).success ? undefined : "expected an array of stat names";
    case "codes": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return "expected an object of codes";
      }
      const options = { table: value };
      const bad = Object.keys(value).filter((key) => optionCode(options, "table", key) === undefined);
      return bad.length === 0 ? undefined : `unusable codes for ${bad.join(", ")}`;
    }
  }
}

/** The part of a session the dispatcher needs (the real `Session` satisfies it). */
export interface DispatchSession {
  readonly id: string;
  /** Set once login completion knows the account; unset (or 0) before. */
  readonly accountId?: number;
  readonly characterId?: number;
  close(reason: string): unknown;
}

/** Handles one inbound packet; `reader` is positioned just after the opcode. */
export type PacketHandler<S, R> = (session: S, reader: R, options: HandlerOptions) => Promise<void> | void;

/** Handlers by name: the reference's names, or an alias spelling (both resolve to the reference's name). */
export type HandlerRegistry<S, R> = Readonly<Record<string, PacketHandler<S, R>>>;

/** A handler bound to an opcode. */
export interface BoundHandler<S, R> {
  readonly opcode: number;
  /** The reference's name. */
  readonly name: string;
  /** The name as written in the configuration (differs for aliases). */
  readonly configuredName: string;
  readonly validator: ValidatorName;
  readonly handle: PacketHandler<S, R>;
  readonly options: HandlerOptions;
}

/** A writer name bound to an opcode. */
export interface BoundWriter {
  readonly opcode: number;
  /** The reference's name. */
  readonly name: string;
  /** The name as written in the configuration (differs for aliases). */
  readonly configuredName: string;
  readonly options: WriterOptions;
}

/** One tenant's dispatch tables. */
export interface OpcodeTables<S, R> {
  /** `REGION major.minor`, for logs. */
  readonly label: string;
  readonly opcodeWidth: OpcodeWidth;
  readonly handlers: ReadonlyMap<number, BoundHandler<S, R>>;
  /**
   * Every opcode the configuration names a handler for, implemented here or not: a packet with one of
   * these is something the client really sends; any other opcode is not.
   */
  readonly configured: ReadonlySet<number>;
  /** Keyed by the reference's writer name. */
  readonly writers: ReadonlyMap<string, BoundWriter>;
}

/** A configuration entry referred to in a {@link StartupReport}. */
export interface ReportedEntry {
  readonly kind: "handler" | "writer";
  /** Position in `socket.handlers` / `socket.writers`. */
  readonly index: number;
  /** The name as configured. */
  readonly name: string;
  readonly opCode: string;
}

/** What a tenant's configuration asks for that the channel will not serve, collected at start-up. */
export interface StartupReport {
  readonly label: string;
  readonly boundHandlers: number;
  readonly boundWriters: number;
  /** Channel handler entries (reference names or aliases) with no implementation in our registry. */
  readonly unimplementedHandlers: readonly ReportedEntry[];
  /** Channel writer entries with no implementation here. */
  readonly unimplementedWriters: readonly ReportedEntry[];
  /** Registry handlers the configuration gives no opcode: those packets can never arrive. */
  readonly unboundHandlers: readonly string[];
  /** Implemented writers the configuration gives no opcode: sending them fails with "writer not found". */
  readonly unboundWriters: readonly string[];
  /**
   * Bound entries lacking an option that the client's known values for this version filled in (e.g.
   * GMS 92 movement `types`, JMS 185 StatChanged `statistics`).
   */
  readonly knownOptionsUsed: readonly (ReportedEntry & { readonly option: string })[];
  /** Bound entries lacking an option they need, with no known value for this version. */
  readonly missingOptions: readonly (ReportedEntry & { readonly option: string })[];
  /** Bound entries whose option has the wrong shape. */
  readonly invalidOptions: readonly (ReportedEntry & { readonly option: string; readonly problem: string })[];
  /** Channel entries skipped: unknown validator, unparsable opcode, or an opcode too wide for the tenant. */
  readonly invalidEntries: readonly (ReportedEntry & { readonly problem: string })[];
  /** Entries bound through an alias spelling. */
  readonly aliasesUsed: readonly (ReportedEntry & { readonly canonical: string })[];
  /** Later entries that replaced an earlier binding of the same opcode (handlers) or name (writers). */
  readonly overridden: readonly (ReportedEntry & { readonly replaced: string })[];
  /** Names ignored as not channel names (login-service entries of the shared templates). */
  readonly ignoredHandlers: readonly string[];
  readonly ignoredWriters: readonly string[];
}

const REFERENCE_HANDLERS = new Set(REFERENCE_HANDLER_NAMES);
const REFERENCE_WRITERS = new Set(REFERENCE_WRITER_NAMES);

function checkOptions(
  entry: ReportedEntry,
  required: Readonly<Record<string, OptionKind>> | undefined,
  options: Readonly<Record<string, unknown>>,
  missing: (ReportedEntry & { option: string })[],
  invalid: (ReportedEntry & { option: string; problem: string })[],
): void {
  for (const [option, kind] of Object.entries(required ?? {})) {
    if (!Object.hasOwn(options, option) || options[option] === null) {
      missing.push({ ...entry, option });
      continue;
    }
    const problem = optionProblem(kind, options[option]);
    if (problem) invalid.push({ ...entry, option, problem });
  }
}

function parseEntryOpcode(text: string, width: OpcodeWidth): { opcode: number } | { problem: string } {
  try {
    const opcode = parseOpcode(text);
    if (opcode > maxOpcode(width)) {
      return { problem: `opcode ${formatOpcode(opcode)} does not fit the tenant's ${width}-byte opcodes` };
    }
    return { opcode };
  } catch (err) {
    if (err instanceof NumberParseError) return { problem: err.message };
    throw err;
  }
}

/**
 * Builds a tenant's opcode tables from its configuration, binding handlers from `registry` and the
 * writer names in `implementedWriters`. Never throws for configuration content: problems go into the
 * returned report, which the app logs at start-up.
 */
export function buildOpcodeTables<S, R>(
  config: Pick<TenantConfig, "region" | "majorVersion" | "minorVersion" | "socket">,
  registry: HandlerRegistry<S, R>,
  implementedWriters: Iterable<string>,
): { tables: OpcodeTables<S, R>; report: StartupReport } {
  const label = `${config.region} ${config.majorVersion}.${config.minorVersion}`;
  const width = opcodeWidth(config.region, config.majorVersion);
  const implemented = new Set([...implementedWriters].map(canonicalWriterName));
  const registered = new Map(
    Object.entries(registry).map(([key, handle]) => [canonicalHandlerName(key), handle]),
  );
  const handlers = new Map<number, BoundHandler<S, R>>();
  const writers = new Map<string, BoundWriter>();
  const unimplementedHandlers: ReportedEntry[] = [];
  const unimplementedWriters: ReportedEntry[] = [];
  const missingOptions: (ReportedEntry & { option: string })[] = [];
  const knownOptionsUsed: (ReportedEntry & { option: string })[] = [];
  const versionKey = `${config.region} ${config.majorVersion}`;
  const completed = (
    kind: "handler" | "writer",
    name: string,
    reported: ReportedEntry,
    options: Readonly<Record<string, unknown>>,
  ) => {
    const filled: string[] = [];
    const result = withKnownClientOptions(kind, name, versionKey, options, filled);
    for (const option of filled) knownOptionsUsed.push({ ...reported, option });
    return result;
  };
  const invalidOptions: (ReportedEntry & { option: string; problem: string })[] = [];
  const invalidEntries: (ReportedEntry & { problem: string })[] = [];
  const aliasesUsed: (ReportedEntry & { canonical: string })[] = [];
  const overridden: (ReportedEntry & { replaced: string })[] = [];
  const ignoredHandlers = new Set<string>();
  const ignoredWriters = new Set<string>();
  const configured = new Set<number>();

  config.socket.handlers.forEach((entry, index) => {
    const reported: ReportedEntry = { kind: "handler", index, name: entry.handler, opCode: entry.opCode };
    const opcodeOfEntry = parseEntryOpcode(entry.opCode, width);
    if ("opcode" in opcodeOfEntry) configured.add(opcodeOfEntry.opcode);
    const name = canonicalHandlerName(entry.handler);
    const handle = registered.get(name);
    if (!handle && !REFERENCE_HANDLERS.has(name)) {
      ignoredHandlers.add(entry.handler);
      return;
    }
    if (!(VALIDATORS as readonly string[]).includes(entry.validator)) {
      invalidEntries.push({ ...reported, problem: `unknown validator ${JSON.stringify(entry.validator)}` });
      return;
    }
    const parsed = parseEntryOpcode(entry.opCode, width);
    if ("problem" in parsed) {
      invalidEntries.push({ ...reported, problem: parsed.problem });
      return;
    }
    if (!handle) {
      unimplementedHandlers.push(reported);
      return;
    }
    if (name !== entry.handler) aliasesUsed.push({ ...reported, canonical: name });
    const previous = handlers.get(parsed.opcode);
    if (previous) overridden.push({ ...reported, replaced: previous.configuredName });
    const options = completed("handler", name, reported, entry.options);
    checkOptions(reported, REQUIRED_HANDLER_OPTIONS[name], options, missingOptions, invalidOptions);
    handlers.set(parsed.opcode, {
      opcode: parsed.opcode,
      name,
      configuredName: entry.handler,
      validator: entry.validator as ValidatorName,
      handle,
      options,
    });
  });

  config.socket.writers.forEach((entry, index) => {
    const reported: ReportedEntry = { kind: "writer", index, name: entry.writer, opCode: entry.opCode };
    const name = canonicalWriterName(entry.writer);
    const ours = implemented.has(name);
    if (!ours && !REFERENCE_WRITERS.has(name)) {
      ignoredWriters.add(entry.writer);
      return;
    }
    const parsed = parseEntryOpcode(entry.opCode, width);
    if ("problem" in parsed) {
      invalidEntries.push({ ...reported, problem: parsed.problem });
      return;
    }
    if (!ours) {
      unimplementedWriters.push(reported);
      return;
    }
    if (name !== entry.writer) aliasesUsed.push({ ...reported, canonical: name });
    const previous = writers.get(name);
    if (previous) overridden.push({ ...reported, replaced: formatOpcode(previous.opcode) });
    const options = completed("writer", name, reported, entry.options);
    checkOptions(reported, REQUIRED_WRITER_OPTIONS[name], options, missingOptions, invalidOptions);
    writers.set(name, { opcode: parsed.opcode, name, configuredName: entry.writer, options });
  });

  const boundHandlerNames = new Set([...handlers.values()].map((h) => h.name));
  const report: StartupReport = {
    label,
    boundHandlers: handlers.size,
    boundWriters: writers.size,
    unimplementedHandlers,
    unimplementedWriters,
    unboundHandlers: [...registered.keys()].filter((name) => !boundHandlerNames.has(name)).sort(),
    unboundWriters: [...implemented].filter((name) => !writers.has(name)).sort(),
    knownOptionsUsed,
    missingOptions,
    invalidOptions,
    invalidEntries,
    aliasesUsed,
    overridden,
    ignoredHandlers: [...ignoredHandlers].sort(),
    ignoredWriters: [...ignoredWriters].sort(),
  };
  return { tables: { label, opcodeWidth: width, handlers, configured, writers }, report };
}

/**
 * Human-readable lines for the notable parts of a report (empty when there is nothing to say), e.g.
 * `GMS 92.1: CharacterMoveHandle (0x2E) lacks option "types"`.
 */
export function describeStartupReport(report: StartupReport): string[] {
  const at = (e: ReportedEntry) => `${e.name} (${e.opCode})`;
  const lines: string[] = [];
  const list = (items: readonly ReportedEntry[]) => items.map(at).join(", ");
  if (report.unimplementedHandlers.length > 0) {
    lines.push(`handlers not implemented here: ${list(report.unimplementedHandlers)}`);
  }
  if (report.unimplementedWriters.length > 0) {
    lines.push(`writers not implemented here: ${list(report.unimplementedWriters)}`);
  }
  if (report.unboundHandlers.length > 0) {
    lines.push(`handlers without an opcode in this configuration: ${report.unboundHandlers.join(", ")}`);
  }
  if (report.unboundWriters.length > 0) {
    lines.push(`writers without an opcode in this configuration: ${report.unboundWriters.join(", ")}`);
  }
  for (const e of report.knownOptionsUsed) {
    lines.push(
      `${at(e)} lacks option "${e.option}": using the ${report.label.split(".")[0]} client's known values`,
    );
  }
  for (const e of report.missingOptions) lines.push(`${at(e)} lacks option "${e.option}"`);
  for (const e of report.invalidOptions) lines.push(`${at(e)} option "${e.option}": ${e.problem}`);
  for (const e of report.invalidEntries) {
    lines.push(`${e.kind} entry #${e.index} ${at(e)} skipped: ${e.problem}`);
  }
  for (const e of report.overridden) lines.push(`${at(e)} replaces ${e.replaced}`);
  return lines.map((line) => `${report.label}: ${line}`);
}

/** What happened to one inbound body. */
export type DispatchOutcome =
  /** The handler ran to completion. */
  | "handled"
  /** Shorter than the opcode; dropped. */
  | "empty"
  /** An opcode the configuration names no handler for (no client sends it); dropped. */
  | "unknown-opcode"
  /** A handler the configuration names but this server does not implement; ignored. */
  | "unimplemented"
  /** Over the session's packet budget; dropped. */
  | "throttled"
  /** Over budget for so long that the session was closed as a flood. */
  | "flood"
  /** LoggedIn-validated packet before the session has an account; dropped, session kept. */
  | "not-ready"
  /** LoggedIn validation failed for a known account; the session was closed. */
  | "rejected"
  /** The handler found the packet malformed (a packet read error); dropped. */
  | "malformed"
  /** The handler threw something else; logged. */
  | "failed";

/** How {@link createDispatcher} reaches the rest of the channel. */
export interface DispatcherOptions<S extends DispatchSession, R> {
  /** Makes the reader handed to handlers, positioned at `offset` (just after the opcode). */
  newReader: (body: Uint8Array, offset: number) => R;
  /** The LoggedIn validator's question: is this session's account logged in? (§6.6) */
  isLoggedIn: (session: S) => boolean;
  /** Called after a handler completes (the reference refreshes the session's last-request time here). */
  onHandled?: (session: S, handler: BoundHandler<S, R>) => void;
  /** Recognises a packet read error; default: an error whose `name` is `PacketReadError`. */
  isReadError?: (err: unknown) => boolean;
  /**
   * `"drop"` (default): log a read error and return `"malformed"`. `"rethrow"`: log nothing and rethrow,
   * so a caller that counts malformed packets per session (the session read loop) sees it.
   */
  readErrors?: "drop" | "rethrow";
  /** Told what happened to every body (for metrics); `opcode` is unset for an empty body. */
  onOutcome?: (session: S, outcome: DispatchOutcome, opcode: number | undefined) => void;
  /** Most distinct unknown opcodes logged per session (each once); default 32. */
  unknownOpcodeLogLimit?: number;
  /** Per-session packet budgets; unset, nothing is throttled. */
  limits?: Readonly<PacketLimits>;
  /** Milliseconds clock for the budgets; default `performance.now`. */
  now?: () => number;
  logger?: Logger;
}

/**
 * Routes one plaintext inbound body (opcode + payload) of a session; settles when the handler has.
 * Never rejects, except for read errors with `readErrors: "rethrow"`.
 */
export type Dispatch<S> = (session: S, body: Uint8Array) => Promise<void>;

function defaultIsReadError(err: unknown): boolean {
  return err instanceof Error && err.name === "PacketReadError";
}

/** Creates the inbound router for one tenant's tables. */
export function createDispatcher<S extends DispatchSession, R>(
  tables: OpcodeTables<S, R>,
  options: DispatcherOptions<S, R>,
): Dispatch<S> {
  const log = (options.logger ?? getLogger("net.dispatch")).with({ tenant: tables.label });
  const isReadError = options.isReadError ?? defaultIsReadError;
  const logLimit = options.unknownOpcodeLogLimit ?? 32;
  // Weakly keyed so a closed session's record goes with it; no cleanup hook needed.
  const unknownSeen = new WeakMap<S, Set<number>>();
  const budgets = new WeakMap<S, SessionBudget>();
  const limits = options.limits;
  const now = options.now ?? (() => performance.now());

  /** Applies a budget verdict: a flood closes the session. */
  function overBudget(
    session: S,
    verdict: "throttled" | "flood",
    opcode: number | undefined,
  ): DispatchOutcome {
    if (verdict === "flood") {
      log.warn("packet flood; closing the session", {
        session: session.id,
        opcode: opcode === undefined ? undefined : formatOpcode(opcode),
      });
      session.close("flood");
    }
    return verdict;
  }

  function noteUnknown(session: S, opcode: number, length: number): void {
    let seen = unknownSeen.get(session);
    if (!seen) unknownSeen.set(session, seen = new Set());
    if (seen.has(opcode) || seen.size >= logLimit) return;
    seen.add(opcode);
    log.debug("unknown opcode ignored", { session: session.id, opcode: formatOpcode(opcode), length });
  }

  async function route(session: S, body: Uint8Array): Promise<DispatchOutcome> {
    const opcode = readOpcode(body, tables.opcodeWidth);
    let budget: SessionBudget | undefined;
    if (limits) {
      const at = now();
      budget = budgets.get(session);
      if (!budget) budgets.set(session, budget = sessionBudget(limits, at));
      const verdict = budget.admit(at);
      if (verdict !== "ok") return overBudget(session, verdict, opcode);
    }
    if (opcode === undefined) {
      log.debug("packet shorter than its opcode dropped", { session: session.id, length: body.length });
      return "empty";
    }
    const bound = tables.handlers.get(opcode);
    if (!bound) {
      noteUnknown(session, opcode, body.length);
      return tables.configured.has(opcode) ? "unimplemented" : "unknown-opcode";
    }
    if (budget) {
      const verdict = budget.admitClass(packetClassOf(bound.name), now());
      if (verdict !== "ok") return overBudget(session, verdict, opcode);
    }
    const fields = { session: session.id, opcode: formatOpcode(opcode), handler: bound.name };
    if (bound.validator === "LoggedInValidator") {
      if (!session.accountId) {
        log.debug("packet before login completion dropped", fields);
        return "not-ready";
      }
      if (!options.isLoggedIn(session)) {
        log.error("account not logged in; closing session", { ...fields, accountId: session.accountId });
        session.close("not-logged-in");
        return "rejected";
      }
    }
    try {
      await bound.handle(session, options.newReader(body, tables.opcodeWidth), bound.options);
    } catch (err) {
      if (isReadError(err)) {
        if (options.readErrors === "rethrow") {
          options.onOutcome?.(session, "malformed", opcode);
          throw err;
        }
        log.warn("malformed packet dropped", { ...fields, error: errorMessage(err) });
        return "malformed";
      }
      log.error("packet handler failed", { ...fields, error: err });
      return "failed";
    }
    options.onHandled?.(session, bound);
    return "handled";
  }

  return async (session, body) => {
    const outcome = await route(session, body);
    options.onOutcome?.(session, outcome, readOpcode(body, tables.opcodeWidth));
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The writer half of {@link OpcodeTables} (independent of session and reader types). */
export type WriterTables = Pick<OpcodeTables<never, never>, "label" | "opcodeWidth" | "writers">;

/** Sending by a writer name the tenant's configuration does not bind (nothing is sent). */
export class WriterNotFoundError extends Error {
  override name = "WriterNotFoundError";
  /** The name asked for. */
  readonly writerName: string;
  constructor(writerName: string, label: string) {
    super(`writer not found: ${writerName} has no opcode for ${label}`);
    this.writerName = writerName;
  }
}

/** The binding of a writer name (aliases accepted); throws {@link WriterNotFoundError}. */
export function resolveWriter(tables: WriterTables, writerName: string): BoundWriter {
  const bound = tables.writers.get(canonicalWriterName(writerName));
  if (!bound) throw new WriterNotFoundError(writerName, tables.label);
  return bound;
}

/** True when the tenant binds `writerName`. */
export function hasWriter(tables: WriterTables, writerName: string): boolean {
  return tables.writers.has(canonicalWriterName(writerName));
}

/**
 * Encodes an outbound body: the writer's opcode in the tenant's width, then the payload `build` returns
 * from the writer's options. Throws {@link WriterNotFoundError} before calling `build` when the writer has
 * no opcode.
 */
export function encodePacket(
  tables: WriterTables,
  writerName: string,
  build: (options: WriterOptions) => Uint8Array,
): Uint8Array {
  const bound = resolveWriter(tables, writerName);
  return prependOpcode(tables.opcodeWidth, bound.opcode, build(bound.options));
}

/**
 * Writes an outbound body with a {@link PacketWriter}: the writer's opcode in the tenant's width, then
 * whatever `build` writes given the writer's options. Throws {@link WriterNotFoundError} before calling
 * `build` when the writer has no opcode.
 */
export function writePacket(
  tables: WriterTables,
  writerName: string,
  build: (writer: PacketWriter, options: WriterOptions) => void,
): Uint8Array {
  const bound = resolveWriter(tables, writerName);
  const writer = packetWriter();
  // The opcode fits the width: buildOpcodeTables rejects wider ones.
  if (tables.opcodeWidth === 1) writer.byte(bound.opcode);
  else writer.uint16(bound.opcode);
  build(writer, bound.options);
  return writer.toBytes();
}
