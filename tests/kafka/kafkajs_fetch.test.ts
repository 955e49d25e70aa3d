/**
 * The fast Fetch v11 encoding writes exactly kafkajs' bytes (its own request module is the reference),
 * and the seek-offset map keeps working with the cheaper key.
 */
import { assertEquals } from "../support/assert.ts";
import {
  encodeFetchV11,
  type FetchV11Args,
  installFastKafkajsFetch,
  kafkajsFetchProtocol,
} from "../../src/kafka/kafkajs-fetch.ts";
import SeekOffsets from "kafkajs/src/consumer/seekOffsets.js";

async function kafkajsBytes(args: Partial<FetchV11Args>): Promise<number[]> {
  const v11 = kafkajsFetchProtocol({ version: 11 })!;
  const encoder = await v11(args as Record<string, unknown>).request.encode() as { buffer: Uint8Array };
  return [...encoder.buffer];
}

const CASES: [string, Partial<FetchV11Args>][] = [
  ["no topics, kafkajs' defaults", { maxWaitTime: 100, minBytes: 1, maxBytes: 10485760, topics: [] }],
  ["many topics and partitions, string offsets", {
    replicaId: -1,
    isolationLevel: 1,
    maxWaitTime: 100,
    minBytes: 1,
    maxBytes: 10485760,
    rackId: "",
    topics: Array.from({ length: 38 }, (_, i) => ({
      topic: `EVENT_TOPIC_${i}_ÄÖ`,
      partitions: Array.from({ length: (i % 3) + 1 }, (_, p) => ({
        partition: p,
        fetchOffset: String(1234567890123 * (p + 1) + i),
        maxBytes: 1048576,
      })),
    })),
  }],
  ["explicit epochs, log start, 64-bit offsets, forgotten topics, rack, read-uncommitted", {
    replicaId: -1,
    isolationLevel: 0,
    sessionId: 7,
    sessionEpoch: 3,
    maxWaitTime: 5000,
    minBytes: 64,
    maxBytes: 52428800,
    rackId: "rack-1",
    topics: [{
      topic: "t",
      partitions: [
        {
          partition: 2,
          currentLeaderEpoch: 5,
          fetchOffset: "9223372036854775807",
          logStartOffset: "17",
          maxBytes: 1,
        },
        { partition: 0, fetchOffset: 0, maxBytes: 65536 },
      ],
    }],
    forgottenTopics: [{ topic: "gone", partitions: [1, 4] }],
  }],
];

for (const [name, args] of CASES) {
  Deno.test(`fast Fetch v11 encoding: ${name} → kafkajs' bytes`, async () => {
    const reference = await kafkajsBytes(args);
    const withDefaults: FetchV11Args = {
      replicaId: -1,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      forgottenTopics: [],
      rackId: "",
      ...args,
    } as FetchV11Args;
    assertEquals([...encodeFetchV11(withDefaults)], reference);
  });
}

Deno.test("fast Fetch: the installed protocol's request encodes kafkajs' bytes, the response is kafkajs'", async () => {
  const args = CASES[1][1];
  const reference = kafkajsFetchProtocol({ version: 11 })!(args as Record<string, unknown>);
  installFastKafkajsFetch();
  // deno-lint-ignore no-explicit-any
  const patched = (await import("kafkajs/src/protocol/requests/fetch/index.js")).default as any;
  const version = patched.protocol({ version: 11 })(args);
  const encoded = await version.request.encode() as { buf: Uint8Array; buffer: Uint8Array };
  assertEquals([...encoded.buffer], await kafkajsBytes(args));
  assertEquals(version.response, reference.response);
  assertEquals(version.request.apiKey, 1);
  assertEquals(version.request.apiVersion, 11);
  assertEquals(version.requestTimeout, reference.requestTimeout);
  // Other versions are kafkajs' own.
  assertEquals(patched.protocol({ version: 10 }), kafkajsFetchProtocol({ version: 10 }));
});

Deno.test("seek offsets keep working with the cheaper key", () => {
  installFastKafkajsFetch();
  // deno-lint-ignore no-explicit-any
  const seeks = new (SeekOffsets as any)();
  seeks.set("topic-a", 0, "10");
  seeks.set("topic-a", 1, "11");
  seeks.set("topic-b", 0, "20");
  assertEquals(seeks.has("topic-a", 1), true);
  assertEquals(seeks.has("topic-a", 2), false);
  assertEquals(seeks.pop("topic-a", 1), { topic: "topic-a", partition: 1, offset: "11" });
  assertEquals(seeks.has("topic-a", 1), false);
  assertEquals(seeks.pop("topic-b", 0), { topic: "topic-b", partition: 0, offset: "20" });
  assertEquals(seeks.size, 1);
});

Deno.test("fast Fetch: the table kafkajs' brokers look requests up in is the patched one", async () => {
  installFastKafkajsFetch();
  // deno-lint-ignore no-explicit-any
  const table = (await import("kafkajs/src/protocol/requests/index.js")).default as any;
  // deno-lint-ignore no-explicit-any
  const patched = (await import("kafkajs/src/protocol/requests/fetch/index.js")).default as any;
  assertEquals(table.requests.Fetch === patched, true, "one module object");
  assertEquals(table.requests.Fetch.protocol === kafkajsFetchProtocol, false, "its protocol is replaced");
});
