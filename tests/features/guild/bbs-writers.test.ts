/**
 * Golden bytes of `GuildBBS` (libs/atlas-packet guild/clientbound/bbs.go, d59a1ad2df): the client's
 * modes 6/7/8 (the b0c865294b GMS 83 template names none; the d59a1ad2df v95 template names the same
 * values), FILETIME times (2026-01-15 18:30 UTC = 0004fbf44c86dc01, 19:00 = 0038dd255186dc01).
 */
import { type PacketWriter, packetWriter } from "../../../src/protocol/writer.ts";
import {
  writeGuildBbsEntryNotFound,
  writeGuildBbsThread,
  writeGuildBbsThreadList,
} from "../../../src/features/guild/bbs-writers.ts";
import type { GuildThread } from "../../../src/features/guild/rest.ts";
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const V83 = writerOptions(TEMPLATE_FILES.gms83, "GuildBBS");
const V95 = writerOptions("template_gms_95_1.d59a1ad2df.json", "GuildBBS");
const AT_1830 = "0004fbf44c86dc01";
const AT_1900 = "0038dd255186dc01";

function bytes(build: (w: PacketWriter) => void): string {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const thread = (
  id: number,
  title: string,
  notice: boolean,
  replies: GuildThread["replies"] = [],
): GuildThread => ({
  id,
  posterId: 1001,
  title,
  message: "Be nice",
  emoticonId: 1,
  notice,
  replies,
  createdAt: new Date("2026-01-15T18:30:00Z"),
});
const REPLY = { id: 4, posterId: 3001, message: "ok", createdAt: new Date("2026-01-15T19:00:00Z") };

/** id, poster, title, created, emoticon, reply count. */
const summary = (id: string, title: string, replies: string) =>
  id + "e9030000" + title + AT_1830 + "01000000" + replies;

Deno.test("GuildBBS thread list: the notice apart, the total, then one page of at most ten", () => {
  const threads = [thread(5, "Raid", false), thread(3, "Rules", true, [REPLY]), thread(6, "Loot", false)];
  const expected = "06" + "01" + summary("03000000", "050052756c6573", "01000000") +
    "02000000" + "02000000" + summary("05000000", "040052616964", "00000000") +
    summary("06000000", "04004c6f6f74", "00000000");
  assertEquals(bytes((w) => writeGuildBbsThreadList(w, V83, threads, 0)), expected);
  assertEquals(bytes((w) => writeGuildBbsThreadList(w, V95, threads, 0)), expected);
  // The second page of twelve threads without a notice: total 12, two shown (ids 11 and 12).
  const many = Array.from({ length: 12 }, (_, i) => thread(i + 1, "T", false));
  assertEquals(
    bytes((w) => writeGuildBbsThreadList(w, V83, many, 10)),
    "06" + "00" + "0c000000" + "02000000" + summary("0b000000", "010054", "00000000") +
      summary("0c000000", "010054", "00000000"),
  );
  // No threads at all, and only a notice.
  assertEquals(bytes((w) => writeGuildBbsThreadList(w, V83, [], 0)), "06" + "00" + "00000000");
  assertEquals(
    bytes((w) => writeGuildBbsThreadList(w, V83, [thread(3, "Rules", true)], 0)),
    "06" + "01" + summary("03000000", "050052756c6573", "00000000") + "00000000",
  );
});

Deno.test("GuildBBS one thread with its replies; entry not found", () => {
  assertEquals(
    bytes((w) => writeGuildBbsThread(w, V83, thread(3, "Rules", true, [REPLY]))),
    "07" + "03000000" + "e9030000" + AT_1830 + "050052756c6573" + "07004265206e696365" + "01000000" +
      "01000000" + "04000000" + "b90b0000" + AT_1900 + "02006f6b",
  );
  assertEquals(bytes((w) => writeGuildBbsEntryNotFound(w, V83)), "08");
  assertEquals(bytes((w) => writeGuildBbsEntryNotFound(w, V95)), "08");
});
