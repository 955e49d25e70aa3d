/**
 * A local HTTP server standing in for the Atlas REST services in tests: it serves JSON:API fixtures
 * (samples from shared/reference/rest-contract.md §3), can answer with any status, a delay, malformed
 * JSON or a schema-mismatching body, and records every request for assertions.
 * @module
 */

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query relative to the root, e.g. `worlds/0/channels` (no `/api/`). */
  path: string;
  headers: Headers;
  body: string;
}

/** How to answer one request. */
export interface Reply {
  /** HTTP status; 200 by default. */
  status?: number;
  /** A body serialised as JSON. */
  json?: unknown;
  /** A raw body (e.g. malformed JSON); wins over `json`. */
  text?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** A `Location` header (for redirects), relative to the root, e.g. `accounts/`. */
  location?: string;
}

/** A running fixture server. */
export interface JsonApiServer {
  /** Root URL, ending in `/api/` like Atlas' BASE_SERVICE_URL. */
  readonly root: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /**
   * Answers `method path` with `replies` in order; the last reply repeats. Unrouted requests get 404
   * with an empty body, as Atlas services answer.
   */
  on(method: string, path: string, ...replies: Reply[]): void;
  /** The recorded requests for one route. */
  requestsTo(method: string, path: string): RecordedRequest[];
  /** Stops the server, cutting any pending delays short. */
  close(): Promise<void>;
}

const API_PREFIX = "/api/";

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export function startJsonApiServer(): Promise<JsonApiServer> {
  const routes = new Map<string, Reply[]>();
  const served = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const pendingDelays = new Set<() => void>();

  // Delays end early only on close(): Deno.serve's request.signal also fires after normal responses.
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      pendingDelays.add(finish);
    });

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const full = url.pathname + url.search;
    const path = full.startsWith(API_PREFIX) ? full.slice(API_PREFIX.length) : full;
    const recorded = { method: request.method, path, headers: request.headers, body: await request.text() };
    requests.push(recorded);
    const key = `${request.method} ${path}`;
    const replies = routes.get(key);
    if (!replies || replies.length === 0) return new Response(null, { status: 404 });
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    const reply = replies[Math.min(index, replies.length - 1)];
    if (reply.delayMs) await delay(reply.delayMs);
    const body = reply.text ?? (reply.json === undefined ? null : JSON.stringify(reply.json));
    const headers = new Headers(body === null ? {} : { "Content-Type": "application/json" });
    if (reply.location !== undefined) headers.set("Location", API_PREFIX + reply.location);
    return new Response(body, { status: reply.status ?? 200, headers });
  };

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        resolve({
          root: `http://127.0.0.1:${port}${API_PREFIX}`,
          requests,
          on(method, path, ...replies) {
            routes.set(`${method} ${path}`, replies);
            served.delete(`${method} ${path}`);
          },
          requestsTo(method, path) {
            return requests.filter((r) => r.method === method && r.path === path);
          },
          async close() {
            for (const finish of [...pendingDelays]) finish();
            await server.shutdown();
          },
        });
      },
    }, handler);
  });
}

/** Sample tenant of the reference (§3): GMS 83.1. */
export const SAMPLE_TENANT = {
  id: "083839c6-c47c-42a6-9585-76492795d123",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
} as const;

/** Response documents copied from the reference's samples (rest-contract.md §3). */
export const FIXTURES = {
  /** §3.1 GET configurations/services/{id}. */
  service: {
    data: {
      type: "services",
      id: "e7fb1d7e-47b8-46bd-97dc-867d93530000",
      attributes: {
        tasks: [{ type: "timeout", interval: 10000, duration: 300000 }],
        tenants: [{
          id: "083839c6-c47c-42a6-9585-76492795d123",
          ipAddress: "192.168.23.232",
          worlds: [{ id: 0, channels: [{ id: 0, port: 8301 }, { id: 1, port: 8302 }] }],
        }],
      },
    },
  },
  /** §3.2 GET configurations/tenants/{id} (abridged). */
  tenant: {
    data: {
      type: "tenants",
      id: "083839c6-c47c-42a6-9585-76492795d123",
      attributes: {
        region: "GMS",
        majorVersion: 83,
        minorVersion: 1,
        usesPin: false,
        socket: {
          handlers: [
            { opCode: "0x14", validator: "NoOpValidator", handler: "CharacterLoggedInHandle", options: null },
            {
              opCode: "0x29",
              validator: "LoggedInValidator",
              handler: "CharacterMoveHandle",
              options: { types: [{ Name: "NORMAL", Type: "NORMAL" }, { Name: "JUMP", Type: "JUMP" }] },
            },
          ],
          writers: [
            { opCode: "0x7D", writer: "SetField", options: null },
            { opCode: "0xB9", writer: "CharacterMovement", options: null },
          ],
        },
        npcs: [{ npcId: 1002000, impl: "Phil" }],
        worlds: [{
          name: "Scania",
          flag: "Nothing",
          serverMessage: "Welcome to Scania!",
          eventMessage: "Scania!",
          whyAmIRecommended: "Most Populated!",
        }],
      },
    },
  },
  /** §3.4 GET worlds/{w}/channels/{c}. */
  channel: {
    data: {
      type: "channels",
      id: "5b0c9c62-8e7e-4a51-9f64-3f0d7a1c2b11",
      attributes: {
        worldId: 0,
        channelId: 1,
        ipAddress: "192.168.23.232",
        port: 8302,
        currentCapacity: 0,
        maxCapacity: 0,
        createdAt: "2026-01-15T18:04:05.123456789Z",
      },
    },
  },
  /** §3.5 GET worlds/{w}. */
  world: {
    data: {
      type: "worlds",
      id: "0",
      attributes: {
        name: "Scania",
        state: 0,
        message: "Welcome to Scania!",
        eventMessage: "Scania!",
        recommended: true,
        recommendedMessage: "Most Populated!",
        capacityStatus: 0,
      },
      relationships: { channels: { data: [] } },
    },
  },
  /** §3.16 GET parties?filter[members.id]=... (collection with included members). */
  parties: {
    data: [{
      type: "parties",
      id: "1000000001",
      attributes: { leaderId: 1001 },
      relationships: {
        members: { data: [{ type: "members", id: "1001" }, { type: "members", id: "1002" }] },
      },
    }],
    included: [
      {
        type: "members",
        id: "1001",
        attributes: {
          name: "Aria",
          level: 30,
          jobId: 400,
          worldId: 0,
          channelId: 1,
          mapId: 100000000,
          online: true,
        },
      },
      {
        type: "members",
        id: "1002",
        attributes: {
          name: "Brin",
          level: 28,
          jobId: 200,
          worldId: 0,
          channelId: 1,
          mapId: 100000000,
          online: true,
        },
      },
    ],
  },
  /** §3.26 GET npcs/{id}/shop?include=commodities (single with included commodities). */
  shop: {
    data: {
      type: "shops",
      id: "shop-1011100",
      attributes: { id: "shop-1011100", npcId: 1011100, recharger: false },
      relationships: {
        commodities: { data: [{ type: "commodities", id: "a3c1d2e4-5f60-4a7b-8c9d-0e1f2a3b4c5d" }] },
      },
    },
    included: [{
      type: "commodities",
      id: "a3c1d2e4-5f60-4a7b-8c9d-0e1f2a3b4c5d",
      attributes: {
        id: "a3c1d2e4-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        templateId: 2000000,
        mesoPrice: 50,
        discountRate: 0,
        tokenTemplateId: 0,
        tokenPrice: 0,
        period: 0,
        levelLimit: 0,
        unitPrice: 0,
        slotMax: 100,
      },
    }],
  },
} as const;
