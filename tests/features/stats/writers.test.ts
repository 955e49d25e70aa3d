/**
 * Golden bytes of the stats writers (bodies after the opcode), with the options of the real GMS 83
 * template. Layouts follow the reference's `socket/writer/stat_changed.go` (StatChanged),
 * `character_status_message.go` (INCREASE_EXPERIENCE, INCREASE_MESO), `character_effect.go`
 * (LEVEL_UP) and `fame_response.go` (RECEIVE, GIVE). Only INCREASE_EXPERIENCE (GMS ≥ 87 and JMS add
 * two ints, per the client) and Evan's SP (our fix) differ by version; the GMS 95 and JMS 185 templates configure none of
 * these writers' options, so the GMS 83 options stand in for a completed template.
 */
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { BuildPacket } from "../../../src/features/outbound.ts";
import type { Tenant } from "../../../src/tenant.ts";
import {
  emptyExperienceGain,
  enableActionsBody,
  giveFameBody,
  increaseExperienceBody,
  increaseMesoBody,
  levelUpEffectBody,
  levelUpEffectForeignBody,
  receiveFameBody,
  skillPointsOf,
  statChangedBody,
} from "../../../src/features/stats/writers.ts";

const GMS83: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const GMS95: Tenant = { ...GMS83, majorVersion: 95 };
const JMS185: Tenant = { ...GMS83, region: "JMS", majorVersion: 185 };

function bytes(build: BuildPacket, writer: string, file: string = TEMPLATE_FILES.gms83): string {
  const w = packetWriter();
  build(w, writerOptions(file, writer));
  return toHex(w.toBytes());
}

const golden = (text: string) => toHex(hex(text));

Deno.test("StatChanged golden: values in ascending mask order whatever the update order", () => {
  const build = statChangedBody([
    { stat: "AVAILABLE_AP", value: 5 },
    { stat: "HP", value: 820 },
    { stat: "MP", value: 310 },
  ], true);
  // excl=1, mask bits 10 (HP), 12 (MP), 14 (AP) = 0x5400, HP i16, MP i16, AP i16, trailing 0.
  assertEquals(bytes(build, "StatChanged"), golden("01 00 54 00 00 34 03 36 01 05 00 00"));
});

Deno.test("StatChanged golden: every value width (u8, u32, u64, SP u16, signed i16)", () => {
  const build = statChangedBody([
    { stat: "MESO", value: 150_000 },
    { stat: "FAME", value: -3 },
    { stat: "AVAILABLE_SP", value: { kind: "single", points: 2 } },
    { stat: "JOB", value: 400 },
    { stat: "LEVEL", value: 30 },
    { stat: "PET_SN_1", value: 0n },
    { stat: "FACE", value: 20_000 },
    { stat: "SKIN", value: 3 },
  ], false);
  // mask bits 0,1,3,4,5,15,17,18 = 0x0006803b
  assertEquals(
    bytes(build, "StatChanged"),
    golden(`00 3b 80 06 00
      03  20 4e 00 00  00 00 00 00 00 00 00 00  1e  90 01  02 00  fd ff  f0 49 02 00  00`),
  );
});

Deno.test("StatChanged golden: enable actions is the empty update with the exclusive-request flag", () => {
  assertEquals(bytes(enableActionsBody(), "StatChanged"), golden("01 00 00 00 00 00"));
  // Templates without a statistics list still get a well-formed enable-actions packet.
  assertEquals(bytes(enableActionsBody(), "StatChanged", TEMPLATE_FILES.gms87), golden("01 00 00 00 00 00"));
});

Deno.test("StatChanged: stats outside the statistics option or without a layout are left out, not misaligned", () => {
  const build = statChangedBody([{ stat: "BOGUS", value: 1 }, { stat: "HP", value: 50 }, {
    stat: "HP",
    value: 50,
  }], false);
  assertEquals(bytes(build, "StatChanged"), golden("00 00 04 00 00 32 00 00"));
  // GMS 87's template lists no statistics: nothing but the empty frame is written.
  assertEquals(bytes(build, "StatChanged", TEMPLATE_FILES.gms87), golden("00 00 00 00 00 00"));
  // A stat past bit 31 cannot be expressed in the 32-bit mask.
  const long = { statistics: [...Array.from({ length: 32 }, (_, i) => `X${i}`), "HP"] };
  const w = packetWriter();
  statChangedBody([{ stat: "HP", value: 1 }], false)(w, long);
  assertEquals(toHex(w.toBytes()), golden("00 00 00 00 00 00"));
});

Deno.test("StatChanged golden: Evan SP is a per-job-level table on GMS 95 and JMS 185, one u16 on GMS 83", () => {
  const counters = [0, 3, 0, 5, 0, 0, 0, 0, 0, 0];
  const evan95 = statChangedBody(
    [{ stat: "AVAILABLE_SP", value: skillPointsOf(GMS95, 2212, counters) }],
    true,
  );
  // mask bit 15; count 2, (job level 2, 3 SP), (job level 4, 5 SP)
  assertEquals(bytes(evan95, "StatChanged"), golden("01 00 80 00 00 02 02 03 04 05 00"));
  const evanJms = statChangedBody(
    [{ stat: "AVAILABLE_SP", value: skillPointsOf(JMS185, 2212, counters) }],
    true,
  );
  assertEquals(bytes(evanJms, "StatChanged"), golden("01 00 80 00 00 02 02 03 04 05 00"));
  // GMS 83 predates Evan: the counter of the current skill book (index 2212 - 2209 = 3).
  const evan83 = statChangedBody(
    [{ stat: "AVAILABLE_SP", value: skillPointsOf(GMS83, 2212, counters) }],
    true,
  );
  assertEquals(bytes(evan83, "StatChanged"), golden("01 00 80 00 00 05 00 00"));
  // Other jobs read counter 0 on every version.
  assertEquals(skillPointsOf(GMS95, 412, [7, 1]), { kind: "single", points: 7 });
  assertEquals(skillPointsOf(GMS83, 2001, []), { kind: "single", points: 0 });
  assertEquals(skillPointsOf(GMS95, 2001, []), { kind: "extended", entries: [] });
});

Deno.test("CharacterStatusMessage INCREASE_EXPERIENCE golden: GMS 87+, 95 and JMS 185 add two ints to GMS 83's", () => {
  const gain = {
    ...emptyExperienceGain(),
    white: true,
    amount: 120,
    partyBonusEventRate: 10,
    partyBonusExp: 30,
    partyExpRingExp: 7,
    cakePieEventBonus: 9,
  };
  const v83 = golden(`03 01 78 00 00 00 00 00 00 00 00 00 00 00 00 00 00
    0a 1e 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`);
  assertEquals(bytes(increaseExperienceBody(GMS83, gain), "CharacterStatusMessage"), v83);
  // Client layout (libs/atlas-packet status_message.go at d59a1ad2df): party-ring and cake/pie bonuses
  // for GMS v87+ and JMS (the reference wrote them for v95+ only).
  for (const tenant of [{ ...GMS83, majorVersion: 87 }, GMS95, JMS185]) {
    assertEquals(
      bytes(increaseExperienceBody(tenant, gain), "CharacterStatusMessage"),
      `${v83} 07 00 00 00 09 00 00 00`,
    );
  }
});

Deno.test("CharacterStatusMessage INCREASE_EXPERIENCE golden: play-time hour and quest bonus branches", () => {
  const gain = {
    ...emptyExperienceGain(),
    amount: 50,
    inChat: true,
    mobEventBonusPercentage: 10,
    playTimeHour: 2,
    questBonusRate: 5,
    questBonusRemainCount: 3,
  };
  assertEquals(
    bytes(increaseExperienceBody(GMS83, gain), "CharacterStatusMessage"),
    golden(`03 00 32 00 00 00 01 00 00 00 00 0a 00 00 00 00 00 02 05 03
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`),
  );
});

Deno.test("CharacterStatusMessage INCREASE_MESO golden: signed amount", () => {
  assertEquals(bytes(increaseMesoBody(2500), "CharacterStatusMessage"), golden("05 c4 09 00 00"));
  assertEquals(bytes(increaseMesoBody(-500), "CharacterStatusMessage"), golden("05 0c fe ff ff"));
});

Deno.test("CharacterEffect / CharacterEffectForeign LEVEL_UP golden", () => {
  assertEquals(bytes(levelUpEffectBody(), "CharacterEffect"), golden("00"));
  assertEquals(bytes(levelUpEffectForeignBody(30071), "CharacterEffectForeign"), golden("77 75 00 00 00"));
});

Deno.test("FameResponse RECEIVE / GIVE golden: mode 1 for a raise, 0 for a drop", () => {
  assertEquals(bytes(receiveFameBody("Bob", 1), "FameResponse"), golden("05 03 00 42 6f 62 01"));
  assertEquals(bytes(receiveFameBody("Bob", -1), "FameResponse"), golden("05 03 00 42 6f 62 00"));
  assertEquals(
    bytes(giveFameBody("Alice", 1, 12), "FameResponse"),
    golden("00 05 00 41 6c 69 63 65 01 0c 00 00 00"),
  );
  assertEquals(
    bytes(giveFameBody("Alice", -1, -2), "FameResponse"),
    golden("00 05 00 41 6c 69 63 65 00 fe ff 00 00"),
  );
});

Deno.test("writers: a missing operation code throws MissingWriterOptionError instead of writing 99", () => {
  for (const build of [increaseMesoBody(1), levelUpEffectBody(), receiveFameBody("x", 1)]) {
    assertThrows(() => build(packetWriter(), {}), MissingWriterOptionError);
    assertThrows(
      () => build(packetWriter(), { operations: { INCREASE_MESO: "zz", LEVEL_UP: -1 } }),
      MissingWriterOptionError,
    );
  }
});
