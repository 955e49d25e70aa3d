/**
 * Pets: golden bytes of PetActivated and PetCommandResponse from the client layout (libs/atlas-packet
 * `pet/clientbound/activated.go`, `command.go` at d59a1ad2df; GMS 83 template codes), and end to end on
 * the real broker: pet status events → packets for everyone in the owner's map (another map or tenant
 * gets nothing, proven by sentinels); pet command and exclude packets → `COMMAND_TOPIC_PET` keyed by the
 * pet with the owner from the session.
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { assertNone, isOpcode, receiveOpcode, receiveUntil } from "../../support/receive.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { MissingWriterOptionError } from "../../../src/features/outbound.ts";
import {
  writePetCommandResponse,
  writePetDespawn,
  writePetSpawn,
} from "../../../src/features/pet/writers.ts";
import { petCommandContract, petStatusContract } from "../../../src/features/pet/messages.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const OPTIONS = { operations: { NORMAL: 0, HUNGER: 1, EXPIRED: 2 } };

// owner 1001, slot 0, active, shown, template 5000000 (0x4C4B40), "Kitty", pet 700001 (0x0AAE61) as u64,
// x 215, y 154, stance 0, foothold 21, name tag 0, chat balloon 0
const SPAWN = "e9030000" + "00" + "01" + "01" + "404b4c00" + "05004b69747479" + "61ae0a0000000000" +
  "d700" + "9a00" + "00" + "1500" + "00" + "00";

Deno.test("PetActivated and PetCommandResponse golden bytes", () => {
  const w = packetWriter();
  writePetSpawn(w, {
    ownerId: 1001,
    slot: 0,
    petId: 700001,
    templateId: 5000000,
    name: "Kitty",
    x: 215,
    y: 154,
    stance: 0,
    foothold: 21,
  });
  assertEquals(hex(w.toBytes()), SPAWN);
  const d = packetWriter();
  writePetDespawn(d, OPTIONS, { ownerId: 1001, slot: 0, reason: "HUNGER" });
  assertEquals(hex(d.toBytes()), "e9030000" + "00" + "00" + "01");
  assertThrows(
    () => writePetDespawn(packetWriter(), OPTIONS, { ownerId: 1, slot: 0, reason: "BORED" }),
    MissingWriterOptionError,
  );
  const c = packetWriter();
  writePetCommandResponse(c, { ownerId: 1001, slot: 1, commandId: 2, success: true });
  assertEquals(hex(c.toBytes()), "e9030000" + "01" + "00" + "02" + "01" + "00");
  const f = packetWriter();
  writePetCommandResponse(f, { ownerId: 1001, slot: -1, food: true, success: false });
  assertEquals(hex(f.toBytes()), "e9030000" + "ff" + "01" + "00" + "00");
});

Deno.test(integration("pet e2e: status events for the owner's map, commands keyed by the pet", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const aria = await field.login(1001); // Henesys
    const cody = await field.login(2001); // Henesys
    const brin = await field.login(1002); // Ellinia
    const evie = await field.login(5001, { otherTenant: true });
    const activated = field.writerOpcode("PetActivated");
    const commandOp = field.writerOpcode("PetCommandResponse");
    const statChanged = field.writerOpcode("StatChanged");

    const spawned = (ownerId: number, petId = 700001) => ({
      petId,
      ownerId,
      type: "SPAWNED" as const,
      body: {
        templateId: 5000000,
        name: "Kitty",
        slot: 0,
        level: 5,
        closeness: 120,
        fullness: 100,
        x: 215,
        y: 154,
        stance: 0,
        fh: 21,
      },
    });
    await field.publishEvent(petStatusContract, spawned(1001));
    // The owner is unlocked, then sees the pet; so does Cody in the same map.
    const ariaSeen = await receiveUntil(aria.client, isOpcode(activated));
    assertEquals(ariaSeen.some((p) => p.opcode === statChanged && hex(p.body) === "010000000000"), true);
    assertEquals(hex(ariaSeen[ariaSeen.length - 1].body), SPAWN);
    assertEquals(hex(await receiveOpcode(cody.client, activated)), SPAWN);

    await field.publishEvent(petStatusContract, {
      petId: 700001,
      ownerId: 1001,
      type: "COMMAND_RESPONSE",
      body: { slot: 0, closeness: 121, fullness: 98, commandId: 2, success: true },
    });
    const response = "e9030000" + "00" + "00" + "02" + "01" + "00";
    assertEquals(hex(await receiveOpcode(aria.client, commandOp)), response);
    assertEquals(hex(await receiveOpcode(cody.client, commandOp)), response);

    await field.publishEvent(petStatusContract, {
      petId: 700001,
      ownerId: 1001,
      type: "DESPAWNED",
      body: {
        templateId: 5000000,
        name: "Kitty",
        slot: -1,
        level: 5,
        closeness: 120,
        fullness: 0,
        oldSlot: 0,
        reason: "HUNGER",
      },
    });
    const despawn = "e9030000" + "00" + "00" + "01";
    assertEquals(hex(await receiveOpcode(aria.client, activated)), despawn);
    assertEquals(hex(await receiveOpcode(cody.client, activated)), despawn);

    // Brin (Ellinia) and Evie (other tenant) saw none of it: their own pets arrive first.
    await field.publishEvent(petStatusContract, spawned(5001)); // main tenant: no 5001 here
    await field.publishEvent(petStatusContract, spawned(1002, 700002));
    await field.publishEvent(petStatusContract, spawned(5001, 700003), { tenant: field.otherTenant });
    for (const [client, petHex] of [[brin.client, "62ae0a00"], [evie.client, "63ae0a00"]] as const) {
      const seen = await receiveUntil(client, isOpcode(activated));
      assertEquals(hex(seen[seen.length - 1].body).includes(petHex), true);
      assertNone(seen.slice(0, -1), isOpcode(activated, commandOp), "a pet packet of another map or tenant");
    }

    // Commands: the owner from the session, the pet id (64-bit on the wire) as the key.
    await aria.client.send(field.packet("PetCommandHandle", (w) => w.uint64(700001n).bool(false))); // cut
    await aria.client.send(field.packet("PetCommandHandle", (w) => w.uint64(700001n).bool(true).byte(3)));
    await aria.client.send(
      field.packet("PetItemExcludeHandle", (w) => w.uint64(700001n).byte(2).int32(2000000).int32(-1)),
    );
    await field.expectCommand(petCommandContract, (c) => c.value.type === "EXCLUDE");
    const commands = field.captured(petCommandContract);
    assertEquals(commands.map((c) => c.raw), [
      '{"actorId":1001,"petId":700001,"type":"ATTEMPT_COMMAND","body":{"commandId":3,"byName":true}}',
      '{"actorId":1001,"petId":700001,"type":"EXCLUDE","body":{"items":[2000000,4294967295]}}',
    ]);
    assertEquals(commands.map((c) => c.keyId), [700001, 700001]);
    assertEquals(commands[0].headers.TENANT_ID, field.tenant.id);
  } finally {
    await field.stop();
  }
}));
