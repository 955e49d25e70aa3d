/**
 * Every client vector (`vectors.json`, copied unchanged from ../shared/reference/client-vectors: the bytes
 * Atlas's client-pinned packet library `libs/atlas-packet` at d59a1ad2df produces for its own fixture
 * inputs) run through our writers and readers, for each version we serve: GMS v83, v87, v92, v95 and JMS
 * v185. Clientbound cases: our writer's body must equal the vector's bytes. Serverbound cases (`sb_*`):
 * our reader must read the vector's bytes into the input's fields with nothing left over.
 *
 * The expected bytes are data from that file, never produced by our code. Two inputs are not in the
 * bytes' own terms and are normalised here: the equipment entries of `spawn_*` cases (Go map order,
 * compared as a set, see the vectors' README) and the server clock of SetField (the vectors pin a FILETIME
 * our writer takes from its clock; the last eight bytes are compared against the FILETIME of the clock we
 * pass).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import { type PacketReader, packetReader } from "../../../src/protocol/reader.ts";
import type { Tenant } from "../../../src/tenant.ts";
import type { ClientVersion } from "../../../src/features/character/version.ts";
import { writeSetFieldLogin, writeSetFieldWarp } from "../../../src/features/character/set-field.ts";
import type { CharacterData } from "../../../src/features/character/data.ts";
import type { Character } from "../../../src/features/character/rest.ts";
import type { Asset } from "../../../src/features/inventory/rest.ts";
import type { Pet } from "../../../src/features/pet/rest.ts";
import { characterDespawnBody, characterSpawnBody } from "../../../src/features/map/writers.ts";
import { writeCharacterExpression } from "../../../src/features/expression/writers.ts";
import { readExpressionRequest } from "../../../src/features/expression/mod.ts";
import { characterMovementBody } from "../../../src/features/movement/writers.ts";
import type { MovementElement, MovementLayout } from "../../../src/features/movement/path.ts";
import { readCharacterMove } from "../../../src/features/movement/handlers.ts";
import { writeAutoPotion, writeKeyMap, writeKeyMapReset } from "../../../src/features/keymap/writers.ts";
import { readKeyMapChange } from "../../../src/features/keymap/handlers.ts";
import { AUTO_HP_KEY, ITEM_BINDING_TYPE } from "../../../src/features/keymap/rest.ts";
import { writeCharacterSkillMacro } from "../../../src/features/skill/writers.ts";
import { writeCharacterBuffGive } from "../../../src/features/buff/writers.ts";
import { statChangedBody, type StatUpdate } from "../../../src/features/stats/writers.ts";
import { writeChannelChange } from "../../../src/features/login/writers.ts";
import { readChannelChangeRequest } from "../../../src/features/login/mod.ts";
import { writeCashShopCashQueryResult } from "../../../src/features/cash-shop/writers.ts";
import { readCashShopEntry } from "../../../src/features/cash-shop/handlers.ts";
import {
  WHISPER_MODES,
  writeChatGeneral,
  writeChatMulti,
  writeWhisperError,
  writeWhisperFindResult,
  writeWhisperReceipt,
  writeWhisperSendResult,
} from "../../../src/features/chat/writers.ts";
import { readGeneralChat, readMultiChat, readWhisper } from "../../../src/features/chat/handlers.ts";
import { type WorldMessageMode, writeWorldMessage } from "../../../src/features/system-message/writers.ts";
import { readMapChange, readPortalScript } from "../../../src/features/portal/handlers.ts";

// deno-lint-ignore no-explicit-any
type Input = any;
interface Case {
  fixture: string;
  input: Input;
  bytes: Record<string, string>;
}
const VECTORS = JSON.parse(
  Deno.readTextFileSync(new URL("./vectors.json", import.meta.url)),
) as { cases: Record<string, Case> };

/** The versions this server serves, as the vectors name them. */
const VERSIONS: Readonly<Record<string, ClientVersion>> = {
  GMS83: { region: "GMS", majorVersion: 83 },
  GMS87: { region: "GMS", majorVersion: 87 },
  GMS92: { region: "GMS", majorVersion: 92 },
  GMS95: { region: "GMS", majorVersion: 95 },
  JMS185: { region: "JMS", majorVersion: 185 },
};

function tenantOf(v: ClientVersion): Tenant {
  return {
    id: "00000000-0000-4000-8000-00000000ve00",
    region: v.region,
    majorVersion: v.majorVersion,
    minorVersion: 1,
  } as Tenant;
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function hexOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function written(write: (w: PacketWriter) => void): Uint8Array {
  const w = packetWriter();
  write(w);
  return w.toBytes();
}

/** `"NOTICE(0)"` → the mode name and its code. */
function modeOf(text: string): { name: string; code: number } {
  const match = /^([A-Z_]+)\((\d+)\)$/.exec(text);
  if (!match) throw new Error(`unexpected mode ${text}`);
  return { name: match[1], code: Number(match[2]) };
}

/** `["NORMAL:NORMAL", ...]` → a `types` writer/handler option. */
function typesOption(list: readonly string[]): Record<string, unknown> {
  return { types: list.map((entry) => ({ Name: entry.split(":")[0], Type: entry.split(":")[1] })) };
}

/** The `statistics` option the stat fixtures use (Atlas's testStatOptions, same as the v83 template). */
const STAT_OPTIONS = {
  statistics: [
    "SKIN",
    "FACE",
    "HAIR",
    "PET_SN_1",
    "LEVEL",
    "JOB",
    "STRENGTH",
    "DEXTERITY",
    "INTELLIGENCE",
    "LUCK",
    "HP",
    "MAX_HP",
    "MP",
    "MAX_MP",
    "AVAILABLE_AP",
    "AVAILABLE_SP",
    "EXPERIENCE",
    "FAME",
    "MESO",
    "PET_SN_2",
    "PET_SN_3",
    "GACHAPON_EXPERIENCE",
  ],
}; // deno-fmt-ignore

function element(e: Input): MovementElement {
  return {
    type: e.type,
    layout: e.layout as MovementLayout,
    x: e.x ?? 0,
    y: e.y ?? 0,
    vx: e.vx ?? 0,
    vy: e.vy ?? 0,
    foothold: e.fh ?? 0,
    fallStartFoothold: 0,
    xOffset: e.xOffset ?? 0,
    yOffset: e.yOffset ?? 0,
    moveAction: e.moveAction,
    elapsed: e.elapsed,
    stat: 0,
  };
}

function equipAsset(slot: number, templateId: number): Asset {
  return {
    id: templateId,
    slot: -slot,
    templateId,
    expiration: null,
    referenceId: 0,
    payload: { kind: "equipable", data: {} },
  } as unknown as Asset;
}

const SPAWN_AVATAR = {
  gender: 0,
  skin: 1,
  face: 20000,
  hair: 30000,
  equip: { "5": 1040002, "6": 1060002, "7": 1072001 } as Record<string, number>,
};

function spawnBytes(v: ClientVersion, input: Input): Uint8Array {
  const avatar = input.avatar === "zero"
    ? { gender: 0, skin: 0, face: 0, hair: 0, equip: {} as Record<string, number> }
    : input.avatar === "as spawn_avatar"
    ? SPAWN_AVATAR
    : input.avatar;
  const pets = (input.pets ?? []).map((p: Input) =>
    ({
      slot: p.slot,
      templateId: p.templateId,
      name: p.name,
      id: p.id,
      x: p.x,
      y: p.y,
      stance: p.stance,
      fh: p.fh,
    }) as Pet
  );
  const guild = input.guild;
  return written((w) =>
    characterSpawnBody(
      v,
      {
        id: input.characterId,
        name: input.name,
        level: input.level,
        jobId: input.jobId,
        x: input.x,
        y: input.y,
        stance: input.stance,
        foothold: input.fh,
        look: {
          gender: avatar.gender,
          skinColor: avatar.skin,
          face: avatar.face,
          hair: avatar.hair,
          equipment: Object.entries(avatar.equip as Record<string, number>).map(([slot, item]) => ({
            position: -Number(slot),
            equip: equipAsset(Number(slot), item),
          })),
          // The fixture's avatar lists no pet items; the pets walk beside the character.
          pets: [],
        },
        pets,
        guild: {
          name: guild.name,
          logoBackground: guild.logoBg ?? 0,
          logoBackgroundColor: guild.logoBgColor ?? 0,
          logo: guild.logo ?? 0,
          logoColor: guild.logoColor ?? 0,
        },
        buffs: [],
      },
      input.enteringField,
      0,
    )(w, {})
  );
}

/**
 * Sorts the `(u8 slot, u32 item)` entries of the avatar's visible-equipment list (the vectors' order
 * comes from a Go map); the list starts after `gender, skin, face, !mega, hair` and ends at `FF`.
 */
function normaliseEquipment(bytes: Uint8Array, avatar: typeof SPAWN_AVATAR): string {
  const head = written((w) =>
    w.byte(avatar.gender).byte(avatar.skin).uint32(avatar.face).byte(1).uint32(avatar.hair)
  );
  const hex = hexOf(bytes);
  const at = hex.indexOf(hexOf(head));
  if (at < 0 || at % 2 !== 0) return hex;
  let start = at + head.length * 2;
  const entries: string[] = [];
  while (hex.slice(start, start + 2) !== "ff" && start < hex.length) {
    entries.push(hex.slice(start, start + 10));
    start += 10;
  }
  return hex.slice(0, at + head.length * 2) + entries.sort().join("") + hex.slice(start);
}

function characterData(input: Input): CharacterData {
  const s = input.stats;
  const character = {
    id: s.id,
    accountId: 0,
    worldId: 0,
    name: s.name,
    level: s.level,
    experience: s.exp,
    gachaponExperience: 0,
    strength: s.str,
    dexterity: s.dex,
    intelligence: s.int,
    luck: s.luk,
    hp: s.hp,
    maxHp: s.maxHp,
    mp: s.mp,
    maxMp: s.maxMp,
    meso: input.meso,
    hpMpUsed: 0,
    jobId: s.job,
    skinColor: s.skin,
    gender: s.gender,
    fame: s.fame,
    hair: s.hair,
    face: s.face,
    ap: s.ap,
    sp: String(s.sp),
    mapId: s.mapId,
    spawnPoint: s.spawnPoint,
    gm: 0,
    x: 0,
    y: 0,
    stance: 0,
  } satisfies Character;
  return {
    character,
    inventory: {
      characterId: s.id,
      compartments: (input.capacities as number[]).map((capacity, i) => ({
        id: `c${i}`,
        type: i + 1,
        capacity,
        assets: [],
      })),
    },
    skills: [],
    pets: [],
  };
}

/** FILETIME → Unix ms (the clock our SetField writers take). */
function unixMsOf(fileTime: bigint): number {
  return Number((fileTime - 116_444_736_000_000_000n) / 10_000n);
}

/** Reads `bytes` with `read` and checks that nothing is left over. */
function readAll<T>(bytes: Uint8Array, read: (r: PacketReader) => T): T {
  const reader = packetReader(bytes);
  const value = read(reader);
  assertEquals(reader.remaining, 0, "bytes left over after reading");
  return value;
}

type Check = (v: ClientVersion, expected: Uint8Array, input: Input) => void;

function writes(build: (v: ClientVersion, input: Input) => Uint8Array): Check {
  return (v, expected, input) => assertEquals(hexOf(build(v, input)), hexOf(expected));
}

const worldMessage = writes((_v, input) => {
  const mode = modeOf(input.mode);
  return written((w) =>
    writeWorldMessage(w, { operations: { [mode.name]: mode.code } }, {
      mode: mode.name as WorldMessageMode,
      text: input.message,
      itemId: input.itemId,
    })
  );
});

const whisperFind = writes((_v, input) =>
  written((w) => {
    if (input.mapId !== undefined) {
      writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, {
        kind: "MAP",
        name: input.targetName,
        mapId: input.mapId,
        x: input.x ?? 0,
        y: input.y ?? 0,
      }, input.x !== undefined);
    } else if (input.channelId !== undefined) {
      writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, {
        kind: "OTHER_CHANNEL",
        name: input.targetName,
        channelId: input.channelId,
      });
    }
  })
);

function spawnCheck(v: ClientVersion, expected: Uint8Array, input: Input): void {
  const avatar = input.avatar === "zero"
    ? undefined
    : input.avatar === "as spawn_avatar"
    ? SPAWN_AVATAR
    : input.avatar;
  const actual = spawnBytes(v, input);
  if (!avatar) assertEquals(hexOf(actual), hexOf(expected));
  else assertEquals(normaliseEquipment(actual, avatar), normaliseEquipment(expected, avatar));
}

function statUpdates(input: Input): StatUpdate[] {
  return (input.updates as [string, number | string][]).map(([stat, value]) => ({
    stat,
    value: typeof value === "string" ? BigInt(value) : value,
  }));
}

const CHECKS: Readonly<Record<string, Check>> = {
  general: writes((_v, i) =>
    written((w) =>
      writeChatGeneral(w, { characterId: i.characterId, gm: i.gm, message: i.message, balloonOnly: i.show })
    )
  ),
  wm_simple_hi: worldMessage,
  wm_notice: worldMessage,
  wm_topscroll: worldMessage,
  wm_bluetext: worldMessage,
  multi_hi: writes((_v, i) =>
    written((w) => writeChatMulti(w, { mode: i.mode, from: i.from, message: i.message }))
  ),
  multi: writes((_v, i) =>
    written((w) => writeChatMulti(w, { mode: i.mode, from: i.from, message: i.message }))
  ),
  whisper_send: writes((_v, i) => written((w) => writeWhisperSendResult(w, i.targetName, i.success))),
  whisper_receive: writes((_v, i) =>
    written((w) =>
      writeWhisperReceipt(w, { from: i.fromName, channelId: i.channelId, gm: i.gm, message: i.message })
    )
  ),
  whisper_find_cs: writes((_v, i) =>
    written((w) =>
      writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, { kind: "CASH_SHOP", name: i.targetName })
    )
  ),
  whisper_find_map: whisperFind,
  whisper_find_map_xy: whisperFind,
  whisper_find_channel: whisperFind,
  whisper_find_error: writes((_v, i) =>
    written((w) =>
      writeWhisperFindResult(w, WHISPER_MODES.FIND_RESULT, { kind: "NOT_FOUND", name: i.targetName })
    )
  ),
  whisper_error: writes((_v, i) => written((w) => writeWhisperError(w, i.targetName, !i.whispersEnabled))),
  warp: writes((v, i) =>
    written((w) =>
      writeSetFieldWarp(w, { mapId: i.mapId, portalId: i.portalId, hp: i.hp }, {
        version: v,
        channelId: i.channelId,
        now: () => unixMsOf(BigInt(i.timestamp)),
      })
    )
  ),
  setfield: (v, expected, i) => {
    const nowMs = 1_767_225_600_000;
    const seeds = (i.seeds as string[]).map((s) => Number(s));
    let next = 0;
    const actual = written((w) =>
      writeSetFieldLogin(w, characterData(i), {
        version: v,
        channelId: i.channelId,
        buddyCapacity: i.buddyCapacity,
        now: () => nowMs,
        seed: () => seeds[next++],
      })
    );
    // Everything but the trailing server time is the vector's; the time is the FILETIME of our clock.
    assertEquals(
      hexOf(actual.subarray(0, actual.length - 8)),
      hexOf(expected.subarray(0, expected.length - 8)),
    );
    const time = written((w) => w.int64(BigInt(nowMs) * 10_000n + 116_444_736_000_000_000n));
    assertEquals(hexOf(actual.subarray(actual.length - 8)), hexOf(time));
  },
  despawn: writes((_v, i) => written((w) => characterDespawnBody(i.characterId)(w, {}))),
  expression: writes((v, i) =>
    written((w) => writeCharacterExpression(w, v, i.characterId, i.expression, i.duration, i.byItemOption))
  ),
  expression_neg: writes((v, i) =>
    written((w) => writeCharacterExpression(w, v, i.characterId, i.expression, i.duration, i.byItemOption))
  ),
  movement: writes((v, i) =>
    written((w) =>
      characterMovementBody(v, Number(i.characterId), {
        startX: i.startX,
        startY: i.startY,
        elements: (i.elements as Input[]).map(element),
      })(w, typesOption(i["options.types"]))
    )
  ),
  spawn_empty: spawnCheck,
  spawn_avatar: spawnCheck,
  spawn_entering: spawnCheck,
  spawn_pets: spawnCheck,
  keymap: writes((_v, i) =>
    written((w) =>
      writeKeyMap(
        w,
        Object.entries(i.keys as Record<string, [number, number]>).map(([key, [type, action]]) => ({
          key: Number(key),
          type,
          action,
        })),
      )
    )
  ),
  keymap_reset: writes(() => written((w) => writeKeyMapReset(w))),
  autohp: writes((_v, i) => written((w) => writeAutoPotion(w, i.action))),
  automp: writes((_v, i) => written((w) => writeAutoPotion(w, i.action))),
  skillmacro: writes((_v, i) =>
    written((w) =>
      writeCharacterSkillMacro(
        w,
        (i.macros as Input[]).map((m) => ({
          name: m.name,
          shout: m.shout,
          skillId1: m.skills[0],
          skillId2: m.skills[1],
          skillId3: m.skills[2],
        })),
      )
    )
  ),
  buffgive_empty: writes((v) => written((w) => writeCharacterBuffGive(w, v, [], 0))),
  stat_level: writes((v, i) =>
    written((w) => statChangedBody(statUpdates(i), i.exclRequestSent)(w, STAT_OPTIONS, v))
  ),
  stat_multi: writes((v, i) =>
    written((w) => statChangedBody(statUpdates(i), i.exclRequestSent)(w, STAT_OPTIONS, v))
  ),
  stat_hp: writes((v, i) =>
    written((w) => statChangedBody(statUpdates(i), i.exclRequestSent)(w, STAT_OPTIONS, v))
  ),
  stat_v61set: writes((v, i) =>
    written((w) => statChangedBody(statUpdates(i), i.exclRequestSent)(w, STAT_OPTIONS, v))
  ),
  stat_empty: writes((v, i) =>
    written((w) => statChangedBody(statUpdates(i), i.exclRequestSent)(w, STAT_OPTIONS, v))
  ),
  channel_change_a: writes((_v, i) =>
    written((w) => writeChannelChange(w, { ip: (i.ip as string).split(".").map(Number), port: i.port }))
  ),
  channel_change_b: writes((_v, i) =>
    written((w) => writeChannelChange(w, { ip: (i.ip as string).split(".").map(Number), port: i.port }))
  ),
  cash_query: writes((v, i) =>
    written((w) =>
      writeCashShopCashQueryResult(w, { credit: i.credit, points: i.points, prepaid: i.prepaid }, v)
    )
  ),

  sb_general: (v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readGeneralChat(r, tenantOf(v))), {
      message: i.msg,
      balloonOnly: i.bOnlyBalloon,
    }),
  sb_general_hi: (v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readGeneralChat(r, tenantOf(v))), {
      message: i.msg,
      balloonOnly: i.bOnlyBalloon,
    }),
  sb_change: (v, bytes, i) => {
    const read = readAll(bytes, (r) => readMapChange(r, v));
    assertEquals(
      {
        fieldKey: read.fieldKey,
        targetId: read.targetMapId,
        portalName: read.portalName,
        x: read.x,
        y: read.y,
      },
      { fieldKey: i.fieldKey, targetId: i.targetId, portalName: i.portalName, x: i.x, y: i.y },
    );
    assertEquals({ premium: read.premium, chase: read.chase }, { premium: i.premium, chase: i.chase });
  },
  sb_multi: (v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readMultiChat(r, tenantOf(v))), {
      chatType: i.chatType,
      recipients: i.recipients,
      message: i.chatText,
    }),
  sb_whisper_find: (v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readWhisper(r, tenantOf(v))), {
      mode: i.mode,
      targetName: i.targetName,
    }),
  sb_whisper_chat: (v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readWhisper(r, tenantOf(v))), {
      mode: i.mode,
      targetName: i.targetName,
      message: i.msg,
    }),
  sb_portal_script: (_v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readPortalScript(r)), {
      fieldKey: i.fieldKey,
      portalName: i.portalName,
      x: i.x,
      y: i.y,
    }),
  sb_move_empty: (v, bytes, i) => {
    const { header, path } = readAll(bytes, (r) => readCharacterMove(r, v, {}));
    assertEquals(header.fieldKey, i.fieldKey);
    if (v.region === "GMS") assertEquals(header.crc, i.crc);
    assertEquals({ x: path.startX, y: path.startY, n: path.elements.length }, {
      x: i.startX,
      y: i.startY,
      n: 0,
    });
  },
  sb_move_path: (v, bytes, i) => {
    const { header, path } = readAll(bytes, (r) => readCharacterMove(r, v, typesOption(i["options.types"])));
    assertEquals(header.fieldKey, i.fieldKey);
    if (v.region === "GMS" && v.majorVersion >= 84) {
      assertEquals([header.dr0, header.dr1, header.dr2, header.dr3, header.crc, header.dwKey, header.crc32], [
        i.dr0,
        i.dr1,
        i.dr2,
        i.dr3,
        i.crc,
        i.dwKey,
        i.crc32,
      ]);
    } else if (v.region === "GMS") assertEquals(header.crc, i.crc);
    assertEquals([path.startX, path.startY], [i.startX, i.startY]);
    if (v.region === "GMS" && v.majorVersion >= 88) {
      assertEquals([path.startVx, path.startVy], [i.startVx, i.startVy]);
    }
    const offsets = v.region !== "GMS" || v.majorVersion >= 87;
    const expected = (i.elements as Input[]).map((e) => {
      const el = element(e);
      if (!offsets) el.xOffset = el.yOffset = 0;
      if (el.layout === "JUMP") [el.x, el.y] = [i.startX, i.startY];
      return el;
    });
    assertEquals(path.elements, expected);
  },
  sb_expression: (v, bytes, i) => {
    const read = readAll(bytes, (r) => readExpressionRequest(r, v));
    assertEquals(read.expression, i.emote);
    if (v.region === "GMS" && v.majorVersion > 87) {
      assertEquals([read.duration, read.byItemOption], [i.duration, i.byItemOption]);
    }
  },
  sb_keymap_mode0: (_v, bytes, i) =>
    assertEquals(
      readAll(bytes, (r) => readKeyMapChange(r)),
      (i.entries as number[][]).map(([key, type, action]) => ({ key, type, action })),
    ),
  sb_keymap_mode1: (_v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readKeyMapChange(r)), [
      { key: AUTO_HP_KEY, type: ITEM_BINDING_TYPE, action: i.itemId },
    ]),
  sb_channel_change: (_v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readChannelChangeRequest(r)), {
      channelId: i.channelId,
      updateTime: i.updateTime,
    }),
  sb_cash_entry: (_v, bytes, i) =>
    assertEquals(readAll(bytes, (r) => readCashShopEntry(r)), { updateTime: i.updateTime }),
}; // deno-fmt-ignore

Deno.test("client vectors: every case has a check", () => {
  const missing = Object.keys(VECTORS.cases).filter((name) => !Object.hasOwn(CHECKS, name));
  assertEquals(missing, []);
});

for (const [name, c] of Object.entries(VECTORS.cases)) {
  for (const [label, version] of Object.entries(VERSIONS)) {
    const hex = c.bytes[label];
    if (hex === undefined) continue;
    Deno.test(`client vector ${name} ${label} (${c.fixture.split("/").slice(-2).join("/")})`, () => {
      const check = CHECKS[name];
      assertTrue(check !== undefined, `no check for ${name}`);
      check(version, bytesOf(hex), c.input);
    });
  }
}
