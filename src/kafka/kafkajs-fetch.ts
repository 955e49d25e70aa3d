/**
 * A cheaper kafkajs (2.2.4) fetch round for a consumer of many topics.
 *
 * The channel's consumer subscribes to every topic its features consume (about forty), and kafkajs
 * lists every one of them in every fetch request. Its Fetch v11 request encoder builds two `Encoder`s per
 * topic and one per partition, each allocating and zero-filling a 512-byte `Buffer`, and converts every
 * offset through `Long.fromValue`; its seek-offset map builds a key with `JSON.stringify` for every
 * partition of every fetch response. Under combat traffic (a fetch returning every few milliseconds)
 * that was a quarter of the channel's CPU. {@link installFastKafkajsFetch} replaces the Fetch v11
 * request's encoding with one that writes the same bytes into one buffer sized up front, and the
 * seek-offset key with plain string concatenation (the key is only compared within that map).
 * tests/kafka/kafkajs_fetch.test.ts checks the bytes against kafkajs' own encoder.
 * @module
 */
import { Buffer } from "node:buffer";
// kafkajs ships no types for its internals; these are the modules its broker and consumer use.
import fetchRequests from "kafkajs/src/protocol/requests/fetch/index.js";
import SeekOffsets from "kafkajs/src/consumer/seekOffsets.js";

/** One partition of a Fetch request, as kafkajs' consumer passes it. */
export interface FetchPartition {
  partition: number;
  currentLeaderEpoch?: number;
  /** Decimal string (kafkajs) or number. */
  fetchOffset: string | number | bigint;
  logStartOffset?: string | number | bigint;
  maxBytes: number;
}

/** The arguments kafkajs' Fetch v11 request takes. */
export interface FetchV11Args {
  replicaId: number;
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  topics: { topic: string; partitions: FetchPartition[] }[];
  rackId?: string;
  isolationLevel?: number;
  sessionId?: number;
  sessionEpoch?: number;
  forgottenTopics?: { topic: string; partitions: number[] }[];
}

interface FetchProtocol {
  protocol(args: { version: number | string }): ((args: Record<string, unknown>) => FetchVersion) | undefined;
}

interface FetchVersion {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<unknown> };
  response: unknown;
  requestTimeout: number;
}

const READ_COMMITTED = 1;

/**
 * The Fetch v11 request body (everything after the request header) for `args`, byte for byte what
 * kafkajs' `fetch/v11/request.js` encodes.
 */
export function encodeFetchV11(args: FetchV11Args): Buffer {
  const topics = args.topics;
  const forgotten = args.forgottenTopics ?? [];
  const rackId = args.rackId ?? "";
  const names = topics.map((t) => Buffer.from(t.topic, "utf8"));
  const forgottenNames = forgotten.map((t) => Buffer.from(t.topic, "utf8"));
  const rack = Buffer.from(rackId, "utf8");
  let size = 25 + 4 + 4 + 2 + rack.length;
  for (let i = 0; i < topics.length; i++) size += 2 + names[i].length + 4 + 28 * topics[i].partitions.length;
  for (let i = 0; i < forgotten.length; i++) {
    size += 2 + forgottenNames[i].length + 4 + 4 * forgotten[i].partitions.length;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  at = buf.writeInt32BE(args.replicaId, at);
  at = buf.writeInt32BE(args.maxWaitTime, at);
  at = buf.writeInt32BE(args.minBytes, at);
  at = buf.writeInt32BE(args.maxBytes, at);
  at = buf.writeInt8(args.isolationLevel ?? READ_COMMITTED, at);
  at = buf.writeInt32BE(args.sessionId ?? 0, at);
  at = buf.writeInt32BE(args.sessionEpoch ?? -1, at);
  at = buf.writeInt32BE(topics.length, at);
  for (let i = 0; i < topics.length; i++) {
    at = buf.writeInt16BE(names[i].length, at);
    at += names[i].copy(buf, at);
    const partitions = topics[i].partitions;
    at = buf.writeInt32BE(partitions.length, at);
    for (const p of partitions) {
      at = buf.writeInt32BE(p.partition, at);
      at = buf.writeInt32BE(p.currentLeaderEpoch ?? -1, at);
      at = buf.writeBigInt64BE(BigInt(p.fetchOffset), at);
      at = buf.writeBigInt64BE(BigInt(p.logStartOffset ?? -1), at);
      at = buf.writeInt32BE(p.maxBytes, at);
    }
  }
  at = buf.writeInt32BE(forgotten.length, at);
  for (let i = 0; i < forgotten.length; i++) {
    at = buf.writeInt16BE(forgottenNames[i].length, at);
    at += forgottenNames[i].copy(buf, at);
    at = buf.writeInt32BE(forgotten[i].partitions.length, at);
    for (const partition of forgotten[i].partitions) at = buf.writeInt32BE(partition, at);
  }
  at = buf.writeInt16BE(rack.length, at);
  rack.copy(buf, at);
  return buf;
}

/** What kafkajs' request wrapper needs of an encoded payload (`writeEncoder` reads `buf` and `buffer`). */
function encoded(buf: Buffer): { buf: Buffer; buffer: Buffer } {
  return { buf, buffer: buf };
}

const fetchProtocol = fetchRequests as unknown as FetchProtocol;
const originalProtocol = fetchProtocol.protocol;
const seekOffsetsProto = (SeekOffsets as unknown as { prototype: { getKey(t: string, p: number): string } })
  .prototype;
const originalGetKey = seekOffsetsProto.getKey;

function fastProtocol(args: { version: number | string }) {
  const original = originalProtocol(args);
  if (Number(args.version) !== 11 || !original) return original;
  return (fetchArgs: Record<string, unknown>): FetchVersion => {
    const version = original(fetchArgs);
    // kafkajs applies its defaults inside `original`, out of reach: the same ones are applied here.
    const given = fetchArgs as Partial<FetchV11Args>;
    const args: FetchV11Args = {
      ...(fetchArgs as unknown as FetchV11Args),
      replicaId: given.replicaId ?? -1,
      isolationLevel: given.isolationLevel ?? READ_COMMITTED,
      sessionId: given.sessionId ?? 0,
      sessionEpoch: given.sessionEpoch ?? -1,
      forgottenTopics: given.forgottenTopics ?? [],
      rackId: given.rackId ?? "",
    };
    return {
      ...version,
      request: { ...version.request, encode: () => Promise.resolve(encoded(encodeFetchV11(args))) },
    };
  };
}

let installed = false;

/** Patches kafkajs' Fetch v11 request encoding and seek-offset keys (process-wide, idempotent). */
export function installFastKafkajsFetch(): void {
  if (installed) return;
  installed = true;
  fetchProtocol.protocol = fastProtocol as FetchProtocol["protocol"];
  seekOffsetsProto.getKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
}

/** Restores kafkajs' own encoding (tests comparing both). */
export function uninstallFastKafkajsFetch(): void {
  if (!installed) return;
  installed = false;
  fetchProtocol.protocol = originalProtocol;
  seekOffsetsProto.getKey = originalGetKey;
}

/** kafkajs' own Fetch protocol lookup, for the equivalence test. */
export const kafkajsFetchProtocol = originalProtocol;
