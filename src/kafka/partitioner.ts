/**
 * Key-based partitioning identical to the Java client's default partitioner (murmur2 of the key bytes,
 * made positive, modulo the partition count), so that every message of one key (one character, one
 * account) lands in one partition, in order, whichever Kafka client produced it.
 *
 * kafkajs ships a Java-compatible murmur2 too, but it hashes `String(key)` for anything that is not a
 * Node `Buffer`: a plain `Uint8Array` key would be hashed as the text "119,117,0,...". This module
 * always hashes the bytes.
 * @module
 */
import type { ICustomPartitioner } from "kafkajs";

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's `Utils.murmur2`: the 32-bit signed murmur2 hash of `data`, as Java computes it. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch falls through from 3 to 1; spelled out because the compiler forbids fallthrough.
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition the Java client's default partitioner picks for a non-empty key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`partition count must be a positive integer, got ${numPartitions}`);
  }
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}

/**
 * A kafkajs partitioner: keyed messages go to {@link partitionForKey} over all partitions; messages
 * without a key are spread round-robin.
 */
export const javaCompatiblePartitioner: ICustomPartitioner = () => {
  let roundRobin = 0;
  return ({ partitionMetadata, message }) => {
    const count = partitionMetadata.length;
    const key = message.key;
    if (key === null || key === undefined || key.length === 0) {
      const ids = partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
      return ids[roundRobin++ % ids.length];
    }
    const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
    return partitionForKey(bytes, count);
  };
};
