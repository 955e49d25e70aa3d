/**
 * The sandbox: stand-ins for the Atlas services a channel talks to, so a channel can be played with
 * nothing else running. It serves the JSON:API endpoints the channel's features call (`http.ts`) from a
 * fixture world (`world.ts`, `store.ts`), and answers the channel's Kafka commands with the events the
 * real services send (`responders/`). It runs on the in-memory bus next to an in-process channel (share
 * one `MemoryBroker`; see `dev.ts`) or against a real broker as its own process (`main.ts`).
 *
 * ```ts
 * const sandbox = await startSandbox({ memoryBroker });
 * // BASE_SERVICE_URL = sandbox.root, SERVICE_ID = SANDBOX_SERVICE_ID
 * await sandbox.stop();
 * ```
 * @module
 */
import type { TopicNames } from "../config/topics.ts";
import { TOPIC_VARIABLES, type TopicVariable } from "../config/topics.ts";
import type { Bus } from "../kafka/bus.ts";
import { createBus } from "../kafka/create-bus.ts";
import type { MemoryBroker } from "../kafka/memory-bus.ts";
import { getLogger } from "../observability/log.ts";
import { type ServiceLayout } from "./documents.ts";
import { serveSandboxHttp } from "./http.ts";
import {
  type AccountSessionResponder,
  accountSessionResponder,
  buddyResponder,
  cashShopResponder,
  characterResponder,
  consumablesResponder,
  dropResponder,
  fameResponder,
  guildResponder,
  inventoryResponder,
  inviteResponder,
  messengerResponder,
  monsterResponder,
  noteResponder,
  npcResponders,
  partyResponder,
  petResponder,
  portalResponder,
  type SeatResponder,
  seatResponder,
  skillBuffResponder,
  skillMacroResponder,
  socialResponders,
  storageResponder,
  transportResponder,
  type TransportTimes,
  welcomeResponder,
  type WorldResponder,
  worldResponder,
} from "./responders/mod.ts";
import { createStore, type SandboxStore } from "./store.ts";
import { validateFixtures } from "./validate.ts";
import { NAMED_CHARACTERS, type SandboxMap, sandboxTenantOf } from "./world.ts";

export * from "./world.ts";
export { channelPorts, servedTenants, type ServiceLayout } from "./documents.ts";

const log = getLogger("sandbox");

/** Options of {@link startSandbox}. */
export interface SandboxOptions extends ServiceLayout {
  /** Kafka brokers; unset runs on the in-memory bus (`memoryBroker`). */
  bootstrapServers?: readonly string[];
  /** The in-memory broker shared with an in-process channel. */
  memoryBroker?: MemoryBroker;
  /** Topic names by variable; default each variable's own name (as Atlas). */
  topics?: Partial<TopicNames>;
  /** HTTP bind address; default 127.0.0.1. */
  httpHostname?: string;
  /** HTTP port; default 0 (a free port). */
  httpPort?: number;
  /** Generated characters served (ids 100001..); default 500. */
  generatedCount?: number;
  /**
   * How long a character whose session closed stays in its map before atlas-character's stand-in logs
   * it out (a new session within that time is a channel change); default 5000 ms, as atlas-character.
   */
  logoutAfterMs?: number;
  /** How long a killed monster's spawn point waits before spawning again; default 5000 ms. */
  monsterRespawnMs?: number;
  /** Told of each monster status event as it is published (see `MonsterResponderOptions.onStatus`). */
  onMonsterStatus?: (type: string, uniqueId: number, actorId: number, published: Promise<void>) => void;
  /** Maps served besides the fixture world's (e.g. a crowded map for a benchmark). */
  extraMaps?: readonly SandboxMap[];
  /** How long a drop nobody takes lies on the ground; default 180000 ms, as atlas-drops. */
  dropExpiryMs?: number;
  /** How long each state of the boat's trip lasts; default `DEFAULT_TRANSPORT_TIMES` (about a minute). */
  transportTimes?: Partial<TransportTimes>;
}

/** atlas-character's transition timeout (session/task.go). */
export const DEFAULT_LOGOUT_AFTER_MS = 5000;

/** A running sandbox. */
export interface Sandbox {
  /** The REST root (BASE_SERVICE_URL of a sandboxed channel), with a trailing slash. */
  readonly root: string;
  readonly httpPort: number;
  readonly store: SandboxStore;
  readonly bus: Bus;
  readonly accountSessions: AccountSessionResponder;
  readonly world: WorldResponder;
  /** atlas-chairs/atlas-chalkboards stand-in (`holdUp` plays the chalkboard cash item). */
  readonly seats: SeatResponder;
  /** Named characters that can log in, as `{id, name, accountId, mapId}`. */
  readonly playable: readonly { id: number; name: string; accountId: number; mapId: number }[];
  /** Requests served, by `METHOD path`. */
  readonly requests: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/** Topic names for `topics`, defaulting each variable to its own name. */
export function topicNames(topics: Partial<TopicNames> = {}): TopicNames {
  return Object.fromEntries(TOPIC_VARIABLES.map((v: TopicVariable) => [v, topics[v] ?? v])) as TopicNames;
}

/**
 * Validates the fixtures against the channel's schemas, then starts HTTP and the responders. Rejects
 * (after undoing what started) when a fixture drifted from the contract or a port is taken.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const problems = validateFixtures();
  if (problems.length > 0) {
    throw new Error(`sandbox fixtures do not match the contract: ${problems.join("; ")}`);
  }
  const store = createStore({ generatedCount: options.generatedCount, extraMaps: options.extraMaps });
  const http = await serveSandboxHttp(store, {
    ...options,
    hostname: options.httpHostname,
    port: options.httpPort,
  });
  const bus = createBus({
    bootstrapServers: options.bootstrapServers ? [...options.bootstrapServers] : undefined,
    // Its own consumer group: the sandbox reads the channel's commands beside any channel.
    serviceId: `5a4db0c5-0000-4000-8000-${crypto.randomUUID().slice(-12)}`,
    topics: topicNames(options.topics),
  }, options.memoryBroker);
  const accountSessions = accountSessionResponder(bus, {
    autoAdmit: (tenant, accountId) =>
      sandboxTenantOf(tenant.id) !== undefined && store.charactersOf(accountId).length > 0,
  });
  const world = worldResponder(bus, {
    initialMap: (tenant, id) =>
      sandboxTenantOf(tenant.id) ? store.character(id)?.attributes.mapId : undefined,
    characterSessions: { logoutAfterMs: options.logoutAfterMs ?? DEFAULT_LOGOUT_AFTER_MS },
  });
  const drops = dropResponder(bus, store, { expiryMs: options.dropExpiryMs });
  const seats = seatResponder(bus, store);
  characterResponder(bus, store, { mesoDropped: drops.mesoDropped });
  const transport = transportResponder(bus, store, world, options.transportTimes);
  portalResponder(bus, store, world, transport.mayEnter);
  npcResponders(bus, store);
  petResponder(bus, store);
  skillMacroResponder(bus, store);
  const monsters = monsterResponder(bus, store, {
    respawnMs: options.monsterRespawnMs,
    onStatus: options.onMonsterStatus,
  });
  const skillsAndBuffs = skillBuffResponder(bus, store);
  socialResponders(bus, store);
  const invites = inviteResponder(bus);
  buddyResponder(bus, store, invites);
  partyResponder(bus, store, invites);
  fameResponder(bus, store);
  noteResponder(bus, store);
  messengerResponder(bus, store, invites);
  guildResponder(bus, store, invites);
  cashShopResponder(bus, store);
  inventoryResponder(bus, store, { itemDropped: drops.itemDropped });
  consumablesResponder(bus, store, world);
  storageResponder(bus, store);
  welcomeResponder(bus, store);
  try {
    await bus.start();
  } catch (err) {
    world.stop();
    transport.stop();
    drops.stop();
    monsters.stop();
    skillsAndBuffs.stop();
    await http.close();
    throw err;
  }
  log.info("sandbox ready", { rest: http.root, bus: bus.kind });
  let stopping: Promise<void> | undefined;
  return {
    root: http.root,
    httpPort: http.port,
    store,
    bus,
    accountSessions,
    world,
    seats,
    playable: NAMED_CHARACTERS.map((c) => ({
      id: c.id,
      name: String(c.attributes.name),
      accountId: c.accountId,
      mapId: Number(c.attributes.mapId),
    })),
    requests: http.requests,
    stop() {
      stopping ??= (async () => {
        world.stop();
        transport.stop();
        drops.stop();
        monsters.stop();
        skillsAndBuffs.stop();
        await bus.stop();
        await http.close();
      })();
      return stopping;
    },
  };
}
