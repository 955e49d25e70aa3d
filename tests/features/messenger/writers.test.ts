/**
 * Golden bytes of `MessengerOperation`'s forms (libs/atlas-packet messenger, d59a1ad2df), GMS 83 and
 * v95 codes; the look in `ADD`/`UPDATE` is the character domain's (tested there per version).
 */
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  writeMessengerInvite,
  writeMessengerInviteDeclined,
  writeMessengerInviteSent,
  writeMessengerJoin,
  writeMessengerRemove,
} from "../../../src/features/messenger/writers.ts";
import { assertEquals } from "../../support/assert.ts";
import { TEMPLATE_FILES, writerOptions } from "../map/templates.ts";

const hexOf = (build: (w: ReturnType<typeof packetWriter>) => void) => {
  const w = packetWriter();
  build(w);
  return [...w.toBytes()].map((b) => b.toString(16).padStart(2, "0")).join("");
};

Deno.test("MessengerOperation JOIN, REMOVE, REQUEST_INVITE, INVITE_SENT, INVITE_DECLINED", () => {
  for (const file of [TEMPLATE_FILES.gms83, "template_gms_95_1.d59a1ad2df.json"]) {
    const o = writerOptions(file, "MessengerOperation");
    assertEquals(hexOf((w) => writeMessengerJoin(w, o, 1)), "01" + "01");
    assertEquals(hexOf((w) => writeMessengerRemove(w, o, 2)), "02" + "02");
    assertEquals(
      hexOf((w) => writeMessengerInvite(w, o, "Aria", 310)),
      "03" + "040041726961" + "00" + "36010000" + "00",
    );
    assertEquals(hexOf((w) => writeMessengerInviteSent(w, o, "Brin", true)), "04" + "04004272696e" + "01");
    assertEquals(hexOf((w) => writeMessengerInviteDeclined(w, o, "Brin")), "05" + "04004272696e" + "00");
  }
});
