/**
 * The running server: what starts on boot and what stops, in reverse order, on shutdown.
 * @module
 */
import type { Settings } from "./config/settings.ts";
import { getLogger } from "./observability/log.ts";

const log = getLogger("app");

/** Something to undo on shutdown (close a listener, flush a producer, ...). */
export interface Closer {
  name: string;
  close(): Promise<void> | void;
}

/** A started server. `stop` is idempotent and never throws. */
export interface App {
  readonly settings: Settings;
  stop(): Promise<void>;
}

/** Runs closers in reverse registration order, logging (not throwing) failures. */
export async function closeAll(closers: readonly Closer[]): Promise<void> {
  for (const closer of [...closers].reverse()) {
    try {
      await closer.close();
      log.debug("closed", { component: closer.name });
    } catch (err) {
      log.error("failed to close component", { component: closer.name, error: err });
    }
  }
}

/** Boots the server from validated settings. */
export function startApp(settings: Settings): Promise<App> {
  const closers: Closer[] = [];
  log.info("starting", {
    bus: settings.bootstrapServers ? "kafka" : "in-memory",
    bootstrapServers: settings.bootstrapServers,
    baseServiceUrl: settings.baseServiceUrl,
    serviceId: settings.serviceId,
    serviceType: settings.serviceType,
    configFile: settings.configFile,
  });
  let stopping: Promise<void> | undefined;
  return Promise.resolve({
    settings,
    stop() {
      stopping ??= closeAll(closers).then(() => log.info("stopped"));
      return stopping;
    },
  });
}
