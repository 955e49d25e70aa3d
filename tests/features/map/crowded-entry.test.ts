/**
 * Issue 18, map entry: a map whose atlas-maps list holds 500 characters of other channel instances (50
 * that atlas-character knows, 450 stale ones it answers 404 for, as after an instance was killed). The
 * REST calls of each entry are counted: the first newcomer costs one capped round of look-ups, every
 * later newcomer the map's list only. Its channel CPU is measured by `deno task bench:field` /
 * `bench/map_entry.ts`, not timed here.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import { packetReader } from "../../../src/protocol/reader.ts";
import { DEFAULT_REMOTE_CHARACTER_OPTIONS } from "../../../src/features/map/remote-characters.ts";

const KNOWN = Array.from({ length: 50 }, (_, i) => 9001 + i);
const STALE_FIRST = Array.from({ length: 50 }, (_, i) => 9101 + i);
const STALE_REST = Array.from({ length: 400 }, (_, i) => 9201 + i);

Deno.test(
  integration(
    "map entry: a map listing 500 characters of other instances costs a bounded number of REST calls",
    async () => {
      const remote = KNOWN.map((id) => ({
        ...FIXTURE_CHARACTERS[0],
        id,
        accountId: id,
        name: `Remote${id}`,
      }));
      const field = await startField({ characters: [...FIXTURE_CHARACTERS, ...remote] });
      try {
        const listPath = `worlds/0/channels/1/maps/${HENESYS}/characters`;
        const listed = [...STALE_FIRST, ...KNOWN, ...STALE_REST];
        assertEquals(listed.length, 500);
        const reply = (ids: number[]) => ({
          json: { data: ids.map((id) => ({ type: "characters", id: String(id), attributes: {} })) },
        });
        field.rest.on("GET", listPath, reply(listed));
        const remoteIds = new Set(listed);
        const remoteCalls = (from: number) =>
          field.rest.requests.slice(from).filter((r) => {
            const match = /^characters\/(\d+)(\/|$)/.exec(r.path);
            return match !== null && remoteIds.has(Number(match[1]));
          });
        const listCalls = (from: number) =>
          field.rest.requests.slice(from).filter((r) => r.path === listPath);

        // The first newcomer: one list call and one capped round of look-ups (the first 100 listed: 50
        // stale, one call each; 50 known: the character, its inventory and its pets).
        const start1 = field.rest.requests.length;
        const aria = await field.login(1001);
        const shown = new Set<number>();
        while (shown.size < KNOWN.length) {
          shown.add(packetReader(await field.receivePacket(aria.client, "CharacterSpawn")).uint32());
        }
        await field.fieldEntriesSettled();
        assertEquals([...shown].sort(), KNOWN);
        assertEquals(listCalls(start1).length, 1);
        const first = remoteCalls(start1);
        const cap = DEFAULT_REMOTE_CHARACTER_OPTIONS.maxPerEntry;
        assertEquals(first.filter((r) => /^characters\/\d+$/.test(r.path)).length, cap);
        assertEquals(first.length, cap + 2 * KNOWN.length, first.map((r) => r.path).join(" "));
        assertTrue(
          first.every((r) => !STALE_REST.includes(Number(/^characters\/(\d+)/.exec(r.path)![1]))),
          "nothing past the cap is looked up",
        );

        // Every later newcomer: the map's list, nothing per character (known and stale ones are cached).
        field.rest.on("GET", listPath, reply([1001, ...listed]));
        const start2 = field.rest.requests.length;
        const dana = await field.login(3001);
        const seen = new Set<number>();
        while (seen.size < KNOWN.length + 1) {
          seen.add(packetReader(await field.receivePacket(dana.client, "CharacterSpawn")).uint32());
        }
        await field.fieldEntriesSettled();
        assertEquals([...seen].sort(), [1001, ...KNOWN].sort());
        assertEquals(listCalls(start2).length, 1);
        assertEquals(
          remoteCalls(start2).map((r) => r.path),
          [],
          "no per-character call for a later newcomer",
        );
        const total = field.rest.requests.length - start2;
        // The whole login of the later newcomer (its own character, inventory, skills, buddy list, the
        // map's objects, ...) stays a fixed handful whatever the map lists.
        assertTrue(total <= 25, `later newcomer's login made ${total} REST calls`);
      } finally {
        await field.stop();
      }
    },
  ),
);
