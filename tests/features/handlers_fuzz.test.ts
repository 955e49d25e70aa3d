/**
 * Fuzzes every packet handler the features register, through the real app: three tenants (GMS 83, JMS
 * 185, GMS 12, from the reference templates) on the in-memory bus, each handler bound by the tenant's
 * opcode table and reached through the real listener, session read loop and dispatcher by headless
 * clients over TCP. Two boots: one with a fixture REST server answering what handlers look up (characters,
 * accounts, inventories, buddy lists; everything else 404, so the lookup-failure paths run too), one with
 * no REST services at all.
 *
 * Each stream is a session logged in as login leaves it (account, character, GM flag, cached character,
 * presence, account registry), or a fresh session that never logged in, sending random bodies and
 * mutations of valid bodies (truncations, byte flips, extreme length prefixes and counts, trailing
 * garbage, huge tails) in chunks. A chunk ends with a marker (a `CharacterLoggedIn` with a unique id,
 * whose log line proves every packet before it was dispatched, in order). A chunk never holds more packets
 * that may be malformed than the session still tolerates, so no packet is sent after the session's
 * close; a stream whose session reached the limit ends with one more malformed packet and must be
 * disconnected for `malformed-packets`. So the dispatcher's `net.packet{outcome}` counters must add up
 * exactly to the packets sent, every `malformed` outcome must have its "malformed packet" log line, and
 * nothing may end `failed` (a handler throwing something other than a read error), `rejected`,
 * `unknown-opcode` or `empty`.
 *
 * Then, one packet at a time on the idle app, mutated bodies of every handler: each one the session logs
 * as malformed must have published nothing (`kafka.publish.*` unchanged). A separate test checks that the
 * valid bodies the mutations start from are read whole by the handlers' own readers.
 *
 * Afterwards each app must still serve a new session: a real login through the account-session and world
 * responders (REST boot) or a login as the login domain leaves it (no-REST boot), then a general chat that
 * becomes a chat command.
 *
 * `FUZZ_SEED=<n>` replays a run; the seed is printed with every failure.
 * @module
 */
import { type App, startApp } from "../../src/app.ts";
import { parseSettings, type Settings } from "../../src/config/settings.ts";
import type { ChannelServer, Feature, FeatureContext } from "../../src/features/feature.ts";
import { FEATURES } from "../../src/features/mod.ts";
import { MemoryBroker } from "../../src/kafka/memory-bus.ts";
import { createBus } from "../../src/kafka/create-bus.ts";
import type { Tenant } from "../../src/tenant.ts";
import type { BoundHandler } from "../../src/net/dispatch.ts";
import type { Session } from "../../src/net/session.ts";
import { type PacketReader, packetReader } from "../../src/protocol/reader.ts";
import { readGeneralChat, readMultiChat, readWhisper } from "../../src/features/chat/handlers.ts";
import { readKeyMapChange } from "../../src/features/keymap/handlers.ts";
import { readCharacterMove } from "../../src/features/movement/handlers.ts";
import { readExpressionRequest } from "../../src/features/expression/mod.ts";
import { readMapChange, readPortalScript } from "../../src/features/portal/handlers.ts";
import { type PacketWriter, packetWriter } from "../../src/protocol/writer.ts";
import { setupLogging } from "../../src/observability/log.ts";
import { counterTotal } from "../../src/observability/metrics.ts";
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";
import { type Character, getCharacter } from "../../src/features/character/rest.ts";
import { createRestClient } from "../../src/rest/client.ts";
import { gmKey, loggedInCharacterKey } from "../../src/features/login/state.ts";
import {
  movementCodec,
  type MovementElement,
  movementTypesOf,
  writeMovementPath,
} from "../../src/features/movement/path.ts";
import { chatCommandContract } from "../../src/features/chat/messages.ts";
import { accountSessionResponder, worldResponder } from "../../src/sandbox/responders/mod.ts";
import { startJsonApiServer } from "../support/jsonapi-server.ts";
import { FIXTURE_CHARACTERS, type FixtureCharacter, serveCharacters } from "../support/field-fixtures.ts";
import { assertEquals, assertTrue, fail } from "../support/assert.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
/** Fuzz packets (not counting markers and closers) sent over both boots together. */
const TOTAL_PACKETS = Number(Deno.env.get("FUZZ_PACKETS") ?? 100_000);
/** Streams running at once. */
const WORKERS = 16;
/** The session option `maxMalformedPackets` the app runs with (the 11th malformed packet disconnects). */
const MALFORMED_TOLERANCE = 10;
/** Most packets in one chunk (fresh sessions send many not-ready packets per marker). */
const MAX_CHUNK = 48;
/** Packets per stream, before the malformed limit cuts it short. */
const STREAM_PACKETS = 60;
/** Share of the budget sent by sessions that never logged in. */
const FRESH_SHARE = 0.06;

const TEMPLATES = {
  gms83: new URL("../../../shared/reference/templates/template_gms_83_1.json", import.meta.url),
  jms185: new URL("../../../shared/reference/templates/template_jms_185_1.json", import.meta.url),
  gms12: new URL("../../../shared/reference/templates/template_gms_12_1.json", import.meta.url),
};

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness

/** A small seeded PRNG (mulberry32) with the helpers the generators need. */
class Rng {
  #a: number;
  constructor(seed: number) {
    this.#a = seed >>> 0;
  }
  next(): number {
    this.#a = (this.#a + 0x6d2b79f5) >>> 0;
    let t = this.#a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** 0 ≤ n < max. */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  u32(): number {
    return (this.next() * 2 ** 32) >>> 0;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  text(max: number): string {
    const n = this.int(max + 1);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(0x20 + this.int(0x5f));
    return s;
  }
  /** A stream-local generator derived from this one. */
  fork(): Rng {
    return new Rng(this.u32());
  }
}

// ---------------------------------------------------------------------------------------------------
// Valid bodies per handler, with the positions of their length prefixes and counts

/** A valid body and where its length prefixes and counts are (what "extreme lengths" mutate). */
interface Sample {
  bytes: Uint8Array;
  fields: { offset: number; size: 1 | 2 | 4 }[];
}

/** Builds a sample; `count`/`string` remember their prefix position. */
class SampleBuilder {
  readonly w: PacketWriter = packetWriter();
  readonly fields: Sample["fields"] = [];
  count(size: 1 | 2 | 4, value: number): this {
    this.fields.push({ offset: this.w.length, size });
    if (size === 1) this.w.byte(value);
    else if (size === 2) this.w.uint16(value);
    else this.w.uint32(value);
    return this;
  }
  string(s: string): this {
    this.fields.push({ offset: this.w.length, size: 2 });
    this.w.string(s);
    return this;
  }
  build(): Sample {
    return { bytes: this.w.toBytes(), fields: this.fields };
  }
}

interface SampleContext {
  tenant: Tenant;
  options: BoundHandler<Session, PacketReader>["options"];
}

type SampleWriter = (b: SampleBuilder, rng: Rng, at: SampleContext) => void;

const isGms = (t: Tenant, test: (major: number) => boolean) => t.region === "GMS" && test(t.majorVersion);
/** Character ids of fuzzed CharacterLoggedIn bodies: far from fixture ids and from marker ids. */
const fuzzCharacterId = (rng: Rng) => 0x0100_0000 + rng.int(0x0e00_0000);

function writeMovement(b: SampleBuilder, rng: Rng, { tenant, options }: SampleContext): void {
  // Client layout (libs/atlas-packet character/serverbound/move.go): GMS v84+ anti-cheat fields,
  // GMS v72+ crc, JMS the field key only.
  const antiCheat = isGms(tenant, (m) => m >= 84);
  if (antiCheat) b.w.uint32(rng.u32()).uint32(rng.u32());
  b.w.byte(rng.int(256));
  if (antiCheat) b.w.uint32(rng.u32()).uint32(rng.u32());
  if (isGms(tenant, (m) => m >= 72)) b.w.uint32(rng.u32());
  if (antiCheat) b.w.uint32(rng.u32()).uint32(rng.u32());
  const codec = movementCodec(tenant, options);
  const typeCount = movementTypesOf(options)?.length ?? 1;
  const i16 = () => rng.int(0x10000) - 0x8000;
  const elements: MovementElement[] = Array.from(
    { length: rng.chance(0.05) ? rng.int(256) : rng.int(6) },
    () => {
      const type = rng.int(typeCount);
      return {
        type,
        layout: codec.layoutOf(type),
        x: i16(),
        y: i16(),
        vx: i16(),
        vy: i16(),
        foothold: i16(),
        fallStartFoothold: i16(),
        xOffset: i16(),
        yOffset: i16(),
        moveAction: rng.int(256),
        elapsed: i16(),
        stat: rng.int(256),
      };
    },
  );
  // the element count, after the start position (and the start velocity of GMS v88+)
  b.fields.push({ offset: b.w.length + (codec.startVelocity ? 8 : 4), size: 1 });
  writeMovementPath(b.w, { startX: i16(), startY: i16(), startVx: i16(), startVy: i16(), elements }, codec);
}

/** Valid bodies of the handlers the features register (layouts: the handlers' doc comments). */
const SAMPLES: Readonly<Record<string, SampleWriter>> = {
  CharacterLoggedInHandle: (b, rng) => void b.w.uint32(fuzzCharacterId(rng)).uint16(0),
  ChannelChangeHandle: (b, rng) => void b.w.byte(rng.int(4)).uint32(rng.u32()),
  CashShopEntryHandle: (b, rng) => void b.w.uint32(rng.u32()),
  CharacterChatGeneralHandle: (b, rng, { tenant }) => {
    if (isGms(tenant, (m) => m >= 87) || tenant.region === "JMS") b.w.uint32(rng.u32());
    b.string(rng.text(rng.chance(0.03) ? 4000 : 40)).w.bool(rng.chance(0.5));
  },
  CharacterChatMultiHandle: (b, rng, { tenant }) => {
    const count = rng.chance(0.05) ? rng.int(256) : rng.int(4);
    if (isGms(tenant, (m) => m >= 95)) b.w.uint32(rng.u32());
    b.w.byte(rng.int(5));
    b.count(1, count);
    for (let i = 0; i < count; i++) b.w.uint32(rng.u32());
    b.string(rng.text(40));
  },
  CharacterChatWhisperHandle: (b, rng, { tenant }) => {
    const mode = rng.pick([5, 6, 6, 68, rng.int(256)]);
    b.w.byte(mode);
    if (isGms(tenant, (m) => m >= 87) || tenant.region === "JMS") b.w.uint32(rng.u32());
    b.string(rng.text(13));
    if (mode === 6) b.string(rng.text(60));
  },
  CharacterExpressionHandle: (b, rng, { tenant }) => {
    b.w.uint32(rng.chance(0.8) ? rng.int(8) : rng.u32());
    if (isGms(tenant, (m) => m > 87)) b.w.int32(rng.pick([-1, 3000, rng.u32() | 0])).bool(rng.chance(0.2));
  },
  CharacterKeyMapChangeHandle: (b, rng) => {
    const mode = rng.pick([0, 0, 1, 2]);
    b.w.uint32(mode);
    if (mode !== 0) {
      b.w.uint32(2_000_000 + rng.int(1000));
      return;
    }
    const count = rng.chance(0.02) ? 1 + rng.int(90) : 1 + rng.int(3);
    b.count(4, count);
    for (let i = 0; i < count; i++) b.w.int32(rng.int(90)).int8(rng.int(9)).int32(rng.int(100_000));
  },
  CharacterMoveHandle: writeMovement,
  MapChangeHandle: (b, rng, { tenant }) => {
    if (rng.chance(0.1)) return; // the empty body: return from the cash shop
    b.w.byte(rng.int(256)).uint32(rng.chance(0.5) ? 0xffff_ffff : rng.u32());
    const portal = rng.pick(["", ...PORTAL_NAMES, rng.text(12)]);
    b.string(portal);
    if (portal.length > 0) b.w.int16(rng.int(2000) - 1000).int16(rng.int(2000) - 1000);
    b.w.byte(0).byte(rng.int(2));
    if (isGms(tenant, (m) => m >= 83)) {
      const chase = rng.chance(0.3);
      b.w.bool(chase);
      if (chase) b.w.int32(rng.u32() | 0).int32(rng.u32() | 0);
    }
  },
  PortalScriptHandle: (b, rng) => {
    b.w.byte(rng.int(256));
    b.string(rng.pick([...PORTAL_NAMES, rng.text(12)]));
    b.w.int16(rng.int(2000) - 1000).int16(rng.int(2000) - 1000);
  },
  CharacterDistributeApHandle: (b, rng) =>
    void b.w.uint32(rng.u32()).uint32(rng.pick([64, 128, 256, 512, 2048, 8192, rng.u32()])),
  CharacterAutoDistributeApHandle: (b, rng) => {
    const pairs = rng.chance(0.05) ? rng.int(60) : rng.int(4);
    b.w.uint32(rng.u32());
    b.count(4, pairs);
    for (let i = 0; i < pairs; i++) {
      b.w.uint32(rng.pick([64, 128, 256, 512, 2048, 8192])).uint32(1 + rng.int(rng.chance(0.9) ? 127 : 1000));
    }
  },
  CharacterDistributeSpHandle: (b, rng) => void b.w.uint32(rng.u32()).uint32(rng.chance(0.1) ? 0 : rng.u32()),
  CharacterHealOverTimeHandle: (b, rng, { tenant }) => {
    b.w.uint32(rng.u32()).uint32(0x1400).int16(rng.int(200) - 10).int16(rng.int(200) - 10);
    if (isGms(tenant, (m) => m <= 95)) b.w.byte(0);
  },
  CharacterDropMesoHandle: (b, rng) =>
    void b.w.uint32(rng.u32()).uint32(rng.chance(0.9) ? 10 + rng.int(50_000) : rng.u32()),
};
// The GMS 83 template's spelling resolves to the same handler.
const sampleFor = (name: string): SampleWriter | undefined =>
  SAMPLES[name] ?? (name === "CharacterMultiChatHandle" ? SAMPLES.CharacterChatMultiHandle : undefined);

/** The map every fuzz session stands in (shared, so movement is broadcast to the others). */
const FUZZ_MAP = 910_000_000;
/** Portal names the REST boot's data service knows in {@link FUZZ_MAP}. */
const PORTAL_NAMES = ["sp", "in00", "out01"];

/** Largest body a fuzz packet gets (the session's default limit is 16 KiB with the opcode). */
const MAX_FUZZ_BODY = 15_000;

/** A fuzz body for `handler`: random bytes, a valid body, or a mutation of one. */
function fuzzBody(rng: Rng, handler: BoundHandler<Session, PacketReader>, tenant: Tenant): Uint8Array {
  const write = sampleFor(handler.name);
  const random = () => {
    const size = rng.next();
    return rng.bytes(size < 0.7 ? rng.int(17) : size < 0.9 ? 17 + rng.int(240) : 257 + rng.int(4000));
  };
  if (!write) return random();
  const builder = new SampleBuilder();
  write(builder, rng, { tenant, options: handler.options });
  const { bytes: valid, fields } = builder.build();
  const kind = rng.next();
  if (kind < 0.15) return random();
  if (kind < 0.4) return valid;
  if (kind < 0.55) return valid.slice(0, rng.int(Math.max(1, valid.length))); // truncated
  if (kind < 0.75) { // byte flips
    const out = valid.length > 0 ? valid.slice() : rng.bytes(1 + rng.int(4));
    for (let n = 1 + rng.int(4); n > 0; n--) {
      const at = rng.int(out.length);
      const how = rng.int(4);
      out[at] = how === 0 ? out[at] ^ (1 << rng.int(8)) : how === 1 ? 0xff : how === 2 ? 0 : 0x80;
    }
    return out;
  }
  if (kind < 0.87) { // an extreme length prefix or count
    const out = valid.slice();
    const field = fields.length > 0 && rng.chance(0.85)
      ? rng.pick(fields)
      : { offset: rng.int(Math.max(1, out.length)), size: rng.pick([1, 2, 4] as const) };
    const view = new DataView(out.buffer);
    const max = 2 ** (8 * field.size) - 1;
    const value = rng.pick([
      0,
      max,
      max - 1,
      2 ** (8 * field.size - 1),
      2 ** (8 * field.size - 1) - 1,
      rng.u32() % (max + 1),
    ]);
    for (let i = 0; i < field.size && field.offset + i < out.length; i++) {
      view.setUint8(field.offset + i, (value / 2 ** (8 * i)) & 0xff);
    }
    return out;
  }
  if (kind < 0.94) return concat(valid, rng.bytes(1 + rng.int(64))); // trailing garbage
  if (kind < 0.97) { // a huge tail
    return concat(
      valid,
      rng.bytes(Math.max(0, Math.min(MAX_FUZZ_BODY - valid.length, 1000 + rng.int(12_000)))),
    );
  }
  const at = rng.int(valid.length + 1); // bytes spliced in
  return concat(valid.subarray(0, at), rng.bytes(1 + rng.int(32)), valid.subarray(at));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function withOpcode(channel: ChannelServer, opcode: number, body: Uint8Array): Uint8Array {
  const width = channel.tables.opcodeWidth;
  const out = new Uint8Array(width + body.length);
  out[0] = opcode & 0xff;
  if (width === 2) out[1] = opcode >> 8;
  out.set(body, width);
  return out;
}

const hex = (b: Uint8Array) => Array.from(b.subarray(0, 64), (x) => x.toString(16).padStart(2, "0")).join("");

// ---------------------------------------------------------------------------------------------------
// The log: per-session malformed drops, markers, handler failures

interface LogWatch {
  malformed: Map<string, number>;
  /** `sessionId|characterId` → resolver, for markers. */
  waiting: Map<string, () => void>;
  /** Lines that must not happen (a handler failure), each with the chunk its session was sending. */
  failures: string[];
  /** The packets (hex) of the chunk each session is sending, for failure reports. */
  chunks: Map<string, string[]>;
}

function watchLog(): LogWatch {
  const watch: LogWatch = { malformed: new Map(), waiting: new Map(), failures: [], chunks: new Map() };
  setupLogging("warn", (line) => {
    if (line.includes('"msg":"misbehaving packet"')) {
      const { sessionId } = JSON.parse(line) as { sessionId: string };
      watch.malformed.set(sessionId, (watch.malformed.get(sessionId) ?? 0) + 1);
    } else if (line.includes('"logger":"login"')) {
      const { sessionId, characterId } = JSON.parse(line) as { sessionId?: string; characterId?: number };
      watch.waiting.get(`${sessionId}|${characterId}`)?.();
    } else if (line.includes('"msg":"packet handler failed"')) {
      const { session } = JSON.parse(line) as { session?: string };
      watch.failures.push(
        `${line}\n  its chunk:\n    ${(watch.chunks.get(session ?? "") ?? []).join("\n    ")}`,
      );
    }
  });
  return watch;
}

// ---------------------------------------------------------------------------------------------------
// Booting an app

const OUTCOMES = [
  "handled",
  "empty",
  "unknown-opcode",
  "not-ready",
  "rejected",
  "malformed",
  "failed",
] as const;
type Outcomes = Record<typeof OUTCOMES[number], number>;
const outcomeCounters = (): Outcomes =>
  Object.fromEntries(OUTCOMES.map((o) => [o, counterTotal("net.packet", { outcome: o })])) as Outcomes;

interface FuzzApp {
  app: App;
  ctx: FeatureContext;
  settings: Settings;
  broker: MemoryBroker;
  /** The fixture characters the workers play, fetched as login caches them. */
  characters: Map<number, Character>;
  fixtures: FixtureCharacter[];
  served: boolean;
  stop(): Promise<void>;
}

function freePorts(n: number): number[] {
  const listeners = Array.from({ length: n }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function bootFuzzApp(served: boolean): Promise<FuzzApp> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const rest = await startJsonApiServer();
    cleanups.push(() => rest.close());
    const base = FIXTURE_CHARACTERS[0];
    // One character per worker, plus the one the final login check plays.
    const fixtures = Array.from({ length: WORKERS + 1 }, (_, i): FixtureCharacter => ({
      ...base,
      id: 7000 + i,
      accountId: 8000 + i,
      name: `Fuzz${i}`,
      pets: [],
    }));
    serveCharacters(rest, fixtures);
    // Enough for the handlers' success paths too: a channel change / cash-shop return target (channel 1),
    // one with an address the client cannot use (channel 2), and the portals of the fuzz map.
    const channelDocument = (channelId: number, ipAddress: string) => ({
      data: {
        type: "channels",
        id: crypto.randomUUID(),
        attributes: {
          worldId: 0,
          channelId,
          ipAddress,
          port: 7575,
          currentCapacity: 0,
          maxCapacity: 0,
          createdAt: "2026-01-15T18:04:05.123456789Z",
        },
      },
    });
    rest.on("GET", "worlds/0/channels/1", { json: channelDocument(1, "127.0.0.1") });
    rest.on("GET", "worlds/0/channels/2", { json: channelDocument(2, "::1") });
    PORTAL_NAMES.forEach((name, id) => {
      rest.on("GET", `data/maps/${FUZZ_MAP}/portals?name=${encodeURIComponent(name)}`, {
        json: { data: [{ type: "portals", id: String(id), attributes: { name, targetMapId: FUZZ_MAP } }] },
      });
    });

    const dir = await Deno.makeTempDir({ prefix: "atlas-fuzz-" });
    cleanups.push(() => Deno.remove(dir, { recursive: true }));
    const ports = freePorts(3);
    const tenants = Object.entries(TEMPLATES).map(([name, url], i) => ({
      id: crypto.randomUUID(),
      name,
      url,
      port: ports[i],
    }));
    for (const t of tenants) await Deno.copyFile(t.url, `${dir}/${t.name}.json`);
    const configPath = `${dir}/config.json`;
    await Deno.writeTextFile(
      configPath,
      JSON.stringify({
        service: {
          tasks: [{ type: "timeout", interval: 60_000, duration: 3_600_000 }],
          tenants: tenants.map((t) => ({
            id: t.id,
            ipAddress: "127.0.0.1",
            worlds: [{ id: 0, channels: [{ id: 1, port: t.port }] }],
          })),
        },
        tenants: tenants.map((t) => ({ id: t.id, file: `${t.name}.json` })),
      }),
    );
    const args = [
      "--service-id",
      crypto.randomUUID(),
      "--bind-address",
      "127.0.0.1",
      "--config",
      configPath,
      "--registration-interval-ms",
      "3600000",
      // Handler robustness is under test here, not the packet budgets (tests/net/packet-limits.test.ts).
      "--packet-rate",
      "100000000",
      "--movement-rate",
      "100000000",
      "--chat-rate",
      "100000000",
      ...(served ? ["--base-service-url", rest.root] : []),
    ];
    const outcome = parseSettings(args, {});
    if (outcome.kind !== "run") throw new Error(`settings rejected: ${JSON.stringify(outcome)}`);
    const settings = outcome.settings;
    const broker = new MemoryBroker();
    let ctx: FeatureContext | undefined;
    const probe: Feature = { name: "fuzz-probe", contracts: [], start: (c) => void (ctx = c) };
    const app = await startApp(settings, { features: [...FEATURES, probe], memoryBroker: broker, env: {} });
    cleanups.push(() => app.stop());
    assertEquals(app.channels.length, 3, "one channel per tenant");

    // The test's own look-ups: the character as login caches it on the session.
    const lookups = createRestClient({ baseServiceUrl: rest.root });
    const characters = new Map<number, Character>();
    for (const f of fixtures) characters.set(f.id, await getCharacter(lookups, app.channels[0].tenant, f.id));
    return { app, ctx: ctx!, settings, broker, characters, fixtures, served, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// Sessions

const connectLocks = new Map<ChannelServer, Promise<unknown>>();

/** Connects a client and finds its server-side session (connections to one channel are serialised). */
async function connect(channel: ChannelServer): Promise<{ client: HeadlessClient; session: Session }> {
  const previous = connectLocks.get(channel) ?? Promise.resolve();
  const attempt = previous.catch(() => {}).then(async () => {
    const before = new Set(channel.sessions.keys());
    const client = await connectClient({ port: channel.port });
    const deadline = Date.now() + 5000;
    while (true) {
      const fresh = [...channel.sessions.values()].filter((s) => !before.has(s.id));
      if (fresh.length === 1) return { client, session: fresh[0] };
      if (fresh.length > 1) throw new Error("more than one new session during a serialised connect");
      if (Date.now() > deadline) throw new Error("the server never registered the new session");
      await new Promise((r) => setTimeout(r, 1));
    }
  });
  connectLocks.set(channel, attempt);
  return await attempt;
}

/** What login completion leaves on a session and in the shared indexes (login/mod.ts `completeLogin`). */
function logInAsLoginDoes(ctx: FeatureContext, session: Session, character: Character, mapId: number): void {
  session.accountId = character.accountId;
  session.characterId = character.id;
  session.set(gmKey, false);
  session.set(loggedInCharacterKey, character);
  ctx.accounts.setLoggedIn(session.tenant, character.accountId, true);
  ctx.presence.bindCharacter(session, character.id);
  ctx.presence.enter(session, mapId);
}

// ---------------------------------------------------------------------------------------------------
// Streams

interface Totals {
  sent: number;
  fuzz: number;
  markers: number;
  closers: number;
  /** LoggedIn-validated packets sent by sessions that never logged in. */
  notReady: number;
  disconnects: number;
  streams: number;
  byHandler: Map<string, number>;
}

interface StreamPlan {
  label: string;
  channel: ChannelServer;
  /** The handler fuzzed; undefined for a fresh session fuzzing every handler. */
  handler?: BoundHandler<Session, PacketReader>;
  packets: number;
}

let markerSeq = 0;
const nextMarkerId = () => 0xf000_0000 + (markerSeq++ & 0x0fff_ffff);

function loginHandler(channel: ChannelServer): BoundHandler<Session, PacketReader> {
  const found = [...channel.tables.handlers.values()].find((h) => h.name === "CharacterLoggedInHandle");
  if (!found) throw new Error(`${channel.tables.label} binds no CharacterLoggedInHandle`);
  return found;
}

async function runStream(
  fuzz: FuzzApp,
  watch: LogWatch,
  totals: Totals,
  plan: StreamPlan,
  worker: number,
  rng: Rng,
): Promise<void> {
  const { channel } = plan;
  const tenant = channel.tenant;
  const login = loginHandler(channel);
  const { client, session } = await connect(channel);
  const loggedIn = plan.handler !== undefined;
  if (loggedIn) {
    const character = fuzz.characters.get(fuzz.fixtures[worker].id)!;
    logInAsLoginDoes(fuzz.ctx, session, character, FUZZ_MAP);
  }
  // A fresh session's login attempt for an unknown character ends the session (a failed look-up is
  // answered by closing, tests/features/login/rest-outage.test.ts), so fresh streams fuzz the others.
  const handlers = [...channel.tables.handlers.values()].filter((h) => loggedIn || h !== login);
  const malformed = () => watch.malformed.get(session.id) ?? 0;
  const where = `seed ${SEED}, ${plan.label}, session ${session.id}`;
  let left = plan.packets;
  try {
    while (left > 0 && malformed() < MALFORMED_TOLERANCE) {
      const tolerance = MALFORMED_TOLERANCE - malformed();
      const chunk: { handler: string; packet: Uint8Array }[] = [];
      let mayBeMalformed = 0;
      while (left > 0 && chunk.length < MAX_CHUNK) {
        const handler = plan.handler ?? rng.pick(handlers);
        // A LoggedIn-validated packet on a session that never logged in never reaches its handler.
        const reachesHandler = loggedIn || handler.validator !== "LoggedInValidator";
        // A packet that never reaches its handler is misbehaviour too (counted toward the same limit).
        if (mayBeMalformed === tolerance) break;
        mayBeMalformed++;
        if (!reachesHandler) totals.notReady++;
        chunk.push({
          handler: handler.name,
          packet: withOpcode(channel, handler.opcode, fuzzBody(rng, handler, tenant)),
        });
        totals.byHandler.set(
          `${channel.tables.label} ${handler.name}`,
          (totals.byHandler.get(`${channel.tables.label} ${handler.name}`) ?? 0) + 1,
        );
        left--;
      }
      // A fresh session's marker names character 0, which login ignores (and logs) without a look-up: a
      // look-up that fails closes a session that is not logged in.
      const markerId = loggedIn ? nextMarkerId() : 0;
      const marker = withOpcode(channel, login.opcode, packetWriter().uint32(markerId).uint16(0).toBytes());
      const seen = new Promise<void>((resolve) => watch.waiting.set(`${session.id}|${markerId}`, resolve));
      watch.chunks.set(session.id, chunk.map((c) => `${c.handler} ${hex(c.packet)}`));
      await client.sendRaw(concat(...chunk.map((c) => client.seal(c.packet)), client.seal(marker)));
      totals.sent += chunk.length + 1;
      totals.fuzz += chunk.length;
      totals.markers++;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const result = await Promise.race([
        seen.then(() => "marker" as const),
        session.closed.then((reason) => `closed (${reason})` as const),
        new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), 20_000)),
      ]);
      clearTimeout(timer);
      watch.waiting.delete(`${session.id}|${markerId}`);
      if (result !== "marker") {
        fail(
          `${where}: the chunk did not complete: ${result} after ${malformed()} malformed packets; chunk:\n` +
            chunk.map((c) => `  ${c.handler} ${hex(c.packet)}`).join("\n"),
        );
      }
    }
    assertTrue(
      malformed() <= MALFORMED_TOLERANCE,
      `${where}: ${malformed()} malformed packets without a close`,
    );
    if (malformed() === MALFORMED_TOLERANCE) {
      // One more malformed packet: the session's limit is reached and it must be disconnected. Every
      // handler here reads more than one byte before anything else.
      const handler = plan.handler && sampleFor(plan.handler.name) ? plan.handler : login;
      await client.send(withOpcode(channel, handler.opcode, new Uint8Array([0])));
      totals.sent++;
      totals.closers++;
      const reason = await session.closed;
      assertEquals(reason, "malformed-packets", `${where}: close reason after the malformed limit`);
      assertEquals(malformed(), MALFORMED_TOLERANCE + 1, `${where}: malformed drops logged`);
      totals.disconnects++;
    }
  } finally {
    client.close();
    await session.closed;
    if (watch.failures.length === 0) watch.chunks.delete(session.id);
  }
  totals.streams++;
}

/** Runs every plan on `WORKERS` concurrent workers. */
async function runPlans(fuzz: FuzzApp, watch: LogWatch, totals: Totals, plans: StreamPlan[], rng: Rng) {
  let next = 0;
  const forks = plans.map(() => rng.fork());
  await Promise.all(Array.from({ length: WORKERS }, async (_, worker) => {
    while (next < plans.length) {
      const index = next++;
      await runStream(fuzz, watch, totals, plans[index], worker, forks[index]);
    }
  }));
}

/** Streams for every handler of every tenant, and fresh-session streams, sharing `budget` packets. */
function planStreams(fuzz: FuzzApp, budget: number): StreamPlan[] {
  const plans: StreamPlan[] = [];
  const combos = fuzz.app.channels.flatMap((channel) =>
    [...channel.tables.handlers.values()].map((handler) => ({ channel, handler }))
  );
  const fresh = Math.floor(budget * FRESH_SHARE / fuzz.app.channels.length);
  const perHandler = Math.ceil((budget - fresh * fuzz.app.channels.length) / combos.length);
  const mode = fuzz.served ? "REST" : "no REST";
  for (const { channel, handler } of combos) {
    for (let left = perHandler; left > 0; left -= STREAM_PACKETS) {
      plans.push({
        label: `${mode} ${channel.tables.label} ${handler.name}`,
        channel,
        handler,
        packets: Math.min(left, STREAM_PACKETS),
      });
    }
  }
  for (const channel of fuzz.app.channels) {
    for (let left = fresh; left > 0; left -= 200) {
      plans.push({
        label: `${mode} ${channel.tables.label} fresh session`,
        channel,
        packets: Math.min(left, 200),
      });
    }
  }
  // Interleave handlers so concurrent streams exercise different paths.
  const rng = new Rng(SEED ^ 0x5eed);
  for (let i = plans.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [plans[i], plans[j]] = [plans[j], plans[i]];
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------------
// A malformed packet produces no command

const publishAttempts = () => counterTotal("kafka.publish.ok") + counterTotal("kafka.publish.failed");

/**
 * One packet at a time on an otherwise idle app, each followed by a marker: every packet the session
 * logs as malformed must have published nothing. Returns how many malformed packets were checked.
 */
async function checkMalformedPublishNothing(fuzz: FuzzApp, watch: LogWatch, rng: Rng, perHandler: number) {
  let checked = 0;
  const character = fuzz.characters.get(fuzz.fixtures[WORKERS].id)!;
  for (const channel of fuzz.app.channels) {
    const login = loginHandler(channel);
    let current: { client: HeadlessClient; session: Session } | undefined;
    const close = async () => {
      current?.client.close();
      await current?.session.closed;
      current = undefined;
    };
    try {
      for (const handler of channel.tables.handlers.values()) {
        if (!sampleFor(handler.name)) continue;
        for (let i = 0; i < perHandler; i++) {
          if (!current || (watch.malformed.get(current.session.id) ?? 0) >= MALFORMED_TOLERANCE) {
            await close();
            current = await connect(channel);
            logInAsLoginDoes(fuzz.ctx, current.session, character, FUZZ_MAP);
          }
          const { client, session } = current;
          const body = fuzzBody(rng, handler, channel.tenant);
          const packet = withOpcode(channel, handler.opcode, body);
          const markerId = nextMarkerId();
          const seen = new Promise<void>((resolve) =>
            watch.waiting.set(`${session.id}|${markerId}`, resolve)
          );
          const malformedBefore = watch.malformed.get(session.id) ?? 0;
          const publishedBefore = publishAttempts();
          await client.send(packet);
          await client.send(
            withOpcode(channel, login.opcode, packetWriter().uint32(markerId).uint16(0).toBytes()),
          );
          let timer: ReturnType<typeof setTimeout> | undefined;
          const done = await Promise.race([
            seen.then(() => true),
            new Promise<false>((r) => timer = setTimeout(() => r(false), 20_000)),
          ]);
          clearTimeout(timer);
          watch.waiting.delete(`${session.id}|${markerId}`);
          assertTrue(done, `seed ${SEED}: no marker after ${handler.name} ${hex(packet)}`);
          if ((watch.malformed.get(session.id) ?? 0) === malformedBefore) continue;
          assertEquals(
            publishAttempts(),
            publishedBefore,
            `seed ${SEED}: ${channel.tables.label} ${handler.name} published from a malformed packet ${
              hex(packet)
            }`,
          );
          checked++;
        }
      }
    } finally {
      await close();
    }
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------------
// After the fuzz: a new session still works

async function expectChatCommand(fuzz: FuzzApp, text: string, run: () => Promise<void>): Promise<void> {
  const bus = createBus(
    { serviceId: `fuzz-check-${crypto.randomUUID()}`, topics: fuzz.settings.topics },
    fuzz.broker,
  );
  let seen = false;
  bus.subscribe(chatCommandContract, ({ value }) => {
    if (value.message === text) seen = true;
  }, { name: "fuzz_check_chat", fromBeginning: true });
  await bus.start();
  try {
    await run();
    const deadline = Date.now() + 5000;
    while (!seen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assertTrue(seen, `seed ${SEED}: the chat command "${text}" after the fuzz was not produced`);
  } finally {
    await bus.stop();
  }
}

function generalChat(channel: ChannelServer, text: string): Uint8Array {
  const handler = [...channel.tables.handlers.values()].find((h) => h.name === "CharacterChatGeneralHandle")!;
  const w = packetWriter();
  w.string(text).bool(false); // GMS 83: no update time in front
  return withOpcode(channel, handler.opcode, w.toBytes());
}

/** A real login through the account-session and world responders, then a general chat. */
async function checkRealLogin(fuzz: FuzzApp): Promise<void> {
  const channel = fuzz.app.channels.find((c) => c.tenant.region === "GMS" && c.tenant.majorVersion === 83)!;
  const world = createBus(
    { serviceId: `fuzz-world-${crypto.randomUUID()}`, topics: fuzz.settings.topics },
    fuzz.broker,
  );
  const accounts = accountSessionResponder(world);
  worldResponder(world, { initialMap: () => 100000000 });
  await world.start();
  try {
    const character = fuzz.fixtures[WORKERS];
    await accounts.admit(channel.tenant, character.accountId);
    const { client, session } = await connect(channel);
    try {
      const setField = channel.tables.writers.get("SetField")!.opcode;
      await client.send(
        withOpcode(
          channel,
          loginHandler(channel).opcode,
          packetWriter().uint32(character.id).uint16(0).toBytes(),
        ),
      );
      while (true) {
        const body = await client.receive(10_000);
        if ((body[0] | (body[1] << 8)) === setField) break;
      }
      assertEquals(session.characterId, character.id, "the new session logged in");
      await expectChatCommand(
        fuzz,
        "still alive (REST)",
        () => client.send(generalChat(channel, "still alive (REST)")),
      );
    } finally {
      client.close();
      await session.closed;
    }
  } finally {
    await world.stop();
  }
}

/** A session logged in as login leaves it, then a general chat (no REST, so no real login). */
async function checkLoginState(fuzz: FuzzApp): Promise<void> {
  const channel = fuzz.app.channels.find((c) => c.tenant.region === "GMS" && c.tenant.majorVersion === 83)!;
  const { client, session } = await connect(channel);
  try {
    logInAsLoginDoes(fuzz.ctx, session, fuzz.characters.get(fuzz.fixtures[WORKERS].id)!, 100000000);
    await expectChatCommand(
      fuzz,
      "still alive (no REST)",
      () => client.send(generalChat(channel, "still alive (no REST)")),
    );
  } finally {
    client.close();
    await session.closed;
  }
}

// ---------------------------------------------------------------------------------------------------

Deno.test({
  name: "every packet handler survives 100,000 random and mutated packets (GMS 83, JMS 185, GMS 12)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const uncaught: string[] = [];
    const onRejection = (e: PromiseRejectionEvent) => {
      e.preventDefault();
      uncaught.push(`unhandled rejection: ${e.reason instanceof Error ? e.reason.stack : String(e.reason)}`);
    };
    const onError = (e: ErrorEvent) => {
      e.preventDefault();
      uncaught.push(`uncaught error: ${e.error instanceof Error ? e.error.stack : e.message}`);
    };
    globalThis.addEventListener("unhandledrejection", onRejection);
    globalThis.addEventListener("error", onError);
    const watch = watchLog();
    const started = performance.now();
    const totals: Totals = {
      sent: 0,
      fuzz: 0,
      markers: 0,
      closers: 0,
      notReady: 0,
      disconnects: 0,
      streams: 0,
      byHandler: new Map(),
    };
    const rng = new Rng(SEED);
    try {
      for (const served of [true, false]) {
        const fuzz = await bootFuzzApp(served);
        try {
          const before = outcomeCounters();
          const sentBefore = totals.sent;
          const fuzzBefore = totals.fuzz;
          const notReadyBefore = totals.notReady;
          const malformedBefore = [...watch.malformed.values()].reduce((a, b) => a + b, 0);
          // Streams cut short by the malformed limit leave part of the budget unused: plan again for it.
          for (let round = 0; totals.fuzz - fuzzBefore < TOTAL_PACKETS / 2; round++) {
            assertTrue(round < 20, `seed ${SEED}: the packet budget is not being spent`);
            const left = TOTAL_PACKETS / 2 - (totals.fuzz - fuzzBefore);
            await runPlans(fuzz, watch, totals, planStreams(fuzz, left), rng);
          }
          const after = outcomeCounters();
          const delta = Object.fromEntries(OUTCOMES.map((o) => [o, after[o] - before[o]])) as Outcomes;
          const dispatched = OUTCOMES.reduce((n, o) => n + delta[o], 0);
          const logged = [...watch.malformed.values()].reduce((a, b) => a + b, 0) - malformedBefore;
          const where = `seed ${SEED}, ${served ? "REST" : "no REST"} boot, outcomes ${
            JSON.stringify(delta)
          }`;
          assertEquals(
            dispatched,
            totals.sent - sentBefore,
            `${where}: every packet sent was dispatched once`,
          );
          assertEquals(delta.failed, 0, `${where}: handler failures:\n${watch.failures.join("\n")}`);
          assertEquals(delta.rejected, 0, `${where}: no session rejected`);
          assertEquals(delta["unknown-opcode"], 0, `${where}: every opcode sent is bound`);
          assertEquals(delta.empty, 0, `${where}: no body shorter than its opcode`);
          assertEquals(delta["not-ready"], totals.notReady - notReadyBefore, `${where}: not-ready drops`);
          assertEquals(
            delta.malformed + delta["not-ready"],
            logged,
            `${where}: every malformed and not-ready drop logged as misbehaviour`,
          );
          assertTrue(delta.malformed > 0 && delta.handled > 0, `${where}: both outcomes occur`);
          const quiet = await checkMalformedPublishNothing(fuzz, watch, rng, 30);
          assertTrue(quiet > 100, `${where}: only ${quiet} malformed packets checked for commands`);
          if (served) await checkRealLogin(fuzz);
          else await checkLoginState(fuzz);
        } finally {
          await fuzz.stop();
        }
      }
      assertTrue(totals.fuzz >= TOTAL_PACKETS, `only ${totals.fuzz} fuzz packets sent`);
      assertEquals(watch.failures, [], `seed ${SEED}: logged handler failures`);
      assertEquals(uncaught, [], `seed ${SEED}: uncaught errors`);
      assertTrue(totals.disconnects > 0, "some streams reached the malformed-packets limit");
      console.log(
        `fuzz seed ${SEED}: ${totals.sent} packets (${totals.fuzz} fuzz, ${totals.markers} markers, ` +
          `${totals.closers} closers, ${totals.notReady} before login) in ${totals.streams} streams, ` +
          `${totals.disconnects} disconnects, ${totals.byHandler.size} tenant handlers, ` +
          `${Math.round(performance.now() - started)} ms`,
      );
    } catch (err) {
      console.error(`handlers fuzz failed with FUZZ_SEED=${SEED}`);
      throw err;
    } finally {
      globalThis.removeEventListener("unhandledrejection", onRejection);
      globalThis.removeEventListener("error", onError);
      setupLogging("error");
    }
  },
});

/** The handlers' own readers, for the samples' sanity check (the stats handlers export none). */
const READERS: Readonly<Record<string, (reader: PacketReader, at: SampleContext) => unknown>> = {
  CharacterChatGeneralHandle: (r, { tenant }) => readGeneralChat(r, tenant),
  CharacterChatMultiHandle: (r, { tenant }) => readMultiChat(r, tenant),
  CharacterMultiChatHandle: (r, { tenant }) => readMultiChat(r, tenant),
  CharacterChatWhisperHandle: (r, { tenant }) => readWhisper(r, tenant),
  CharacterKeyMapChangeHandle: (r) => readKeyMapChange(r),
  CharacterMoveHandle: (r, { tenant, options }) => readCharacterMove(r, tenant, options),
  MapChangeHandle: (r, { tenant }) => r.remaining === 0 || readMapChange(r, tenant),
  CharacterExpressionHandle: (r, { tenant }) => readExpressionRequest(r, tenant),
  PortalScriptHandle: (r) => readPortalScript(r),
};

Deno.test("the fuzz's valid bodies are valid: the handlers' readers consume them whole", async () => {
  const rng = new Rng(SEED);
  let checked = 0;
  for (const url of Object.values(TEMPLATES)) {
    const template = JSON.parse(await Deno.readTextFile(url)) as {
      region: string;
      majorVersion: number;
      minorVersion: number;
      socket: { handlers: { handler: string; options?: Record<string, unknown> }[] };
    };
    const tenant: Tenant = {
      id: crypto.randomUUID(),
      region: template.region,
      majorVersion: template.majorVersion,
      minorVersion: template.minorVersion,
    };
    for (const entry of template.socket.handlers) {
      const write = sampleFor(entry.handler);
      const read = READERS[entry.handler];
      if (!write || !read) continue;
      const at: SampleContext = { tenant, options: entry.options ?? {} };
      for (let i = 0; i < 200; i++) {
        const builder = new SampleBuilder();
        write(builder, rng, at);
        const { bytes } = builder.build();
        const reader = packetReader(bytes, 0);
        try {
          read(reader, at);
        } catch (err) {
          fail(
            `seed ${SEED}: ${template.region} ${template.majorVersion} ${entry.handler} ${
              hex(bytes)
            }: ${err}`,
          );
        }
        assertEquals(
          reader.remaining,
          0,
          `${template.region} ${template.majorVersion} ${entry.handler} ${hex(bytes)}`,
        );
        checked++;
      }
    }
  }
  assertTrue(checked >= 200 * 12, `only ${checked} samples checked`);
});
