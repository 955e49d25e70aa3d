/**
 * Golden bytes of `WorldMessage` (body after the opcode), GMS v83 codes from template_gms_83_1.json.
 * Layout: the client's (libs/atlas-packet chat/clientbound/world_message.go at d59a1ad2df); the forms
 * used here have no version branch. BLUE_TEXT carries an item id the reference left out.
 */
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import {
  speakerText,
  type WorldMessage,
  writeWorldMessage,
} from "../../../src/features/system-message/writers.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { GMS83_WRITER_OPTIONS, hex } from "../chat/routing-support.ts";

function bytes(message: WorldMessage, options = GMS83_WRITER_OPTIONS.WorldMessage): string {
  const w = packetWriter();
  writeWorldMessage(w, options, message);
  return hex(w.toBytes());
}

Deno.test("WorldMessage: notice, pop-up and pink text are mode + text; blue text adds an item id", () => {
  assertEquals(bytes({ mode: "NOTICE", text: "hi" }), "00" + "02006869");
  assertEquals(bytes({ mode: "POP_UP", text: "hi" }), "01" + "02006869");
  assertEquals(bytes({ mode: "PINK_TEXT", text: "Ann : hi" }), "05" + "0800416e6e203a206869");
  assertEquals(bytes({ mode: "BLUE_TEXT", text: "hi" }), "06" + "02006869" + "00000000");
  assertEquals(bytes({ mode: "BLUE_TEXT", text: "hi", itemId: 2000000 }), "06" + "02006869" + "80841e00");
});

Deno.test("WorldMessage: the top scroll has a has-text flag (empty text clears it)", () => {
  assertEquals(bytes({ mode: "TOP_SCROLL", text: "hi" }), "04" + "01" + "02006869");
  assertEquals(bytes({ mode: "TOP_SCROLL", text: "" }), "04" + "00" + "0000");
});

Deno.test("WorldMessage: codes given as strings work; a missing code is a typed error, not byte 99", () => {
  assertEquals(bytes({ mode: "NOTICE", text: "" }, { operations: { NOTICE: "0x00" } }), "00" + "0000");
  assertThrows(
    () => bytes({ mode: "POP_UP", text: "x" }, { operations: { NOTICE: 0 } }),
    MissingWriterOptionError,
  );
  assertThrows(() => bytes({ mode: "POP_UP", text: "x" }, {}), MissingWriterOptionError);
});

Deno.test("speakerText: medal and name decorate the text only when present", () => {
  assertEquals(speakerText("", "", "hi"), "hi");
  assertEquals(speakerText("", "Ann", "hi"), "Ann : hi");
  assertEquals(speakerText("Hero", "Ann", "hi"), "<Hero> Ann : hi");
});
