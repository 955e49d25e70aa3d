/**
 * Chairs end to end on the real broker (field harness, GMS 83 template): atlas-chairs' status events
 * → the sitter's and the map's packets, nothing for other maps, channels or tenants (sentinels); sit and
 * stand packets → `COMMAND_TOPIC_CHAIR` with the exact JSON; a newcomer sees the portable chairs in use.
 * Expected bytes are written out from the client layout (libs/atlas-packet d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import {
  expectNoneBefore,
  isOpcode,
  type Received,
  receiveOpcode,
  receiveUntil,
} from "../../support/receive.ts";
import {
  chairCommandContract,
  chairStatusContract,
  type ChairStatusEvent,
} from "../../../src/features/chair/messages.ts";
import { toHex } from "../map/templates.ts";

const ENABLE_ACTIONS = "01 00 00 00 00 00";

function used(
  characterId: number,
  chairType: string,
  chairId: number,
  where: { channelId?: number; mapId?: number } = {},
): ChairStatusEvent {
  return {
    worldId: 0,
    channelId: where.channelId ?? 1,
    mapId: where.mapId ?? HENESYS,
    chairType,
    chairId,
    type: "USED",
    body: { characterId },
  };
}

const showOf = (opcode: number, characterId: number) => (p: Received) =>
  p.opcode === opcode && p.body[0] === (characterId & 0xff) && p.body[1] === ((characterId >> 8) & 0xff);

Deno.test(
  integration("chairs: status events → packets for the sitter and the others in its map", async () => {
    const field = await startField({ secondTenant: true });
    try {
      const aria = await field.login(1001);
      const cody = await field.login(2001);
      const brin = await field.login(1002);
      const dana = await field.login(3001, { channel: 2 });
      const foreign = await field.login(2001, { otherTenant: true });
      const show = field.writerOpcode("CharacterShowChair");
      const sit = field.writerOpcode("CharacterSitResult");
      const stat = field.writerOpcode("StatChanged");

      // Aria sits on a portable chair: the others see it, she is unlocked.
      await field.publishEvent(chairStatusContract, used(1001, "PORTABLE", 3010000));
      assertEquals(toHex(await receiveOpcode(cody.client, show)), "e9 03 00 00 d0 ed 2d 00");
      await expectNoneBefore(
        aria.client,
        isOpcode(show),
        isOpcode(stat),
        "the sitter is not shown its own chair",
      );
      // Sentinels: character 777 sits in each other one's map; aria's chair must not come first.
      await field.publishEvent(chairStatusContract, used(777, "PORTABLE", 3010001, { mapId: ELLINIA }));
      await field.publishEvent(chairStatusContract, used(777, "PORTABLE", 3010001, { channelId: 2 }));
      await field.publishEvent(chairStatusContract, used(777, "PORTABLE", 3010001), {
        tenant: field.otherTenant,
      });
      for (const [who, what] of [[brin, "map"], [dana, "channel"], [foreign, "tenant"]] as const) {
        await expectNoneBefore(
          who.client,
          showOf(show, 1001),
          showOf(show, 777),
          `other ${what} saw the chair`,
        );
      }

      // Cody takes map seat 1: only he gets the sit result.
      await field.publishEvent(chairStatusContract, used(2001, "FIXED", 1));
      assertEquals(toHex(await receiveOpcode(cody.client, sit)), "01 01 00");

      // Aria stands up: she gets the stand-up result, the others see the chair go.
      await field.publishEvent(chairStatusContract, {
        ...used(1001, "PORTABLE", 3010000),
        type: "CANCELLED",
      });
      const ariaSaw = await receiveUntil(aria.client, isOpcode(sit));
      assertEquals(toHex(ariaSaw[ariaSaw.length - 1].body), "00");
      assertTrue(!ariaSaw.some((p) => p.opcode === sit && p.body[0] === 1), "aria never got cody's seat");
      assertEquals(toHex(await receiveOpcode(cody.client, show)), "e9 03 00 00 00 00 00 00");

      // atlas-chairs refuses cody (already sitting): he is unlocked and stays connected.
      await field.publishEvent(chairStatusContract, {
        ...used(2001, "PORTABLE", 3010000),
        type: "ERROR",
        body: { characterId: 2001, type: "ALREADY_SITING" },
      });
      assertEquals(toHex(await receiveOpcode(cody.client, stat)), ENABLE_ACTIONS);
      assertTrue(!cody.session.isClosed, "a chair error does not close the session");

      // A newcomer sees the portable chairs in use (map seats are not shown).
      field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/chairs`, {
        json: {
          data: [
            { type: "chairs", id: "3010001", attributes: { type: "PORTABLE", characterId: 1001 } },
            { type: "chairs", id: "1", attributes: { type: "FIXED", characterId: 2001 } },
          ],
        },
      });
      const evie = await field.login(5001);
      const evieSaw = await receiveUntil(evie.client, isOpcode(show), { what: "the chair on entry" });
      assertEquals(toHex(evieSaw[evieSaw.length - 1].body), "e9 03 00 00 d1 ed 2d 00");
    } finally {
      await field.stop();
    }
  }),
);

Deno.test(integration("chairs: sit and stand packets → COMMAND_TOPIC_CHAIR", async () => {
  const field = await startField();
  try {
    const aria = await field.login(1001);
    const stat = field.writerOpcode("StatChanged");
    await aria.client.send(field.packet("CharacterChairPortableHandle", (w) => w.uint32(3010000)));
    const portable = await field.expectCommand(chairCommandContract);
    assertEquals(
      portable.raw,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"type":"USE","body":{"characterId":1001,"chairType":"PORTABLE","chairId":3010000}}`,
    );
    assertEquals(portable.keyId, 1001);
    assertEquals(portable.headers.TENANT_ID, field.tenant.id);
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(portable.headers.traceparent), "traceparent");

    // A seat id below -1 and a truncated packet produce nothing; the seat that follows is next.
    await aria.client.send(field.packet("CharacterChairInteractionHandle", (w) => w.int16(-2)));
    assertEquals(toHex(await receiveOpcode(aria.client, stat)), ENABLE_ACTIONS);
    await aria.client.send(field.packet("CharacterChairInteractionHandle", (w) => w.byte(1)));
    await aria.client.send(field.packet("CharacterChairPortableHandle", (w) => w.uint16(1)));
    await aria.client.send(field.packet("CharacterChairInteractionHandle", (w) => w.int16(2)));
    await field.expectCommand(chairCommandContract, (m) => m.value.type === "USE" && m !== portable);
    await aria.client.send(field.packet("CharacterChairInteractionHandle", (w) => w.int16(-1)));
    await field.expectCommand(chairCommandContract, (m) => m.value.type === "CANCEL");
    assertEquals(field.captured(chairCommandContract).map((m) => m.raw), [
      portable.raw,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"type":"USE","body":{"characterId":1001,"chairType":"FIXED","chairId":2}}`,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"type":"CANCEL","body":{"characterId":1001}}`,
    ]);
    assertTrue(!aria.session.isClosed, "malformed chair packets do not close the session");
  } finally {
    await field.stop();
  }
}));
