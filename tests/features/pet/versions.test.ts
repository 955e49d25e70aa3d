/**
 * The per-version shape of the pet packets the client sends (libs/atlas-packet `pet/serverbound` at
 * d59a1ad2df): the activate request's "lead" byte (GMS v61+, JMS), pet chat's update time (GMS v95+
 * only: the b0c865294b channel read it from v84), and the pick-up's owner-position block (GMS v87+, for a
 * drop id that is not a multiple of 13).
 */
import { assertEquals } from "../../support/assert.ts";
import { petChatHasUpdateTime, spawnHasLead } from "../../../src/features/pet/handlers.ts";
import { petPickUpHasOwnerBlock, pickUpHasCrc } from "../../../src/features/drop/mod.ts";

const VERSIONS = [
  { region: "GMS", majorVersion: 48 },
  { region: "GMS", majorVersion: 83 },
  { region: "GMS", majorVersion: 87 },
  { region: "GMS", majorVersion: 92 },
  { region: "GMS", majorVersion: 95 },
  { region: "JMS", majorVersion: 185 },
];

Deno.test("pet packets: version rules of the client", () => {
  assertEquals(VERSIONS.map(spawnHasLead), [false, true, true, true, true, true]);
  assertEquals(VERSIONS.map(petChatHasUpdateTime), [false, false, false, false, true, false]);
  assertEquals(VERSIONS.map((v) => petPickUpHasOwnerBlock(v, 9001)), [false, false, true, true, true, false]);
  assertEquals(VERSIONS.map((v) => petPickUpHasOwnerBlock(v, 13 * 700)), [
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
  assertEquals(VERSIONS.slice(1).map(pickUpHasCrc), [true, true, true, true, true]);
});
