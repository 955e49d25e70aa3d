/**
 * End to end on the real broker through the field harness (GMS 83 template): atlas-inventory's asset
 * and compartment events become the client's packets for exactly the owner (and, for a look change,
 * the owner's map), keep the session's cached inventory equal to the service's view, and inventory
 * requests from headless clients become `COMMAND_TOPIC_COMPARTMENT` commands with the exact JSON, the
 * character's Atlas key and tenant/trace headers. Expected bytes are written out from the client
 * layouts (libs/atlas-packet at d59a1ad2df).
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Field, startField } from "../../support/field.ts";
import { expectNoneBefore, isOpcode, type Received, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import { CHARACTER_DATA } from "../../../src/features/character/enter-field.ts";
import {
  assetStatusContract,
  type AssetStatusEvent,
  compartmentCommandContract,
  compartmentStatusContract,
} from "../../../src/features/inventory/messages.ts";
import { type Asset, getInventory, type Inventory } from "../../../src/features/inventory/rest.ts";
import { createRestClient } from "../../../src/rest/client.ts";
import { inventoryDocument } from "../../support/field-fixtures.ts";

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");
const ZERO_TIME = "0001-01-01T00:00:00Z";
const compartmentId = (characterId: number, type: number) =>
  `00000000-0000-4000-8000-${String(characterId).padStart(8, "0")}${String(type).padStart(4, "0")}`;

function equipData(weaponAttack: number) {
  return {
    ownerId: 0,
    strength: 0,
    dexterity: 0,
    intelligence: 0,
    luck: 0,
    hp: 0,
    mp: 0,
    weaponAttack,
    magicAttack: 0,
    weaponDefense: 3,
    magicDefense: 0,
    accuracy: 0,
    avoidability: 0,
    hands: 0,
    speed: 0,
    jump: 0,
    slots: 7,
    locked: false,
    spikes: false,
    karmaUsed: false,
    cold: false,
    canBeTraded: true,
    levelType: 0,
    level: 0,
    experience: 0,
    hammersApplied: 0,
    expiration: ZERO_TIME,
  };
}

/** A comparable view of an inventory: per type, the capacity and the assets sorted by id. */
function view(inventory: Inventory | null) {
  return (inventory?.compartments ?? []).map((c) => ({
    type: c.type,
    capacity: c.capacity,
    assets: [...c.assets].sort((a: Asset, b: Asset) => a.id - b.id),
  })).sort((a, b) => a.type - b.type);
}

async function publishAll(field: Field, events: AssetStatusEvent[]) {
  for (const event of events) await field.publishEvent(assetStatusContract, event);
}

Deno.test(
  integration(
    "inventory field: asset/compartment events → packets for exactly the owner and its map",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const aria = await field.login(1001); // Henesys, channel 1
        const cody = await field.login(2001); // Henesys, channel 1
        const brin = await field.login(1002); // Ellinia, channel 1
        const dana = await field.login(3001, { channel: 2 }); // Henesys, channel 2
        const foreign = await field.login(2001, { otherTenant: true });
        const change = field.writerOpcode("CharacterInventoryChange");
        const appearance = field.writerOpcode("CharacterAppearanceUpdate");
        const merge = field.writerOpcode("CompartmentMerge");
        const sort = field.writerOpcode("CompartmentSort");
        const statChanged = field.writerOpcode("StatChanged");
        const ours = isOpcode(change, appearance, merge, sort);

        const base = { characterId: 1001 };
        await publishAll(field, [
          {
            ...base,
            compartmentId: compartmentId(1001, 2),
            assetId: 55001,
            templateId: 2000001,
            slot: 2,
            type: "CREATED",
            body: {
              referenceId: 78001,
              referenceType: "consumable",
              referenceData: { ownerId: 0, quantity: 20, flag: 0, rechargeable: 0 },
              expiration: ZERO_TIME,
            },
          },
          {
            ...base,
            compartmentId: compartmentId(1001, 2),
            assetId: 10016,
            templateId: 2000000,
            slot: 1,
            type: "QUANTITY_CHANGED",
            body: { quantity: 49 },
          },
          {
            ...base,
            compartmentId: compartmentId(1001, 1),
            assetId: 10015,
            templateId: 1002001,
            slot: -1,
            type: "MOVED",
            body: { oldSlot: 1 },
          },
          {
            ...base,
            compartmentId: compartmentId(1001, 4),
            assetId: 10018,
            templateId: 4000000,
            slot: 1,
            type: "DELETED",
            body: {},
          },
          {
            ...base,
            compartmentId: compartmentId(1001, 1),
            assetId: 10014,
            templateId: 1302000,
            slot: -11,
            type: "UPDATED",
            body: {
              referenceId: 11014,
              referenceType: "equipable",
              referenceData: equipData(20),
              expiration: ZERO_TIME,
            },
          },
        ]);
        const ariaSeen = await receiveUntil(aria.client, (p) =>
          p.opcode === change && p.body[2] === 0x03 &&
          p.body.length > 10, { what: "the UPDATED refresh" });
        const packets = (opcode: number, seen: Received[]) =>
          seen.filter((p) => p.opcode === opcode).map((p) => toHex(p.body));
        const look = `01 00 20 4e 00 00 01 30 75 00 00
        01 11 4a 0f 00  05 82 de 0f 00  0b f0 dd 13 00  06 a2 2c 10 00  07 81 5b 10 00  ff
        ff  00 00 00 00  00 00 00 00 00 00 00 00 00 00 00 00`;
        const ariaAppearance = hexOf(`e9 03 00 00 01 ${look} 00 00 00 00 00 00 00`);
        assertEquals(packets(change, ariaSeen), [
          hexOf("01 01 00 02 02 00 02 81 84 1e 00 00 ff ff ff ff ff ff ff ff 14 00 00 00 00 00"),
          hexOf("01 01 01 02 01 00 31 00"),
          hexOf("01 01 02 01 01 00 ff ff 02"),
          hexOf("01 01 03 04 01 00"),
          hexOf(`01 02 03 01 f5 ff 00 01 f5 ff
          01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff 07 00
          00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00
          00 00 00 00  00 00 00 00 00 00 00 00 00 00
          00 00 00 00 00 00 00 00 00 40 e0 fd 3b 37 4f 01 ff ff ff ff  02`),
        ]);
        // The hat went on: one look change to the map, the owner included (the UPDATED keeps the look).
        assertEquals(packets(appearance, ariaSeen), [ariaAppearance]);
        const codySeen = await receiveUntil(cody.client, isOpcode(appearance), { what: "Aria's new look" });
        assertEquals(toHex(codySeen[codySeen.length - 1].body), ariaAppearance);

        // The cache is what the service holds: the REST view after the same changes.
        const expected = structuredClone(inventoryDocument(field.character(1001))) as {
          included: {
            type: string;
            id: string;
            attributes: Record<string, unknown>;
            relationships?: { assets: { data: { type: string; id: string }[] } };
          }[];
        };
        const byId = (id: string) => expected.included.find((r) => r.type === "assets" && r.id === id)!;
        (byId("10016").attributes.referenceData as { quantity: number }).quantity = 49;
        byId("10015").attributes.slot = -1;
        byId("10014").attributes.referenceData = equipData(20);
        const etc = expected.included.find((r) => r.type === "compartments" && r.attributes.type === 4)!;
        etc.relationships!.assets.data = [];
        expected.included = expected.included.filter((r) => !(r.type === "assets" && r.id === "10018"));
        const use = expected.included.find((r) => r.type === "compartments" && r.attributes.type === 2)!;
        use.relationships!.assets.data.push({ type: "assets", id: "55001" });
        expected.included.push({
          type: "assets",
          id: "55001",
          attributes: {
            slot: 2,
            templateId: 2000001,
            expiration: ZERO_TIME,
            referenceId: 78001,
            referenceType: "consumable",
            referenceData: { ownerId: 0, quantity: 20, flag: 0, rechargeable: 0 },
          },
        });
        field.rest.on("GET", "characters/1001/inventory", { json: expected });
        const rest = createRestClient({ baseServiceUrl: field.rest.root, env: () => undefined });
        const serviceView = await getInventory(rest, field.tenant, 1001);
        assertEquals(view(aria.session.get(CHARACTER_DATA)!.inventory), view(serviceView));

        // Compartment events: enable actions, then the merge / sort result.
        const compartment = { characterId: 1001, compartmentId: compartmentId(1001, 2) };
        await field.publishEvent(compartmentStatusContract, {
          ...compartment,
          type: "RESERVATION_CANCELLED",
          body: { itemId: 2000000, slot: 1, quantity: 1 },
        });
        await field.publishEvent(compartmentStatusContract, {
          ...compartment,
          type: "MERGE_COMPLETE",
          body: { type: 2 },
        });
        await field.publishEvent(compartmentStatusContract, {
          ...compartment,
          type: "CAPACITY_CHANGED",
          body: { type: 2, capacity: 32 },
        });
        await field.publishEvent(compartmentStatusContract, {
          ...compartment,
          type: "SORT_COMPLETE",
          body: { type: 2 },
        });
        const arranged = await receiveUntil(aria.client, isOpcode(sort), { what: "CompartmentSort" });
        assertEquals(
          arranged.filter(isOpcode(statChanged, merge, sort)).map((p) => [p.opcode, toHex(p.body)]),
          [
            [statChanged, hexOf("01 00 00 00 00 00")],
            [statChanged, hexOf("01 00 00 00 00 00")],
            [merge, hexOf("00 02")],
            [statChanged, hexOf("01 00 00 00 00 00")],
            [sort, hexOf("00 02")],
          ],
        );
        assertEquals(
          aria.session.get(CHARACTER_DATA)!.inventory!.compartments.find((c) => c.type === 2)!.capacity,
          32,
        );

        // Sentinels, on the same partition after everything above: each must arrive, nothing before it.
        const sentinel = (characterId: number): AssetStatusEvent => ({
          characterId,
          compartmentId: compartmentId(characterId, 2),
          assetId: characterId * 10 + 6,
          templateId: 2000000,
          slot: 1,
          type: "QUANTITY_CHANGED",
          body: { quantity: 7 },
        });
        await field.publishEvent(assetStatusContract, sentinel(1002));
        await field.publishEvent(assetStatusContract, sentinel(3001));
        await field.publishEvent(assetStatusContract, sentinel(2001), { tenant: field.otherTenant! });
        await field.publishEvent(assetStatusContract, sentinel(2001));
        const isSentinel = (p: Received) =>
          p.opcode === change && toHex(p.body) === hexOf("01 01 01 02 01 00 07 00");
        for (
          const [who, name] of [[brin, "Brin (other map)"], [dana, "Dana (other channel)"], [
            foreign,
            "the other tenant's 2001",
          ]] as const
        ) {
          await expectNoneBefore(who.client, ours, isSentinel, `${name} gets none of Aria's packets`);
        }
        const codyRest = await expectNoneBefore(
          cody.client,
          isOpcode(change, merge, sort),
          isSentinel,
          "Cody",
        );
        assertTrue(codyRest.every((p) => p.opcode !== appearance), "one appearance update only");
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "inventory field: requests → compartment commands; refused and malformed → nothing",
    async () => {
      const field = await startField();
      try {
        const cody = await field.login(2001); // Henesys, channel 1, at (-200, 274)
        await receiveUntil(cody.client, () => true, { what: "anything after login" }).catch(() => {});
        const send = (handler: string, build: Parameters<typeof field.packet>[1]) =>
          cody.client.send(field.packet(handler, build));
        const commands = () => field.captured(compartmentCommandContract);
        let cursor = 0; // every command on the topic comes from this test, in order
        const expectNext = async (raw: string) => {
          await field.waitFor(`command ${cursor + 1}`, () => commands().length > cursor);
          const command = commands()[cursor++];
          assertEquals(command.raw, raw, "the next command");
          assertEquals(command.keyId, 2001);
          assertEquals(toHex(command.key!), "d1 07 00 00 00 00 00 00");
          assertEquals(command.headers.TENANT_ID, field.tenant.id);
          assertEquals(command.headers.REGION, "GMS");
          assertTrue(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(command.headers.traceparent), "traceparent");
        };
        const move =
          (type: number, source: number, destination: number, count: number) => (w: PacketWriter) =>
            w.uint32(7).byte(type).int16(source).int16(destination).int16(count);

        await send("CharacterInventoryMoveHandle", move(2, 1, 5, 1));
        await expectNext(
          `{"characterId":2001,"inventoryType":2,"type":"MOVE","body":{"source":1,"destination":5}}`,
        );
        await send("CharacterInventoryMoveHandle", move(1, 1, -1, 1));
        await expectNext(
          `{"characterId":2001,"inventoryType":1,"type":"EQUIP","body":{"source":1,"destination":-1}}`,
        );
        await send("CharacterInventoryMoveHandle", move(1, -11, 3, 1));
        await expectNext(
          `{"characterId":2001,"inventoryType":1,"type":"UNEQUIP","body":{"source":-11,"destination":3}}`,
        );
        await send("CharacterInventoryMoveHandle", move(4, 1, 0, 2));
        await expectNext(
          `{"characterId":2001,"inventoryType":4,"type":"DROP","body":{"worldId":0,"channelId":1,"mapId":100000000,"source":1,"quantity":2,"x":-200,"y":274}}`,
        );
        await send("CompartmentMergeHandle", (w) => w.uint32(8).byte(2));
        await expectNext(`{"characterId":2001,"inventoryType":2,"type":"MERGE","body":{}}`);
        await send("CompartmentSortHandle", (w) => w.uint32(9).byte(4));
        await expectNext(`{"characterId":2001,"inventoryType":4,"type":"SORT","body":{}}`);

        // Nobody answered the sort: the watchdog unlocks the client rather than leaving it frozen.
        const statChanged = field.writerOpcode("StatChanged");
        const unlocked = await receiveUntil(cody.client, isOpcode(statChanged), {
          what: "enable actions from the watchdog",
          timeoutMs: 6000,
        });
        assertEquals(toHex(unlocked[unlocked.length - 1].body), hexOf("01 00 00 00 00 00"));

        // Refused (each answered with enable actions) and malformed: no command, the session lives on.
        const refused: [string, (w: PacketWriter) => void][] = [
          ["CharacterInventoryMoveHandle", move(9, 1, 2, 1)], // no such inventory type
          ["CharacterInventoryMoveHandle", move(4, 1, 0, 5)], // drops 5 of 3
          ["CharacterInventoryMoveHandle", move(4, 1, 0, 0)], // drops none
          ["CharacterInventoryMoveHandle", move(2, 7, 3, 1)], // empty source slot
          ["CharacterInventoryMoveHandle", move(2, 1, -5, 1)], // equips a potion
          ["CharacterInventoryMoveHandle", move(2, 1, 1, 1)], // onto itself
          ["CompartmentMergeHandle", (w) => w.uint32(1).byte(0)],
          ["CompartmentSortHandle", (w) => w.uint32(1).byte(6)],
        ];
        for (const [handler, build] of refused) {
          await send(handler, build);
          const seen = await receiveUntil(cody.client, isOpcode(statChanged), {
            what: `enable actions (${handler})`,
          });
          assertEquals(toHex(seen[seen.length - 1].body), hexOf("01 00 00 00 00 00"));
        }
        await send("CharacterInventoryMoveHandle", (w) => w.uint32(1).byte(2).int16(1));
        await send("CompartmentSortHandle", (w) => w.uint32(1));
        await send("CharacterInventoryMoveHandle", move(3, 1, 4, 1));
        await expectNext(
          `{"characterId":2001,"inventoryType":3,"type":"MOVE","body":{"source":1,"destination":4}}`,
        );
        assertTrue(!cody.session.isClosed, "the session survives");
      } finally {
        await field.stop();
      }
    },
  ),
);
