/**
 * The {@link Bus} on a real Kafka cluster, with kafkajs.
 *
 * Producing: one long-lived idempotent producer (acks=all, one request in flight so batches stay in
 * order, bounded retries with back-off). Publishes are queued and sent in batches by a single flush
 * loop, so many small commands share one produce request while per-key order holds. Pipelining
 * several batches would not help with kafkajs 2.2.4: its idempotent producer holds a per-broker lock
 * for a produce request's whole round trip (it assigns sequence numbers under it), and a retried
 * earlier batch could land after a later one. A publish resolves only when the broker acknowledged
 * its batch and rejects with a {@link PublishError} naming topic and key otherwise. While the broker is
 * unreachable, batches are held at the head of the queue and retried until it is back (up to
 * `outageHoldMs` per message), so a command accepted from a player is not dropped by an outage; a held
 * batch may reach the broker twice if an attempt landed without its acknowledgement (at-least-once).
 * The queue is bounded: beyond `maxBuffered` waiting messages or `maxBufferedBytes` a publish rejects
 * at once with {@link BusOverloadedError} rather than letting memory and latency grow without limit. After a batch
 * finally fails the producer is replaced, so its idempotence sequence numbers start afresh and a batch
 * that reached the broker despite the error can never make the broker drop a later one as a
 * "duplicate".
 *
 * Consuming: one consumer for every subscribed topic in group `Channel Service - {serviceId}` (one
 * group membership, one heartbeat and one rebalance instead of ~38), with several partitions handled
 * concurrently and each partition in order. Offsets are committed after the handlers returned, in the
 * background at most every 200 ms rather than by kafkajs after every batch (offset-commits.ts).
 * @module
 */
import { Buffer } from "node:buffer";
import {
  type Consumer,
  type ConsumerRunConfig,
  type IHeaders,
  Kafka,
  logLevel,
  type Producer,
} from "kafkajs";
import type { MessageOf, TopicContract } from "./contract.ts";
import type { TopicNames } from "../config/topics.ts";
import {
  type Bus,
  BusOverloadedError,
  BusStateError,
  consumerGroupId,
  type DeliveryHandler,
  PublishError,
  type PublishOptions,
  type SubscribeOptions,
} from "./bus.ts";
import {
  describeKey,
  dispatchRecord,
  encodeRecord,
  type OutgoingRecord,
  type Subscription,
  tracedPublish,
} from "./envelope.ts";
import { javaCompatiblePartitioner } from "./partitioner.ts";
import { installFastKafkajsEncoder } from "./kafkajs-encoder.ts";
import { installFastKafkajsFetch } from "./kafkajs-fetch.ts";
import { installKafkajsTimerFix } from "./kafkajs-timers.ts";
import { startOffsets } from "./start-offsets.ts";
import { createOffsetCommitter, type OffsetCommitter } from "./offset-commits.ts";
import { getLogger } from "../observability/log.ts";
import { increment, observe, setGauge } from "../observability/metrics.ts";
import { type BusHealth, createOutageTracker, isConnectionTrouble, type OutageTracker } from "./health.ts";
import { EvictionRetryableError, evictMember } from "./group-eviction.ts";

const log = getLogger("kafka");

/** How long `stop()` waits for the last offset commit before it leaves the group anyway. */
const STOP_COMMIT_WAIT_MS = 3_000;

/** A commit asked for while kafkajs' runner is not running, which kafkajs would drop without a word. */
class ConsumerNotFetchingError extends Error {
  constructor() {
    super("the consumer is not fetching");
  }
}

/** Options of {@link createKafkaBus}. */
export interface KafkaBusOptions {
  brokers: string[];
  topics: TopicNames;
  /** Names the consumer group `Channel Service - {serviceId}`. */
  serviceId: string;
  clientId?: string;
  /** Messages waiting for or in a produce request before publishes are refused (default 20,000). */
  maxBuffered?: number;
  /** Bytes (keys and values) waiting for or in a produce request before publishes are refused (64 MiB). */
  maxBufferedBytes?: number;
  /**
   * While the broker is unreachable, publishes are held and retried until it is back, for at most this
   * long per message (default 120 s); older ones are then rejected (counted and logged as lost).
   */
  outageHoldMs?: number;
  /** Messages per produce request (default 2,000). */
  maxBatch?: number;
  /** Produce attempts after the first, with exponential back-off up to 3 s (default 5, ≈10 s in all). */
  retries?: number;
  /** Broker request timeout (default 10 s). */
  requestTimeoutMs?: number;
  /** Partitions handled at the same time by the consumer (default 8). */
  partitionsConsumedConcurrently?: number;
  /**
   * How long a fetch waits at the broker when nothing arrives (default 100 ms). The broker answers as soon
   * as a record does, so it does not delay delivery (measured on a quiet topic: p50 3 ms at 100 and at
   * 500 ms); it sets how often an idle consumer polls, and how long a stop may wait for the fetch in flight.
   */
  maxWaitTimeInMs?: number;
  /** Least time between two offset commits of the consumer (default 200 ms; offset-commits.ts). */
  commitIntervalMs?: number;
  /** How long `start()` waits for the consumer to be positioned (default 30 s). */
  startTimeoutMs?: number;
}

interface Pending {
  topic: string;
  key: string;
  record: OutgoingRecord;
  /** Key and value bytes, for the byte bound. */
  bytes: number;
  /** When it was published (`performance.now()`), for the outage hold. */
  queuedAt: number;
  resolve(): void;
  reject(err: Error): void;
}

const KAFKAJS_LEVEL: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

function kafkajsLogCreator(outage: OutageTracker) {
  const kafkajsLog = log.with({ component: "kafkajs" });
  return ({ level, log: entry }: { level: number; log: { message: string; [k: string]: unknown } }) => {
    // We limit retries on purpose and replace the producer after a final failure (module docs).
    if (entry.message.startsWith("Limiting retries for the idempotent producer")) return;
    const { message, timestamp: _t, logger: _l, stack: _s, ...fields } = entry;
    const text = `${message} ${String(fields.error ?? "")}`;
    // A lost broker is one outage, not a screen of retries with stacks (health.ts).
    if (level <= logLevel.WARN && (outage.inOutage || isConnectionTrouble(text))) {
      outage.down(`${message}${fields.error ? `: ${fields.error}` : ""}`, fields);
      return;
    }
    kafkajsLog[KAFKAJS_LEVEL[level] ?? "info"](message, fields);
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** kafkajs wants Buffers; {@link encodeRecord} already builds them, so this copies nothing. */
function toKafkaHeaders(headers: Record<string, Uint8Array>): IHeaders {
  for (const name in headers) {
    if (!Buffer.isBuffer(headers[name])) {
      const out: IHeaders = {};
      for (const [k, v] of Object.entries(headers)) out[k] = asBuffer(v);
      return out;
    }
  }
  return headers as IHeaders;
}

/** A {@link Bus} on Kafka brokers via kafkajs. */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  installFastKafkajsEncoder();
  installFastKafkajsFetch();
  installKafkajsTimerFix();
  const maxBuffered = options.maxBuffered ?? 20_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const outageHoldMs = options.outageHoldMs ?? 120_000;
  let bufferedBytes = 0;
  const maxBatch = options.maxBatch ?? 2_000;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const groupId = consumerGroupId(options.serviceId);
  const outage = createOutageTracker(log, options.brokers);
  const clientId = options.clientId ?? `atlas-channel-${options.serviceId}`;
  let consumerJoined = false;
  let producerConnected = false;
  const kafka = new Kafka({
    clientId,
    brokers: options.brokers,
    requestTimeout,
    connectionTimeout: 3_000,
    // Reconnection attempts at most a second apart, so a returning broker is noticed within a second
    // (kafkajs' default back-off grows to 30 s); as many attempts as make kafkajs' default ~9 s before
    // an operation gives up. The producer's send retries are set below.
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 1_000 },
    logLevel: logLevel.WARN,
    logCreator: () => kafkajsLogCreator(outage),
  });
  const byTopic = new Map<string, Subscription[]>();
  const handling = new Set<Promise<void>>();
  const queue: Pending[] = [];
  let sending = 0;
  let flushing: Promise<void> | undefined;
  let producer: Producer | undefined;
  let producerReady: Promise<void> | undefined;
  let consumer: Consumer | undefined;
  let commits: OffsetCommitter | undefined;
  /** The consumer's runner is running (it has fetched since it last started): commits can be sent. */
  let fetching = false;
  let state: "new" | "started" | "stopping" | "stopped" = "new";
  /** The group member id the consumer holds now, from its last join. */
  let memberId: string | undefined;
  /** A member id the consumer lost in a crash, to be removed from the group (group-eviction.ts). */
  let staleMember: string | undefined;
  let evicting: Promise<void> | undefined;
  let evictionPause: { timer: ReturnType<typeof setTimeout>; resolve(): void } | undefined;

  const newProducer = () =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: javaCompatiblePartitioner,
      retry: { retries: options.retries ?? 5, initialRetryTime: 200, maxRetryTime: 3_000 },
    });

  async function connectedProducer(): Promise<Producer> {
    if (!producer) {
      const created = newProducer();
      producer = created;
      producerReady = created.connect().catch((err) => {
        if (producer === created) producer = undefined;
        throw err;
      });
    }
    const current = producer;
    await producerReady;
    return current;
  }

  async function discardProducer(broken: Producer): Promise<void> {
    if (producer !== broken) return;
    producer = undefined;
    await broken.disconnect().catch(() => {});
  }

  /** Backoff between attempts while holding publishes through an outage. */
  let holdBackoff = 0;

  /** Resolves (no error) or rejects a publish and releases its bytes. */
  function settle(p: Pending, error?: Error): void {
    bufferedBytes -= p.bytes;
    if (error) p.reject(error);
    else p.resolve();
  }

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      sending = batch.length;
      const byTopicBatch = new Map<string, { key: Buffer; value: Buffer; headers: IHeaders }[]>();
      for (const p of batch) {
        const list = byTopicBatch.get(p.topic) ?? [];
        const { key, value, headers } = p.record;
        list.push({ key: asBuffer(key), value: asBuffer(value), headers: toKafkaHeaders(headers) });
        byTopicBatch.set(p.topic, list);
      }
      const started = performance.now();
      let current: Producer | undefined;
      try {
        current = await connectedProducer();
        await current.sendBatch({
          acks: -1,
          timeout: requestTimeout,
          topicMessages: [...byTopicBatch].map(([topic, messages]) => ({ topic, messages })),
        });
        observe("kafka.publish.batch_size", batch.length);
        observe("kafka.publish.batch_ms", performance.now() - started);
        outage.up("a produce request succeeded");
        holdBackoff = 0;
        for (const p of batch) settle(p);
      } catch (err) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        const unreachable = isConnectionTrouble(reason) || outage.inOutage;
        if (unreachable) outage.down(`produce failed: ${reason}`, { messages: batch.length });
        if (current) await discardProducer(current);
        if (unreachable && state === "started") {
          // Hold the batch at the head of the queue (order kept) and try again once the broker is back;
          // only messages held past the limit are given up on.
          const now = performance.now();
          const expired = batch.filter((p) => now - p.queuedAt > outageHoldMs);
          if (expired.length > 0) {
            log.error("publishes held past the outage limit; rejected", {
              messages: expired.length,
              holdMs: outageHoldMs,
              error: reason,
            });
            increment("kafka.publish.lost", {}, expired.length);
            for (const p of expired) {
              settle(
                p,
                new PublishError(p.topic, p.key, `broker unreachable for ${outageHoldMs} ms: ${reason}`, {
                  cause: err,
                }),
              );
            }
          }
          queue.unshift(...batch.filter((p) => now - p.queuedAt <= outageHoldMs));
          increment("kafka.publish.held");
          holdBackoff = Math.min(2_000, Math.max(250, holdBackoff * 2));
          sending = 0;
          await new Promise((resolve) => setTimeout(resolve, holdBackoff));
          continue;
        }
        log.error("produce failed; publishes rejected", { messages: batch.length, error: reason });
        increment("kafka.publish.batch_failed");
        for (const p of batch) settle(p, new PublishError(p.topic, p.key, reason, { cause: err }));
      } finally {
        sending = 0;
      }
    }
  }

  /**
   * Removes the member id lost in a consumer crash from the group as soon as a broker answers, so the
   * restarted consumer's join completes at once instead of after the old member's session timeout.
   */
  async function evictStaleMember(): Promise<void> {
    while (staleMember !== undefined && state === "started") {
      const stale = staleMember;
      try {
        const outcome = await evictMember(options.brokers, groupId, stale, { clientId });
        if (staleMember === stale) staleMember = undefined;
        increment("kafka.consumer.stale_member", { outcome });
        const fields = { groupId, memberId: stale };
        if (outcome === "left") log.info("removed the consumer's membership from before the outage", fields);
        else log.debug("the consumer's membership from before the outage is already gone", fields);
        return;
      } catch (err) {
        if (!(err instanceof EvictionRetryableError)) {
          if (staleMember === stale) staleMember = undefined;
          log.warn("could not remove the consumer's membership from before the outage", {
            groupId,
            memberId: stale,
            error: String(err),
          });
          return;
        }
        log.debug("stale group member not removed yet", { groupId, memberId: stale, error: err.message });
        await new Promise<void>((resolve) => {
          evictionPause = { timer: setTimeout(resolve, 500), resolve };
        });
        evictionPause = undefined;
      }
    }
  }

  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let restartDelay = 0;

  /** Starts a consumer kafkajs will not restart itself, after a back-off of 1 s doubling to 10 s. */
  function restartConsumerLater(c: Consumer, runConfig: ConsumerRunConfig): void {
    if (state !== "started" || restartTimer !== undefined) return;
    restartDelay = Math.min(10_000, Math.max(1_000, restartDelay * 2));
    restartTimer = setTimeout(async () => {
      restartTimer = undefined;
      if (state !== "started") return;
      increment("kafka.consumer.restarted");
      try {
        await c.connect();
        await c.run(runConfig); // a crash inside reports through the CRASH event again
      } catch (err) {
        log.debug("consumer restart failed; trying again", { groupId, error: String(err) });
        restartConsumerLater(c, runConfig);
      }
    }, restartDelay);
  }

  function kick(): void {
    if (flushing || queue.length === 0) return;
    // Starting on a microtask lets every publish of the current synchronous burst join the first
    // batch instead of sending the first message alone; it adds no timer delay.
    flushing = Promise.resolve().then(flushLoop).finally(() => {
      flushing = undefined;
      // A publish may have queued between the loop's last check and this callback.
      kick();
    });
  }

  function enqueue(pending: Pending): void {
    queue.push(pending);
    kick();
  }

  return {
    kind: "kafka",
    publish<C extends TopicContract>(contract: C, value: MessageOf<C>, opts: PublishOptions): Promise<void> {
      const topic = options.topics[contract.variable];
      const key = describeKey(opts.key);
      if (state === "stopping" || state === "stopped") {
        return Promise.reject(new PublishError(topic, key, "the bus is stopped"));
      }
      if (queue.length + sending >= maxBuffered) {
        increment("kafka.publish.failed", { topic, error: "BusOverloadedError" });
        return Promise.reject(
          new BusOverloadedError(topic, key, `${maxBuffered} messages already wait for the broker`),
        );
      }
      return tracedPublish(topic, (span) =>
        new Promise<void>((resolve, reject) => {
          const record = encodeRecord(contract, topic, value, opts, span);
          const bytes = record.value.length + record.key.length;
          if (bufferedBytes + bytes > maxBufferedBytes) {
            increment("kafka.publish.failed", { topic, error: "BusOverloadedError" });
            reject(
              new BusOverloadedError(topic, key, `${maxBufferedBytes} bytes already wait for the broker`),
            );
            return;
          }
          bufferedBytes += bytes;
          enqueue({ topic, key, record, bytes, queuedAt: performance.now(), resolve, reject });
        }));
    },
    subscribe<C extends TopicContract>(
      contract: C,
      handler: DeliveryHandler<MessageOf<C>>,
      subscribeOptions: SubscribeOptions = {},
    ): void {
      if (state !== "new") throw new BusStateError("subscribe must be called before start()");
      const topic = options.topics[contract.variable];
      const list = byTopic.get(topic) ?? [];
      list.push({ contract, topic, handler: handler as DeliveryHandler<unknown>, options: subscribeOptions });
      byTopic.set(topic, list);
    },
    async start(): Promise<void> {
      if (state !== "new") throw new BusStateError(`start() called on a ${state} bus`);
      state = "started";
      await connectedProducer();
      // Later producer trouble shows as an outage; a replaced producer reconnects on the next publish.
      producerConnected = true;
      if (byTopic.size === 0) return;
      const runConfig: ConsumerRunConfig = {
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 8,
        // Offsets are committed by `commits`, off the delivery path (offset-commits.ts).
        autoCommit: false,
        eachMessage: ({ topic, partition, message }) => {
          // How long the record took from its producer to its handler: broker, fetch and our queueing.
          const age = Date.now() - Number(message.timestamp);
          if (age >= 0) observe("kafka.consume.record_age_ms", age, { topic });
          const running = dispatchRecord({
            topic,
            partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers as Record<string, Buffer | string | undefined>,
          }, byTopic.get(topic) ?? []);
          handling.add(running);
          return running.finally(() => {
            handling.delete(running);
            commits?.handled(topic, partition, message.offset);
          });
        },
      };
      const c = kafka.consumer({
        groupId,
        maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
        allowAutoTopicCreation: true,
      });
      consumer = c;
      commits = createOffsetCommitter({
        intervalMs: options.commitIntervalMs,
        // kafkajs silently skips a commit while its runner is not running (before the first fetch, after
        // a crash): refused here, so the committer keeps the offsets and tries again.
        commit: (offsets) =>
          fetching ? c.commitOffsets(offsets) : Promise.reject(new ConsumerNotFetchingError()),
        onError(error, offsets) {
          if (error instanceof ConsumerNotFetchingError) return;
          increment("kafka.consumer.commit_failed");
          const fields = { groupId, partitions: offsets.length, error: String(error) };
          if (outage.inOutage || isConnectionTrouble(String(error))) {
            log.debug("offset commit failed", fields);
          } else log.warn("offset commit failed; tried again with the next one", fields);
        },
      });
      // What was handled is committed before the member gives up its partitions (best effort: kafkajs
      // rejoins without waiting for it).
      c.on(c.events.REBALANCING, () => void commits?.flush());
      c.on(c.events.CRASH, ({ payload }) => {
        consumerJoined = false;
        fetching = false;
        // kafkajs restarts as a new member; the old one must not hold the group's next rebalance.
        if (memberId !== undefined) {
          staleMember = memberId;
          memberId = undefined;
          evicting ??= evictStaleMember().finally(() => evicting = undefined);
        }
        const error = payload.error instanceof Error
          ? `${payload.error.name}: ${payload.error.message}`
          : String(payload.error);
        // kafkajs gives up for good on errors it deems permanent, among them "Failed to find group
        // coordinator" when a returning broker is slow to load its groups; we start it again ourselves.
        if (!payload.restart) restartConsumerLater(c, runConfig);
        if (outage.inOutage || isConnectionTrouble(error)) {
          outage.down(`consumer crashed: ${error}`, { restart: payload.restart });
          return;
        }
        log.error("consumer crashed", { error, restart: payload.restart, groupId: payload.groupId });
      });
      c.on(c.events.GROUP_JOIN, ({ payload }) => {
        consumerJoined = true;
        commits?.assigned(payload.memberAssignment);
        memberId = payload.memberId;
        staleMember = undefined;
        restartDelay = 0;
        outage.up("the consumer joined its group");
      });
      c.on(c.events.FETCH_START, () => fetching = true);
      c.on(c.events.FETCH, () => outage.up("a fetch succeeded"));
      c.on(c.events.STOP, () => {
        consumerJoined = false;
        fetching = false;
      });
      c.on(c.events.END_BATCH_PROCESS, ({ payload }) => {
        setGauge("kafka.consumer.lag", Number(payload.offsetLag), {
          topic: payload.topic,
          partition: String(payload.partition),
        });
      });
      // Where every partition without a committed offset starts is fixed now, and applied (and
      // committed) by seeking when the group assigns it, so anything published after start() resolves
      // is delivered, whatever order partitions are fetched or rebalanced in.
      const admin = kafka.admin();
      await admin.connect();
      let pinned;
      try {
        pinned = await startOffsets(
          admin,
          groupId,
          [...byTopic].map(([topic, subs]) => ({
            topic,
            fromBeginning: subs.some((s) => s.options.fromBeginning),
          })),
          options.startTimeoutMs ?? 30_000,
        );
      } finally {
        await admin.disconnect();
      }
      const positioned = new Promise<void>((resolve) => {
        c.on(c.events.GROUP_JOIN, ({ payload }) => {
          for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
            const starts = pinned.get(topic);
            if (!starts) continue;
            for (const partition of partitions) {
              const offset = starts.get(partition);
              if (offset === undefined) continue;
              starts.delete(partition);
              c.seek({ topic, partition, offset });
              commits?.positioned(topic, partition, offset);
            }
          }
          resolve();
        });
      });
      await c.connect();
      for (const [topic, subscriptions] of byTopic) {
        await c.subscribe({ topic, fromBeginning: subscriptions.some((s) => s.options.fromBeginning) });
      }
      await c.run(runConfig);
      const timeoutMs = options.startTimeoutMs ?? 30_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<"timeout">((resolve) =>
        timer = setTimeout(() => resolve("timeout"), timeoutMs)
      );
      const outcome = await Promise.race([positioned, timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        log.warn("consumer not positioned yet; continuing", { groupId, waitedMs: timeoutMs });
      }
    },
    health(): BusHealth {
      if (state !== "started") return { ready: false, reason: `the Kafka bus is ${state}` };
      if (outage.inOutage) {
        return {
          ready: false,
          reason: `Kafka unreachable (${options.brokers.join(",")}): ${outage.problem}`,
        };
      }
      if (!producerConnected) return { ready: false, reason: "the Kafka producer is not connected" };
      if (byTopic.size > 0 && !consumerJoined) {
        return { ready: false, reason: `the consumer has not joined group '${groupId}'` };
      }
      return { ready: true };
    },
    async stop(): Promise<void> {
      if (state === "stopping" || state === "stopped") return;
      state = "stopping";
      try {
        clearTimeout(restartTimer);
        restartTimer = undefined;
        if (evictionPause) {
          clearTimeout(evictionPause.timer);
          evictionPause.resolve();
        }
        await evicting;
        if (consumer) {
          // No new batches; what is being handled finishes and is committed before the group is left.
          try {
            consumer.pause([...byTopic.keys()].map((topic) => ({ topic })));
          } catch {
            // Never ran (start failed before run): nothing is fetched or handled.
          }
          await Promise.allSettled([...handling]);
          // Bounded: with the broker gone, kafkajs would retry the commit for ~10 s before giving up.
          let commitWait: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([
            commits?.flush(),
            new Promise((resolve) => commitWait = setTimeout(resolve, STOP_COMMIT_WAIT_MS)),
          ]);
          clearTimeout(commitWait);
          commits?.close();
          await consumer.disconnect().catch((err) => log.warn("consumer disconnect failed", { error: err }));
        }
        await Promise.allSettled([...handling]);
        while (flushing) await flushing;
        if (producer) {
          await producer.disconnect().catch((err) => log.warn("producer disconnect failed", { error: err }));
        }
      } finally {
        state = "stopped";
      }
    },
  };
}
