/**
 * The channel domain: registering this process's channels with atlas-world at start, on every
 * heartbeat, and whenever a `COMMAND_TOPIC_CHANNEL_STATUS` request for their tenant arrives
 * (reference README decision 1; socket-protocol.md §1.1). Unlike the reference, the registration
 * carries the real current and maximum capacity.
 * @module
 */
import type { ChannelServer, Feature, FeatureContext } from "../feature.ts";
import { tenantIdentity } from "../../tenant.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { channelStatusContract } from "./messages.ts";
import { announceChannels, type ChannelRegistration, unregisterChannel } from "./rest.ts";

const log = getLogger("channel");

/** What a channel announces about itself now. */
export function registrationOf(channel: ChannelServer): ChannelRegistration {
  return {
    worldId: channel.worldId,
    channelId: channel.channelId,
    ipAddress: channel.ipAddress,
    port: channel.port,
    currentCapacity: channel.sessions.size,
    maxCapacity: channel.maxSessions,
  };
}

/** Apps whose channels are draining: they are no longer announced. */
const draining = new WeakSet<FeatureContext>();
/** The heartbeat in flight per app, so a drain's deregistration goes out after it. */
const heartbeats = new WeakMap<FeatureContext, Promise<unknown>>();

function announce(ctx: FeatureContext, tenant?: Tenant): Promise<unknown> {
  const rest = ctx.rest;
  if (!rest || draining.has(ctx)) return Promise.resolve();
  const wanted = tenant && tenantIdentity(tenant);
  const channels = ctx.channels().filter((c) => !wanted || tenantIdentity(c.tenant) === wanted);
  return announceChannels(rest, channels.map((c) => ({ tenant: c.tenant, registration: registrationOf(c) })));
}

/** See the module documentation. */
export const channelFeature: Feature = {
  name: "channel",
  contracts: [channelStatusContract],
  start(ctx) {
    ctx.bus.subscribe(channelStatusContract, async ({ tenant }) => {
      await announce(ctx, tenant);
    }, {
      name: "channel_service_command",
    });
    if (!ctx.rest) {
      log.info("no REST services configured; channels are not registered with the world service");
      return;
    }
    announce(ctx);
    let running: Promise<unknown> | undefined;
    const stopTimer = ctx.clock.every(ctx.settings.registrationIntervalMs, () => {
      // A slow world service must not pile up overlapping heartbeats.
      running ??= announce(ctx).finally(() => {
        running = undefined;
        heartbeats.delete(ctx);
      });
      heartbeats.set(ctx, running);
    });
    ctx.onStop("channel heartbeat", async () => {
      stopTimer();
      await running;
    });
  },
  async drain(ctx) {
    draining.add(ctx);
    const rest = ctx.rest;
    if (!rest) return;
    // A registration still in flight must not land after the deregistration.
    await heartbeats.get(ctx);
    await Promise.all(
      ctx.channels().map(async (c) => {
        const where = { tenantId: c.tenant.id, worldId: c.worldId, channelId: c.channelId };
        try {
          const outcome = await unregisterChannel(rest, c.tenant, c.worldId, c.channelId);
          log.info("channel deregistered from the world service", { ...where, outcome });
        } catch (err) {
          // Heartbeats stopped, so the world service drops the channel on its own (15 s in atlas-world).
          log.warn("channel deregistration failed; the world service expires it without heartbeats", {
            ...where,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }),
    );
  },
};
