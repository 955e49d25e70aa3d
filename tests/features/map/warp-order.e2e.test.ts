/**
 * A warp's SetField reaches the client before the new map's spawns, whichever of MAP_CHANGED (character
 * status topic) and the maps service's CHARACTER_ENTER (map status topic) is consumed first: the client
 * drops what arrives for a field it has not entered yet. After the warp the character stands where
 * atlas-character put it (the target portal), not where it last walked in the old map.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { fieldPositionKey } from "../../../src/features/map/spawn.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import { characterDocument } from "../../support/field-fixtures.ts";
import { characterStatusContract } from "../../../src/features/character/messages.ts";
import { mapStatusContract } from "../../../src/features/map/messages.ts";
import { isOpcode, type PacketMatch, receiveUntil } from "../../support/receive.ts";

Deno.test(
  integration(
    "warp: the new map's spawns follow the SetField, whichever event is consumed first",
    async () => {
      const field = await startField();
      try {
        const aria = await field.login(1001); // Henesys
        await field.login(1002); // Brin, Ellinia
        await field.login(3001); // Dana, Henesys
        await field.fieldEntriesSettled();
        // The warp's character look-up is slow, as a loaded atlas-character is.
        const ariaFixture = FIXTURE_CHARACTERS.find((c) => c.id === 1001)!;
        // atlas-character has already moved her to the target portal when it announces the warp.
        field.rest.on("GET", "characters/1001", {
          json: characterDocument({ ...ariaFixture, x: 1234, y: -56 }),
          delayMs: 700,
        });

        const setField = field.writerOpcode("SetField");
        const spawn = field.writerOpcode("CharacterSpawn");
        /** The spawn of `characterId` (its id leads the body). */
        const spawnOf = (characterId: number): PacketMatch => (p) =>
          p.opcode === spawn &&
          new DataView(p.body.buffer, p.body.byteOffset).getUint32(0, true) === characterId;
        const warp = (from: number, to: number) =>
          field.publishEvent(characterStatusContract, {
            characterId: 1001,
            type: "MAP_CHANGED",
            worldId: 0,
            body: { channelId: 1, oldMapId: from, targetMapId: to, targetPortalId: 0 },
          }, { key: 1001 });
        const enter = (mapId: number) =>
          field.publishEvent(mapStatusContract, {
            worldId: 0,
            channelId: 1,
            mapId,
            type: "CHARACTER_ENTER",
            body: { characterId: 1001 },
          }, { key: mapId });

        // MAP_CHANGED first; its look-up takes 700 ms, in which the entry into Ellinia is consumed.
        await warp(HENESYS, ELLINIA);
        await enter(ELLINIA);
        let seen = await receiveUntil(aria.client, spawnOf(1002), { what: "Brin's spawn in Ellinia" });
        let warpAt = seen.findIndex(isOpcode(setField));
        assertTrue(
          warpAt >= 0 && warpAt < seen.length - 1,
          "the SetField into Ellinia came before Brin's spawn",
        );
        // Spawns in the new map show her at the portal, not where she last walked in Henesys.
        const position = aria.session.get(fieldPositionKey);
        assertEquals([position?.x, position?.y], [1234, -56]);

        // The entry published (and so usually consumed) before the MAP_CHANGED back to Henesys.
        await enter(HENESYS);
        await warp(ELLINIA, HENESYS);
        seen = await receiveUntil(aria.client, spawnOf(3001), { what: "Dana's spawn in Henesys" });
        warpAt = seen.findIndex(isOpcode(setField));
        assertTrue(
          warpAt >= 0 && warpAt < seen.length - 1,
          "the SetField into Henesys came before Dana's spawn",
        );
      } finally {
        await field.stop();
      }
    },
  ),
);
