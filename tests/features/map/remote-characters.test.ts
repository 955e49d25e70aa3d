/**
 * The shared loader of characters on other instances (src/features/map/remote-characters.ts): however
 * many characters a map lists and however many newcomers arrive, look-ups are bounded (cap per entry,
 * one in flight per character, a few at a time, cached, failures remembered) and end at a deadline.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { createRemoteCharacters } from "../../../src/features/map/remote-characters.ts";
import type { RestClient } from "../../../src/rest/client.ts";
import { sampleCharacterAttributes } from "../../../src/features/character/fixtures.ts";

const TENANT = {
  id: "5d3e1c8a-9b47-4f21-8e6a-0c2f7b9d4a13",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

/** atlas-character with characters 1..300 (ids above are stale entries: 404); other services absent. */
function fakeRest(options: { hang?: boolean } = {}) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const rest = {
    async get(_service: string, path: string) {
      calls.push(path);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 1));
        if (options.hang) await new Promise(() => {});
        const match = /^characters\/(\d+)$/.exec(path);
        const id = match ? Number(match[1]) : NaN;
        if (!(id >= 1 && id <= 300)) throw new Error(`404 ${path}`);
        return { id, attributes: sampleCharacterAttributes({ name: `c${id}` }) };
      } finally {
        inFlight--;
      }
    },
    getMany(_service: string, path: string) {
      calls.push(path);
      return Promise.reject(new Error(`404 ${path}`));
    },
  } as unknown as RestClient;
  return { rest, calls, maxInFlight: () => maxInFlight };
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const characterCalls = (calls: string[]) => calls.filter((c) => /^characters\/\d+$/.test(c)).length;

Deno.test("remote characters: a map listing 500 costs one capped round of look-ups, then nothing", async () => {
  const { rest, calls, maxInFlight } = fakeRest();
  const loader = createRemoteCharacters({ maxPerEntry: 100, concurrency: 8 });
  const listed = [...ids(251, 500), ...ids(1, 250)]; // 50 loadable, 200 stale among the first 250 listed
  const first = await loader.load(rest, TENANT, listed, performance.now() + 30_000);
  assertEquals(characterCalls(calls), 100, "at most maxPerEntry characters looked up");
  assertEquals(first.map((d) => d.character.id), ids(251, 300));
  assertTrue(maxInFlight() <= 8, `at most 8 look-ups at once (saw ${maxInFlight()})`);
  const before = calls.length;
  const second = await loader.load(rest, TENANT, listed, performance.now() + 30_000);
  assertEquals(calls.length, before, "the next newcomer is served from the cache, stale entries included");
  assertEquals(second.length, 50);
});

Deno.test("remote characters: 50 newcomers at once share one look-up per character", async () => {
  const { rest, calls } = fakeRest();
  const loader = createRemoteCharacters({ maxPerEntry: 20 });
  const results = await Promise.all(
    Array.from({ length: 50 }, () => loader.load(rest, TENANT, ids(1, 20), performance.now() + 30_000)),
  );
  assertEquals(characterCalls(calls), 20);
  assertTrue(results.every((r) => r.length === 20));
});

Deno.test("remote characters: failures are remembered, then retried; entries expire", async () => {
  let now = 0;
  const { rest, calls } = fakeRest();
  const loader = createRemoteCharacters({ ttlMs: 1_000, failureTtlMs: 5_000 }, () => now);
  await loader.load(rest, TENANT, [7, 9999], Infinity);
  assertEquals(characterCalls(calls), 2);
  now = 2_000; // 7 expired, 9999 still remembered as missing
  await loader.load(rest, TENANT, [7, 9999], Infinity);
  assertEquals(calls.filter((c) => c === "characters/9999").length, 1);
  assertEquals(calls.filter((c) => c === "characters/7").length, 2);
  now = 6_000;
  await loader.load(rest, TENANT, [9999], Infinity);
  assertEquals(calls.filter((c) => c === "characters/9999").length, 2);
});

Deno.test("remote characters: a hung service ends at the deadline with what was loaded", async () => {
  const { rest } = fakeRest({ hang: true });
  const loader = createRemoteCharacters();
  const started = performance.now();
  const loaded = await loader.load(rest, TENANT, ids(1, 5), performance.now() + 50);
  assertEquals(loaded, []);
  assertTrue(performance.now() - started < 5_000, "returned at the deadline, not the look-up timeout");
});
