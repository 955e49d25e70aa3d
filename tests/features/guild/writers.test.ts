/**
 * Golden bytes of the guild writers (bodies after the opcode), written out from the client layout
 * Atlas's libs/atlas-packet pins at d59a1ad2df (guild/clientbound/operation.go, info.go,
 * name_changed_foreign.go, emblem_changed_foreign.go, model/guild_member.go). Mode codes: GMS 83's
 * template and v95's own (docs/packets/dispatchers/guild.yaml: v87 and JMS 185 use v83's modes, their
 * templates carry none). The layouts are the same in every version but the invitation's.
 */
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  type GuildInfoView,
  writeForeignGuildEmblem,
  writeForeignGuildName,
  writeGuildCapacity,
  writeGuildDisband,
  writeGuildEmblemChange,
  writeGuildInfo,
  writeGuildInvite,
  writeGuildMemberJoined,
  writeGuildMemberLeft,
  writeGuildMemberOnline,
  writeGuildMemberTitle,
  writeGuildNotice,
  writeGuildNoticeChange,
  writeGuildRequestAgreement,
  writeGuildTitles,
} from "../../../src/features/guild/writers.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const V83 = writerOptions(TEMPLATE_FILES.gms83, "GuildOperation");
const V95 = writerOptions("template_gms_95_1.d59a1ad2df.json", "GuildOperation");

function bytes(build: (w: PacketWriter) => void): string {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const hexOf = (options: Record<string, unknown>, key: string, name?: string) =>
  bytes((w) => writeGuildNotice(w, options, key, name));

/** Lumina (77), emblem logo 2001 color 3 on background 1002 color 7. */
const EMBLEM = { logo: 2001, logoColor: 3, logoBackground: 1002, logoBackgroundColor: 7 };
const EMBLEM_HEX = "ea03" + "07" + "d107" + "03"; // background, its color, logo, its color

Deno.test("GuildOperation mode-only forms: prompts and notices (a name where the client reads one)", () => {
  assertEquals(hexOf(V83, "REQUEST_NAME"), "01");
  assertEquals(hexOf(V83, "REQUEST_EMBLEM"), "11");
  assertEquals(hexOf(V83, "THE_CHARACTER_CANNOT_BE_FOUND_IN_THE_CURRENT_CHANNEL"), "2a");
  assertEquals(hexOf(V83, "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES"), "1c");
  assertEquals(hexOf(V95, "REQUEST_NAME"), "01");
  assertEquals(hexOf(V95, "REQUEST_EMBLEM"), "11");
  assertEquals(hexOf(V95, "THE_CHARACTER_CANNOT_BE_FOUND_IN_THE_CURRENT_CHANNEL"), "2c");
  assertEquals(hexOf(V95, "THE_NAME_IS_ALREADY_IN_USE_PLEASE_TRY_OTHER_ONES"), "1e");
  // The denied invitation names the one who declined (case 0x37: DecodeStr).
  assertEquals(hexOf(V83, "HAS_DENIED_YOUR_GUILD_INVITATION", "Cody"), "37" + "0400436f6479");
  assertEquals(hexOf(V95, "HAS_DENIED_YOUR_GUILD_INVITATION", "Cody"), "39" + "0400436f6479");
  assertEquals(hexOf(V83, "IS_TAKING_CARE_OF_ANOTHER_INVITATION"), "36" + "0000");
  assertThrows(() => hexOf({}, "REQUEST_NAME"), MissingWriterOptionError);
  assertThrows(() => hexOf(V83, "NO_SUCH_NOTICE"), MissingWriterOptionError);
});

Deno.test("GuildOperation guild data (0x1A in every version): a guild, and no guild", () => {
  const guild: GuildInfoView = {
    id: 77,
    name: "Lumina",
    // Index 4 is missing: shown empty. Listed out of order: written by index.
    titles: [
      { name: "Member", index: 3 },
      { name: "Master", index: 1 },
      { name: "Jr. Master", index: 2 },
      { name: "Rookie", index: 5 },
    ],
    members: [
      { characterId: 1001, name: "Aria", jobId: 400, level: 30, title: 1, online: true, allianceTitle: 5 },
      { characterId: 6001, name: "Ghost", jobId: 0, level: 10, title: 5, online: false, allianceTitle: 5 },
    ],
    capacity: 30,
    notice: "Hi",
    points: 150,
    ...EMBLEM,
  };
  assertEquals(
    bytes((w) => writeGuildInfo(w, guild)),
    "1a" + "01" + "4d000000" + "06004c756d696e61" +
      "06004d6173746572" + "0a004a722e204d6173746572" + "06004d656d626572" + "0000" + "0600526f6f6b6965" +
      "02" + "e9030000" + "71170000" +
      // GUILDMEMBER: name in 13 bytes, job, level, title, online, signature, alliance title (ints)
      "41726961" + "00".repeat(9) + "90010000" + "1e000000" + "01000000" + "01000000" + "00000000" +
      "05000000" +
      "47686f7374" + "00".repeat(8) + "00000000" + "0a000000" + "05000000" + "00000000" + "00000000" +
      "05000000" +
      "1e000000" + EMBLEM_HEX + "02004869" + "96000000" + "00000000",
  );
  assertEquals(bytes((w) => writeGuildInfo(w, undefined)), "1a00");
});

Deno.test("GuildOperation invitation: guild and inviter; GMS ≥ 84 and JMS read two more ints", () => {
  const tail = "4d000000" + "0400" + "41726961";
  const invite = (options: Record<string, unknown>, region: string, majorVersion: number) =>
    bytes((w) => writeGuildInvite(w, options, { region, majorVersion }, 77, "Aria"));
  assertEquals(invite(V83, "GMS", 83), "05" + tail);
  assertEquals(invite(V83, "GMS", 87), "05" + tail + "00000000" + "00000000");
  assertEquals(invite(V95, "GMS", 95), "05" + tail + "00000000" + "00000000");
  assertEquals(invite(V83, "JMS", 185), "05" + tail + "00000000" + "00000000");
});

Deno.test("GuildOperation status forms (v83 and v95 modes)", () => {
  const both = (build: (w: PacketWriter, o: Record<string, unknown>) => void) => [
    bytes((w) => build(w, V83)),
    bytes((w) => build(w, V95)),
  ];
  assertEquals(
    both((w, o) => writeGuildRequestAgreement(w, o, 5001, "Aria", "Lumina")),
    ["03", "03"].map((m) => m + "89130000" + "040041726961" + "06004c756d696e61"),
  );
  assertEquals(
    both((w, o) => writeGuildEmblemChange(w, o, 77, EMBLEM)),
    ["42", "45"].map((m) => m + "4d000000" + EMBLEM_HEX),
  );
  assertEquals(
    both((w, o) => writeGuildMemberOnline(w, o, 77, 3001, true)),
    ["3d", "3f"].map((m) => m + "4d000000" + "b90b0000" + "01"),
  );
  assertEquals(
    both((w, o) => writeGuildMemberTitle(w, o, 77, 3001, 3)),
    ["40", "42"].map((m) => m + "4d000000" + "b90b0000" + "03"),
  );
  assertEquals(
    both((w, o) => writeGuildNoticeChange(w, o, 77, "Guild run at 8pm")),
    ["44", "47"].map((m) => m + "4d000000" + "1000" + "4775696c642072756e2061742038706d"),
  );
  assertEquals(
    both((w, o) => writeGuildCapacity(w, o, 77, 35)),
    ["3a", "3c"].map((m) => m + "4d000000" + "23"),
  );
  assertEquals(bytes((w) => writeGuildCapacity(w, V83, 77, 300)), "3a" + "4d000000" + "ff");
  assertEquals(
    both((w, o) => writeGuildTitles(w, o, 77, ["Master", "Jr. Master", "Member"])),
    ["3e", "40"].map((m) =>
      m + "4d000000" + "06004d6173746572" + "0a004a722e204d6173746572" + "06004d656d626572" + "0000" + "0000"
    ),
  );
  const cody = {
    characterId: 2001,
    name: "Cody",
    jobId: 100,
    level: 35,
    title: 5,
    online: true,
    allianceTitle: 5,
  };
  assertEquals(
    both((w, o) => writeGuildMemberJoined(w, o, 77, cody)),
    ["27", "29"].map((m) =>
      m + "4d000000" + "d1070000" + "436f6479" + "00".repeat(9) + "64000000" + "23000000" + "05000000" +
      "01000000" + "00000000" + "05000000"
    ),
  );
  assertEquals(
    both((w, o) => writeGuildMemberLeft(w, o, 77, 2001, "Cody", false)),
    ["2c", "2e"].map((m) => m + "4d000000" + "d1070000" + "0400436f6479"),
  );
  assertEquals(
    both((w, o) => writeGuildMemberLeft(w, o, 77, 2001, "Cody", true)),
    ["2f", "31"].map((m) => m + "4d000000" + "d1070000" + "0400436f6479"),
  );
  assertEquals(both((w, o) => writeGuildDisband(w, o, 77)), ["32", "34"].map((m) => m + "4d000000"));
});

Deno.test("GuildNameChanged / GuildEmblemChanged: the guild under another character", () => {
  assertEquals(bytes((w) => writeForeignGuildName(w, 1001, "Lumina")), "e9030000" + "06004c756d696e61");
  assertEquals(bytes((w) => writeForeignGuildName(w, 1001, "")), "e9030000" + "0000");
  assertEquals(bytes((w) => writeForeignGuildEmblem(w, 1001, EMBLEM)), "e9030000" + EMBLEM_HEX);
});
