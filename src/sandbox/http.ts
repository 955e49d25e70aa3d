/**
 * The sandbox's HTTP side: one `Deno.serve` answering the JSON:API endpoints of rest-contract.md §2 that
 * the channel's features call, from the {@link SandboxStore}. As the real services do, every call but the
 * configurations service's needs the four tenant headers (400 with an empty body without them); a call
 * for another tenant finds nothing (404).
 * @module
 */
import { getLogger } from "../observability/log.ts";
import {
  accountDocument,
  accountsDocument,
  buddyListDoc,
  channelDoc,
  characterDoc,
  type Document,
  guildResource,
  inventoryDoc,
  keysDoc,
  macrosDoc,
  mapCharactersDoc,
  mapDoc,
  messengerDoc,
  monsterSpawnsDoc,
  noteResource,
  npcsDoc,
  partyDoc,
  petDoc,
  petsDoc,
  portalsDoc,
  serviceDocument,
  type ServiceLayout,
  skillsDoc,
  tenantDocument,
  threadResource,
  worldDocument,
} from "./documents.ts";
import type { SandboxStore } from "./store.ts";
import { cashShopOf, type SandboxCashItem } from "./cash-shop.ts";
import { inventoryDocument, type ResourceObject } from "../features/character/fixtures.ts";
import { monsterResource } from "./monsters.ts";
import { isIn, SANDBOX_REACTORS, SANDBOX_ROUTE } from "./ground.ts";
import { activeBuffsDoc, skillDataDoc } from "./skills.ts";
import { shopDoc } from "./npcs.ts";
import { SANDBOX_SERVICE_ID, SANDBOX_WORLD_ID, sandboxTenantOf } from "./world.ts";

const log = getLogger("sandbox.http");

/** A running sandbox HTTP server. */
export interface SandboxHttp {
  /** The REST root to use as BASE_SERVICE_URL, with a trailing slash. */
  readonly root: string;
  readonly port: number;
  /** Requests served so far, by `METHOD path` without the query (for tests and the sandbox's log). */
  readonly requests: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** Options of {@link serveSandboxHttp}. */
export interface SandboxHttpOptions extends ServiceLayout {
  hostname?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

type Reply = { status: number; json?: Document };

const ok = (json: Document): Reply => ({ status: 200, json });
const notFound: Reply = {
  status: 404,
  json: { errors: [{ status: "404", title: "Not Found" }] },
};

/**
 * Answers one request: `segments` is the path split on `/` (empty parts dropped), `query` its parameters.
 * Exported for tests that want the routing without a socket.
 */
export async function route(
  store: SandboxStore,
  layout: ServiceLayout,
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  headers: Headers,
  readBody: () => Promise<unknown>,
): Promise<Reply> {
  const [first, second, third, fourth, fifth, sixth, seventh] = segments;
  if (first === "configurations" && method === "GET") {
    // atlas-configurations answers 500, not 404, for unknown ids.
    if (second === "services" && segments.length === 3) {
      return third === SANDBOX_SERVICE_ID ? ok(serviceDocument(layout)) : { status: 500 };
    }
    if (second === "tenants" && segments.length === 3) {
      const doc = tenantDocument(third);
      return doc ? ok(doc) : { status: 500 };
    }
    return notFound;
  }

  const tenantId = headers.get("TENANT_ID");
  const tenantComplete = tenantId && headers.get("REGION") &&
    /^\d+$/.test(headers.get("MAJOR_VERSION") ?? "") &&
    /^\d+$/.test(headers.get("MINOR_VERSION") ?? "");
  if (!tenantComplete) return { status: 400 };
  if (!sandboxTenantOf(tenantId)) return notFound;

  const id = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN);

  if (first === "accounts" && method === "GET") {
    if (segments.length === 1) return ok(accountsDocument(store));
    const cash = cashShopAccountReply(store, id(second), segments.slice(2), query);
    if (cash) return cash;
    const doc = segments.length === 2 ? accountDocument(store, id(second)) : undefined;
    return doc ? ok(doc) : notFound;
  }

  if (first === "worlds") {
    const worldId = id(second);
    if (worldId !== SANDBOX_WORLD_ID) return notFound;
    if (segments.length === 2 && method === "GET") return ok(worldDocument());
    if (third !== "channels") return notFound;
    if (segments.length === 3 && method === "POST") {
      const body = await readBody() as { data?: { attributes?: Record<string, unknown> } } | undefined;
      const a = body?.data?.attributes ?? {};
      if (typeof a.channelId !== "number" || typeof a.port !== "number") return { status: 400 };
      store.register({
        tenantId: tenantId.toLowerCase(),
        worldId,
        channelId: a.channelId,
        ipAddress: String(a.ipAddress ?? "127.0.0.1"),
        port: a.port,
        currentCapacity: Number(a.currentCapacity ?? 0),
        maxCapacity: Number(a.maxCapacity ?? 0),
        createdAt: String(a.createdAt ?? new Date().toISOString()),
      });
      return { status: 202 };
    }
    const channelId = id(fourth);
    if (segments.length === 4 && method === "DELETE") {
      return store.unregister(worldId, channelId, tenantId.toLowerCase()) ? { status: 204 } : notFound;
    }
    if (segments.length === 4 && method === "GET") {
      const channel = store.channel(worldId, channelId, tenantId.toLowerCase());
      return channel ? ok(channelDoc(channel)) : notFound;
    }
    if (fifth !== "maps" || method !== "GET") return notFound;
    const map = store.map(id(sixth));
    if (!map) return notFound;
    switch (segments.length === 7 ? seventh : "") {
      case "characters":
        return ok(mapCharactersDoc(store.charactersIn(worldId, channelId, map.id)));
      case "monsters":
        return ok({ data: store.monsters.inMap(worldId, channelId, map).map(monsterResource) });
      case "drops":
        return ok({
          data: store.drops(tenantId).inMap(worldId, channelId, map.id).map((
            { id, status: _s, reservedBy: _r, asset: _a, seeded: _d, ...attributes },
          ) => ({
            type: "drops",
            id: String(id),
            attributes,
          })),
        });
      case "chairs":
        return ok({
          data: [...store.seats(tenantId).chairs.values()].filter((c) => isIn(c, worldId, channelId, map.id))
            .map((
              c,
            ) => ({
              type: "chairs",
              id: String(c.chairId),
              attributes: { type: c.chairType, characterId: c.characterId },
            })),
        });
      case "chalkboards":
        return ok({
          data: [...store.seats(tenantId).chalkboards.values()].filter((b) =>
            isIn(b, worldId, channelId, map.id)
          ).map((
            b,
          ) => ({
            type: "chalkboards",
            id: String(b.characterId),
            attributes: { message: b.message },
          })),
        });
      case "reactors":
        return ok({
          data: SANDBOX_REACTORS.filter((r) => r.mapId === map.id).map(({ id, ...attributes }) => ({
            type: "reactors",
            id: String(id),
            attributes: { worldId, channelId, ...attributes, delay: 0, eventState: 0 },
          })),
        });
    }
    return notFound;
  }

  if (first === "characters") {
    if (segments.length === 1 && method === "GET") {
      const name = query.get("name");
      const found = name === null ? undefined : store.characterByName(name);
      return ok({ data: found ? [characterDoc(found).data] : [] });
    }
    const c = store.character(id(second));
    if (!c) return notFound;
    if (segments.length === 2 && method === "GET") return ok(characterDoc(c));
    if (segments.length === 4 && third === "cash-shop" && fourth === "wishlist") {
      // atlas-cashshop's wish list: read, cleared, or one serial number added (answered with the item).
      const list = cashShopOf(store).wishlist(c.id);
      const resource = (w: { id: string; serialNumber: number }) => ({
        type: "items",
        id: w.id,
        attributes: { characterId: c.id, serialNumber: w.serialNumber },
      });
      if (method === "GET") return ok({ data: list.map(resource) });
      if (method === "DELETE") {
        list.length = 0;
        return { status: 204 };
      }
      if (method === "POST") {
        const body = await readBody() as { data?: { attributes?: { serialNumber?: unknown } } } | undefined;
        const serialNumber = body?.data?.attributes?.serialNumber;
        if (typeof serialNumber !== "number" || !Number.isInteger(serialNumber) || serialNumber <= 0) {
          return { status: 400 };
        }
        const added = { id: crypto.randomUUID(), serialNumber };
        list.push(added);
        return { status: 201, json: { data: resource(added) } };
      }
    }
    if (method === "PATCH" && third === "keys" && segments.length === 4) {
      const body = await readBody() as { data?: { attributes?: { type?: unknown; action?: unknown } } };
      const type = body?.data?.attributes?.type;
      const action = body?.data?.attributes?.action;
      const key = id(fourth);
      if (typeof type !== "number" || typeof action !== "number" || !Number.isInteger(key)) {
        return { status: 400 };
      }
      c.keys[key] = [type, action];
      return { status: 200 };
    }
    if (method === "GET" && segments.length === 4 && third === "inventory" && fourth === "compartments") {
      // atlas-inventory: one compartment by type, with its assets.
      const type = Number(query.get("type"));
      const included = (inventoryDocument(c.id, c.assets).included ?? []) as ResourceObject[];
      const compartment = included.find((r) =>
        r.type === "compartments" && (r.attributes as { type?: number } | undefined)?.type === type
      );
      if (!compartment) return notFound;
      const ids = new Set(
        ((compartment.relationships?.assets as { data?: { id: string }[] } | undefined)?.data ?? []).map((
          r,
        ) => r.id),
      );
      return ok({
        data: compartment,
        included: included.filter((r) => r.type === "assets" && ids.has(r.id)),
      });
    }
    if (method !== "GET" || segments.length !== 3) return notFound;
    switch (third) {
      case "inventory":
        return ok(inventoryDoc(c));
      case "skills":
        return ok(skillsDoc(c));
      case "macros":
        return ok(macrosDoc(c));
      case "pets":
        return ok(petsDoc(c));
      case "keys":
        return ok(keysDoc(c));
      case "buffs":
        return ok(activeBuffsDoc(store.buffs.get(c.id) ?? []) as Document);
      case "buddy-list":
        return ok(buddyListDoc(c, store.buddyList(c.id)));
      case "notes":
        return ok({
          data: [...store.notes.values()].filter((n) => n.characterId === c.id).map(noteResource),
        });
    }
    return notFound;
  }

  if (first === "monsters" && segments.length === 2 && method === "GET") {
    const monster = store.monsters.get(id(second));
    return monster ? ok({ data: monsterResource(monster) }) : notFound;
  }

  if (first === "pets" && segments.length === 2 && method === "GET") {
    const petId = id(second);
    for (const accountId of store.accountIds()) {
      for (const c of store.charactersOf(accountId)) {
        const doc = c.pets[petId] ? petDoc(c, petId) : undefined;
        if (doc) return ok(doc);
      }
    }
    return notFound;
  }

  if (first === "notes" && segments.length === 2 && method === "GET") {
    const note = store.notes.get(id(second));
    return note ? ok({ data: noteResource(note) }) : notFound;
  }

  if (first === "messengers" && method === "GET") {
    if (segments.length === 2) {
      const room = store.messengers.get(id(second));
      return room ? ok(messengerDoc(store, room, false)) : notFound;
    }
    const member = query.get("filter[members.id]");
    const room = member === null
      ? undefined
      : [...store.messengers.values()].find((r) => r.members.some((m) => m.characterId === id(member)));
    return ok(room ? messengerDoc(store, room, true) : { data: [] });
  }

  if (first === "parties" && method === "GET") {
    if (segments.length === 2) {
      const party = store.parties.get(id(second));
      return party ? ok(partyDoc(store, party, false)) : notFound;
    }
    const member = query.get("filter[members.id]");
    const party = member === null ? undefined : store.partyOf(id(member));
    return ok(party ? partyDoc(store, party, true) : { data: [] });
  }

  if (first === "guilds" && method === "GET") {
    if (segments.length === 1) {
      const member = query.get("filter[members.id]");
      const guild = member === null ? undefined : store.guildOf(id(member));
      return ok({ data: guild ? [guildResource(store, guild)] : [] });
    }
    const guild = store.guilds.get(id(second));
    if (!guild) return notFound;
    if (segments.length === 2) return ok({ data: guildResource(store, guild) });
    if (third !== "threads") return notFound;
    if (segments.length === 3) return ok({ data: guild.threads.map(threadResource) });
    const thread = segments.length === 4 ? guild.threads.find((t) => t.id === id(fourth)) : undefined;
    return thread ? ok({ data: threadResource(thread) }) : notFound;
  }

  if ((first === "guilds" || first === "parties" || first === "messengers") && segments.length === 1) {
    return method === "GET" ? ok({ data: [] }) : notFound;
  }

  if (
    first === "storage" && second === "accounts" && method === "GET" &&
    (segments.length === 3 || fourth === "assets")
  ) {
    const storage = store.storage(id(third), Number(query.get("worldId") ?? 0));
    if (segments.length === 3) {
      return ok({
        data: {
          type: "storages",
          id: storage.id,
          attributes: {
            world_id: storage.worldId,
            account_id: storage.accountId,
            capacity: storage.capacity,
            mesos: storage.mesos,
          },
        },
      });
    }
    if (segments.length !== 4) return notFound;
    return ok({
      data: storage.assets.map((a) => ({
        type: "storage_assets",
        id: String(a.id),
        attributes: {
          storage_id: storage.id,
          inventory_type: a.inventoryType,
          slot: a.slot,
          template_id: a.templateId,
          expiration: "0001-01-01T00:00:00Z",
          reference_id: a.referenceId,
          reference_type: a.referenceType,
          ...(a.quantity === undefined ? {} : { quantity: a.quantity, owner_id: 0, flag: 0 }),
        },
      })),
    });
  }

  if (first === "npcs" && third === "shop" && segments.length === 3 && method === "GET") {
    const shop = shopDoc(id(second));
    return shop ? ok(shop) : notFound;
  }

  if (first === "transports" && second === "routes" && segments.length === 2 && method === "GET") {
    const { id: routeId, observationMapId: _o, ...route } = SANDBOX_ROUTE;
    const attributes = { ...route, enRouteMapIds: [...route.enRouteMapIds], state: store.route.state };
    return ok({
      data: [{ type: "routes", id: routeId, attributes, relationships: { schedule: { data: [] } } }],
    });
  }

  if (first === "data" && second === "skills" && segments.length === 3 && method === "GET") {
    const doc = skillDataDoc(id(third));
    return doc ? ok(doc as Document) : notFound;
  }

  if (first === "data" && second === "maps" && method === "GET") {
    const map = store.map(id(third));
    if (!map) return notFound;
    if (segments.length === 3) return ok(mapDoc(map));
    if (segments.length !== 4) return notFound;
    if (fourth === "portals") return ok(portalsDoc(map, query.get("name") ?? undefined));
    if (fourth === "npcs") {
      const objectId = query.get("objectId");
      return ok(npcsDoc(map, objectId === null ? undefined : id(objectId)));
    }
    if (fourth === "monsters") return ok(monsterSpawnsDoc(map));
  }
  return notFound;
}

/**
 * atlas-cashshop's account resources: `accounts/{id}/wallet`, the explorer cash-inventory compartment with
 * its assets and items (`…/cash-shop/inventory/compartments?type=1`; other types are empty) and one asset
 * of it with its item (`…/compartments/{c}/assets/{id}`), from the store's cash-shop state. Undefined
 * when `rest` names none of them.
 */
function cashShopAccountReply(
  store: SandboxStore,
  accountId: number,
  rest: readonly string[],
  query: URLSearchParams,
): Reply | undefined {
  const known = store.accountIds().includes(accountId);
  const cash = cashShopOf(store);
  const itemResource = (i: SandboxCashItem) => ({
    type: "items",
    id: String(i.itemId),
    attributes: {
      cashId: i.cashId,
      templateId: i.templateId,
      quantity: i.quantity,
      flag: i.flag,
      purchasedBy: i.purchasedBy,
    },
  });
  const assetResource = (compartmentId: string, i: SandboxCashItem) => ({
    type: "assets",
    id: i.assetId,
    attributes: { compartmentId },
    relationships: { item: { data: { type: "items", id: String(i.itemId) } } },
  });
  if (rest.length === 1 && rest[0] === "wallet") {
    if (!known) return notFound;
    return ok({
      data: {
        type: "wallets",
        id: uuidOf("a11e7000", accountId),
        attributes: { accountId, ...cash.wallet(accountId) },
      },
    });
  }
  if (rest.length === 3 && rest.join("/") === "cash-shop/inventory/compartments") {
    if (!known) return notFound;
    const type = Number(query.get("type") ?? "1");
    const locker = cash.locker(accountId);
    const items = type === locker.type ? locker.items : [];
    const id = type === locker.type ? locker.id : uuidOf(`c0ba${String(type).padStart(4, "0")}`, accountId);
    return ok({
      data: {
        type: "compartments",
        id,
        attributes: { accountId, type, capacity: locker.capacity },
        relationships: { assets: { data: items.map((i) => ({ type: "assets", id: i.assetId })) } },
      },
      included: items.flatMap((i) => [assetResource(id, i), itemResource(i)]),
    });
  }
  if (
    rest.length === 6 && rest.slice(0, 3).join("/") === "cash-shop/inventory/compartments" &&
    rest[4] === "assets"
  ) {
    if (!known) return notFound;
    const locker = cash.locker(accountId);
    const item = locker.id === rest[3] ? locker.items.find((i) => i.assetId === rest[5]) : undefined;
    if (!item) return notFound;
    return ok({ data: assetResource(locker.id, item), included: [itemResource(item)] });
  }
  return undefined;
}

/** A stable UUID from an 8-hex-digit prefix and a number. */
function uuidOf(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Starts the HTTP server over `store`. */
export function serveSandboxHttp(
  store: SandboxStore,
  options: SandboxHttpOptions = {},
): Promise<SandboxHttp> {
  const requests = new Map<string, number>();
  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 0,
    onListen: (addr) => resolve(addr as Deno.NetAddr),
  }, async (request) => {
    const url = new URL(request.url);
    const segments = url.pathname.split("/").filter((s) => s.length > 0).map(decodeURIComponent);
    if (segments[0] === "api") segments.shift();
    const label = `${request.method} ${segments.join("/")}`;
    requests.set(label, (requests.get(label) ?? 0) + 1);
    let reply: Reply;
    try {
      reply = await route(
        store,
        options,
        request.method,
        segments,
        url.searchParams,
        request.headers,
        async () => {
          try {
            return await request.json();
          } catch {
            return undefined;
          }
        },
      );
    } catch (err) {
      log.error("request failed", { request: label, error: err });
      reply = { status: 500 };
    }
    log.debug("request", { request: label, query: url.search, status: reply.status });
    if (reply.json === undefined) return new Response(null, { status: reply.status });
    return new Response(JSON.stringify(reply.json), {
      status: reply.status,
      headers: { "content-type": "application/vnd.api+json" },
    });
  });
  return listening.then((addr) => ({
    root: `http://${addr.hostname}:${addr.port}/api/`,
    port: addr.port,
    requests,
    close: () => server.shutdown(),
  }));
}
