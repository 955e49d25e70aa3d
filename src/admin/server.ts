/**
 * The admin listener for operators and orchestrators (off unless `--admin-port`/`ADMIN_PORT`; binds
 * 127.0.0.1 unless `--admin-address` says otherwise; plain HTTP, no authentication, so keep it off
 * public interfaces):
 *
 * - `GET /healthz`: 200 while the process runs (liveness).
 * - `GET /readyz`: 200 when every configured listener is open, the bus is connected (Kafka producer
 *   connected, consumer group joined, broker reachable) and the configuration is loaded; otherwise 503
 *   with one reason per line (readiness: take the instance out of rotation).
 * - `GET /metrics`: Prometheus text format (see `src/observability/prometheus.ts`).
 * - `POST /drain`: start a drain, as SIGTERM does; 202, and the process exits once drained.
 * @module
 */
import type { Readiness } from "../app.ts";
import type { ChannelServer } from "../features/feature.ts";
import { getLogger } from "../observability/log.ts";
import { type GaugeSample, snapshot } from "../observability/metrics.ts";
import { encodePrometheus, PROMETHEUS_CONTENT_TYPE } from "../observability/prometheus.ts";

const log = getLogger("admin");

/** What the admin endpoints read and trigger; main.ts provides it (before the app exists too). */
export interface AdminTarget {
  readiness(): Readiness;
  channels(): readonly ChannelServer[];
  /** Starts a drain; returns its deadline in ms, or undefined when draining is not possible yet. */
  drain(): number | undefined;
}

/** Options of {@link startAdmin}. */
export interface AdminOptions {
  hostname: string;
  /** 0 picks a free port (tests). */
  port: number;
  version: string;
  target: AdminTarget;
}

/** A running admin listener. */
export interface AdminServer {
  readonly addr: Deno.NetAddr;
  close(): Promise<void>;
}

/** Binding the admin port failed; the message names the setting and the address. */
export class AdminListenError extends Error {
  override name = "AdminListenError";
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

/** The `/metrics` body: every recorded series plus sessions per channel, build info and process memory. */
export function metricsText(channels: readonly ChannelServer[], version: string): string {
  const gauges: GaugeSample[] = channels.map((c) => ({
    name: "sessions",
    labels: { tenant: c.tenant.id, world: String(c.worldId), channel: String(c.channelId) },
    value: c.sessions.size,
  }));
  gauges.push({ name: "build.info", labels: { version }, value: 1 });
  const memory = Deno.memoryUsage();
  gauges.push(
    { name: "process.resident_memory_bytes", labels: {}, value: memory.rss },
    { name: "process.heap_used_bytes", labels: {}, value: memory.heapUsed },
    { name: "process.uptime_seconds", labels: {}, value: Math.round(performance.now()) / 1000 },
  );
  return encodePrometheus(snapshot(), gauges);
}

/** Routes one admin request. */
export function handleAdminRequest(
  request: Request,
  options: Pick<AdminOptions, "target" | "version">,
): Response {
  const { pathname } = new URL(request.url);
  const { target } = options;
  switch (pathname) {
    case "/healthz":
      return request.method === "GET" ? new Response("ok\n", { headers: TEXT }) : notAllowed("GET");
    case "/readyz": {
      if (request.method !== "GET") return notAllowed("GET");
      const { ready, reasons } = target.readiness();
      return ready
        ? new Response("ready\n", { headers: TEXT })
        : new Response(`not ready\n${reasons.map((r) => `${r}\n`).join("")}`, { status: 503, headers: TEXT });
    }
    case "/metrics":
      if (request.method !== "GET") return notAllowed("GET");
      return new Response(metricsText(target.channels(), options.version), {
        headers: { "content-type": PROMETHEUS_CONTENT_TYPE },
      });
    case "/drain": {
      if (request.method !== "POST") return notAllowed("POST");
      const deadlineMs = target.drain();
      if (deadlineMs === undefined) {
        return new Response("not started yet; nothing to drain\n", { status: 409, headers: TEXT });
      }
      log.info("drain requested over the admin listener");
      return new Response(`draining; players have ${deadlineMs} ms to leave, then the process exits\n`, {
        status: 202,
        headers: TEXT,
      });
    }
    default:
      return new Response("not found: try /healthz, /readyz, /metrics or POST /drain\n", {
        status: 404,
        headers: TEXT,
      });
  }
}

function notAllowed(allow: string): Response {
  return new Response(`method not allowed; use ${allow}\n`, { status: 405, headers: { ...TEXT, allow } });
}

/** Starts the admin listener; throws {@link AdminListenError} when the port cannot be bound. */
export function startAdmin(options: AdminOptions): AdminServer {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: options.hostname,
      port: options.port,
      onListen: () => {},
      onError: (err) => {
        log.error("admin request failed", { error: err });
        return new Response("internal error\n", { status: 500, headers: TEXT });
      },
    }, (request) => handleAdminRequest(request, options));
  } catch (err) {
    const why = err instanceof Deno.errors.AddrInUse ? "port already in use" : String(err);
    throw new AdminListenError(
      `invalid setting ADMIN_PORT=${options.port}: cannot listen on ${options.hostname}:${options.port}: ${why}`,
      { cause: err },
    );
  }
  log.info("admin listener ready", {
    address: `${server.addr.hostname}:${server.addr.port}`,
    endpoints: "/healthz /readyz /metrics POST /drain",
  });
  return {
    addr: server.addr,
    close: () => server.shutdown(),
  };
}
