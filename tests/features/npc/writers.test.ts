/**
 * Golden bytes of NPCConversation, NPCShop and NPCShopOperation, written out from the client layouts in
 * libs/atlas-packet at d59a1ad2df (`npc/clientbound/conversation.go`, `shop_list.go`,
 * `shop_operation.go`) with the GMS 83 template's option codes.
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { ClientVersion } from "../../../src/features/character/version.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { type Dialogue, writeNpcConversation } from "../../../src/features/npc/conversation-writer.ts";
import { writeNpcShop, writeNpcShopOperation } from "../../../src/features/npc/shop-writer.ts";

const GMS12: ClientVersion = { region: "GMS", majorVersion: 12 };
const GMS83: ClientVersion = { region: "GMS", majorVersion: 83 };
const GMS87: ClientVersion = { region: "GMS", majorVersion: 87 };
const GMS92: ClientVersion = { region: "GMS", majorVersion: 92 };
const GMS95: ClientVersion = { region: "GMS", majorVersion: 95 };
const JMS185: ClientVersion = { region: "JMS", majorVersion: 185 };

/** template_gms_83_1.json NPCConversation options. */
const CONVERSATION_OPTIONS = {
  messageType: {
    SAY: 0,
    ASK_YES_NO: 1,
    ASK_TEXT: 2,
    ASK_NUMBER: 3,
    ASK_MENU: 4,
    ASK_QUIZ: 5,
    ASK_SPEED_QUIZ: 6,
    ASK_AVATAR: 7,
    ASK_MEMBER_SHOP_AVATAR: 8,
    ASK_PET: 9,
    ASK_PET_ALL: 10,
    ASK_YES_NO_QUEST: 11,
    ASK_BOX_TEXT: 12,
    ASK_SLIDE_MENU: 13,
    // Not in the GMS 83 template (the v83 client has no image dialogue); a code for the layout tests.
    SAY_IMAGE: 14,
  },
};

/** template_gms_83_1.json NPCShopOperation options. */
const SHOP_OPERATION_OPTIONS = {
  operations: {
    OK: 0,
    OUT_OF_STOCK: 1,
    NOT_ENOUGH_MONEY: 2,
    INVENTORY_FULL: 3,
    OUT_OF_STOCK_2: 5,
    OUT_OF_STOCK_3: 9,
    NOT_ENOUGH_MONEY_2: 10,
    NEED_MORE_ITEMS: 13,
    OVER_LEVEL_REQUIREMENT: 14,
    UNDER_LEVEL_REQUIREMENT: 15,
    TRADE_LIMIT: 16,
    GENERIC_ERROR: 17,
    GENERIC_ERROR_WITH_REASON: 17,
  },
};

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function conversation(v: ClientVersion, dialogue: Dialogue, speaker = 0): string {
  const w = packetWriter();
  writeNpcConversation(w, CONVERSATION_OPTIONS, v, { npcId: 9010000, speaker, dialogue });
  return hex(w.toBytes());
}

// speaker type 4, npc 9010000 = 0x897b50
const HEAD = "04" + "507b8900";

Deno.test("NPCConversation: every dialogue type, GMS 83", () => {
  const hi = "02004869"; // "Hi"
  const cases: [Dialogue, string][] = [
    [{ kind: "SAY", message: "Hi", previous: false, next: true }, "00" + "00" + hi + "00" + "01"],
    [{ kind: "SAY", message: "Hi", previous: true, next: true }, "00" + "00" + hi + "01" + "01"],
    [{ kind: "SAY_IMAGE", images: ["a", "bc"] }, "0e" + "00" + "02" + "010061" + "02006263"],
    [{ kind: "ASK_YES_NO", message: "Hi" }, "01" + "00" + hi],
    [
      { kind: "ASK_TEXT", message: "Hi", defaultText: "x", min: 1, max: 12 },
      "02" + "00" + hi + "010078" + "0100" + "0c00",
    ],
    [
      { kind: "ASK_NUMBER", message: "Hi", defaultValue: 1, min: 1, max: 100 },
      "03" + "00" + hi + "01000000" + "01000000" + "64000000",
    ],
    [{ kind: "ASK_MENU", message: "Hi" }, "04" + "00" + hi],
    [
      {
        kind: "ASK_QUIZ",
        fail: false,
        title: "T",
        problem: "P",
        hint: "H",
        min: 1,
        max: 2,
        secondsLeft: 30,
      },
      "05" + "00" + "00" + "010054" + "010050" + "010048" + "01000000" + "02000000" + "1e000000",
    ],
    [
      {
        kind: "ASK_QUIZ",
        fail: true,
        title: "T",
        problem: "P",
        hint: "H",
        min: 1,
        max: 2,
        secondsLeft: 30,
      },
      "05" + "00" + "01",
    ],
    [
      { kind: "ASK_SPEED_QUIZ", fail: false, quizType: 1, answer: 2, correct: 3, remain: 4, secondsLeft: 5 },
      "06" + "00" + "00" + "01000000" + "02000000" + "03000000" + "04000000" + "05000000",
    ],
    [
      { kind: "ASK_AVATAR", message: "Hi", styles: [30030, 30020] },
      "07" + "00" + hi + "02" + "4e750000" + "44750000",
    ],
    [
      { kind: "ASK_MEMBER_SHOP_AVATAR", message: "Hi", candidates: [30030] },
      "08" + "00" + hi + "01" + "4e750000",
    ],
    [
      { kind: "ASK_PET", message: "Hi", petCashIds: [0x0102030405060708n] },
      "09" + "00" + hi + "01" + "0807060504030201" + "00",
    ],
    [
      { kind: "ASK_PET_ALL", message: "Hi", exceptionExists: true, petCashIds: [7n] },
      "0a" + "00" + hi + "01" + "01" + "0700000000000000" + "00",
    ],
    [{ kind: "ASK_YES_NO_QUEST", message: "Hi" }, "0b" + "00" + hi],
    [
      { kind: "ASK_BOX_TEXT", message: "Hi", defaultText: "", columns: 20, lines: 4 },
      "0c" + "00" + hi + "0000" + "1400" + "0400",
    ],
    [{ kind: "ASK_SLIDE_MENU", flag: true, menuType: 2, message: "Hi" }, "0d" + "00" + "02000000" + hi],
  ];
  for (const [dialogue, body] of cases) {
    assertEquals(conversation(GMS83, dialogue), HEAD + body, dialogue.kind);
  }
});

Deno.test("NPCConversation: the speaker is the param byte; bit 4 adds the second NPC", () => {
  assertEquals(conversation(GMS83, { kind: "ASK_YES_NO", message: "" }, 3), HEAD + "01" + "03" + "0000");
  const w = packetWriter();
  writeNpcConversation(w, CONVERSATION_OPTIONS, GMS83, {
    npcId: 9010000,
    speaker: 4,
    secondaryNpcId: 1012100,
    dialogue: { kind: "ASK_YES_NO", message: "" },
  });
  assertEquals(hex(w.toBytes()), HEAD + "01" + "04" + "84710f00" + "0000");
});

Deno.test("NPCConversation: version differences (param byte, slide menu, image list, menu, shop avatar)", () => {
  // GMS before v79: no param byte; one image path without a count; shop-avatar list always empty.
  assertEquals(conversation(GMS12, { kind: "ASK_YES_NO", message: "Hi" }), HEAD + "01" + "02004869");
  assertEquals(conversation(GMS12, { kind: "SAY_IMAGE", images: ["a", "b"] }), HEAD + "0e" + "010061");
  assertEquals(
    conversation(GMS12, { kind: "ASK_MEMBER_SHOP_AVATAR", message: "", candidates: [1] }),
    HEAD + "08" + "0000" + "00",
  );
  // Slide menu: GMS v87+ and JMS read a leading dialog-type int; v83 does not.
  const slide: Dialogue = { kind: "ASK_SLIDE_MENU", flag: false, menuType: 1, message: "" };
  assertEquals(conversation(GMS87, slide), HEAD + "0d" + "00" + "00000000" + "01000000" + "0000");
  assertEquals(conversation(GMS95, slide), HEAD + "0d" + "00" + "00000000" + "01000000" + "0000");
  assertEquals(conversation(JMS185, slide), HEAD + "0d" + "00" + "00000000" + "01000000" + "0000");
  // JMS keeps the param byte and the v83 bodies.
  assertEquals(
    conversation(JMS185, { kind: "ASK_MEMBER_SHOP_AVATAR", message: "", candidates: [1] }),
    HEAD + "08" + "00" + "0000" + "01" + "01000000",
  );
  assertEquals(conversation(GMS92, { kind: "ASK_MENU", message: "Hi" }), HEAD + "04" + "00" + "02004869");
});

Deno.test("NPCConversation: a type the tenant does not configure is refused", () => {
  const w = packetWriter();
  assertThrows(
    () =>
      writeNpcConversation(w, { messageType: { SAY: 0 } }, GMS83, {
        npcId: 1,
        speaker: 0,
        dialogue: { kind: "ASK_MENU", message: "" },
      }),
    MissingWriterOptionError,
  );
});

const POTION = {
  templateId: 2000000,
  mesoPrice: 50,
  discountRate: 0,
  tokenTemplateId: 0,
  tokenPrice: 0,
  period: 0,
  levelLimit: 0,
  unitPrice: 0,
  slotMax: 100,
};
const STARS = { ...POTION, templateId: 2070000, mesoPrice: 500, unitPrice: 1, slotMax: 800, levelLimit: 10 };

function shop(v: ClientVersion, levels: Record<number, number> = {}): string {
  const w = packetWriter();
  writeNpcShop(w, v, { npcId: 1011100, commodities: [POTION, STARS], skillLevel: (id) => levels[id] ?? 0 });
  return hex(w.toBytes());
}

Deno.test("NPCShop: GMS 83, 87, 92/95 and JMS layouts; rechargeables by unit price with mastery slots", () => {
  const head = "9c6d0f00" + "0200"; // npc 1011100, 2 commodities
  const potion83 = "80841e00" + "32000000" + "00000000" + "00000000" + "00000000" + "0100" + "6400";
  // 1.0 as a float64 = 0x3ff0000000000000; slot max 800 + claw mastery 2 × 10 = 820 (0x0334)
  const stars83 = "f0951f00" + "f4010000" + "00000000" + "00000000" + "0a000000" + "000000000000f03f" +
    "3403";
  assertEquals(shop(GMS83, { 4100000: 2 }), head + potion83 + stars83);
  assertEquals(shop(JMS185, { 4100000: 2 }), head + potion83 + stars83);
  // v87 adds the discount rate byte; v92+ also the token item id.
  assertEquals(
    shop(GMS87),
    head + "80841e00" + "32000000" + "00" + "000000000000000000000000" + "0100" + "6400" +
      "f0951f00" + "f4010000" + "00" + "00000000" + "00000000" + "0a000000" + "000000000000f03f" + "2003",
  );
  const potion92 = "80841e00" + "32000000" + "00" + "00000000" + "000000000000000000000000" + "0100" + "6400";
  assertEquals(shop(GMS92).slice(0, (head + potion92).length), head + potion92);
  assertEquals(shop(GMS95).slice(0, (head + potion92).length), head + potion92);
  // Bullets gain 10 per Gun Mastery level.
  const w = packetWriter();
  writeNpcShop(w, GMS83, {
    npcId: 1,
    commodities: [{ ...STARS, templateId: 2330000 }],
    skillLevel: (id) => (id === 5200000 ? 3 : 0),
  });
  assertEquals(hex(w.toBytes()).slice(-4), "3e03"); // 800 + 30
});

Deno.test("NPCShopOperation: plain codes, level requirements, generic errors", () => {
  const op = (error: string, levelLimit = 0, reason = "") => {
    const w = packetWriter();
    writeNpcShopOperation(w, SHOP_OPERATION_OPTIONS, { error, levelLimit, reason });
    return hex(w.toBytes());
  };
  assertEquals(op("OK"), "00");
  assertEquals(op("OUT_OF_STOCK_3"), "09");
  assertEquals(op("TRADE_LIMIT"), "10");
  assertEquals(op("UNDER_LEVEL_REQUIREMENT", 30), "0f" + "1e000000");
  assertEquals(op("OVER_LEVEL_REQUIREMENT", 70), "0e" + "46000000");
  assertEquals(op("GENERIC_ERROR"), "11" + "00");
  assertEquals(op("GENERIC_ERROR_WITH_REASON", 0, "no"), "11" + "01" + "02006e6f");
  assertThrows(() => op("NOT_A_RESULT"), MissingWriterOptionError);
});
