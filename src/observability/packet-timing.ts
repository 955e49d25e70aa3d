/**
 * When the client packet being handled arrived, for the packet→publish latency: a packet handler runs
 * inside {@link withPacketArrival}, and a publish it makes (however deep in feature code) reads
 * {@link packetArrivedAt} when the broker acknowledged. Outside a packet handler (a Kafka consumer, a
 * timer) there is no arrival time and nothing is recorded.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

const arrival = new AsyncLocalStorage<number>();

/** Runs `fn` with `arrivedAt` (a `performance.now()` time) as the current packet's arrival. */
export function withPacketArrival<T>(arrivedAt: number, fn: () => T): T {
  return arrival.run(arrivedAt, fn);
}

/** The arrival time of the packet whose handler is running, if any. */
export function packetArrivedAt(): number | undefined {
  return arrival.getStore();
}
