/**
 * What lies on the ground of the sandbox world, per tenant: atlas-drops' registry (drops per world,
 * channel and map, each `AVAILABLE` or `RESERVED` by one character), seeded with a few drops in Henesys on
 * every channel, and atlas-chairs'/atlas-chalkboards' registries. The responders change them and the HTTP
 * server lists them (`…/maps/{m}/drops`, `chairs`, `chalkboards`) for the tenant of the request.
 * @module
 */
import type { AssetFixture } from "../features/character/fixtures.ts";
import {
  BOAT_EN_ROUTE,
  BOAT_STAGING,
  ELLINIA,
  HENESYS,
  ORBIS_STATION,
  SANDBOX_CHANNEL_IDS,
  SANDBOX_TENANTS,
  SANDBOX_WORLD_ID,
} from "./world.ts";

/** A drop as atlas-drops keeps it (its REST attributes, plus the reservation). */
export interface SandboxDrop {
  id: number;
  worldId: number;
  channelId: number;
  mapId: number;
  itemId: number;
  equipmentId: number;
  quantity: number;
  meso: number;
  type: number;
  x: number;
  y: number;
  ownerId: number;
  ownerPartyId: number;
  dropTime: string;
  dropperId: number;
  dropperX: number;
  dropperY: number;
  characterDrop: boolean;
  status: "AVAILABLE" | "RESERVED";
  reservedBy?: number;
  /** A character's dropped item as it left the inventory (stats and all), so it returns the same. */
  asset?: AssetFixture;
  /** One of the sandbox's {@link SEEDED_DROPS}: never expires, so a bot always finds something to take. */
  seeded?: boolean;
}

/** atlas-drops' first drop id. */
export const FIRST_DROP_ID = 1_000_000_001;

/** Drops lying in Henesys of every channel when the sandbox starts: anyone may pick them up. */
export const SEEDED_DROPS: readonly Omit<SandboxDrop, "id" | "channelId" | "dropTime" | "status">[] = Object
  .freeze([
    { itemId: 2000000, quantity: 5, meso: 0, x: -120 },
    { itemId: 4000000, quantity: 2, meso: 0, x: -60 },
    { itemId: 0, quantity: 0, meso: 250, x: 60 },
  ].map((d) => ({
    ...d,
    worldId: SANDBOX_WORLD_ID,
    mapId: HENESYS,
    equipmentId: 0,
    type: 2,
    y: 274,
    ownerId: 0,
    ownerPartyId: 0,
    dropperId: 0,
    dropperX: d.x,
    dropperY: 274,
    characterDrop: false,
  })));

/** One tenant's registry; see the module documentation. */
export interface SandboxDrops {
  /** Creates a drop with the next id. */
  create(drop: Omit<SandboxDrop, "id" | "status" | "dropTime">): SandboxDrop;
  /** A drop by id. */
  get(id: number): SandboxDrop | undefined;
  /** The drops of a map instance, in id order. */
  inMap(worldId: number, channelId: number, mapId: number): SandboxDrop[];
  /** Reserves a drop for a character (again for the same one); undefined when gone or taken. */
  reserve(id: number, characterId: number): SandboxDrop | undefined;
  /** Makes a reserved drop available again (atlas-drops' `CANCEL_RESERVATION`). */
  release(id: number, characterId: number): void;
  /** Removes a drop. */
  remove(id: number): SandboxDrop | undefined;
  /** Every drop, in id order. */
  all(): SandboxDrop[];
}

/**
 * An empty registry drawing ids from `nextId` (atlas-drops has one id sequence for all tenants, so the
 * registries of one sandbox share it).
 */
export function createSandboxDrops(nextId: () => number): SandboxDrops {
  const drops = new Map<number, SandboxDrop>();
  return {
    create(drop) {
      const made: SandboxDrop = {
        ...drop,
        id: nextId(),
        status: "AVAILABLE",
        dropTime: new Date().toISOString(),
      };
      drops.set(made.id, made);
      return made;
    },
    get: (id) => drops.get(id),
    inMap: (worldId, channelId, mapId) =>
      [...drops.values()].filter((d) =>
        d.worldId === worldId && d.channelId === channelId && d.mapId === mapId
      ),
    reserve(id, characterId) {
      const drop = drops.get(id);
      if (!drop) return undefined;
      if (drop.status === "AVAILABLE") {
        drop.status = "RESERVED";
        drop.reservedBy = characterId;
        return drop;
      }
      return drop.reservedBy === characterId ? drop : undefined;
    },
    release(id, characterId) {
      const drop = drops.get(id);
      if (drop?.status !== "RESERVED" || drop.reservedBy !== characterId) return;
      drop.status = "AVAILABLE";
      drop.reservedBy = undefined;
    },
    remove(id) {
      const drop = drops.get(id);
      drops.delete(id);
      return drop;
    },
    all: () => [...drops.values()],
  };
}

/**
 * What lies on the ground per tenant: each tenant has its own drops (an event or a pick-up of one tenant
 * never touches another's), ids from one sequence starting at {@link FIRST_DROP_ID}. The sandbox tenants'
 * registries are made up front in {@link SANDBOX_TENANTS} order, each seeded with {@link SEEDED_DROPS} on
 * every channel (so the GMS v83 tenant's channel 0 holds the first ids); any other tenant starts empty.
 */
export function createTenantDrops(): (tenantId: string) => SandboxDrops {
  let next = FIRST_DROP_ID;
  const nextId = () => next++;
  const registries = new Map<string, SandboxDrops>();
  const of = (tenantId: string) => {
    const key = tenantId.toLowerCase();
    let found = registries.get(key);
    if (!found) registries.set(key, found = createSandboxDrops(nextId));
    return found;
  };
  for (const { id } of SANDBOX_TENANTS) {
    const registry = of(id);
    for (const channelId of SANDBOX_CHANNEL_IDS) {
      for (const seed of SEEDED_DROPS) registry.create({ ...seed, channelId, seeded: true });
    }
  }
  return of;
}

/** Where a character sits or holds up its board. */
export interface SandboxPlace {
  worldId: number;
  channelId: number;
  mapId: number;
}

/** A chair in use (atlas-chairs' registry entry). */
export interface SandboxChair extends SandboxPlace {
  characterId: number;
  chairType: "FIXED" | "PORTABLE";
  chairId: number;
}

/** A chalkboard held up (atlas-chalkboards' registry entry). */
export interface SandboxChalkboard extends SandboxPlace {
  characterId: number;
  message: string;
}

/** Map seats every sandbox map has (seat ids 0..n-1), as atlas-data's `seats` would say. */
export const SANDBOX_SEATS = 2;

/** Who sits where and who holds up a board: atlas-chairs' and atlas-chalkboards' registries. */
export interface SandboxSeats {
  /** Chairs in use, by the sitting character. */
  readonly chairs: Map<number, SandboxChair>;
  /** Boards held up, by the holding character. */
  readonly chalkboards: Map<number, SandboxChalkboard>;
}

/** Empty registries. */
export function createSandboxSeats(): SandboxSeats {
  return { chairs: new Map(), chalkboards: new Map() };
}

/** Who sits and who holds up a board, per tenant (created empty on first use). */
export function createTenantSeats(): (tenantId: string) => SandboxSeats {
  const registries = new Map<string, SandboxSeats>();
  return (tenantId) => {
    const key = tenantId.toLowerCase();
    let found = registries.get(key);
    if (!found) registries.set(key, found = createSandboxSeats());
    return found;
  };
}

/** Whether a registry entry is in a map instance. */
export function isIn(place: SandboxPlace, worldId: number, channelId: number, mapId: number): boolean {
  return place.worldId === worldId && place.channelId === channelId && place.mapId === mapId;
}

/** A reactor placed in a sandbox map (atlas-reactors' `reactors` attributes; the id is per map). */
export interface SandboxReactor {
  id: number;
  mapId: number;
  classification: number;
  name: string;
  state: number;
  x: number;
  y: number;
  direction: number;
}

/** The reactors of the sandbox world: the same ones on every channel (nothing hits them here). */
export const SANDBOX_REACTORS: readonly SandboxReactor[] = Object.freeze([
  {
    id: 2_000_000_001,
    mapId: HENESYS,
    classification: 1002000,
    name: "box",
    state: 0,
    x: 300,
    y: 274,
    direction: 0,
  },
  {
    id: 2_000_000_002,
    mapId: HENESYS,
    classification: 1002001,
    name: "",
    state: 0,
    x: -300,
    y: 274,
    direction: 1,
  },
]);

/**
 * The sandbox's one boat route (atlas-transports' route attributes): boarding from Ellinia into the
 * waiting room, on board while travelling, arriving at Orbis Station. Its state changes as the transport
 * responder runs the schedule (`store.route`); it starts boarding, so a character entering Ellinia
 * sees the boat docked.
 */
export const SANDBOX_ROUTE = Object.freeze({
  id: "5a4db0c5-0000-4000-8000-00000000b0a7",
  name: "Ellinia to Orbis",
  startMapId: ELLINIA,
  stagingMapId: BOAT_STAGING,
  enRouteMapIds: Object.freeze([BOAT_EN_ROUTE]),
  destinationMapId: ORBIS_STATION,
  /** Where the route's ARRIVED / DEPARTED are observed (atlas-transports' `observationMapId`). */
  observationMapId: ELLINIA,
});

/** atlas-transports' route states, in the order a trip goes through them. */
export type RouteState = "open_entry" | "locked_entry" | "in_transit" | "awaiting_return";

/** The route's current state (one schedule for every tenant, as atlas-transports' shared clock). */
export interface SandboxRouteState {
  state: RouteState;
}
