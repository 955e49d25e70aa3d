/**
 * End to end on the real broker through the field harness: characters appear to each other on map
 * entry, walk (exact CharacterMovement bytes and movement command), warp, and disappear on exit; other
 * maps, channels and tenants receive nothing; malformed movement produces nothing.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import { characterMovementContract } from "../../../src/features/movement/messages.ts";
import { characterStatusContract } from "../../../src/features/character/messages.ts";
import { mapStatusContract } from "../../../src/features/map/messages.ts";
import { packetReader } from "../../../src/protocol/reader.ts";
import { expectNoneBefore, isOpcode, type PacketMatch, receiveUntil } from "../../support/receive.ts";
import { hex, toHex } from "./templates.ts";

/** Packets with `opcode` whose body is `bodyHex`. */
const packetOf = (opcode: number, bodyHex: string): PacketMatch => (p) =>
  p.opcode === opcode && toHex(p.body) === bodyHex;

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
    const dana = await field.login(3001); // Henesys, channel 1

    // Aria sees Dana arrive (entering field: y − 42, stance 6); Dana sees Aria where she stands.
    const danaSpawn = packetReader(await field.receivePacket(aria.client, "CharacterSpawn"));
    assertEquals([danaSpawn.uint32(), danaSpawn.byte(), danaSpawn.string()], [3001, 30, "Dana"]);
    const ariaSpawn = packetReader(await field.receivePacket(dana.client, "CharacterSpawn"));
    assertEquals([ariaSpawn.uint32(), ariaSpawn.byte(), ariaSpawn.string()], [1001, 30, "Aria"]);
    await field.waitFor("both in Henesys", () => field.ctx.presence.mapOf(dana.session) === HENESYS);

    // Aria walks: Dana receives the path byte for byte; the command carries the summary.
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

    // Another map, another channel and another tenant see none of it: Dana got the spawn and the
    // movement, so anything for them was queued before a sentinel sent to each of them now.
    const movementOpcode = field.writerOpcode("CharacterMovement");
    const spawnOpcode = field.writerOpcode("CharacterSpawn");
    for (const [name, who] of [["Brin", brin], ["Gwen", gwen], ["other tenant", other]] as const) {
      await expectNoneBefore(
        who.client,
        isOpcode(movementOpcode, spawnOpcode),
        await field.sentinel(who),
        `${name} saw Dana's spawn or Aria's movement`,
      );
    }

    // A truncated movement: no broadcast, no command, the session stays. The valid movement sent after
    // it is the first Dana sees and the first command after it.
    const before = field.captured(characterMovementContract).length;
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(1).bytes(PATH.subarray(0, 9))),
    );
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(2).bytes(PATH)),
    );
    const afterTruncated = await receiveUntil(dana.client, isOpcode(movementOpcode), {
      what: "the valid movement after the truncated one",
    });
    assertEquals(
      toHex(afterTruncated[afterTruncated.length - 1].body),
      toHex(Uint8Array.of(0xe9, 0x03, 0, 0, ...PATH)),
    );
    await field.expectNoCommandBefore(characterMovementContract, () => true, (m) => m.keyId === 1001, {
      from: before,
    });
    assertEquals(field.captured(characterMovementContract).length, before + 1);
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
    // The sentinel, on the same topic: someone (7777) leaves Ellinia; Brin sees that and not Aria go.
    const despawnOpcode = field.writerOpcode("CharacterDespawn");
    await field.publishEvent(mapStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: ELLINIA,
      type: "CHARACTER_EXIT",
      body: { characterId: 7777 },
    }, { key: ELLINIA });
    await expectNoneBefore(
      brin.client,
      isOpcode(despawnOpcode),
      packetOf(despawnOpcode, "61 1e 00 00"),
      "Brin (Ellinia) saw Aria leave Henesys",
    );
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
 * The fixture look as the reference's WriteCharacterLook lays it out for GMS 83, written out: gender,
 * skin 0, face 20000, mega 1, hair 30000; the worn top (slot 5, 1040002), weapon (11, 1302000), pants
 * (6, 1060002) and shoes (7, 1072001) in slot.Slots order; no cash items (ff ff); cash weapon 0; pet
 * templates of slots 0-2 (`pet0`: "40 4b 4c 00" is 5000000, "41 4b 4c 00" 5000001).
 */
function fixtureLookHex(gender: "00" | "01", pet0: string): string {
  return `${gender} 00 20 4e 00 00 01 30 75 00 00 ` +
    "05 82 de 0f 00 0b f0 dd 13 00 06 a2 2c 10 00 07 81 5b 10 00 " +
    `ff ff 00 00 00 00 ${pet0} 00 00 00 00 00 00 00 00`;
}
const NO_PET = "00 00 00 00";
const KITTY = "40 4b 4c 00";
const PUP = "41 4b 4c 00";

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
        assertTrue(toHex(remyForAria).includes(fixtureLookHex("00", PUP)), toHex(remyForAria));

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
        // Aria's spawn carries the look login cached: the fixture's equipment and pet, and the pet
        // walks beside her (shown 1, template 5000000, "Kitty", id 501, x -200, y 274, stance 0,
        // foothold 0, name tag 0, chat balloon 0).
        const ariaForDana = toHex(spawns.get(1001)!);
        assertTrue(ariaForDana.includes(fixtureLookHex("01", KITTY)), ariaForDana);
        const kitty =
          "01 40 4b 4c 00 05 00 4b 69 74 74 79 f5 01 00 00 00 00 00 00 38 ff 12 01 00 00 00 00 00";
        assertTrue(ariaForDana.includes(kitty), ariaForDana);
        // Remy, from REST, with his own look.
        assertTrue(toHex(spawns.get(9001)!).includes(fixtureLookHex("00", PUP)), toHex(spawns.get(9001)!));

        // Aria sees Dana arrive, from Dana's session (no REST for characters here).
        const danaForAria = await field.receivePacket(aria.client, "CharacterSpawn");
        assertEquals(packetReader(danaForAria).uint32(), 3001);
        assertTrue(toHex(danaForAria).includes(fixtureLookHex("01", NO_PET)), toHex(danaForAria));

        // Only the entries asked atlas-maps and atlas-character about Remy; Aria and Dana are local.
        const gets = (path: string) =>
          field.rest.requests.filter((r) => r.method === "GET" && r.path === path);
        assertEquals(gets(listPath).length, 2);
        // Both entries needed Remy; newcomers share one look-up (remote-characters.ts).
        assertEquals(gets("characters/9001").length, 1);
        assertEquals(gets("characters/9001/skills").length, 0, "spawns need no skills");
        // Field-entry hooks still running are awaited; other look-ups are told apart by path.
        await field.fieldEntriesSettled();
        // Map entry's own look-ups (drops, reactors, NPCs, chairs, ... of the other features, and the
        // social state after login: buddy list, party, notes) may still be finishing; they are not movement's.
        const ENTRY =
          /(^worlds\/\d+\/channels\/\d+\/maps\/\d+\/(drops|reactors|chairs|chalkboards|monsters)$)|(^data\/maps\/)|(^transports\/routes$)|(^characters\/\d+\/(buddy-list|notes)$)|(^parties\?)/;
        const notEntry = () => field.rest.requests.filter((r) => !ENTRY.test(r.path)).length;
        const before = notEntry();
        await aria.client.send(
          field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(1).bytes(PATH)),
        );
        await field.receivePacket(dana.client, "CharacterMovement");
        assertEquals(notEntry(), before, "movement makes no REST call");
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "field: two characters in a map before either entry is handled are spawned for each other once",
    async () => {
      const characters = FIXTURE_CHARACTERS.map((c) =>
        c.id === 1001 ? { ...c, pets: [{ id: 501, templateId: 5000000, name: "Kitty", slot: 0 }] } : c
      );
      const field = await startField({ characters });
      try {
        const aria = await field.login(1001); // Henesys
        const dana = await field.login(3001); // Henesys
        await field.fieldEntriesSettled();
        // Both warp to Ellinia; atlas-maps' entries for them come only after both SetFields went out,
        // as in a login storm, where many sessions are in a map before the first entry is consumed.
        for (const who of [aria, dana]) {
          await field.publishEvent(characterStatusContract, {
            characterId: who.character.id,
            type: "MAP_CHANGED",
            worldId: 0,
            body: { channelId: 1, oldMapId: HENESYS, targetMapId: ELLINIA, targetPortalId: 0 },
          }, { key: who.character.id });
          await field.receivePacket(who.client, "SetField");
        }
        await field.waitFor(
          "both in Ellinia",
          () =>
            field.ctx.presence.mapOf(aria.session) === ELLINIA &&
            field.ctx.presence.mapOf(dana.session) === ELLINIA,
        );
        for (const who of [aria, dana]) {
          await field.publishEvent(mapStatusContract, {
            worldId: 0,
            channelId: 1,
            mapId: ELLINIA,
            type: "CHARACTER_ENTER",
            body: { characterId: who.character.id },
          }, { key: ELLINIA });
        }
        const spawnOpcode = field.writerOpcode("CharacterSpawn");
        const petOpcode = field.writerOpcode("PetActivated");
        const spawnOf = (characterId: number): PacketMatch => (p) =>
          p.opcode === spawnOpcode && packetReader(p.body).uint32() === characterId;
        // PetActivated leads with its owner's id.
        const petOf = (characterId: number): PacketMatch => (p) =>
          p.opcode === petOpcode && packetReader(p.body).uint32() === characterId;
        // Each sees the other once, and Dana sees Aria's Kitty once: the first spawn arrives, and none
        // more before a sentinel sent after both entries were handled.
        const expected = [[aria, dana, spawnOf(3001)], [dana, aria, spawnOf(1001)], [
          dana,
          aria,
          petOf(1001),
        ]] as const;
        for (const [who, other, match] of expected) {
          await receiveUntil(who.client, match, {
            what: `${other.character.name}'s spawn for ${who.character.name}`,
          });
        }
        await field.fieldEntriesSettled();
        await expectNoneBefore(
          aria.client,
          spawnOf(3001),
          await field.sentinel(aria),
          "Aria was shown Dana twice",
        );
        await expectNoneBefore(
          dana.client,
          (p) => spawnOf(1001)(p) || petOf(1001)(p),
          await field.sentinel(dana),
          "Dana was shown Aria or her pet twice",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
