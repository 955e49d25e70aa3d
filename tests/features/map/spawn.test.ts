/**
 * The remembered spawn of a session's character: the same description while nothing it is made of
 * changed, a new one after any change (character record, inventory in place, position, buffs and their
 * expiry, guild badge, pets), and the remembered standing CharacterSpawn bytes always equal to what the
 * writer (tested byte for byte in writers.test.ts) writes for the current description.
 */
import { assertEquals, assertNotEquals, assertTrue } from "../../support/assert.ts";
import { withLocalSession } from "../../support/session.ts";
import type { Session } from "../../../src/net/session.ts";
import type { Character } from "../../../src/features/character/rest.ts";
import { characterRecord } from "../../support/character-record.ts";
import { applyInventoryChange, type CharacterData } from "../../../src/features/character/data.ts";
import { CHARACTER_DATA } from "../../../src/features/character/enter-field.ts";
import { assetFromAttributes, type Inventory } from "../../../src/features/inventory/rest.ts";
import { loggedInCharacterKey } from "../../../src/features/login/state.ts";
import { fieldPositionKey, spawnCharacterOf, standingSpawnPacket } from "../../../src/features/map/spawn.ts";
import { characterSpawnBody } from "../../../src/features/map/writers.ts";
import { rememberBuff } from "../../../src/features/buff/active.ts";
import { guildBadgeKey } from "../../../src/features/guild/state.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import { type SharedBody, sharedBody } from "../../../src/protocol/crypto.ts";
import type { Tenant } from "../../../src/tenant.ts";

const GMS83: Tenant = {
  id: "0b2a9c7e-1f7d-4a8e-9b0a-3c5d7e9f1a2b",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};
const GMS95: Tenant = { ...GMS83, majorVersion: 95 };
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const DAY_MS = 86_400_000;

const CHARACTER: Character = characterRecord({
  id: 7001,
  accountId: 7,
  name: "Wren",
  level: 30,
  jobId: 400,
  gender: 1,
  hair: 31000,
  face: 21000,
  mapId: 100000000,
  x: 100,
  y: 200,
  stance: 4,
});

function equip(id: number, slot: number, templateId: number) {
  return assetFromAttributes(id, { slot, templateId, referenceType: "equipable", referenceData: {} });
}

function loggedIn(session: Session): Inventory {
  const inventory: Inventory = {
    characterId: CHARACTER.id,
    compartments: [{ id: "c1", type: 1, capacity: 24, assets: [equip(1, -5, 1040002)] }],
  };
  const data: CharacterData = { character: CHARACTER, inventory, skills: [], pets: [] };
  session.set(loggedInCharacterKey, CHARACTER);
  session.set(CHARACTER_DATA, data);
  return inventory;
}

function bytesOf(build: BuildPacket): number[] {
  const w = packetWriter();
  build(w, {});
  return [...w.toBytes()];
}

/** Encodes as the app does minus the opcode (the body alone), counting encodings per tenant. */
function encodingContext() {
  const encodings = new Map<string, number>();
  return {
    encodings,
    encode(tenant: Tenant, writerName: string, build: BuildPacket): SharedBody {
      assertEquals(writerName, "CharacterSpawn");
      const key = `${tenant.region} ${tenant.majorVersion}`;
      encodings.set(key, (encodings.get(key) ?? 0) + 1);
      const w = packetWriter();
      build(w, {}, tenant);
      return sharedBody(w.toBytes());
    },
  };
}

function packetBytes(packet: SharedBody | undefined): number[] {
  if (!packet) throw new Error("no spawn packet");
  return [...packet.plain];
}

/** What the writer writes now for the session's current description (the reference bytes). */
function freshBytes(session: Session, version: Tenant, nowMs: number): number[] {
  return bytesOf(characterSpawnBody(version, spawnCharacterOf(session, nowMs)!, false, nowMs));
}

Deno.test("spawnCharacterOf: undefined before login; one description while nothing changes", async () => {
  await withLocalSession((session) => {
    assertEquals(spawnCharacterOf(session, NOW), undefined);
    assertEquals(standingSpawnPacket(encodingContext(), session, GMS83, NOW), undefined);
    loggedIn(session);
    const first = spawnCharacterOf(session, NOW)!;
    assertEquals(first.name, "Wren");
    assertEquals([first.x, first.y, first.stance], [100, 200, 4]);
    assertTrue(spawnCharacterOf(session, NOW + 60_000) === first, "nothing changed: the same description");
  });
});

Deno.test("spawnCharacterOf: a change of any input gives a new description showing it", async () => {
  await withLocalSession((session) => {
    const inventory = loggedIn(session);
    let last = spawnCharacterOf(session, NOW)!;
    const changed = (what: string) => {
      const next = spawnCharacterOf(session, NOW)!;
      assertTrue(next !== last, `${what}: a new description`);
      last = next;
      return next;
    };

    session.set(fieldPositionKey, { x: -30, y: 55, stance: 2, foothold: 17 });
    assertEquals(
      (({ x, y, stance, foothold }) => ({ x, y, stance, foothold }))(changed("position")),
      { x: -30, y: 55, stance: 2, foothold: 17 },
    );

    session.set(loggedInCharacterKey, { ...CHARACTER, level: 31, jobId: 410 });
    assertEquals([changed("character record").level, last.jobId], [31, 410]);

    applyInventoryChange(inventory, {
      kind: "put",
      inventoryType: 1,
      compartmentId: "c1",
      asset: equip(2, -6, 1060002),
    });
    assertEquals(
      changed("inventory changed in place").look.equipment.map((e) => e.position).sort((a, b) => a - b),
      [
        -6,
        -5,
      ],
    );

    rememberBuff(session, {
      sourceId: 4001003,
      changes: [{ type: "DARK_SIGHT", amount: 1 }],
      expiresAt: new Date(NOW + 5000),
    });
    assertEquals(changed("buff").buffs, [{ type: "DARK_SIGHT", amount: 1, sourceId: 4001003 }]);

    session.set(guildBadgeKey, {
      guildId: 9,
      name: "Maple",
      logo: 1,
      logoColor: 2,
      logoBackground: 3,
      logoBackgroundColor: 4,
    });
    assertEquals(changed("guild").guild?.name, "Maple");

    const data = session.get(CHARACTER_DATA)!;
    const pet = { id: 5, slot: 0 } as unknown as CharacterData["pets"][number];
    session.set(CHARACTER_DATA, { ...data, pets: [pet] });
    assertEquals(changed("pets").look.pets.map((p) => p.id), [5]);

    // The buff runs out: a description asked for after its expiry no longer shows it.
    const later = spawnCharacterOf(session, NOW + 5000)!;
    assertTrue(later !== last, "an expired buff gives a new description");
    assertEquals(later.buffs, []);
  });
});

Deno.test("standingSpawnPacket: the writer's bytes for the current description, encoded once per tenant", async () => {
  await withLocalSession((session) => {
    const ctx = encodingContext();
    const inventory = loggedIn(session);
    const gms83 = packetBytes(standingSpawnPacket(ctx, session, GMS83, NOW));
    assertEquals(gms83, freshBytes(session, GMS83, NOW));
    const gms95 = packetBytes(standingSpawnPacket(ctx, session, GMS95, NOW));
    assertEquals(gms95, freshBytes(session, GMS95, NOW));
    assertNotEquals(gms95, gms83, "the versions' layouts differ (GMS 95 adds the driver and passenger)");
    const again = standingSpawnPacket(ctx, session, GMS83, NOW + 60_000);
    assertEquals(packetBytes(again), gms83, "asked again: the same bytes");
    assertEquals(Object.fromEntries(ctx.encodings), { "GMS 83": 1, "GMS 95": 1 }, "encoded once per tenant");

    session.set(fieldPositionKey, { x: -30, y: 55, stance: 2, foothold: 17 });
    const moved = packetBytes(standingSpawnPacket(ctx, session, GMS83, NOW));
    assertNotEquals(moved, gms83);
    assertEquals(moved, freshBytes(session, GMS83, NOW));

    applyInventoryChange(inventory, { kind: "remove", inventoryType: 1, assetId: 1 });
    const undressed = packetBytes(standingSpawnPacket(ctx, session, GMS83, NOW));
    assertNotEquals(undressed, moved);
    assertEquals(undressed, freshBytes(session, GMS83, NOW));
    assertEquals(ctx.encodings.get("GMS 83"), 3);
  });
});

Deno.test("standingSpawnPacket: with a base temporary stat (it carries the time) the bytes follow the clock", async () => {
  await withLocalSession((session) => {
    const ctx = encodingContext();
    loggedIn(session);
    rememberBuff(session, {
      sourceId: 5121009,
      changes: [{ type: "SPEED_INFUSION", amount: 40 }],
      expiresAt: new Date(NOW + 10 * DAY_MS),
    });
    const now = packetBytes(standingSpawnPacket(ctx, session, GMS83, NOW));
    assertEquals(now, freshBytes(session, GMS83, NOW));
    // Speed infusion's "current time" is seconds / 1000 (see foreign-stats.ts): a day later it differs.
    const later = packetBytes(standingSpawnPacket(ctx, session, GMS83, NOW + DAY_MS));
    assertEquals(later, freshBytes(session, GMS83, NOW + DAY_MS));
    assertNotEquals(later, now);
  });
});
