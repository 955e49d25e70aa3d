/**
 * Commits a consumer group's handled offsets in the background.
 *
 * kafkajs (2.2.4) with `autoCommit` commits after every batch and fetches again only once that commit
 * is acknowledged, so under load every record waited for the previous batch's offset commit before it
 * was even fetched: a broker round trip on the delivery path of every event (bench:combat, issue 10).
 * The bus runs kafkajs with `autoCommit: false` and this committer instead: the offset after each handled
 * record is remembered and committed at most once per interval, one commit at a time, off the delivery
 * path. Offsets still reach the broker only after their handlers returned, so delivery stays at least
 * once; what a crash or a rebalance can replay is what was handled in the last interval.
 *
 * Only partitions of the member's current assignment are committed: a handler of a partition the group
 * has since given to another member must not move that member's position back.
 * @module
 */

/** One partition's position: the offset of the next record to consume. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** Options of {@link createOffsetCommitter}. */
export interface OffsetCommitterOptions {
  /** Sends one offset commit for `offsets` (kafkajs' `consumer.commitOffsets`). */
  commit(offsets: PartitionOffset[]): Promise<void>;
  /** Least time between the starts of two commits (default 200 ms). */
  intervalMs?: number;
  /** Called with the error of a failed commit; its offsets are tried again in the next commit. */
  onError?(error: unknown, offsets: PartitionOffset[]): void;
}

/** See the module documentation. */
export interface OffsetCommitter {
  /** The record at `offset` of `topic`/`partition` was handled: the next position is `offset + 1`. */
  handled(topic: string, partition: number, offset: string): void;
  /** The partition was positioned (a seek) at `offset`; committed like a handled record. */
  positioned(topic: string, partition: number, offset: string): void;
  /** The member's partitions after a rebalance; positions of other partitions are dropped. */
  assigned(assignment: Record<string, number[]>): void;
  /** Commits what is pending now (after any commit in flight) and resolves when that commit is done. */
  flush(): Promise<void>;
  /** Cancels the scheduled commit; later calls commit nothing on their own until `flush`. */
  close(): void;
  /** Positions waiting for a commit (for tests and metrics). */
  readonly pending: number;
}

const DEFAULT_INTERVAL_MS = 200;

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Creates an {@link OffsetCommitter}. */
export function createOffsetCommitter(options: OffsetCommitterOptions): OffsetCommitter {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const pending = new Map<string, PartitionOffset>();
  let assignment: Map<string, Set<number>> | undefined;
  let inFlight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStart = -Infinity;
  let closed = false;

  const isAssigned = (topic: string, partition: number) =>
    assignment === undefined || (assignment.get(topic)?.has(partition) ?? false);

  function remember(topic: string, partition: number, offset: string): void {
    if (!isAssigned(topic, partition)) return;
    pending.set(partitionKey(topic, partition), { topic, partition, offset });
    schedule();
  }

  function schedule(): void {
    if (closed || timer !== undefined || inFlight !== undefined || pending.size === 0) return;
    const wait = Math.max(0, lastStart + intervalMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      void commitPending();
    }, wait);
  }

  function commitPending(): Promise<void> {
    if (inFlight) return inFlight;
    const taken = [...pending.values()].filter((p) => isAssigned(p.topic, p.partition));
    pending.clear();
    if (taken.length === 0) return Promise.resolve();
    lastStart = performance.now();
    inFlight = options.commit(taken).catch((err) => {
      // Tried again with the next commit, unless a newer position of the partition came meanwhile.
      for (const p of taken) {
        const key = partitionKey(p.topic, p.partition);
        if (!pending.has(key)) pending.set(key, p);
      }
      options.onError?.(err, taken);
    }).finally(() => {
      inFlight = undefined;
      schedule();
    });
    return inFlight;
  }

  return {
    handled(topic, partition, offset) {
      remember(topic, partition, String(Number(offset) + 1));
    },
    positioned(topic, partition, offset) {
      remember(topic, partition, offset);
    },
    assigned(next) {
      assignment = new Map(Object.entries(next).map(([topic, partitions]) => [topic, new Set(partitions)]));
      for (const [key, p] of pending) if (!isAssigned(p.topic, p.partition)) pending.delete(key);
    },
    async flush() {
      while (inFlight) await inFlight;
      clearTimeout(timer);
      timer = undefined;
      await commitPending();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
    },
    get pending() {
      return pending.size;
    },
  };
}
