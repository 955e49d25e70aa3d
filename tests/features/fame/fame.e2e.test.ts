/**
 * Fame end to end on the real broker: `FameChangeHandle` → `COMMAND_TOPIC_FAME` (exact JSON, key,
 * headers; bad modes and self-fame refused with the client's notice), and `EVENT_TOPIC_FAME_STATUS`
 * `ERROR` → the `FameResponse` notice for the giver on the event's channel only. Notice codes are GMS
 * 83's (`FameResponse` operations); the error form is the code alone (libs/atlas-packet fame).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { expectNoneBefore, receiveOpcode } from "../../support/receive.ts";
import { fameCommandContract, fameStatusContract } from "../../../src/features/fame/messages.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

Deno.test(
  integration("fame e2e: FameChangeHandle → REQUEST_CHANGE; ERROR → FameResponse notice", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const op = field.writerOpcode("FameResponse");
      const aria = await field.login(1001);
      await field.login(2001);
      const dana = await field.login(3001, { channel: 2 });
      const evie = await field.login(5001, { otherTenant: true });

      await aria.client.send(field.packet("FameChangeHandle", (w) => w.uint32(2001).int8(1)));
      const up = await field.expectCommand(fameCommandContract, (c) => c.raw.includes('"amount":1'));
      assertEquals(
        up.raw,
        '{"worldId":0,"characterId":1001,"type":"REQUEST_CHANGE","body":{"channelId":1,"mapId":100000000,"targetId":2001,"amount":1}}',
      );
      assertEquals([up.keyId, up.headers.TENANT_ID, up.headers.REGION], [1001, field.tenant.id, "GMS"]);
      assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(up.headers.traceparent ?? ""), "traceparent");

      // A mode the client never sends and fame for oneself: the UNEXPECTED notice, no command.
      await aria.client.send(field.packet("FameChangeHandle", (w) => w.uint32(2001).int8(3)));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "06");
      await aria.client.send(field.packet("FameChangeHandle", (w) => w.uint32(1001).int8(1)));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "06");
      await aria.client.send(field.packet("FameChangeHandle", (w) => w.uint32(2001))); // truncated
      await aria.client.send(field.packet("FameChangeHandle", (w) => w.uint32(2001).int8(0)));
      const down = await field.expectCommand(fameCommandContract, (c) => c.raw.includes('"amount":-1'));
      assertEquals(
        down.raw,
        '{"worldId":0,"characterId":1001,"type":"REQUEST_CHANGE","body":{"channelId":1,"mapId":100000000,"targetId":2001,"amount":-1}}',
      );
      assertEquals(field.captured(fameCommandContract).length, 2);

      const error = (characterId: number, channelId: number, code: string) => ({
        worldId: 0,
        characterId,
        type: "ERROR" as const,
        body: { channelId, error: code },
      });
      await field.publishEvent(fameStatusContract, error(1001, 1, "NOT_TODAY"));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "03");
      await field.publishEvent(fameStatusContract, error(1001, 1, "NOT_THIS_MONTH"));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "04");
      await field.publishEvent(fameStatusContract, error(1001, 1, "INVALID_NAME"));
      assertEquals(hex(await receiveOpcode(aria.client, op)), "01");
      await field.publishEvent(fameStatusContract, error(1001, 2, "NOT_MINIMUM_LEVEL")); // another channel
      await field.publishEvent(fameStatusContract, error(1001, 1, "SOMETHING_NEW"));
      await expectNoneBefore(
        aria.client,
        (p) => p.opcode === op && hex(p.body) === "02",
        (p) => p.opcode === op && hex(p.body) === "06",
        "aria got an error of another channel",
      );
      // Dana on channel 2 gets hers; Evie (other tenant) not the main tenant's.
      await field.publishEvent(fameStatusContract, error(5001, 1, "NOT_TODAY"));
      await field.publishEvent(fameStatusContract, error(3001, 2, "NOT_MINIMUM_LEVEL"));
      assertEquals(hex(await receiveOpcode(dana.client, op)), "02");
      await field.publishEvent(fameStatusContract, error(5001, 1, "NOT_THIS_MONTH"), {
        tenant: field.otherTenant,
      });
      await expectNoneBefore(
        evie.client,
        (p) => p.opcode === op && hex(p.body) === "03",
        (p) => p.opcode === op && hex(p.body) === "04",
        "evie got the main tenant's fame error",
      );
    } finally {
      await field.stop();
    }
  }),
);
