/**
 * Golden bytes of `PartyOperation` and `PartyMemberHP` (bodies after the opcode), written out from
 * the client layout Atlas's libs/atlas-packet pins at d59a1ad2df (party/member_data.go and
 * party/clientbound/*.go). Codes: GMS 83's template; v95's own template for the v95 cases.
 */
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  type PartyView,
  writePartyChangeLeader,
  writePartyCreated,
  writePartyDisband,
  writePartyError,
  writePartyInvite,
  writePartyJoin,
  writePartyLeft,
  writePartyMemberHp,
  writePartyUpdate,
} from "../../../src/features/party/writers.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const OPTIONS = writerOptions(TEMPLATE_FILES.gms83, "PartyOperation");
const V95_OPTIONS = writerOptions("template_gms_95_1.d59a1ad2df.json", "PartyOperation");
const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS87 = { region: "GMS", majorVersion: 87 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };

function bytes(build: (w: PacketWriter) => void): string {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const zeros = (n: number) => "00".repeat(n);
const EMPTY_MAP = "ffc99a3b"; // 999999999

/** Aria (1001, thief 400, level 30, channel 1, Henesys) leads; Cody (2001, 100, level 12) is offline. */
const PARTY: PartyView = {
  id: 5001,
  leaderId: 1001,
  members: [
    { characterId: 1001, name: "Aria", jobId: 400, level: 30, channelId: 1, mapId: 100000000 },
    { characterId: 2001, name: "Cody", jobId: 100, level: 12, channelId: -2, mapId: 0 },
  ],
};

/** PARTYDATA of {@link PARTY}, v83/JMS shape (298 bytes). */
const PARTY_DATA_V83 = "e9030000" + "d1070000" + zeros(16) +
  "41726961" + zeros(9) + "436f6479" + zeros(9) + zeros(13 * 4) +
  "90010000" + "64000000" + zeros(16) +
  "1e000000" + "0c000000" + zeros(16) +
  "01000000" + "feffffff" + zeros(16) +
  "e9030000" +
  "00e1f505" + "00000000" + zeros(16) +
  (EMPTY_MAP + EMPTY_MAP + zeros(8)).repeat(6);

/** PARTYDATA of {@link PARTY}, GMS v95 shape (378 bytes): door skill ids and PQ rewards. */
const PARTY_DATA_V95 = PARTY_DATA_V83.slice(0, PARTY_DATA_V83.length - 6 * 32) +
  (EMPTY_MAP + EMPTY_MAP + zeros(12)).repeat(6) + zeros(56);

Deno.test("PARTYDATA: 298 bytes in v83/JMS, 378 in v95", () => {
  assertEquals(PARTY_DATA_V83.length / 2, 298);
  assertEquals(PARTY_DATA_V95.length / 2, 378);
  assertEquals(bytes((w) => writePartyUpdate(w, OPTIONS, GMS83, PARTY)), "07" + "89130000" + PARTY_DATA_V83);
  assertEquals(bytes((w) => writePartyUpdate(w, OPTIONS, JMS185, PARTY)), "07" + "89130000" + PARTY_DATA_V83);
  assertEquals(
    bytes((w) => writePartyUpdate(w, V95_OPTIONS, GMS95, PARTY)),
    "07" + "89130000" + PARTY_DATA_V95,
  );
});

Deno.test("PartyOperation CREATED, JOIN, LEAVE, EXPEL, DISBAND, CHANGE_LEADER", () => {
  assertEquals(
    bytes((w) => writePartyCreated(w, OPTIONS, 5001)),
    "08" + "89130000" + EMPTY_MAP + EMPTY_MAP + "0000" + "0000",
  );
  assertEquals(
    bytes((w) => writePartyJoin(w, OPTIONS, GMS83, PARTY, "Cody")),
    "0f" + "89130000" + "0400436f6479" + PARTY_DATA_V83,
  );
  assertEquals(
    bytes((w) => writePartyLeft(w, OPTIONS, GMS83, PARTY, { id: 3001, name: "Dana" }, false)),
    "0c" + "89130000" + "b90b0000" + "01" + "00" + "040044616e61" + PARTY_DATA_V83,
  );
  assertEquals(
    bytes((w) => writePartyLeft(w, OPTIONS, GMS83, PARTY, { id: 3001, name: "Dana" }, true)),
    "0c" + "89130000" + "b90b0000" + "01" + "01" + "040044616e61" + PARTY_DATA_V83,
  );
  assertEquals(
    bytes((w) => writePartyDisband(w, OPTIONS, 5001, 1001)),
    "0c" + "89130000" + "e9030000" + "00" + "89130000",
  );
  assertEquals(bytes((w) => writePartyChangeLeader(w, OPTIONS, 2001, true)), "1b" + "d1070000" + "01");
  assertEquals(bytes((w) => writePartyChangeLeader(w, V95_OPTIONS, 2001, false)), "1f" + "d1070000" + "00");
});

Deno.test("PartyOperation INVITE: v83 without job/level; v87, v95 and JMS with them; auto-join 0", () => {
  const invite = { partyId: 5001, originatorName: "Aria", originatorJobId: 400, originatorLevel: 30 };
  assertEquals(
    bytes((w) => writePartyInvite(w, OPTIONS, GMS83, invite)),
    "04" + "89130000" + "040041726961" + "00",
  );
  const withJob = "04" + "89130000" + "040041726961" + "90010000" + "1e000000" + "00";
  assertEquals(bytes((w) => writePartyInvite(w, OPTIONS, GMS87, invite)), withJob);
  assertEquals(bytes((w) => writePartyInvite(w, V95_OPTIONS, GMS95, invite)), withJob);
  assertEquals(bytes((w) => writePartyInvite(w, OPTIONS, JMS185, invite)), withJob);
});

Deno.test("PartyOperation errors: mode only, a name for the three forms that show one", () => {
  assertEquals(bytes((w) => writePartyError(w, OPTIONS, "A_BEGINNER_CANT_CREATE_A_PARTY", "")), "0a");
  assertEquals(
    bytes((w) =>
      writePartyError(w, OPTIONS, "UNABLE_TO_FIND_THE_REQUESTED_CHARACTER_IN_THIS_CHANNEL", "Cody")
    ),
    "13",
  );
  assertEquals(
    bytes((w) => writePartyError(w, OPTIONS, "HAVE_DENIED_REQUEST_TO_THE_PARTY", "Cody")),
    "17" + "0400436f6479",
  );
  assertEquals(
    bytes((w) => writePartyError(w, OPTIONS, "IS_CURRENTLY_BLOCKING_ANY_PARTY_INVITATIONS", "Cody")),
    "15" + "0400436f6479",
  );
  assertThrows(() => writePartyError(packetWriter(), OPTIONS, "NO_SUCH_CODE", ""), MissingWriterOptionError);
});

Deno.test("PartyMemberHP: id, hp, max hp as i32", () => {
  assertEquals(
    bytes((w) => writePartyMemberHp(w, { characterId: 1001, hp: 500, maxHp: 820 })),
    "e9030000" + "f4010000" + "34030000",
  );
});
