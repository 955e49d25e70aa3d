/**
 * What one client sends for others to see is checked before it is relayed (real broker, field
 * harness): over-long and control-character chat, forged movement (unknown element type, impossible
 * coordinates, overlong paths) and impossible expressions publish nothing and reach nobody; the valid
 * packet sent after them is the first the others see and the first command on the topic, and the
 * sender stays connected (each counts toward its misbehaviour limit).
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { integration } from "../support/kafka.ts";
import { HENESYS, startField } from "../support/field.ts";
import { chatCommandContract } from "../../src/features/chat/messages.ts";
import { characterMovementContract } from "../../src/features/movement/messages.ts";
import { expressionCommandContract } from "../../src/features/expression/messages.ts";
import { isOpcode, receiveUntil } from "../support/receive.ts";
import { hex, toHex } from "./map/templates.ts";

// GMS 83: start (-200, 274), one NORMAL step and one JUMP (as in the map field test).
const PATH = hex(`
  38 ff 12 01 02
  00 40 ff 12 01 64 00 00 00 0c 00 02 e8 03
  01 0a 00 ec ff 04 30 00`);
// Element type 200: no client sends it (the template's types end far below).
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

Deno.test(integration("relay validation: forged chat, movement and expressions reach nobody", async () => {
  const field = await startField();
  try {
    const aria = await field.login(1001); // Henesys, channel 1
    const dana = await field.login(3001); // Henesys, channel 1
    await field.waitFor("both in Henesys", () => field.ctx.presence.mapOf(dana.session) === HENESYS);
    const chat = (text: string) =>
      field.packet("CharacterChatGeneralHandle", (w) => w.string(text).bool(false));

    // Chat: 128 characters and a control character are dropped; the valid line is the first command.
    const chatsBefore = field.captured(chatCommandContract).length;
    await aria.client.send(chat("a".repeat(128)));
    await aria.client.send(chat("bell\u0007"));
    await aria.client.send(chat("a".repeat(127)));
    await field.expectNoCommandBefore(
      chatCommandContract,
      (m) => m.keyId === 1001,
      (m) => m.keyId === 1001 && m.value.message === "a".repeat(127),
      { from: chatsBefore },
    );

    // Movement: unknown element type, off-map start and an overlong path are not relayed.
    const movesBefore = field.captured(characterMovementContract).length;
    const move = (path: Uint8Array) =>
      aria.client.send(field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(7).bytes(path)));
    await move(UNKNOWN_TYPE);
    await move(OFF_MAP);
    await move(OVERLONG);
    await move(PATH);
    const seen = await receiveUntil(dana.client, isOpcode(field.writerOpcode("CharacterMovement")), {
      what: "the valid movement",
    });
    assertEquals(toHex(seen[seen.length - 1].body), toHex(Uint8Array.of(0xe9, 0x03, 0, 0, ...PATH)));
    await field.expectNoCommandBefore(characterMovementContract, () => true, (m) => m.keyId === 1001, {
      from: movesBefore,
    });
    assertEquals(field.captured(characterMovementContract).length, movesBefore + 1);

    // Expressions: 0 and 64 are not relayed; 4 is.
    const expressionsBefore = field.captured(expressionCommandContract).length;
    await aria.client.send(field.packet("CharacterExpressionHandle", (w) => w.uint32(0)));
    await aria.client.send(field.packet("CharacterExpressionHandle", (w) => w.uint32(64)));
    await aria.client.send(field.packet("CharacterExpressionHandle", (w) => w.uint32(4)));
    const expression = await field.expectNoCommandBefore(
      expressionCommandContract,
      (m) => m.keyId === 1001,
      (m) => m.keyId === 1001,
      { from: expressionsBefore },
    );
    assertEquals(expression.value.expression, 4);

    // Seven forged packets: counted, not yet over the limit of ten.
    assertTrue(!aria.session.isClosed, "the sender stays connected below its misbehaviour limit");
  } finally {
    await field.stop();
  }
}));
