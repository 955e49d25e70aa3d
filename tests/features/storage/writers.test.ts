/**
 * Golden bytes of StorageOperation (every mode), with the GMS 83 template's operation codes, written
 * out from `libs/atlas-packet` at d59a1ad2df (`storage/clientbound/show.go`, `store_retrieve_assets.go`,
 * `error.go`, `error_modes.go`): the layouts do not differ by version apart from the items.
 */
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { hex, TEMPLATE_FILES, toHex, writerOptions } from "../map/templates.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import { type BuildPacket, MissingWriterOptionError } from "../../../src/features/outbound.ts";
import type { Tenant } from "../../../src/tenant.ts";
import type { StorageAsset } from "../../../src/features/storage/rest.ts";
import {
  storageErrorBody,
  storageMesoBody,
  storageShowBody,
  storageTabBody,
} from "../../../src/features/storage/writers.ts";

const GMS83: Tenant = { id: crypto.randomUUID(), region: "GMS", majorVersion: 83, minorVersion: 1 };
const options = writerOptions(TEMPLATE_FILES.gms83, "StorageOperation");
const bytes = (build: BuildPacket) => {
  const w = packetWriter();
  build(w, options);
  return toHex(w.toBytes());
};
const golden = (text: string) => toHex(hex(text));

const assets: StorageAsset[] = [
  {
    id: 12,
    inventoryType: 2,
    slot: 0,
    templateId: 2000000,
    expiration: null,
    referenceId: 8002,
    referenceType: "consumable",
    quantity: 20,
    ownerId: 0,
    flag: 0,
  },
  {
    id: 13,
    inventoryType: 1,
    slot: 1,
    templateId: 1302000,
    expiration: null,
    referenceId: 7002,
    referenceType: "equipable",
    quantity: undefined,
    ownerId: undefined,
    flag: undefined,
  },
];
const SWORD = `01 f0 dd 13 00 00 ff ff ff ff ff ff ff ff 00 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
  00 00 00 00  00 00 00 00 00 00 00 00 00 00
  00 00 00 00 00 00 00 00  00 40 e0 fd 3b 37 4f 01  ff ff ff ff`;
const POTIONS = "02 80 84 1e 00 00 ff ff ff ff ff ff ff ff 14 00 00 00 00 00";

Deno.test("StorageOperation SHOW: keeper, capacity, all flags, meso, then each tab's items", () => {
  assertEquals(
    bytes(storageShowBody(GMS83, 1012009, 4, 5000, assets)),
    golden(`16 29 71 0f 00 04 7e 00 00 00 00 00 00 00 88 13 00 00
      01 ${SWORD}
      01 ${POTIONS}
      00 00 00`),
  );
});

Deno.test("StorageOperation STORE_ASSETS / RETRIEVE_ASSETS: the changed tab only", () => {
  assertEquals(
    bytes(storageTabBody(GMS83, "STORE_ASSETS", 4, 2, assets)),
    golden(`0d 04 08 00 00 00 00 00 00 00 01 ${POTIONS}`),
  );
  assertEquals(
    bytes(storageTabBody(GMS83, "RETRIEVE_ASSETS", 4, 1, [])),
    golden("09 04 04 00 00 00 00 00 00 00 00"),
  );
});

Deno.test("StorageOperation UPDATE_MESO and the error modes", () => {
  assertEquals(bytes(storageMesoBody(4, 15000)), golden("13 04 02 00 00 00 00 00 00 00 98 3a 00 00"));
  assertEquals(bytes(storageErrorBody("STORAGE_FULL")), golden("0a"));
  assertEquals(bytes(storageErrorBody("NOT_ENOUGH_MESOS")), golden("0b"));
  assertEquals(bytes(storageErrorBody("ONE_OF_A_KIND")), golden("0c"));
  assertEquals(bytes(storageErrorBody("GENERIC", "Hi")), golden("18 01 02 00 48 69"));
  // A tenant without the codes: nothing is written (the send path logs it).
  const w = packetWriter();
  assertThrows(() => storageErrorBody("STORAGE_FULL")(w, {}), MissingWriterOptionError);
});
