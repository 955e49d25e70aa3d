/**
 * Write slabs: a slab is cut again only once every write cut from it was released, never while one is
 * in flight; large writes get their own buffer; the free list is bounded.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { writeSlabs } from "../../src/net/write-slabs.ts";

const SLAB = 1024; // cuts of up to 128 bytes come from slabs

Deno.test("write slabs: cuts of one slab are disjoint and exactly sized", () => {
  const slabs = writeSlabs({ slabSize: SLAB });
  const a = slabs.take(100);
  const b = slabs.take(28);
  assertEquals([a.length, b.length], [100, 28]);
  assertTrue(a.buffer === b.buffer, "one slab");
  assertEquals(b.byteOffset, a.byteOffset + 100);
});

Deno.test("write slabs: a slab is reused once all its writes were released, from its start", () => {
  const slabs = writeSlabs({ slabSize: SLAB });
  const first = Array.from({ length: 8 }, () => slabs.take(128)); // fills slab 1
  const second = slabs.take(128); // slab 2
  assertTrue(second.buffer !== first[0].buffer, "a second slab");
  for (const cut of first) slabs.release(cut);
  for (let i = 0; i < 7; i++) slabs.take(128); // fills slab 2
  const next = slabs.take(64); // slab 2 is full: slab 1 comes back
  assertTrue(next.buffer === first[0].buffer, "slab 1 reused");
  assertEquals(next.byteOffset, first[0].byteOffset);
  assertEquals(slabs.stats, { created: 2, reused: 1 });
});

Deno.test("write slabs: a slab with one write still in flight is never cut again", () => {
  const slabs = writeSlabs({ slabSize: SLAB });
  const first = Array.from({ length: 8 }, () => slabs.take(128));
  for (const cut of first.slice(1)) slabs.release(cut); // first[0]'s write has not completed
  const seen = new Set<ArrayBufferLike>();
  for (let i = 0; i < 8 * 5; i++) seen.add(slabs.take(128).buffer);
  assertTrue(!seen.has(first[0].buffer), "slab 1 stays out of use");
  assertEquals(slabs.stats.reused, 0);
  // Its last write completes: the next slab change takes it.
  slabs.release(first[0]);
  const buffers = new Set<ArrayBufferLike>();
  for (let i = 0; i < 8 * 2; i++) buffers.add(slabs.take(128).buffer);
  assertTrue(buffers.has(first[0].buffer), "slab 1 back in use");
});

Deno.test("write slabs: a large write gets its own buffer; releasing it is harmless", () => {
  const slabs = writeSlabs({ slabSize: SLAB });
  const small = slabs.take(10);
  const large = slabs.take(SLAB / 8 + 1);
  assertTrue(large.buffer !== small.buffer, "its own buffer");
  assertEquals(large.byteLength, large.buffer.byteLength);
  slabs.release(large);
  slabs.release(new Uint8Array(5)); // not from these slabs
  assertEquals(slabs.stats, { created: 1, reused: 0 });
});

Deno.test("write slabs: at most maxFree slabs wait for reuse", () => {
  const slabs = writeSlabs({ slabSize: SLAB, maxFree: 1 });
  const cuts = Array.from({ length: 8 * 3 }, () => slabs.take(128)); // three full slabs
  slabs.take(128); // a fourth is current
  for (const cut of cuts) slabs.release(cut); // three become free; one is kept
  const buffers = new Set<ArrayBufferLike>();
  for (let i = 0; i < 8 * 3; i++) buffers.add(slabs.take(128).buffer);
  assertEquals(slabs.stats.reused, 1);
});
