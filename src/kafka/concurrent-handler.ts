/**
 * Handling a subscription's records concurrently, in order per key.
 *
 * A consumer handles its partition in order and commits after the handler returned, so a handler that
 * waits on REST holds back every record behind it: a login storm's completions (a dozen look-ups each)
 * would run one after the other. {@link concurrentByKey} wraps such a handler: a record is *admitted*
 * (the wrapper returns, the consumer moves on) as soon as fewer than `limit` records are in flight, and
 * runs after the earlier records of its key. When `limit` are in flight, the consumer waits for one to
 * finish, so a flood cannot start unbounded work.
 *
 * The consumer then commits a record once it was admitted, not once it was handled: a crash loses the
 * records in flight. Use it only where that loses nothing, i.e. for events whose effect is on this
 * process's sessions (a login completion, a newcomer's map entry), which die with the process anyway.
 * @module
 */
import type { Delivery, DeliveryHandler } from "./bus.ts";
import { getLogger } from "../observability/log.ts";
import { increment } from "../observability/metrics.ts";

const log = getLogger("kafka.concurrent");

/** Options of {@link concurrentByKey}. */
export interface ConcurrentByKeyOptions<T> {
  /** Names the consumer in logs. */
  name: string;
  /** Records with the same key run one after the other, in the order they were consumed. */
  key(delivery: Delivery<T>): string | number;
  /** At most this many records are in flight (running or waiting for their key); at least 1. */
  limit: number;
}

/** A wrapped handler; see {@link concurrentByKey}. */
export interface ConcurrentHandler<T> {
  /** Subscribe this one. Resolves once the record is admitted; never rejects. */
  readonly handler: DeliveryHandler<T>;
  /** Records admitted and not finished. */
  readonly inFlight: number;
  /** Resolves when nothing is in flight. */
  idle(): Promise<void>;
}

/** Wraps `handle`; see the module documentation. Failures are logged and counted, never thrown. */
export function concurrentByKey<T>(
  handle: DeliveryHandler<T>,
  options: ConcurrentByKeyOptions<T>,
): ConcurrentHandler<T> {
  const limit = Math.max(1, Math.floor(options.limit));
  const tails = new Map<string | number, Promise<void>>();
  const slotWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];
  let inFlight = 0;

  const run = async (delivery: Delivery<T>) => {
    try {
      await handle(delivery);
    } catch (err) {
      increment("kafka.consume.handler_failed", { topic: delivery.topic });
      log.error("handler failed; message skipped", {
        consumer: options.name,
        topic: delivery.topic,
        partition: delivery.partition,
        offset: delivery.offset,
        error: err,
      });
    }
  };

  const finished = () => {
    inFlight--;
    slotWaiters.shift()?.();
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const handler: DeliveryHandler<T> = async (delivery) => {
    // A loop, not an if: a slot freed while this one waited may have been taken by a newer arrival.
    while (inFlight >= limit) await new Promise<void>((resolve) => slotWaiters.push(resolve));
    const key = options.key(delivery);
    inFlight++;
    const previous = tails.get(key);
    const done = (previous ? previous.then(() => run(delivery)) : run(delivery)).finally(() => {
      if (tails.get(key) === done) tails.delete(key);
      finished();
    });
    tails.set(key, done);
  };

  return {
    handler,
    get inFlight() {
      return inFlight;
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
