/**
 * The world's top message at login: atlas-world's `message` → `WorldMessage` `TOP_SCROLL` after SetField
 * (GMS 83: mode 4, a "has text" flag, the text); an empty message sends nothing (proven by a sentinel).
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { receiveUntil } from "../../support/receive.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

const world = (message: string) => ({
  data: {
    type: "worlds",
    id: "0",
    attributes: {
      name: "Scania",
      state: 0,
      message,
      eventMessage: "",
      recommended: false,
      recommendedMessage: "",
      capacityStatus: 0,
    },
    relationships: { channels: { data: [] } },
  },
});

Deno.test(
  integration("login e2e: the world's top message scrolls after SetField; none when empty", async () => {
    const field = await startField();
    try {
      const worldMessage = field.writerOpcode("WorldMessage");
      field.rest.on("GET", "worlds/0", { json: world("") });
      const cody = await field.login(2001);
      const sentinel = await field.sentinel(cody);
      const seen = await receiveUntil(cody.client, sentinel);
      assertEquals(seen.filter((p) => p.opcode === worldMessage).length, 1, "only the sentinel");

      field.rest.on("GET", "worlds/0", { json: world("Double EXP weekend") });
      const aria = await field.login(1001);
      const [top] = (await receiveUntil(aria.client, (p) => p.opcode === worldMessage)).slice(-1);
      // "Double EXP weekend": 18 bytes.
      assertEquals(hex(top.body), "04" + "01" + "1200" + "446f75626c6520455850207765656b656e64");
    } finally {
      await field.stop();
    }
  }),
);
