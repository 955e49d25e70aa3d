/**
 * The monster domain end to end on the real broker (field harness, GMS 83): map entry shows the map's
 * monsters from one atlas-monsters listing; every EVENT_TOPIC_MONSTER_STATUS type reaches exactly the
 * sessions the reference targets (the map, the controller, the attacker) and nothing reaches other maps,
 * channels or tenants (proven by sentinels); the controller's MonsterMovementHandle becomes the ack, the
 * broadcast and COMMAND_TOPIC_MONSTER_MOVEMENT, while a client that does not control the monster
 * produces nothing. Expected bytes are spelled from the client layout (d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { ELLINIA, HENESYS, startField } from "../../support/field.ts";
import { expectNoneBefore, type Received, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { monsterStatusContract } from "../../../src/features/monster/messages.ts";
import { monsterMovementContract } from "../../../src/features/movement/messages.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { fields, hex, u16, u32, u8, zeros } from "../character/golden.ts";

function monsterDoc(id: number, channelId: number, mapId: number, extra: Record<string, unknown> = {}) {
  return {
    type: "monsters",
    id: String(id),
    attributes: {
      worldId: 0,
      channelId,
      mapId,
      monsterId: 100100,
      controlCharacterId: 0,
      x: 150,
      y: 274,
      fh: 18,
      stance: 5,
      team: -1,
      maxHp: 8,
      hp: 8,
      maxMp: 0,
      mp: 3,
      damageEntries: [],
      ...extra,
    },
  };
}

/** The v83 monster block: empty stat mask, x, y, stance, fh 0, home fh, appear type, team, effect item. */
const block = (x: number, y: number, stance: number, fh: number, appear: number) =>
  fields(zeros(16), u16(x), u16(y), u8(stance), u16(0), u16(fh), u8(appear), u8(-1), u32(0));

/** A v83 monster movement request with one NORMAL element. */
function movement(uniqueId: number, moveId: number, x: number) {
  return (w: PacketWriter) => {
    w.uint32(uniqueId).int16(moveId).byte(1).int8(2).uint32(0); // id, move id, dwFlag, action, skill data
    w.byte(0).uint32(0).uint32(0).uint32(0); // moveFlags, hackedCode, fly target x/y
    w.int16(150).int16(274).byte(1); // path start, one element
    w.byte(0).int16(x).int16(274).int16(10).int16(0).int16(18).byte(3).int16(120); // NORMAL, action 3
  };
}

const event = (
  type: "CREATED" | "DESTROYED" | "KILLED" | "DAMAGED" | "START_CONTROL" | "STOP_CONTROL",
  uniqueId: number,
  mapId: number,
  body: Record<string, unknown>,
  channelId = 1,
) => // deno-lint-ignore no-explicit-any
({ worldId: 0, channelId, mapId, uniqueId, monsterId: 100100, type, body } as any);

Deno.test(
  integration(
    "monsters: entry, status events to exactly the targeted sessions, controlled movement",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        field.rest.on("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`, {
          json: { data: [monsterDoc(1000123, 1, HENESYS)] },
        });
        field.rest.on("GET", "monsters/2000001", {
          json: { data: monsterDoc(2000001, 1, HENESYS, { x: -50 }) },
        });
        const listings = () =>
          field.rest.requestsTo("GET", `worlds/0/channels/1/maps/${HENESYS}/monsters`)
            .filter((r) => r.headers.get("TENANT_ID") === field.tenant.id).length;
        const spawnOp = field.writerOpcode("SpawnMonster");
        const destroyOp = field.writerOpcode("DestroyMonster");
        const controlOp = field.writerOpcode("ControlMonster");
        const healthOp = field.writerOpcode("MonsterHealth");
        const moveOp = field.writerOpcode("MoveMonster");
        const ackOp = field.writerOpcode("MoveMonsterAck");

        // Map entry: the listed monster, as it is now (appear "normal", not controlled).
        const aria = await field.login(1001); // Henesys, channel 1
        const ariaSpawn = await receiveOpcode(aria.client, spawnOp, { what: "Aria's SpawnMonster on entry" });
        assertEquals(hex(ariaSpawn), u32(1000123) + u8(5) + u32(100100) + block(150, 274, 5, 18, -1));
        const cody = await field.login(2001); // Henesys, channel 1
        await receiveOpcode(cody.client, spawnOp, { what: "Cody's SpawnMonster on entry" });
        // The second entry is answered from the local index: one listing for the map.
        assertEquals(listings(), 1);
        const brin = await field.login(1002); // Ellinia, channel 1
        const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
        const gwen = await field.login(4001, { otherTenant: true }); // Henesys, other tenant

        const publish = (value: ReturnType<typeof event>, tenant = field.tenant) =>
          field.publishEvent(monsterStatusContract, value, { tenant, key: 1 });
        const destroyOf = (id: number) => (p: Received) =>
          p.opcode === destroyOp && hex(p.body) === u32(id) + u8(1);
        const bystanderSentinels = async () => {
          await publish(event("DESTROYED", 901, ELLINIA, { actorId: 0 }));
          await publish(event("DESTROYED", 902, HENESYS, { actorId: 0 }, 2));
          await publish(event("DESTROYED", 903, HENESYS, { actorId: 0 }), field.otherTenant!);
        };
        const expectBystandersUntouched = async (unwanted: (p: Received) => boolean, what: string) => {
          await expectNoneBefore(brin.client, unwanted, destroyOf(901), `other map: ${what}`);
          await expectNoneBefore(dana.client, unwanted, destroyOf(902), `other channel: ${what}`);
          await expectNoneBefore(gwen.client, unwanted, destroyOf(903), `other tenant: ${what}`);
        };

        // CREATED: read once over REST, fresh spawn (appear "regen") to the map.
        await publish(event("CREATED", 2000001, HENESYS, { actorId: 0 }));
        const created = u32(2000001) + u8(5) + u32(100100) + block(-50, 274, 5, 18, -2);
        for (const who of [aria, cody]) {
          const seen = await receiveUntil(
            who.client,
            (p) => p.opcode === spawnOp && hex(p.body).startsWith(u32(2000001)),
          );
          assertEquals(hex(seen[seen.length - 1].body), created);
        }
        await bystanderSentinels();
        await expectBystandersUntouched(
          (p) => p.opcode === spawnOp && hex(p.body).startsWith(u32(2000001)),
          "SpawnMonster of the created monster",
        );

        // START_CONTROL: ControlMonster (active init, aggro 0, regen block from the event) to the controller only.
        await publish(
          event("START_CONTROL", 1000123, HENESYS, {
            actorId: 1001,
            x: 160,
            y: 274,
            stance: 4,
            fh: 18,
            team: -1,
          }),
        );
        await publish(
          event("START_CONTROL", 2000001, HENESYS, {
            actorId: 2001,
            x: -50,
            y: 274,
            stance: 5,
            fh: 18,
            team: -1,
          }),
        );
        assertEquals(
          hex(await receiveOpcode(aria.client, controlOp)),
          u8(1) + u32(1000123) + u8(0) + u32(100100) + block(160, 274, 4, 18, -2),
        );
        const codyControl = await expectNoneBefore(
          cody.client,
          (p) => p.opcode === controlOp && hex(p.body).startsWith(u8(1) + u32(1000123)),
          (p) => p.opcode === controlOp && hex(p.body).startsWith(u8(1) + u32(2000001)),
          "Cody saw Aria's control",
        );
        assertTrue(codyControl.length > 0, "Cody got his own control");

        // The controller moves the monster: ack to it, MoveMonster to the others, the command to atlas-monsters.
        await aria.client.send(field.packet("MonsterMovementHandle", movement(1000123, 7, 190)));
        assertEquals(
          hex(await receiveOpcode(aria.client, ackOp)),
          u32(1000123) + u16(7) + u8(0) + u16(3) + u8(0) + u8(0),
        );
        assertEquals(
          hex(await receiveOpcode(cody.client, moveOp)),
          fields(
            u32(1000123),
            u8(0),
            u8(0),
            u8(2),
            u16(0),
            u16(0), // not-force-landing, next-attack, action, skill 0/0
            u16(150),
            u16(274),
            u8(1),
            u8(0),
            u16(190),
            u16(274),
            u16(10),
            u16(0),
            u16(18),
            u8(3),
            u16(120),
          ),
        );
        const command = await field.expectCommand(
          monsterMovementContract,
          (m) => m.value.objectId === 1000123,
        );
        assertEquals(
          command.raw,
          `{"worldId":0,"channelId":1,"mapId":${HENESYS},"objectId":1000123,"observerId":1001,"x":190,"y":274,"stance":3}`,
        );
        assertEquals(command.keyId, 1000123);
        assertEquals(command.headers.TENANT_ID, field.tenant.id);
        assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");

        // Cody does not control 1000123: nothing. His own monster's movement right after is the next command.
        const before = field.captured(monsterMovementContract).length;
        await cody.client.send(field.packet("MonsterMovementHandle", movement(1000123, 8, 400)));
        await cody.client.send(field.packet("MonsterMovementHandle", movement(2000001, 9, -40)));
        await field.expectCommand(monsterMovementContract, (m) => m.value.objectId === 2000001);
        const after = field.captured(monsterMovementContract).slice(before);
        assertEquals(after.map((m) => m.value.objectId), [2000001]);

        // DAMAGED: HP ratio from the known maximum and the damage totals, to the attacker (no party) only.
        await publish(event("DAMAGED", 1000123, HENESYS, {
          x: 190,
          y: 274,
          actorId: 1001,
          damageEntries: [{ characterId: 1001, damage: 2 }, { characterId: 2001, damage: 1 }],
        }));
        assertEquals(hex(await receiveOpcode(aria.client, healthOp)), u32(1000123) + u8(62));

        // STOP_CONTROL to the controller; KILLED fades the monster out for the whole map.
        await publish(event("STOP_CONTROL", 1000123, HENESYS, { actorId: 1001 }));
        assertEquals(hex(await receiveOpcode(aria.client, controlOp)), u8(0) + u32(1000123));
        await publish(
          event("KILLED", 1000123, HENESYS, { x: 190, y: 274, actorId: 1001, damageEntries: null }),
        );
        await receiveUntil(aria.client, destroyOf(1000123));
        await expectNoneBefore(
          cody.client,
          (p) => p.opcode === healthOp || (p.opcode === controlOp && hex(p.body).includes(u32(1000123))),
          destroyOf(1000123),
          "Cody saw Aria's HP indicator or control",
        );
        await bystanderSentinels();
        await expectBystandersUntouched(
          (p) => [controlOp, healthOp, moveOp].includes(p.opcode) || destroyOf(1000123)(p),
          "control, HP, movement or the kill",
        );

        // After the kill the monster is gone: a newcomer sees only 2000001, from the index.
        const evie = await field.login(5001);
        const seen = await receiveUntil(evie.client, (p) => p.opcode === spawnOp);
        assertEquals(hex(seen[seen.length - 1].body).slice(0, 8), u32(2000001));
        assertEquals(listings(), 1);
      } finally {
        await field.stop();
      }
    },
  ),
);
