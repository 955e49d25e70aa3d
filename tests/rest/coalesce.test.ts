/** Coalesced look-ups (src/rest/coalesce.ts). */
import { createCoalescer } from "../../src/rest/coalesce.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";

/** A request function whose calls the test answers by hand. */
function manualRequests() {
  const calls: { resolve(v: number): void; reject(e: Error): void }[] = [];
  const request = () =>
    new Promise<number>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { calls, request };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("coalesce: the first caller's request goes at once; callers meanwhile share the next one", async () => {
  const coalesce = createCoalescer<number>();
  const { calls, request } = manualRequests();
  const first = coalesce("k", request);
  assertEquals(calls.length, 1);
  const later = [coalesce("k", request), coalesce("k", request), coalesce("k", request)];
  await settle();
  assertEquals(calls.length, 1, "the next request waits for the one in flight");
  calls[0].resolve(1);
  assertEquals(await first, 1);
  await settle();
  assertEquals(calls.length, 2, "one request for the three who asked meanwhile");
  calls[1].resolve(2);
  assertEquals(await Promise.all(later), [2, 2, 2], "answered by a request that started after they asked");
  const fresh = coalesce("k", request);
  assertEquals(calls.length, 3, "nothing in flight: a new caller asks at once");
  calls[2].resolve(3);
  assertEquals(await fresh, 3);
});

Deno.test("coalesce: keys do not share; a failed round fails its callers only", async () => {
  const coalesce = createCoalescer<number>();
  const { calls, request } = manualRequests();
  const a = coalesce("a", request);
  const b = coalesce("b", request);
  assertEquals(calls.length, 2);
  const aLater = coalesce("a", request);
  calls[0].reject(new Error("service down"));
  assertEquals((await assertRejects(() => a, Error)).message, "service down");
  await settle();
  assertEquals(calls.length, 3);
  calls[2].resolve(5);
  assertEquals(await aLater, 5);
  calls[1].resolve(7);
  assertEquals(await b, 7);
});

Deno.test("coalesce: a request that throws at once rejects its callers and frees the key", async () => {
  const coalesce = createCoalescer<number>();
  const err = await assertRejects(() =>
    coalesce("k", () => {
      throw new Error("bad path");
    }), Error);
  assertEquals(err.message, "bad path");
  assertEquals(await coalesce("k", () => Promise.resolve(4)), 4);
});
