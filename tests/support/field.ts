/**
 * The field test harness: boots the whole app on the real broker (fresh topic names for every topic, so
 * tests never see each other's traffic) with a GMS 83 tenant from the reference template (one world, two
 * channels; optionally a second GMS 83 tenant with one channel), the fixture REST server with fixture
 * characters, and the world-side responders (account sessions, character/map entry) on a bus of their
 * own. Every REST look-up must carry the four headers of one of the field's tenants: `stop()` fails the
 * test otherwise. Headless clients log in as fixture characters through the real handshake:
 *
 * ```ts
 * const field = await startField();
 * try {
 *   const aria = await field.login(1001);            // SetField received, account logged in
 *   await aria.client.send(field.packet("CharacterChatGeneralHandle", (w) => ...));
 *   const command = await field.expectCommand(characterChatCommandContract, (c) => c.value.type === "GENERAL");
 * } finally {
 *   await field.stop();
 * }
 * ```
 * @module
 */
import type { Consumer } from "kafkajs";
import { type App, startApp } from "../../src/app.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { TOPIC_VARIABLES, type TopicNames, type TopicVariable } from "../../src/config/topics.ts";
import type { TenantConfig } from "../../src/config/tenant-config.ts";
import type { Bus } from "../../src/kafka/bus.ts";
import type { MessageOf, TopicContract } from "../../src/kafka/contract.ts";
import { createBus } from "../../src/kafka/create-bus.ts";
import { decodeKey } from "../../src/kafka/key.ts";
import { type Tenant, TENANT_HEADERS } from "../../src/tenant.ts";
import { tenantHttpHeaders } from "../../src/rest/tenant-headers.ts";
import type { ChannelServer, Feature, FeatureContext } from "../../src/features/feature.ts";
import { FEATURES } from "../../src/features/mod.ts";
import type { Session } from "../../src/net/session.ts";
import { type PacketWriter, packetWriter } from "../../src/protocol/writer.ts";
import { connectClient, type HeadlessClient } from "../../src/client/client.ts";
import {
  type AccountSessionResponder,
  accountSessionResponder,
  type WorldResponder,
  worldResponder,
} from "../../src/sandbox/responders/mod.ts";
import { systemMessageContract } from "../../src/features/system-message/messages.ts";
import { createTopics, deleteTopics, testBrokers, testKafka } from "./kafka.ts";
import { type PacketMatch, receiveOpcode, receiveUntil } from "./receive.ts";
import { type JsonApiServer, startJsonApiServer } from "./jsonapi-server.ts";
import { FIXTURE_CHARACTERS, type FixtureCharacter, serveCharacters } from "./field-fixtures.ts";

export * from "./field-fixtures.ts";

const TEMPLATE = new URL("../../../shared/reference/templates/template_gms_83_1.json", import.meta.url);

/** Options of {@link startField}. */
export interface FieldOptions {
  /** Characters served over REST; default {@link FIXTURE_CHARACTERS}. */
  characters?: readonly FixtureCharacter[];
  /** Also boot a second GMS 83 tenant (world 0, channel 1) sharing the fixture characters. */
  secondTenant?: boolean;
  /**
   * Handlers added to the template's table (e.g. ones the GMS 83 template lacks, such as
   * `QuestActionHandle`, 0x6B on a v83 client).
   */
  extraHandlers?: readonly {
    opCode: string;
    handler: string;
    validator?: string;
    options?: Record<string, unknown>;
  }[];
  /** Option groups merged into writers' options by writer name (e.g. a table the template lacks). */
  extraWriterOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** App log level; default `error` (set ATLAS_FIELD_LOG=debug to see everything). */
  logLevel?: string;
  /** Idle timeout of sessions (the `timeout` task duration), default 300000 ms. */
  idleTimeoutMs?: number;
  /** The app's features; default {@link FEATURES} (the harness adds its probes). */
  features?: readonly Feature[];
}

/** A message seen on one of the field's topics (produced by the app or published by the test). */
export interface Captured {
  topic: string;
  /** The raw key bytes. */
  key: Uint8Array | null;
  /** The Atlas key decoded as an id (undefined for non-id keys). */
  keyId: number | undefined;
  /** Headers decoded as UTF-8 (`traceparent`, ...). Tenant versions are binary: see `rawHeaders`. */
  headers: Record<string, string>;
  /** Headers as sent. */
  rawHeaders: Record<string, Uint8Array>;
  /** The parsed JSON value, exactly as sent (no schema applied). */
  value: Record<string, unknown>;
  /** The raw JSON text. */
  raw: string;
}

/** What {@link Field.login} returns. */
export interface LoggedIn {
  client: HeadlessClient;
  character: FixtureCharacter;
  /** The server-side session (attributes, accountId, characterId). */
  session: Session;
  /** The SetField body (after the opcode). */
  setField: Uint8Array;
  /** Packets (opcode + body) received before SetField. */
  before: Uint8Array[];
}

/** Options of {@link Field.login}. */
export interface LoginOptions {
  /** Channel id of the main tenant's world 0 (1 or 2); default 1. */
  channel?: number;
  /** Log in on the second tenant (needs `secondTenant`). */
  otherTenant?: boolean;
  /** Put the account in transition first, as atlas-login does; default true. */
  admit?: boolean;
  timeoutMs?: number;
}

/** A running field; see the module documentation. */
export interface Field {
  readonly app: App;
  readonly rest: JsonApiServer;
  /** The main GMS 83 tenant. */
  readonly tenant: Tenant;
  /** The second tenant, when asked for. */
  readonly otherTenant?: Tenant;
  /** The topic name of every topic variable. */
  readonly topics: TopicNames;
  readonly characters: readonly FixtureCharacter[];
  /** The app's feature context (presence, accounts, send/broadcast) for white-box waits. */
  readonly ctx: FeatureContext;
  /** The topic variables the app's features subscribed to (what it consumes). */
  readonly subscribed: ReadonlySet<string>;
  /**
   * Resolves once every field entry's feature hooks (`ctx.enteredField`, started by CHARACTER_ENTER)
   * that are running now have finished: their look-ups are then no longer in flight.
   */
  fieldEntriesSettled(): Promise<void>;
  readonly accountSessions: AccountSessionResponder;
  readonly world: WorldResponder;
  /** The world-side bus (another consumer group than the app's). */
  readonly bus: Bus;
  /** A served channel: main tenant world 0 `channelId`, or the other tenant's channel 1. */
  channel(channelId?: number, otherTenant?: boolean): ChannelServer;
  /** A fixture character by id. */
  character(id: number): FixtureCharacter;
  /** Connects a headless client (hello done, nothing sent). */
  connect(channelId?: number, otherTenant?: boolean): Promise<HeadlessClient>;
  /** Logs a fixture character in through CharacterLoggedIn and waits for SetField. */
  login(characterId: number, options?: LoginOptions): Promise<LoggedIn>;
  /** A client packet: the handler's opcode from the tenant template, then what `build` writes. */
  packet(handlerName: string, build?: (w: PacketWriter) => void): Uint8Array;
  /** The opcode the template binds to a writer (to recognise server packets). */
  writerOpcode(writerName: string): number;
  /** Receives packets on `client` until one has the writer's opcode; returns its body (after the opcode). */
  receivePacket(client: HeadlessClient, writerName: string, timeoutMs?: number): Promise<Uint8Array>;
  /** Publishes as a world service would, with tenant headers (default: the main tenant). */
  publishEvent<C extends TopicContract>(
    contract: C,
    value: MessageOf<C>,
    options?: { tenant?: Tenant; key?: number | Uint8Array },
  ): Promise<void>;
  /** Every message seen so far on the contract's topic, in order. */
  captured(contract: TopicContract): Captured[];
  /** Waits for a message on the contract's topic matching `predicate`. */
  expectCommand(
    contract: TopicContract,
    predicate?: (message: Captured) => boolean,
    timeoutMs?: number,
  ): Promise<Captured>;
  /**
   * Proves that nothing matching `unwanted` travelled on the contract's topic before the `sentinel`: the
   * test first causes the unwanted thing (if the code is wrong), then something whose message must come
   * after it (e.g. a valid packet of the same client). Waits for the first message matching `sentinel`
   * at or after index `from` of {@link captured} (default 0), fails naming the unwanted messages seen
   * between `from` and it, and returns the sentinel.
   */
  expectNoCommandBefore(
    contract: TopicContract,
    unwanted: (message: Captured) => boolean,
    sentinel: (message: Captured) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<Captured>;
  /**
   * Publishes a POP_UP system message with a unique text for `who` alone (its tenant, world, channel
   * and character) and returns the matcher of the WorldMessage it becomes: a sentinel for absence
   * checks that come after an event was seen handled elsewhere (see tests/support/receive.ts).
   */
  sentinel(who: LoggedIn): Promise<PacketMatch>;
  /** Polls `check` until it is true or `timeoutMs` passes (then throws naming `what`). */
  waitFor(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Closes every client this field opened, the app, the responders, the capture and the REST server;
   * then rejects if any REST request went out without the four headers of one of the field's tenants.
   */
  stop(): Promise<void>;
}

/**
 * The requests (as "METHOD path TENANT_ID") whose four tenant headers are not exactly those of one of
 * `tenants`: every look-up the channel makes is on behalf of a tenant, so a missing or mixed-up header
 * is a leak between tenants that every field test checks for when it stops.
 */
function requestsWithoutTenant(
  requests: readonly { method: string; path: string; headers: Headers }[],
  tenants: readonly Tenant[],
): string[] {
  return requests
    .filter((r) => {
      const expected = tenants.find((t) => t.id === r.headers.get(TENANT_HEADERS.id));
      if (!expected) return true;
      return Object.entries(tenantHttpHeaders(expected)).some(([name, value]) =>
        r.headers.get(name) !== value
      );
    })
    .map((r) => `${r.method} ${r.path} ${r.headers.get(TENANT_HEADERS.id)}`);
}

function freePorts(n: number): number[] {
  const listeners = Array.from({ length: n }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
  if (bytes.length < tail.length) return false;
  const from = bytes.length - tail.length;
  return tail.every((b, i) => bytes[from + i] === b);
}

function opcodeOf(config: TenantConfig, kind: "handlers" | "writers", name: string): number {
  const entries = config.socket[kind] as readonly { opCode: string; handler?: string; writer?: string }[];
  const entry = entries.find((e) => (kind === "handlers" ? e.handler : e.writer) === name);
  if (!entry) throw new Error(`the tenant template has no ${kind.slice(0, -1)} ${name}`);
  return Number(entry.opCode);
}

/**
 * Creates the topics, then polls metadata until every one has a leader. kafkajs' own `waitForLeaders`
 * gives up on "does not host this topic-partition", which a busy shared broker answers for a moment
 * after creating many topics at once.
 */
/** Boots a field; see the module documentation. */
export async function startField(options: FieldOptions = {}): Promise<Field> {
  const characters = options.characters ?? FIXTURE_CHARACTERS;
  const runId = crypto.randomUUID().slice(0, 8);
  const topics = Object.fromEntries(
    TOPIC_VARIABLES.map((v) => [v, `field-${runId}-${v}`]),
  ) as Record<TopicVariable, string>;
  const kafka = testKafka(`atlas-field-${runId}`);
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch { /* best effort */ }
    }
  };

  try {
    const topicList = Object.values(topics);
    await createTopics(kafka, topicList);
    cleanups.push(() => deleteTopics(kafka, topicList));

    const rest = await startJsonApiServer();
    cleanups.push(() => rest.close());
    serveCharacters(rest, characters);

    // Everything that travels on the field's topics, in order, raw.
    const capturedByTopic = new Map<string, Captured[]>(topicList.map((t) => [t, []]));
    const consumer: Consumer = kafka.consumer({ groupId: `field-capture-${runId}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    for (const topic of topicList) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        const raw = message.value?.toString() ?? "";
        let value: Record<string, unknown> = {};
        try {
          value = JSON.parse(raw);
        } catch { /* keep raw only */ }
        const headers: Record<string, string> = {};
        const rawHeaders: Record<string, Uint8Array> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) {
          if (v === undefined) continue;
          const first = Array.isArray(v) ? v[0] : v;
          rawHeaders[k] = typeof first === "string" ? new TextEncoder().encode(first) : new Uint8Array(first);
          headers[k] = new TextDecoder().decode(rawHeaders[k]);
        }
        const key = message.key ? new Uint8Array(message.key) : null;
        capturedByTopic.get(topic)?.push({
          topic,
          key,
          keyId: key && key.length === 8 ? decodeKey(key) : undefined,
          headers,
          rawHeaders,
          value,
          raw,
        });
        return Promise.resolve();
      },
    });
    await joined;

    // The tenants and their channels, in a local configuration file.
    const tenantId = crypto.randomUUID();
    const otherTenantId = crypto.randomUUID();
    const ports = freePorts(3);
    const dir = await Deno.makeTempDir({ prefix: "atlas-field-" });
    cleanups.push(() => Deno.remove(dir, { recursive: true }));
    if (options.extraHandlers?.length || options.extraWriterOptions) {
      const template = JSON.parse(await Deno.readTextFile(TEMPLATE));
      for (const entry of options.extraHandlers ?? []) {
        template.socket.handlers.push({ validator: "LoggedInValidator", ...entry });
      }
      for (const [writer, extra] of Object.entries(options.extraWriterOptions ?? {})) {
        const entry = template.socket.writers.find((w: { writer: string }) => w.writer === writer);
        if (!entry) throw new Error(`the tenant template has no writer ${writer}`);
        entry.options = { ...(entry.options ?? {}), ...extra };
      }
      await Deno.writeTextFile(`${dir}/gms83.json`, JSON.stringify(template));
    } else {
      await Deno.copyFile(TEMPLATE, `${dir}/gms83.json`);
    }
    const serviceTenants = [{
      id: tenantId,
      ipAddress: "127.0.0.1",
      worlds: [{ id: 0, channels: [{ id: 1, port: ports[0] }, { id: 2, port: ports[1] }] }],
    }];
    const fileTenants = [{ id: tenantId, file: "gms83.json" }];
    if (options.secondTenant) {
      serviceTenants.push({
        id: otherTenantId,
        ipAddress: "127.0.0.1",
        worlds: [{ id: 0, channels: [{ id: 1, port: ports[2] }] }],
      });
      fileTenants.push({ id: otherTenantId, file: "gms83.json" });
    }
    const configPath = `${dir}/config.json`;
    await Deno.writeTextFile(
      configPath,
      JSON.stringify({
        service: {
          tasks: [{ type: "timeout", interval: 1000, duration: options.idleTimeoutMs ?? 300_000 }],
          tenants: serviceTenants,
        },
        tenants: fileTenants,
      }),
    );
    for (const [channelId, port] of [[1, ports[0]], [2, ports[1]]]) {
      rest.on("GET", `worlds/0/channels/${channelId}`, {
        json: {
          data: {
            type: "channels",
            id: crypto.randomUUID(),
            attributes: {
              worldId: 0,
              channelId,
              ipAddress: "127.0.0.1",
              port,
              currentCapacity: 0,
              maxCapacity: 0,
              createdAt: "2026-01-15T18:04:05.123456789Z",
            },
          },
        },
      });
    }
    rest.on("POST", "worlds/0/channels", { status: 202 });
    rest.on("GET", "worlds/0", {
      json: {
        data: {
          type: "worlds",
          id: "0",
          attributes: {
            name: "Scania",
            state: 0,
            message: "", // no top-scroll message at login unless a test sets one
            eventMessage: "Scania!",
            recommended: true,
            recommendedMessage: "Most Populated!",
            capacityStatus: 0,
          },
          relationships: { channels: { data: [] } },
        },
      },
    });

    // The world services' side, on its own consumer group.
    const byId = new Map(characters.map((c) => [c.id, c]));
    const bus = createBus({
      bootstrapServers: testBrokers(),
      serviceId: `field-world-${runId}`,
      topics,
    });
    const accountSessions = accountSessionResponder(bus);
    const world = worldResponder(bus, { initialMap: (_t, id) => byId.get(id)?.mapId });
    await bus.start();
    cleanups.push(() => bus.stop());

    // The app, with a probe feature that hands the harness the feature context, after a recorder (first
    // in the list, so it starts first) that notes every topic the features subscribe to.
    const subscribed = new Set<string>();
    const recorder: Feature = {
      name: "field-subscription-recorder",
      contracts: [],
      start(context) {
        const bus = context.bus;
        const subscribe = bus.subscribe.bind(bus);
        bus.subscribe = (contract, ...rest) => {
          subscribed.add(contract.variable);
          return subscribe(contract, ...rest);
        };
      },
    };
    let ctx: FeatureContext | undefined;
    const probe: Feature = {
      name: "field-probe",
      contracts: [],
      start(context) {
        ctx = context;
      },
    };
    const args = [
      "--service-id",
      crypto.randomUUID(),
      "--base-service-url",
      rest.root,
      "--bootstrap-servers",
      testBrokers().join(","),
      "--bind-address",
      "127.0.0.1",
      "--config",
      configPath,
      "--registration-interval-ms",
      "3600000",
      "--log-level",
      options.logLevel ?? Deno.env.get("ATLAS_FIELD_LOG") ?? "error",
      ...TOPIC_VARIABLES.flatMap((v) => ["--topic", `${v}=${topics[v]}`]),
    ];
    const outcome = parseSettings(args, {});
    if (outcome.kind !== "run") throw new Error(`field settings rejected: ${JSON.stringify(outcome)}`);
    const app = await startApp(outcome.settings, {
      features: [recorder, ...(options.features ?? FEATURES), probe],
      env: {},
    });
    cleanups.push(() => app.stop());
    const context = ctx!;
    const entries = new Set<Promise<void>>();
    const enteredField = context.enteredField.bind(context);
    (context as { enteredField: FeatureContext["enteredField"] }).enteredField = (
      session,
      mapId,
      shownWith,
    ) => {
      const entry = enteredField(session, mapId, shownWith);
      entries.add(entry);
      entry.finally(() => entries.delete(entry));
      return entry;
    };

    const mainChannels = app.channels.filter((c) => c.tenant.id === tenantId);
    const tenant = mainChannels[0].tenant;
    const otherTenant = app.channels.find((c) => c.tenant.id === otherTenantId)?.tenant;
    const tenantConfig = mainChannels[0].tenantConfig;
    const clients: HeadlessClient[] = [];
    cleanups.push(() => {
      for (const c of clients) c.close();
    });

    const channel = (channelId = 1, other = false): ChannelServer => {
      const found = app.channels.find((c) =>
        c.tenant.id === (other ? otherTenantId : tenantId) && c.worldId === 0 && c.channelId === channelId
      );
      if (!found) throw new Error(`no channel ${channelId}${other ? " on the other tenant" : ""}`);
      return found;
    };
    const character = (id: number): FixtureCharacter => {
      const found = byId.get(id);
      if (!found) throw new Error(`no fixture character ${id}`);
      return found;
    };
    const connect = async (channelId = 1, other = false): Promise<HeadlessClient> => {
      const client = await connectClient({ port: channel(channelId, other).port });
      clients.push(client);
      return client;
    };
    const packet = (handlerName: string, build?: (w: PacketWriter) => void): Uint8Array => {
      const w = packetWriter().uint16(opcodeOf(tenantConfig, "handlers", handlerName));
      build?.(w);
      return w.toBytes();
    };
    const writerOpcode = (name: string) => opcodeOf(tenantConfig, "writers", name);
    const receivePacket = (client: HeadlessClient, writerName: string, timeoutMs = 5000) =>
      receiveOpcode(client, writerOpcode(writerName), { timeoutMs, what: writerName });
    const captured = (contract: TopicContract) => capturedByTopic.get(topics[contract.variable]) ?? [];

    const field: Field = {
      app,
      rest,
      tenant,
      otherTenant,
      topics,
      characters,
      ctx: context,
      subscribed,
      async fieldEntriesSettled() {
        while (entries.size > 0) await Promise.all([...entries]);
      },
      accountSessions,
      world,
      bus,
      channel,
      character,
      connect,
      packet,
      writerOpcode,
      receivePacket,
      async login(characterId, loginOptions = {}) {
        const c = character(characterId);
        const on = channel(loginOptions.channel ?? 1, loginOptions.otherTenant);
        const timeoutMs = loginOptions.timeoutMs ?? 10_000;
        if (loginOptions.admit ?? true) await accountSessions.admit(on.tenant, c.accountId);
        const client = await connect(on.channelId, loginOptions.otherTenant);
        // The v83 client sends the character id and then bytes the channel ignores.
        await client.send(packet("CharacterLoggedInHandle", (w) => w.uint32(characterId).uint16(0)));
        const setFieldOpcode = writerOpcode("SetField");
        const seen = await receiveUntil(client, (p) => p.opcode === setFieldOpcode, {
          timeoutMs,
          what: `SetField for character ${characterId}`,
        });
        const setField = seen[seen.length - 1].body;
        const before = seen.slice(0, -1).map((p) => Uint8Array.of(p.opcode & 0xff, p.opcode >> 8, ...p.body));
        let session: Session | undefined;
        await waitUntil(`character ${characterId} bound and account ${c.accountId} logged in`, () => {
          session = context.presence.sessionOfCharacter(on.tenant, characterId);
          return session !== undefined && context.accounts.isLoggedIn(on.tenant, c.accountId);
        }, timeoutMs);
        return { client, character: c, session: session!, setField, before };
      },
      publishEvent(contract, value, publishOptions = {}) {
        const key = publishOptions.key ?? contract.keyOf?.(value) ?? 0;
        return bus.publish(contract, value, { tenant: publishOptions.tenant ?? tenant, key });
      },
      captured,
      async expectCommand(contract, predicate = () => true, timeoutMs = 10_000) {
        let found: Captured | undefined;
        await waitUntil(`a matching message on ${contract.variable}`, () => {
          found = captured(contract).find(predicate);
          return found !== undefined;
        }, timeoutMs);
        return found!;
      },
      async expectNoCommandBefore(contract, unwanted, sentinel, noOptions = {}) {
        const from = noOptions.from ?? 0;
        let at = -1;
        await waitUntil(`the sentinel message on ${contract.variable}`, () => {
          at = captured(contract).findIndex((m, i) => i >= from && sentinel(m));
          return at >= 0;
        }, noOptions.timeoutMs);
        const all = captured(contract);
        const seen = all.slice(from, at).filter(unwanted);
        if (seen.length > 0) {
          throw new Error(
            `unexpected message on ${contract.variable} before the sentinel: ${
              seen.map((s) => s.raw).join(" | ")
            }`,
          );
        }
        return all[at];
      },
      async sentinel(who) {
        const text = `sentinel ${crypto.randomUUID()}`;
        await bus.publish(systemMessageContract, {
          worldId: who.session.worldId,
          channelId: who.session.channelId,
          characterId: who.character.id,
          type: "SEND_MESSAGE",
          body: { messageType: "POP_UP", message: text },
        }, { tenant: who.session.tenant, key: who.character.id });
        const worldMessage = writerOpcode("WorldMessage");
        const expected = new TextEncoder().encode(text);
        return (p) => p.opcode === worldMessage && endsWith(p.body, expected);
      },
      waitFor: waitUntil,
      async stop() {
        await cleanup();
        const foreign = requestsWithoutTenant(rest.requests, [tenant, ...(otherTenant ? [otherTenant] : [])]);
        if (foreign.length > 0) {
          throw new Error(
            `${foreign.length} REST requests without one of the field's tenants in their headers, first: ${
              foreign.slice(0, 5).join(", ")
            }`,
          );
        }
      },
    };
    return field;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
