/**
 * CharacterKeyMapChangeHandle: what the reference does (socket/handler/character_key_map_change.go) —
 * one PATCH to atlas-keys per changed key, sequentially — and what it does not: a truncated or
 * nonsensical packet changes nothing.
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { withLocalSession } from "../../support/session.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import {
  applyKeyMapChanges,
  KEY_MAP_CHANGE_HANDLER,
  KeyMapChangeError,
  readKeyMapChange,
} from "../../../src/features/keymap/handlers.ts";
import { keymapFeature } from "../../../src/features/keymap/mod.ts";
import { withServer } from "../character/rest_server.ts";

function packet(build: (w: ReturnType<typeof packetWriter>) => void) {
  const w = packetWriter();
  build(w);
  return packetReader(w.toBytes());
}

const TWO_KEYS = (w: ReturnType<typeof packetWriter>) =>
  w.uint32(0).uint32(2).int32(29).int8(1).int32(4001003).int32(2).int8(4).int32(10);

Deno.test("readKeyMapChange: mode 0 lists the changed keys; modes 1 and 2 bind keys 91 and 92 to an item", () => {
  assertEquals(readKeyMapChange(packet(TWO_KEYS)), [
    { key: 29, type: 1, action: 4001003 },
    { key: 2, type: 4, action: 10 },
  ]);
  assertEquals(readKeyMapChange(packet((w) => w.uint32(1).uint32(2000000))), [{
    key: 91,
    type: 7,
    action: 2000000,
  }]);
  assertEquals(readKeyMapChange(packet((w) => w.uint32(2).uint32(2000001))), [{
    key: 92,
    type: 7,
    action: 2000001,
  }]);
  assertEquals(readKeyMapChange(packet((w) => w.uint32(0).uint32(0))), []);
});

Deno.test("readKeyMapChange: truncated packets are PacketReadErrors; nonsense is a KeyMapChangeError", () => {
  const full = packetWriter();
  TWO_KEYS(full);
  const bytes = full.toBytes();
  for (let cut = 0; cut < bytes.length; cut++) {
    assertThrows(() => readKeyMapChange(packetReader(bytes.subarray(0, cut))), PacketReadError);
  }
  assertThrows(() => readKeyMapChange(packet((w) => w.uint32(0).uint32(0xffffffff))), KeyMapChangeError);
  assertThrows(
    () => readKeyMapChange(packet((w) => w.uint32(0).uint32(1).int32(90).int8(1).int32(1))),
    KeyMapChangeError,
  );
  assertThrows(
    () => readKeyMapChange(packet((w) => w.uint32(0).uint32(1).int32(-1).int8(1).int32(1))),
    KeyMapChangeError,
  );
  assertThrows(() => readKeyMapChange(packet((w) => w.uint32(1).uint32(0x80000000))), KeyMapChangeError);
  assertThrows(() => readKeyMapChange(packet((w) => w.uint32(3).uint32(1))), KeyMapChangeError);
});

Deno.test("applyKeyMapChanges: one PATCH per key in order; a failure is logged and the rest still run", async () => {
  await withServer(async (server, rest) => {
    server.on("PATCH", "characters/1001/keys/29", { status: 500 });
    server.on("PATCH", "characters/1001/keys/2", { status: 200 });
    const applied = await applyKeyMapChanges(rest, SAMPLE_TENANT, 1001, [
      { key: 29, type: 1, action: 4001003 },
      { key: 2, type: 4, action: 10 },
    ]);
    assertEquals(applied, 1);
    assertEquals(server.requests.map((r) => [r.method, r.path, r.body]), [
      [
        "PATCH",
        "characters/1001/keys/29",
        '{"data":{"type":"keys","id":"29","attributes":{"type":1,"action":4001003}}}',
      ],
      [
        "PATCH",
        "characters/1001/keys/2",
        '{"data":{"type":"keys","id":"2","attributes":{"type":4,"action":10}}}',
      ],
    ]);
  });
});

Deno.test("handler: a logged-in session's change reaches atlas-keys; bad packets and anonymous sessions do not", async () => {
  await withLocalSession(async (session) => {
    await withServer(async (server, rest) => {
      server.on("PATCH", "characters/1001/keys/91", { status: 200 });
      const handle = keymapFeature.handlers!({ rest } as unknown as FeatureContext)[KEY_MAP_CHANGE_HANDLER];
      await handle(session, packet((w) => w.uint32(1).uint32(2000000)), {}); // before login: ignored
      assertEquals(server.requests.length, 0);
      session.characterId = 1001;
      await handle(session, packet((w) => w.uint32(1).uint32(2000000)), {});
      await handle(session, packet((w) => w.uint32(7)), {}); // unknown mode: dropped with a warning
      assertEquals(server.requests.map((r) => r.body), [
        '{"data":{"type":"keys","id":"91","attributes":{"type":7,"action":2000000}}}',
      ]);
      assertEquals(server.requests[0].headers.get("TENANT_ID"), SAMPLE_TENANT.id);
    });
  });
});
