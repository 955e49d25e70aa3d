/**
 * Fixes where a consumer group starts, at `start()` time: for every partition of a subscribed topic
 * that has no committed offset, the end of the log now (or its start, for `fromBeginning`). The bus
 * seeks assigned partitions to these offsets when the group is joined (a seek commits in kafkajs).
 * kafkajs otherwise resolves "latest" lazily, partition by partition, on each partition's first fetch
 * — so a message published after `start()` but before that fetch (or before a rebalance reset an
 * uncommitted position) would be skipped. Topics that do not exist yet are created, as Atlas'
 * producers would auto-create them.
 * @module
 */
import type { Admin } from "kafkajs";
import { getLogger } from "../observability/log.ts";

const log = getLogger("kafka");

/**
 * Waits until every partition of `topics` has a leader. Right after creation a busy broker can answer
 * "unknown topic" or list partitions without leaders for a while; kafkajs' own `waitForLeaders` gives up.
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      ) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics have no partition leaders after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One subscribed topic and where a new group starts reading it. */
export interface StartPosition {
  topic: string;
  fromBeginning: boolean;
}

async function ensureTopics(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    log.info("creating missing topics", { topics: missing });
    try {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: false });
    } catch (err) {
      // Another instance may have created them meanwhile; the metadata wait below decides.
      log.debug("topic creation reported an error", {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  await waitForTopicLeaders(admin, topics, timeoutMs);
}

/** Retries `fn` while it fails with a retriable broker error (a new topic's leader still loading). */
async function retrying<T>(what: string, fn: () => Promise<T>, deadline: number): Promise<T> {
  while (true) {
    try {
      return await fn();
    } catch (err) {
      // kafkajs reports a coordinator still loading after a broker (re)start as a non-retriable
      // "Failed to find group coordinator" once its own retries ran out; it is worth waiting for.
      const retriable = (err as { retriable?: boolean }).retriable === true ||
        (err as { name?: string }).name === "KafkaJSGroupCoordinatorNotFound";
      if (!retriable || Date.now() > deadline) throw err;
      log.debug("retrying", { what, error: err instanceof Error ? err.message : String(err) });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Start offsets by topic, then partition. */
export type StartOffsets = Map<string, Map<number, string>>;

/**
 * The offsets a group without commits should start from, for every partition of `positions` the
 * group has no committed offset for (partitions it has committed keep their position).
 */
export async function startOffsets(
  admin: Admin,
  groupId: string,
  positions: readonly StartPosition[],
  timeoutMs = 30_000,
): Promise<StartOffsets> {
  const result: StartOffsets = new Map();
  if (positions.length === 0) return result;
  const deadline = Date.now() + timeoutMs;
  await ensureTopics(admin, positions.map((p) => p.topic), timeoutMs);
  const committed = await retrying(
    "fetch committed offsets",
    () => admin.fetchOffsets({ groupId, topics: positions.map((p) => p.topic) }),
    deadline,
  );
  await Promise.all(positions.map(async ({ topic, fromBeginning }) => {
    const known = new Map(
      (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]),
    );
    const ends = await retrying(`fetch offsets of ${topic}`, () => admin.fetchTopicOffsets(topic), deadline);
    const unset = new Map<number, string>();
    for (const e of ends) {
      if ((known.get(e.partition) ?? "-1") === "-1") unset.set(e.partition, fromBeginning ? e.low : e.high);
    }
    if (unset.size > 0) result.set(topic, unset);
  }));
  return result;
}
