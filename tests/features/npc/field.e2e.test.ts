/**
 * NPCs in the field end to end (field harness, real broker, GMS 83 template): a character entering a
 * map gets its NPCs and their control from atlas-data's listing (fetched once per map), and the
 * controlling client's NPC actions are echoed to it alone; actions for NPCs it was not shown and
 * malformed paths are not, and forged walks (element types no client sends, coordinates outside every
 * map, overlong paths; the relay checks of character movement) are dropped and counted as
 * misbehaviour. Expected bytes are written out from the client layout
 * (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { hex, toHex } from "../map/templates.ts";

// GMS 83 paths (start x, y, count, elements): one JUMP element (type 1: x/y velocity, action, elapsed).
const JUMP_WALK = hex(`38 ff 12 01 01  01 0a 00 ec ff 04 30 00`);
// Element type 200: no client sends it (the template's 23 types end far below).
const UNKNOWN_TYPE = hex(`38 ff 12 01 01  c8 04 30 00`);
// Starts at x = -32768.
const OFF_MAP = hex(`00 80 12 01 01  01 0a 00 ec ff 04 30 00`);
// 65 JUMP elements: more than any client packet.
const OVERLONG = Uint8Array.of(
  0x38,
  0xff,
  0x12,
  0x01,
  65,
  ...Array(65).fill([1, 0x0a, 0, 0xec, 0xff, 4, 0x30, 0]).flat(),
);

const npcResource = (id: number, template: number, x: number, f: number) => ({
  type: "npcs",
  id: String(id),
  attributes: { template, name: "", cy: 274, f, fh: 12, rx0: x - 50, rx1: x + 50, x, y: 274, hide: false },
});

Deno.test(
  integration("npcs: shown and controlled on entry; actions echoed to the controller only", async () => {
    const field = await startField();
    try {
      field.rest.on("GET", `data/maps/${HENESYS}/npcs`, {
        json: { data: [npcResource(1000000, 9000000, -100, 0), npcResource(1000001, 9000001, 200, 1)] },
      });
      const aria = await field.login(1001);
      const spawn = field.writerOpcode("SpawnNPC");
      const controller = field.writerOpcode("SpawnNPCRequestController");
      const action = field.writerOpcode("NPCAction");
      const seen = await receiveUntil(
        aria.client,
        (p) => p.opcode === controller && p.body[1] === 0x41,
        { what: "the second NPC's control" },
      );
      assertEquals(
        seen.filter((p) => p.opcode === spawn || p.opcode === controller).map((p) => toHex(p.body)),
        [
          "40 42 0f 00 40 54 89 00 9c ff 12 01 01 0c 00 6a ff ce ff 01",
          "01 40 42 0f 00 40 54 89 00 9c ff 12 01 01 0c 00 6a ff ce ff 01",
          "41 42 0f 00 41 54 89 00 c8 00 12 01 00 0c 00 96 00 fa 00 01",
          "01 41 42 0f 00 41 54 89 00 c8 00 12 01 00 0c 00 96 00 fa 00 01",
        ],
      );
      const cody = await field.login(2001);
      await receiveUntil(cody.client, (p) => p.opcode === controller && p.body[1] === 0x41);
      assertEquals(field.rest.requests.filter((r) => r.path === `data/maps/${HENESYS}/npcs`).length, 1);

      // An animation: echoed to aria only (cody's own echo is the sentinel).
      await aria.client.send(field.packet("NPCActionHandle", (w) => w.uint32(1000000).byte(3).byte(255)));
      assertEquals(toHex(await receiveOpcode(aria.client, action)), "40 42 0f 00 03 ff");
      await cody.client.send(field.packet("NPCActionHandle", (w) => w.uint32(1000001).byte(1).byte(0)));
      const codySaw = await receiveUntil(cody.client, isOpcode(action));
      assertEquals(codySaw.filter((p) => p.opcode === action).map((p) => toHex(p.body)), [
        "41 42 0f 00 01 00",
      ]);

      // Not shown, truncated header, truncated path: nothing; then a walk (path of no elements) is echoed.
      await aria.client.send(field.packet("NPCActionHandle", (w) => w.uint32(4242).byte(0).byte(0)));
      await aria.client.send(field.packet("NPCActionHandle", (w) => w.uint32(1000000).byte(0)));
      await aria.client.send(
        field.packet("NPCActionHandle", (w) => w.uint32(1000000).byte(0).byte(1).int16(10)),
      );
      await aria.client.send(
        field.packet("NPCActionHandle", (w) => w.uint32(1000001).byte(0).byte(1).int16(10).int16(20).byte(0)),
      );
      await expectNoneBefore(
        aria.client,
        isOpcode(action),
        (p) => p.opcode === action && toHex(p.body) === "41 42 0f 00 00 01 0a 00 14 00 00",
        "a refused NPC action was echoed",
      );
      assertTrue(!aria.session.isClosed, "malformed NPC actions do not close the session");

      // Forged walks: counted as misbehaviour and not echoed; the valid walk after them is.
      const counted: string[] = [];
      const misbehaved = aria.session.misbehaved.bind(aria.session);
      aria.session.misbehaved = (kind, detail) => {
        counted.push(`${kind}: ${detail}`);
        return misbehaved(kind, detail);
      };
      const walk = (path: Uint8Array) =>
        aria.client.send(
          field.packet("NPCActionHandle", (w) => w.uint32(1000000).byte(5).byte(1).bytes(path)),
        );
      await walk(UNKNOWN_TYPE);
      await walk(OFF_MAP);
      await walk(OVERLONG);
      await walk(JUMP_WALK);
      await expectNoneBefore(
        aria.client,
        isOpcode(action),
        (p) =>
          p.opcode === action && toHex(p.body) === "40 42 0f 00 05 01 38 ff 12 01 01 01 0a 00 ec ff 04 30 00",
        "a forged NPC walk was echoed",
      );
      assertEquals(counted, [
        "malformed: movement element type 200 is not one the client sends",
        "malformed: movement starting at (-32768, 274)",
        "malformed: movement path of 65 elements (at most 64)",
      ]);
      assertTrue(!aria.session.isClosed, "three forged walks stay below the misbehaviour limit");
    } finally {
      await field.stop();
    }
  }),
);
