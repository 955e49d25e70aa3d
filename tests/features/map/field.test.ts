/**
 * End to end on the real broker through the field harness: characters appear to each other on map
 * entry, walk (exact CharacterMovement bytes and movement command), warp, and disappear on exit; other
 * maps, channels and tenants receive nothing; malformed movement produces nothing.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import type { HeadlessClient } from "../../../src/client/client.ts";
import { characterMovementContract } from "../../../src/features/movement/messages.ts";
import { characterStatusContract } from "../../../src/features/character/messages.ts";
import { mapStatusContract } from "../../../src/features/map/messages.ts";
import { packetReader } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { CHARACTER_DATA } from "../../../src/features/character/enter-field.ts";
import { lookOf, writeAvatarLook } from "../../../src/features/character/look.ts";
import { hex, toHex } from "./templates.ts";

/** Everything `client` receives within `ms`, as (opcode, body) pairs. */
async function drain(client: HeadlessClient, ms: number): Promise<{ opcode: number; body: Uint8Array }[]> {
  const out: { opcode: number; body: Uint8Array }[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const body = await client.receive(Math.max(1, deadline - Date.now()));
      out.push({ opcode: body[0] | (body[1] << 8), body: body.subarray(2) });
    } catch {
      break;
    }
  }
  return out;
}

// One NORMAL step and one JUMP (GMS 83 layout, no offsets).
const PATH = hex(`
  38 ff 12 01 02
  00 40 ff 12 01 64 00 00 00 0c 00 02 e8 03
  01 0a 00 ec ff 04 30 00`);

Deno.test(integration("field: spawn, walk, warp and despawn between two characters in one map", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const aria = await field.login(1001); // Henesys, channel 1
    const brin = await field.login(1002); // Ellinia, channel 1
    const gwen = await field.login(4001, { channel: 2 }); // Henesys, channel 2
    const other = await field.login(5001, { otherTenant: true }); // Henesys, other tenant
    await drain(aria.client, 300);
    const dana = await field.login(3001); // Henesys, channel 1

    // Aria sees Dana arrive (entering field: y − 42, stance 6); Dana sees Aria where she stands.
    const danaSpawn = packetReader(await field.receivePacket(aria.client, "CharacterSpawn"));
    assertEquals([danaSpawn.uint32(), danaSpawn.byte(), danaSpawn.string()], [3001, 30, "Dana"]);
    const ariaSpawn = packetReader(await field.receivePacket(dana.client, "CharacterSpawn"));
    assertEquals([ariaSpawn.uint32(), ariaSpawn.byte(), ariaSpawn.string()], [1001, 30, "Aria"]);
    await field.waitFor("both in Henesys", () => field.ctx.presence.mapOf(dana.session) === HENESYS);

    // Aria walks: Dana receives the path byte for byte; the command carries the summary.
    await drain(dana.client, 200);
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(0x12345678).bytes(PATH)),
    );
    const moved = await field.receivePacket(dana.client, "CharacterMovement");
    assertEquals(toHex(moved), toHex(Uint8Array.of(0xe9, 0x03, 0, 0, ...PATH)));
    const command = await field.expectCommand(characterMovementContract, (m) => m.keyId === 1001);
    assertEquals(
      command.raw,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"objectId":1001,"observerId":1001,"x":-192,"y":274,"stance":2}`,
    );
    assertEquals(toHex(command.key!), "e9 03 00 00 00 00 00 00");
    assertEquals(command.headers.TENANT_ID, field.tenant.id);
    assertEquals(command.headers.REGION, "GMS");
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");

    // Another map, another channel and another tenant see none of it.
    const movementOpcode = field.writerOpcode("CharacterMovement");
    const spawnOpcode = field.writerOpcode("CharacterSpawn");
    for (const [name, who] of [["Brin", brin], ["Gwen", gwen], ["other tenant", other]] as const) {
      const got = await drain(who.client, 300);
      assertEquals(
        got.filter((p) => p.opcode === movementOpcode || p.opcode === spawnOpcode).length,
        0,
        name,
      );
    }

    // A truncated movement: no broadcast, no command, the session stays.
    const before = field.captured(characterMovementContract).length;
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(1).bytes(PATH.subarray(0, 9))),
    );
    assertEquals((await drain(dana.client, 400)).filter((p) => p.opcode === movementOpcode).length, 0);
    assertEquals(field.captured(characterMovementContract).length, before);
    assertTrue(!aria.session.isClosed, "a malformed packet must not close the session");

    // Warp: MAP_CHANGED moves Aria to Ellinia with the short SetField; presence follows.
    await field.publishEvent(characterStatusContract, {
      characterId: 1001,
      type: "MAP_CHANGED",
      worldId: 0,
      body: { channelId: 1, oldMapId: HENESYS, targetMapId: ELLINIA, targetPortalId: 2 },
    }, { key: 1001 });
    const warp = packetReader(await field.receivePacket(aria.client, "SetField"));
    assertEquals([warp.uint32(), warp.byte(), warp.byte(), warp.uint16(), warp.byte()], [1, 0, 0, 0, 0]);
    assertEquals([warp.uint32(), warp.byte(), warp.uint16(), warp.bool()], [ELLINIA, 2, 820, false]);
    await field.waitFor("Aria in Ellinia", () => field.ctx.presence.mapOf(aria.session) === ELLINIA);

    // Exit: the maps service says Aria left Henesys; Dana sees her go, Brin (Ellinia) does not.
    await field.publishEvent(mapStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      type: "CHARACTER_EXIT",
      body: { characterId: 1001 },
    }, { key: HENESYS });
    assertEquals(toHex(await field.receivePacket(dana.client, "CharacterDespawn")), "e9 03 00 00");
    const despawnOpcode = field.writerOpcode("CharacterDespawn");
    assertEquals((await drain(brin.client, 300)).filter((p) => p.opcode === despawnOpcode).length, 0);
    assertEquals(
      field.ctx.presence.mapOf(aria.session),
      ELLINIA,
      "an exit from another map keeps the new map",
    );

    // Disconnect: Dana's socket closes → DESTROYED → CHARACTER_EXIT; nobody is left in Henesys on ch 1.
    dana.client.close();
    await field.waitFor("Dana gone", () => dana.session.isClosed);
  } finally {
    await field.stop();
  }
}));

/**
 * Aria's look as the reference's WriteCharacterLook lays it out for GMS 83 (fixture inventory: top,
 * weapon, pants and shoes worn, written in slot.Slots order; no cash items), with `petTemplate` in pet
 * slot 0.
 */
function fixtureLookHex(gender: number, petTemplate: number): string {
  const w = packetWriter().byte(gender).byte(0).uint32(20000).bool(true).uint32(30000);
  for (const [slot, item] of [[5, 1040002], [11, 1302000], [6, 1060002], [7, 1072001]]) {
    w.byte(slot).uint32(item);
  }
  w.byte(0xff).byte(0xff).uint32(0).uint32(petTemplate).uint32(0).uint32(0);
  return toHex(w.toBytes());
}

Deno.test(
  integration(
    "field: CharacterSpawn shows equipment and pets from the login cache; characters on another instance are fetched on entry",
    async () => {
      const remy = {
        ...FIXTURE_CHARACTERS[0],
        id: 9001,
        accountId: 9,
        name: "Remy",
        gender: 0,
        pets: [{ id: 902, templateId: 5000001, name: "Pup", slot: 0 }],
      };
      const characters = [
        ...FIXTURE_CHARACTERS.map((c) =>
          c.id === 1001 ? { ...c, pets: [{ id: 501, templateId: 5000000, name: "Kitty", slot: 0 }] } : c
        ),
        remy,
      ];
      const field = await startField({ characters });
      try {
        // atlas-maps knows Remy (on another channel instance) and whoever logged in here.
        const listPath = `worlds/0/channels/1/maps/${HENESYS}/characters`;
        const listed = (ids: number[]) => ({
          json: { data: ids.map((id) => ({ type: "characters", id: String(id), attributes: {} })) },
        });
        field.rest.on("GET", listPath, listed([9001]));
        const aria = await field.login(1001);
        // Aria, alone here, is shown Remy from REST.
        const remyForAria = await field.receivePacket(aria.client, "CharacterSpawn");
        assertEquals(toHex(remyForAria.subarray(0, 4)), "29 23 00 00");
        assertTrue(toHex(remyForAria).includes(fixtureLookHex(0, 5000001)), toHex(remyForAria));

        field.rest.on("GET", listPath, listed([1001, 9001, 3001]));
        const dana = await field.login(3001);
        // Field entry precedes CREATED, so no spawn reaches a client before its SetField.
        const spawnOpcode = field.writerOpcode("CharacterSpawn");
        for (const who of [aria, dana]) {
          assertEquals(who.before.filter((p) => (p[0] | (p[1] << 8)) === spawnOpcode).length, 0);
        }
        const spawns = new Map<number, Uint8Array>();
        while (spawns.size < 2) {
          const body = await field.receivePacket(dana.client, "CharacterSpawn");
          spawns.set(packetReader(body).uint32(), body);
        }
        // Aria's spawn carries her look exactly as writeAvatarLook writes the data login cached...
        const cached = aria.session.get(CHARACTER_DATA);
        assertTrue(cached !== undefined, "login cached the character data");
        const look = lookOf(cached!);
        assertEquals(look.equipment.length, 4);
        assertEquals(look.pets.map((p) => p.templateId), [5000000]);
        const w = packetWriter();
        writeAvatarLook(w, field.tenant, look);
        const ariaForDana = toHex(spawns.get(1001)!);
        assertTrue(ariaForDana.includes(toHex(w.toBytes())), ariaForDana);
        // ...which is the fixture's equipment and pet, and the pet walks beside her.
        assertTrue(ariaForDana.includes(fixtureLookHex(1, 5000000)), ariaForDana);
        const kitty = packetWriter().bool(true).uint32(5000000).string("Kitty").uint64(501)
          .int16(-200).int16(274).byte(0).int16(0).byte(0).byte(0);
        assertTrue(ariaForDana.includes(toHex(kitty.toBytes())), ariaForDana);
        // Remy, from REST, with his own look.
        assertTrue(toHex(spawns.get(9001)!).includes(fixtureLookHex(0, 5000001)), toHex(spawns.get(9001)!));

        // Aria sees Dana arrive, from Dana's session (no REST for characters here).
        const danaForAria = await field.receivePacket(aria.client, "CharacterSpawn");
        assertEquals(packetReader(danaForAria).uint32(), 3001);
        assertTrue(toHex(danaForAria).includes(fixtureLookHex(1, 0)), toHex(danaForAria));

        // Only the entries asked atlas-maps and atlas-character about Remy; Aria and Dana are local.
        const gets = (path: string) =>
          field.rest.requests.filter((r) => r.method === "GET" && r.path === path);
        assertEquals(gets(listPath).length, 2);
        assertEquals(gets("characters/9001").length, 2);
        assertEquals(gets("characters/9001/skills").length, 0, "spawns need no skills");
        const before = field.rest.requests.length;
        await aria.client.send(
          field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(1).bytes(PATH)),
        );
        await field.receivePacket(dana.client, "CharacterMovement");
        assertEquals(field.rest.requests.length, before, "movement makes no REST call");
      } finally {
        await field.stop();
      }
    },
  ),
);
