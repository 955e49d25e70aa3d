/**
 * End to end on the real broker (GMS 83 template): SHOW_STORAGE and atlas-storage's status events
 * become StorageOperation packets for exactly the account's session; StorageOperationHandle becomes
 * storage sagas (fees from the keeper SHOW_STORAGE named) and `ARRANGE`, with the exact JSON and keys.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { REST_FIXTURES } from "../../support/rest-fixtures.ts";
import { expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import type { PacketWriter } from "../../../src/protocol/writer.ts";
import {
  storageCommandContract,
  storageShowCommandContract,
  storageStatusContract,
} from "../../../src/features/storage/messages.ts";
import { sagaCommandContract, sagaKeyId } from "../../../src/features/saga/messages.ts";

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");
const SWORD = `01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00  00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00  00 40 e0 fd 3b 37 4f 01  ff ff ff ff`;
const POTIONS = "02 80 84 1e 00 00 ff ff ff ff ff ff ff ff 14 00 00 00 00 00";

Deno.test(integration("storage field: show, status events and storage requests", async () => {
  const field = await startField({ secondTenant: true });
  try {
    const cody = await field.login(2001); // account 2, Henesys, channel 1
    const aria = await field.login(1001); // account 1, same map
    const foreign = await field.login(2001, { otherTenant: true });
    const storageOp = field.writerOpcode("StorageOperation");
    const statChanged = field.writerOpcode("StatChanged");
    field.rest.on("GET", "storage/accounts/2?worldId=0", { json: REST_FIXTURES.storage });
    field.rest.on("GET", "storage/accounts/2/assets?worldId=0", { json: REST_FIXTURES.storageAssets });
    field.rest.on("GET", "data/npcs/1012009", {
      json: {
        data: {
          type: "npcs",
          id: "1012009",
          attributes: { name: "Storage Keeper", trunk_put: 100, trunk_get: 0, storebank: true },
        },
      },
    });

    await field.publishEvent(storageShowCommandContract, {
      transactionId: crypto.randomUUID(),
      worldId: 0,
      channelId: 1,
      characterId: 2001,
      npcId: 1012009,
      accountId: 2,
      type: "SHOW_STORAGE",
    });
    let seen = await receiveUntil(cody.client, isOpcode(storageOp), { what: "SHOW" });
    assertEquals(
      toHex(seen[seen.length - 1].body),
      hexOf(`16 29 71 0f 00 04 7e 00 00 00 00 00 00 00 88 13 00 00 01 ${SWORD} 01 ${POTIONS} 00 00 00`),
    );

    // Status events for account 2 in world 0.
    const status = { transactionId: crypto.randomUUID(), worldId: 0, accountId: 2 };
    await field.publishEvent(storageStatusContract, {
      ...status,
      type: "MESOS_UPDATED",
      body: { oldMesos: 5000, newMesos: 15000 },
    });
    await field.publishEvent(storageStatusContract, {
      ...status,
      type: "ERROR",
      body: { errorCode: "NOT_ENOUGH_MESOS" },
    });
    await field.publishEvent(storageStatusContract, {
      ...status,
      type: "ERROR",
      body: { errorCode: "GENERIC", message: "Hi" },
    });
    await field.publishEvent(storageStatusContract, {
      ...status,
      type: "DEPOSITED",
      body: { assetId: 12, slot: 0, templateId: 2000000, referenceId: 8002, referenceType: "consumable" },
    });
    await field.publishEvent(storageStatusContract, { ...status, type: "ARRANGED", body: {} });
    seen = await receiveUntil(cody.client, (p) => p.opcode === storageOp && p.body[0] === 0x16, {
      what: "ARRANGED",
    });
    assertEquals(seen.filter(isOpcode(storageOp)).map((p) => toHex(p.body)), [
      hexOf("13 04 02 00 00 00 00 00 00 00 98 3a 00 00"),
      hexOf("0b"),
      hexOf("18 01 02 00 48 69"),
      hexOf(`0d 04 08 00 00 00 00 00 00 00 01 ${POTIONS}`),
      hexOf(`16 00 00 00 00 04 7e 00 00 00 00 00 00 00 88 13 00 00 01 ${SWORD} 01 ${POTIONS} 00 00 00`),
    ]);
    // Nobody else: the same event for account 1 is Aria's sentinel; the other tenant's account 2 gets its own.
    await field.publishEvent(storageStatusContract, {
      ...status,
      accountId: 1,
      type: "ERROR",
      body: { errorCode: "ONE_OF_A_KIND" },
    });
    await field.publishEvent(storageStatusContract, {
      ...status,
      type: "ERROR",
      body: { errorCode: "ONE_OF_A_KIND" },
    }, {
      tenant: field.otherTenant!,
    });
    const sentinel = (p: { opcode: number; body: Uint8Array }) =>
      p.opcode === storageOp && toHex(p.body) === "0c";
    await expectNoneBefore(aria.client, isOpcode(storageOp), sentinel, "Aria (another account)");
    await expectNoneBefore(foreign.client, isOpcode(storageOp), sentinel, "the other tenant's account 2");

    // Requests: sagas with the keeper's deposit fee, keyed by the transaction; ARRANGE keyed by the account.
    const send = (build: (w: PacketWriter) => void) =>
      cody.client.send(field.packet("StorageOperationHandle", build));
    let sagas = 0;
    const nextSaga = async () => {
      await field.waitFor(`saga ${sagas + 1}`, () => field.captured(sagaCommandContract).length > sagas);
      const message = field.captured(sagaCommandContract)[sagas++];
      const value = message.value as {
        transactionId: string;
        steps: { createdAt: string; updatedAt: string }[];
      };
      assertEquals(message.keyId, sagaKeyId(value.transactionId));
      assertEquals(message.headers.TENANT_ID, field.tenant.id);
      assertTrue(
        value.steps.every((s) => s.createdAt === value.steps[0].createdAt && s.updatedAt === s.createdAt),
      );
      return JSON.parse(
        message.raw.replaceAll(value.transactionId, "T").replaceAll(value.steps[0].createdAt, "AT"),
      );
    };
    const step = (stepId: string, action: string, payload: unknown) => ({
      stepId,
      status: "pending",
      action,
      payload,
      createdAt: "AT",
      updatedAt: "AT",
    });
    const saga = (...steps: unknown[]) => ({
      transactionId: "T",
      sagaType: "inventory_transaction",
      initiatedBy: "STORAGE",
      steps,
    });
    const zero = "0001-01-01T00:00:00Z";

    await send((w) => w.byte(5).int16(1).uint32(2000000).uint16(10)); // store 10 red potions from use slot 1
    assertEquals(
      await nextSaga(),
      saga(
        step("charge_deposit_fee", "award_mesos", {
          characterId: 2001,
          worldId: 0,
          channelId: 1,
          actorId: 1012009,
          actorType: "NPC",
          amount: -100,
        }),
        step("remove_from_inventory", "destroy_asset", {
          characterId: 2001,
          templateId: 2000000,
          quantity: 10,
          removeAll: false,
        }),
        step("add_to_storage", "deposit_to_storage", {
          characterId: 2001,
          accountId: 2,
          worldId: 0,
          slot: 1,
          templateId: 2000000,
          referenceId: 0,
          referenceType: "consumable",
          expiration: zero,
          quantity: 10,
          ownerId: 2001,
          flag: 0,
        }),
      ),
    );
    await send((w) => w.byte(4).byte(1).byte(1)); // retrieve the sword (no withdrawal fee)
    assertEquals(
      await nextSaga(),
      saga(
        step("remove_from_storage", "withdraw_from_storage", {
          characterId: 2001,
          accountId: 2,
          worldId: 0,
          assetId: 13,
          quantity: 0,
        }),
        step("add_to_inventory", "award_asset", {
          characterId: 2001,
          item: { templateId: 1302000, quantity: 1, expiration: zero },
        }),
      ),
    );
    await send((w) => w.byte(7).int32(-1000));
    assertEquals(
      await nextSaga(),
      saga(
        step("deduct_character_mesos", "award_mesos", {
          characterId: 2001,
          worldId: 0,
          channelId: 1,
          actorId: 2001,
          actorType: "STORAGE",
          amount: -1000,
        }),
        step("add_storage_mesos", "update_storage_mesos", {
          characterId: 2001,
          accountId: 2,
          worldId: 0,
          operation: "ADD",
          mesos: 1000,
        }),
      ),
    );
    await send((w) => w.byte(7).int32(500));
    assertEquals(
      (await nextSaga()).steps.map((s: { stepId: string }) => s.stepId),
      ["subtract_storage_mesos", "add_character_mesos"],
    );
    await send((w) => w.byte(6));
    await field.waitFor("ARRANGE", () => field.captured(storageCommandContract).length > 0);
    const arrange = field.captured(storageCommandContract)[0];
    assertEquals(arrange.keyId, 2);
    assertEquals({ ...arrange.value, transactionId: "T" }, {
      transactionId: "T",
      worldId: 0,
      accountId: 2,
      type: "ARRANGE",
      body: {},
    });

    // Refused (enable actions, nothing produced): more than held, another item, meso beyond the purse, bad mode.
    for (
      const build of [
        (w: PacketWriter) => w.byte(5).int16(1).uint32(2000000).uint16(51),
        (w: PacketWriter) => w.byte(5).int16(1).uint32(2000001).uint16(1),
        (w: PacketWriter) => w.byte(7).int32(-2_000_000),
        (w: PacketWriter) => w.byte(99),
      ]
    ) {
      await send(build);
      seen = await receiveUntil(cody.client, isOpcode(statChanged), { what: "enable actions" });
      assertEquals(toHex(seen[seen.length - 1].body), hexOf("01 00 00 00 00 00"));
    }
    // Close forgets the keeper: the next deposit has no fee; it is also the next saga after the refusals.
    await send((w) => w.byte(8));
    await send((w) => w.byte(5).int16(1).uint32(2000000).uint16(1));
    assertEquals((await nextSaga()).steps.map((s: { stepId: string }) => s.stepId), [
      "remove_from_inventory",
      "add_to_storage",
    ]);
  } finally {
    await field.stop();
  }
}));
