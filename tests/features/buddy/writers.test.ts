/**
 * Golden bytes of `BuddyOperation` (bodies after the opcode), written out from the client layout that
 * Atlas's libs/atlas-packet pins at d59a1ad2df (buddy/clientbound/*.go, model/buddy.go): GW_Friend is
 * id(4) + name(13) + flag(1) + channel(i32) + group(17). Operation codes are GMS 83's (template);
 * OnFriendResult's codes are the same in every version.
 */
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  buddyErrorOf,
  writeBuddyCapacity,
  writeBuddyChannelChange,
  writeBuddyError,
  writeBuddyInvite,
  writeBuddyList,
  writeBuddyUpdate,
} from "../../../src/features/buddy/writers.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const OPTIONS = writerOptions(TEMPLATE_FILES.gms83, "BuddyOperation");
const GMS83 = { region: "GMS", majorVersion: 83 };
const GMS87 = { region: "GMS", majorVersion: 87 };
const GMS95 = { region: "GMS", majorVersion: 95 };
const JMS185 = { region: "JMS", majorVersion: 185 };

function bytes(build: (w: PacketWriter) => void): string {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// "Cody" in a 13-byte field, "Default Group" / "Friends" in a 17-byte field.
const CODY_13 = "436f6479" + "00".repeat(9);
const DANA_13 = "44616e61" + "00".repeat(9);
const DEFAULT_GROUP_17 = "44656661756c742047726f7570" + "00000000";
const FRIENDS_17 = "467269656e6473" + "00".repeat(10);

Deno.test("BuddyOperation UPDATE: count, GW_Friend records, then one i32 in-shop flag each", () => {
  assertEquals(
    bytes((w) =>
      writeBuddyList(w, OPTIONS, [
        { characterId: 2001, name: "Cody", group: "Default Group", channelId: 1, inShop: false },
        { characterId: 3001, name: "Dana", group: "Friends", channelId: -1, inShop: true },
      ])
    ),
    "07" + "02" +
      "d1070000" + CODY_13 + "00" + "01000000" + DEFAULT_GROUP_17 +
      "b90b0000" + DANA_13 + "00" + "ffffffff" + FRIENDS_17 +
      "00000000" + "01000000",
  );
  assertEquals(bytes((w) => writeBuddyList(w, OPTIONS, [])), "0700");
});

Deno.test("BuddyOperation BUDDY_UPDATE: id, GW_Friend, in-shop byte", () => {
  assertEquals(
    bytes((w) =>
      writeBuddyUpdate(w, OPTIONS, {
        characterId: 2001,
        name: "Cody",
        group: "Friends",
        channelId: 2,
        inShop: true,
      })
    ),
    "08" + "d1070000" + "d1070000" + CODY_13 + "00" + "02000000" + FRIENDS_17 + "01",
  );
});

Deno.test("BuddyOperation INVITE: v83 without job/level; v87, v95 and JMS with them", () => {
  const invite = {
    targetId: 2001,
    originatorId: 1001,
    originatorName: "Aria",
    originatorJobId: 400,
    originatorLevel: 30,
  };
  const friend = "d1070000" + "41726961" + "00".repeat(9) + "00" + "00000000" + DEFAULT_GROUP_17 + "00";
  assertEquals(
    bytes((w) => writeBuddyInvite(w, OPTIONS, GMS83, invite)),
    "09" + "e9030000" + "040041726961" + friend,
  );
  const withJob = "09" + "e9030000" + "040041726961" + "90010000" + "1e000000" + friend;
  assertEquals(bytes((w) => writeBuddyInvite(w, OPTIONS, GMS87, invite)), withJob);
  assertEquals(bytes((w) => writeBuddyInvite(w, OPTIONS, GMS95, invite)), withJob);
  assertEquals(bytes((w) => writeBuddyInvite(w, OPTIONS, JMS185, invite)), withJob);
});

Deno.test("BuddyOperation BUDDY_CHANNEL_CHANGE and CAPACITY_CHANGE", () => {
  assertEquals(
    bytes((w) => writeBuddyChannelChange(w, OPTIONS, 2001, -1)),
    "14" + "d1070000" + "00" + "ffffffff",
  );
  assertEquals(
    bytes((w) => writeBuddyChannelChange(w, OPTIONS, 2001, 2)),
    "14" + "d1070000" + "00" + "02000000",
  );
  assertEquals(bytes((w) => writeBuddyCapacity(w, OPTIONS, 50)), "15" + "32");
});

Deno.test("BuddyOperation errors: mode only; the unknown-error family adds a 0 byte in GMS, not in JMS", () => {
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "BUDDY_LIST_FULL")), "0b");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "OTHER_BUDDY_LIST_FULL")), "0c");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "ALREADY_BUDDY")), "0d");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "CANNOT_BUDDY_GM")), "0e");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, JMS185, "CHARACTER_NOT_FOUND")), "0f");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "UNKNOWN_ERROR")), "1000");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS95, "UNKNOWN_ERROR_2")), "1100");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS87, "UNKNOWN_ERROR_3")), "1300");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, GMS83, "UNKNOWN_ERROR_4")), "1600");
  assertEquals(bytes((w) => writeBuddyError(w, OPTIONS, JMS185, "UNKNOWN_ERROR")), "10");
  assertEquals(buddyErrorOf("ALREADY_BUDDY"), "ALREADY_BUDDY");
  assertEquals(buddyErrorOf("INVALID_CAPACITY"), "UNKNOWN_ERROR");
});

Deno.test("BuddyOperation: a missing operation code throws the shared error (nothing is written)", () => {
  assertThrows(() => writeBuddyCapacity(packetWriter(), { operations: {} }, 50), MissingWriterOptionError);
});
