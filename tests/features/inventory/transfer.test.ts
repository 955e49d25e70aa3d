/**
 * End to end on the real broker (GMS 83 template): atlas-compartment-transfer's `COMPLETED` becomes
 * CashShopOperation "moved to inventory" (the item read from atlas-inventory, added to the session's
 * cached inventory) or "moved to cash inventory" (read from the cash shop), for the character's session
 * only. Bytes written out from `libs/atlas-packet` at d59a1ad2df `cash/clientbound/shop_item_moved.go`.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { REST_FIXTURES } from "../../support/rest-fixtures.ts";
import { expectNoneBefore, isOpcode, receiveUntil } from "../../support/receive.ts";
import { toHex } from "../map/templates.ts";
import { compartmentTransferStatusContract } from "../../../src/features/inventory/messages.ts";
import { CHARACTER_DATA } from "../../../src/features/character/enter-field.ts";

const hexOf = (text: string) => text.trim().split(/\s+/).join(" ");

function cashTab(characterId: number, assetId: number, slot: number) {
  return {
    data: {
      type: "compartments",
      id: `00000000-0000-4000-8000-${String(characterId).padStart(8, "0")}0005`,
      attributes: { type: 5, capacity: 24 },
      relationships: { assets: { data: [{ type: "assets", id: String(assetId) }] } },
    },
    included: [{
      type: "assets",
      id: String(assetId),
      attributes: {
        slot,
        templateId: 5150000,
        expiration: "0001-01-01T00:00:00Z",
        referenceId: 4401,
        referenceType: "cash",
        referenceData: { ownerId: 0, cashId: "9000000000789", quantity: 1, flag: 0, purchasedBy: 1001 },
      },
    }],
  };
}

Deno.test(integration("inventory field: compartment transfers completed → CashShopOperation", async () => {
  const field = await startField();
  try {
    const cody = await field.login(2001); // account 2
    const aria = await field.login(1001);
    const op = field.writerOpcode("CashShopOperation");
    field.rest.on("GET", "characters/2001/inventory/compartments?type=5", { json: cashTab(2001, 7001, 3) });
    field.rest.on("GET", "characters/1001/inventory/compartments?type=5", { json: cashTab(1001, 7002, 1) });
    field.rest.on("GET", "accounts/2/cash-shop/inventory/compartments?type=1", {
      json: REST_FIXTURES.cashCompartment,
    });
    const completed = (characterId: number, inventoryType: string, compartmentType: number) => ({
      characterId,
      type: "COMPLETED" as const,
      body: {
        transactionId: crypto.randomUUID(),
        accountId: 2,
        assetId: 4401,
        compartmentId: crypto.randomUUID(),
        compartmentType,
        inventoryType,
      },
    });
    await field.publishEvent(compartmentTransferStatusContract, completed(2001, "CHARACTER", 5));
    await field.publishEvent(compartmentTransferStatusContract, completed(2001, "CASH_SHOP", 1));
    await field.publishEvent(compartmentTransferStatusContract, completed(2001, "STORAGE", 1)); // logged only
    const seen = await receiveUntil(cody.client, (p) => p.opcode === op && p.body[0] === 106, {
      what: "moved to cash inventory",
    });
    assertEquals(seen.filter(isOpcode(op)).map((p) => toHex(p.body)), [
      hexOf(`68 03 00  02 30 95 4e 00 01 15 93 cd 79 2f 08 00 00 ff ff ff ff ff ff ff ff 01 00 00 00 00 00`),
      hexOf(`6a 15 93 cd 79 2f 08 00 00 02 00 00 00 d1 07 00 00 30 95 4e 00 31 11 00 00 01 00
        00 00 00 00 00 00 00 00 00 00 00 00 00  ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00`),
    ]);
    const cash = cody.session.get(CHARACTER_DATA)!.inventory!.compartments.find((c) => c.type === 5)!;
    assertTrue(
      cash.assets.some((a) => a.id === 7001 && a.slot === 3),
      "the moved item is in the cached cash tab",
    );

    // Aria's own transfer is her sentinel: Cody's packets never reached her.
    await field.publishEvent(compartmentTransferStatusContract, completed(1001, "CHARACTER", 5));
    await expectNoneBefore(
      aria.client,
      isOpcode(op),
      (p) => p.opcode === op && toHex(p.body).startsWith("68 01 00"),
      "Aria gets only her own transfer",
    );
  } finally {
    await field.stop();
  }
}));
