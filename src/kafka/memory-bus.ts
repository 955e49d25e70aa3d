/**
 * An in-process broker and the {@link Bus} on it: the default when no BOOTSTRAP_SERVERS is set, and the
 * second adapter the bus contract tests run against.
 *
 * It behaves like Kafka where the channel can tell: topics have partitions chosen by the Java murmur2
 * partitioner, values travel as JSON bytes and headers as bytes, consumer groups start at the latest
 * offset, share a topic's partitions between members and keep their own committed offsets, and one
 * partition is handled in order with the offset committed after the handlers finished. Several buses
 * on one {@link MemoryBroker} model several channel processes.
 * @module
 */
import type { MessageOf, TopicContract } from "./contract.ts";
import type { TopicNames } from "../config/topics.ts";
import {
  type Bus,
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
  type IncomingRecord,
  type Subscription,
  tracedPublish,
} from "./envelope.ts";
import { partitionForKey } from "./partitioner.ts";

/** A record as stored by the in-memory broker. */
export interface StoredRecord {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array>;
}

interface PartitionLog {
  /** Offset of `records[0]`; grows as retention drops old records. */
  base: number;
  records: StoredRecord[];
}

interface GroupMember {
  dispatch(record: IncomingRecord): Promise<void>;
}

interface GroupTopicState {
  members: GroupMember[];
  /** Next offset to handle, per partition. */
  committed: number[];
  pumping: boolean[];
}

/** Options of a {@link MemoryBroker}. */
export interface MemoryBrokerOptions {
  /** Partitions of a topic created on first use (default 4). */
  defaultPartitions?: number;
  /** Records kept per partition before the oldest are dropped (default 100,000). */
  retention?: number;
}

/** A raw message for {@link MemoryBroker.injectRaw}: anything a foreign producer could write. */
export interface RawMessage {
  key?: Uint8Array | null;
  value: Uint8Array | string | null;
  headers?: Record<string, Uint8Array | string>;
  partition?: number;
}

/** The shared state of in-memory topics and consumer groups. */
export class MemoryBroker {
  readonly #topics = new Map<string, PartitionLog[]>();
  readonly #groups = new Map<string, Map<string, GroupTopicState>>();
  readonly #defaultPartitions: number;
  readonly #retention: number;

  constructor(options: MemoryBrokerOptions = {}) {
    this.#defaultPartitions = options.defaultPartitions ?? 4;
    this.#retention = options.retention ?? 100_000;
  }

  /** Creates `topic` with `partitions` partitions; no-op when it exists. */
  createTopic(topic: string, partitions = this.#defaultPartitions): void {
    if (this.#topics.has(topic)) return;
    this.#topics.set(topic, Array.from({ length: partitions }, () => ({ base: 0, records: [] })));
  }

  #logs(topic: string): PartitionLog[] {
    this.createTopic(topic);
    return this.#topics.get(topic)!;
  }

  /** Appends a record (partition by key unless given) and wakes the groups; returns its position. */
  append(topic: string, record: StoredRecord, partition?: number): { partition: number; offset: number } {
    const logs = this.#logs(topic);
    const target = partition ??
      (record.key && record.key.length > 0 ? partitionForKey(record.key, logs.length) : 0);
    if (!Number.isInteger(target) || target < 0 || target >= logs.length) {
      throw new RangeError(`${topic} has no partition ${target}`);
    }
    const log = logs[target];
    log.records.push(record);
    const offset = log.base + log.records.length - 1;
    if (log.records.length > this.#retention * 2) {
      log.records.splice(0, log.records.length - this.#retention);
      log.base = offset + 1 - log.records.length;
    }
    for (const group of this.#groups.values()) {
      const state = group.get(topic);
      if (state) this.#pump(topic, state, target);
    }
    return { partition: target, offset };
  }

  /** Writes a message the way a foreign or broken producer could (no validation); for tests. */
  injectRaw(topic: string, message: RawMessage): { partition: number; offset: number } {
    const encoder = new TextEncoder();
    const headers: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      headers[k] = typeof v === "string" ? encoder.encode(v) : v;
    }
    const value = typeof message.value === "string" ? encoder.encode(message.value) : message.value;
    return this.append(topic, { key: message.key ?? null, value, headers }, message.partition);
  }

  /** Every record currently retained in one partition (tests, diagnostics). */
  records(topic: string, partition: number): readonly StoredRecord[] {
    return this.#logs(topic)[partition]?.records ?? [];
  }

  /** The partition count of `topic` (creating it with the default count when new). */
  partitionCount(topic: string): number {
    return this.#logs(topic).length;
  }

  /**
   * Adds a member to `groupId` on `topic`. A group seen for the first time on a topic starts at the
   * end of each partition (or the start, with `fromBeginning`). Returns the function that leaves.
   */
  join(groupId: string, topic: string, member: GroupMember, fromBeginning: boolean): () => void {
    const logs = this.#logs(topic);
    let group = this.#groups.get(groupId);
    if (!group) this.#groups.set(groupId, group = new Map());
    let state = group.get(topic);
    if (!state) {
      state = {
        members: [],
        committed: logs.map((l) => fromBeginning ? l.base : l.base + l.records.length),
        pumping: logs.map(() => false),
      };
      group.set(topic, state);
    }
    state.members.push(member);
    const joined = state;
    for (let p = 0; p < logs.length; p++) this.#pump(topic, joined, p);
    return () => {
      const i = joined.members.indexOf(member);
      if (i >= 0) joined.members.splice(i, 1);
    };
  }

  /** Runs one group's partition until it is caught up; one pump per partition keeps order. */
  #pump(topic: string, state: GroupTopicState, partition: number): void {
    if (state.pumping[partition] || state.members.length === 0) return;
    state.pumping[partition] = true;
    const log = this.#logs(topic)[partition];
    const run = async () => {
      try {
        while (state.members.length > 0) {
          if (state.committed[partition] < log.base) state.committed[partition] = log.base;
          const offset = state.committed[partition];
          const record = log.records[offset - log.base];
          if (!record) break;
          const member = state.members[partition % state.members.length];
          await member.dispatch({
            topic,
            partition,
            offset: String(offset),
            key: record.key,
            value: record.value,
            headers: record.headers,
          });
          state.committed[partition] = offset + 1;
        }
      } finally {
        state.pumping[partition] = false;
      }
    };
    // Dispatch never runs inside the publisher's call stack, as with a real broker.
    queueMicrotask(() => void run());
  }
}

/** Options of {@link createMemoryBus}. */
export interface MemoryBusOptions {
  broker: MemoryBroker;
  topics: TopicNames;
  /** Names the consumer group; buses with the same id split partitions, different ids each get all. */
  serviceId: string;
}

/** A {@link Bus} on an in-memory broker. */
export function createMemoryBus(options: MemoryBusOptions): Bus & { readonly broker: MemoryBroker } {
  const { broker, topics } = options;
  const groupId = consumerGroupId(options.serviceId);
  const byTopic = new Map<string, Subscription[]>();
  const leaves: (() => void)[] = [];
  const inFlight = new Set<Promise<void>>();
  let state: "new" | "started" | "stopping" | "stopped" = "new";

  const topicOf = (contract: TopicContract) => topics[contract.variable];

  return {
    kind: "memory",
    broker,
    publish<C extends TopicContract>(contract: C, value: MessageOf<C>, opts: PublishOptions): Promise<void> {
      const topic = topicOf(contract);
      if (state === "stopping" || state === "stopped") {
        return Promise.reject(new PublishError(topic, describeKey(opts.key), "the bus is stopped"));
      }
      return tracedPublish(topic, (span) => {
        const record = encodeRecord(contract, topic, value, opts, span);
        // Like a broker, store copies: tenant header bytes are shared between records.
        const headers: Record<string, Uint8Array> = {};
        for (const name in record.headers) headers[name] = record.headers[name].slice();
        broker.append(topic, { key: record.key, value: record.value, headers });
        return Promise.resolve();
      });
    },
    subscribe<C extends TopicContract>(
      contract: C,
      handler: DeliveryHandler<MessageOf<C>>,
      subscribeOptions: SubscribeOptions = {},
    ): void {
      if (state !== "new") throw new BusStateError("subscribe must be called before start()");
      const topic = topicOf(contract);
      const list = byTopic.get(topic) ?? [];
      list.push({ contract, topic, handler: handler as DeliveryHandler<unknown>, options: subscribeOptions });
      byTopic.set(topic, list);
    },
    start(): Promise<void> {
      if (state !== "new") return Promise.reject(new BusStateError(`start() called on a ${state} bus`));
      state = "started";
      for (const [topic, subscriptions] of byTopic) {
        const member: GroupMember = {
          dispatch(record) {
            const running = dispatchRecord(record, subscriptions);
            inFlight.add(running);
            return running.finally(() => inFlight.delete(running));
          },
        };
        const fromBeginning = subscriptions.some((s) => s.options.fromBeginning);
        leaves.push(broker.join(groupId, topic, member, fromBeginning));
      }
      return Promise.resolve();
    },
    async stop(): Promise<void> {
      if (state === "stopped" || state === "stopping") return;
      state = "stopping";
      for (const leave of leaves) leave();
      await Promise.allSettled([...inFlight]);
      state = "stopped";
    },
  };
}
