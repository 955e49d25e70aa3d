/**
 * End to end on the real broker through the field harness: characters appear to each other on map
 * entry, walk (exact CharacterMovement bytes and movement command), warp, and disappear on exit; other
 * maps, channels and tenants receive nothing; malformed movement produces nothing.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, type Field, FIXTURE_CHARACTERS, HENESYS, startField } from "../../support/field.ts";
import type { Session } from "../../../src/net/session.ts";
import type { HeadlessClient } from "../../../src/client/client.ts";
import { characterMovementContract } from "../../../src/features/movement/messages.ts";
import { characterStatusContract } from "../../../src/features/character/messages.ts";
import { mapStatusContract } from "../../../src/features/map/messages.ts";
import { packetReader } from "../../../src/protocol/reader.ts";
import { hex, toHex } from "./templates.ts";

/** Everything `client` receives within `ms`, as (opcode, body) pairs. */
async function drain(client: HeadlessClient, ms: number): Promise<{ opcode: number; body: Uint8Array }[]> {
  const out: { opcode: number; body: Uint8Array }[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const body = await client.receive(Math.max(1, deadline - Date.now()));
      out.push({ opcode: body[0] | (body[1] << 8), body: body.subarray(2) });
    } catch {
      break;
    }
  }
  return out;
}

/**
 * Logs a character in up to its map entry (CharacterLoggedIn, account handshake, session bound, the
 * maps service's CHARACTER_ENTER), without waiting for SetField.
 */
async function enter(
  field: Field,
  characterId: number,
  options: { channel?: number; otherTenant?: boolean } = {},
): Promise<{ client: HeadlessClient; session: Session }> {
  const tenant = options.otherTenant ? field.otherTenant! : field.tenant;
  await field.accountSessions.admit(tenant, field.character(characterId).accountId);
  const client = await field.connect(options.channel ?? 1, options.otherTenant);
  await client.send(field.packet("CharacterLoggedInHandle", (w) => w.uint32(characterId).uint16(0)));
  let session: Session | undefined;
  await field.waitFor(`character ${characterId} in its map`, () => {
    session = field.ctx.presence.sessionOfCharacter(tenant, characterId);
    return session !== undefined && field.ctx.presence.mapOf(session) !== undefined;
  });
  return { client, session: session! };
}

// One NORMAL step and one JUMP (GMS 83 layout, no offsets).
const PATH = hex(`
  38 ff 12 01 02
  00 40 ff 12 01 64 00 00 00 0c 00 02 e8 03
  01 0a 00 ec ff 04 30 00`);

Deno.test(integration("field: spawn, walk, warp and despawn between two characters in one map", async () => {
  const field = await startField({
    secondTenant: true,
    // Brin on an account of her own, so her login does not supersede Aria's.
    characters: FIXTURE_CHARACTERS.map((c) => c.id === 1002 ? { ...c, accountId: 7 } : c),
  });
  try {
    const aria = await enter(field, 1001); // Henesys, channel 1
    const brin = await enter(field, 1002); // Ellinia, channel 1
    const gwen = await enter(field, 4001, { channel: 2 }); // Henesys, channel 2
    const other = await enter(field, 5001, { otherTenant: true }); // Henesys, other tenant
    await drain(aria.client, 300);
    const dana = await enter(field, 3001); // Henesys, channel 1

    // Aria sees Dana arrive (entering field: y − 42, stance 6); Dana sees Aria where she stands.
    const danaSpawn = packetReader(await field.receivePacket(aria.client, "CharacterSpawn"));
    assertEquals([danaSpawn.uint32(), danaSpawn.byte(), danaSpawn.string()], [3001, 30, "Dana"]);
    const ariaSpawn = packetReader(await field.receivePacket(dana.client, "CharacterSpawn"));
    assertEquals([ariaSpawn.uint32(), ariaSpawn.byte(), ariaSpawn.string()], [1001, 30, "Aria"]);
    await field.waitFor("both in Henesys", () => field.ctx.presence.mapOf(dana.session) === HENESYS);

    // Aria walks: Dana receives the path byte for byte; the command carries the summary.
    await drain(dana.client, 200);
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(0x12345678).bytes(PATH)),
    );
    const moved = await field.receivePacket(dana.client, "CharacterMovement");
    assertEquals(toHex(moved), toHex(Uint8Array.of(0xe9, 0x03, 0, 0, ...PATH)));
    const command = await field.expectCommand(characterMovementContract, (m) => m.keyId === 1001);
    assertEquals(
      command.raw,
      `{"worldId":0,"channelId":1,"mapId":${HENESYS},"objectId":1001,"observerId":1001,"x":-192,"y":274,"stance":2}`,
    );
    assertEquals(toHex(command.key!), "e9 03 00 00 00 00 00 00");
    assertEquals(command.headers.TENANT_ID, field.tenant.id);
    assertEquals(command.headers.REGION, "GMS");
    assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");

    // Another map, another channel and another tenant see none of it.
    const movementOpcode = field.writerOpcode("CharacterMovement");
    const spawnOpcode = field.writerOpcode("CharacterSpawn");
    for (const [name, who] of [["Brin", brin], ["Gwen", gwen], ["other tenant", other]] as const) {
      const got = await drain(who.client, 300);
      assertEquals(
        got.filter((p) => p.opcode === movementOpcode || p.opcode === spawnOpcode).length,
        0,
        name,
      );
    }

    // A truncated movement: no broadcast, no command, the session stays.
    const before = field.captured(characterMovementContract).length;
    await aria.client.send(
      field.packet("CharacterMoveHandle", (w) => w.byte(0).uint32(1).bytes(PATH.subarray(0, 9))),
    );
    assertEquals((await drain(dana.client, 400)).filter((p) => p.opcode === movementOpcode).length, 0);
    assertEquals(field.captured(characterMovementContract).length, before);
    assertTrue(!aria.session.isClosed, "a malformed packet must not close the session");

    // Warp: MAP_CHANGED moves Aria to Ellinia with the short SetField; presence follows.
    await field.publishEvent(characterStatusContract, {
      characterId: 1001,
      type: "MAP_CHANGED",
      worldId: 0,
      body: { channelId: 1, oldMapId: HENESYS, targetMapId: ELLINIA, targetPortalId: 2 },
    }, { key: 1001 });
    const warp = packetReader(await field.receivePacket(aria.client, "SetField"));
    assertEquals([warp.uint32(), warp.byte(), warp.byte(), warp.uint16(), warp.byte()], [1, 0, 0, 0, 0]);
    assertEquals([warp.uint32(), warp.byte(), warp.uint16(), warp.bool()], [ELLINIA, 2, 820, false]);
    await field.waitFor("Aria in Ellinia", () => field.ctx.presence.mapOf(aria.session) === ELLINIA);

    // Exit: the maps service says Aria left Henesys; Dana sees her go, Brin (Ellinia) does not.
    await field.publishEvent(mapStatusContract, {
      worldId: 0,
      channelId: 1,
      mapId: HENESYS,
      type: "CHARACTER_EXIT",
      body: { characterId: 1001 },
    }, { key: HENESYS });
    assertEquals(toHex(await field.receivePacket(dana.client, "CharacterDespawn")), "e9 03 00 00");
    const despawnOpcode = field.writerOpcode("CharacterDespawn");
    assertEquals((await drain(brin.client, 300)).filter((p) => p.opcode === despawnOpcode).length, 0);
    assertEquals(
      field.ctx.presence.mapOf(aria.session),
      ELLINIA,
      "an exit from another map keeps the new map",
    );

    // Disconnect: Dana's socket closes → DESTROYED → CHARACTER_EXIT; nobody is left in Henesys on ch 1.
    dana.client.close();
    await field.waitFor("Dana gone", () => dana.session.isClosed);
  } finally {
    await field.stop();
  }
}));
