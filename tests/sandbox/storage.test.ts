/**
 * The sandbox's atlas-storage and storage sagas: a saga that cannot complete changes nothing and answers
 * `ERROR`; in dev mode a bot opens storage at the keeper, stores potions and mesos, takes them back and
 * arranges, and both sides (storage REST, the channel's cached inventory) agree afterwards.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { parseSettings } from "../../src/config/settings.ts";
import { startDev } from "../../src/sandbox/dev.ts";
import { createStore } from "../../src/sandbox/store.ts";
import { applyStorageSaga } from "../../src/sandbox/responders/storage.ts";
import { connectBot } from "../../src/bot/bot.ts";
import { parseScript, runScript } from "../../src/bot/script.ts";
import { CHARACTER_DATA } from "../../src/features/character/enter-field.ts";
import { getInventory, type Inventory } from "../../src/features/inventory/rest.ts";
import { getStorage, getStorageAssets } from "../../src/features/storage/rest.ts";
import { createRestClient } from "../../src/rest/client.ts";
import { SANDBOX_TENANT } from "../../src/sandbox/world.ts";
import { freeConsecutivePorts } from "./support.ts";

const at = "2026-01-01T00:00:00.000Z";

Deno.test("sandbox storage: a saga beyond the purse changes nothing and answers NOT_ENOUGH_MESOS", () => {
  const store = createStore({ generatedCount: 0 });
  const c = store.character(2001)!;
  const storage = store.storage(2, 0);
  const meso = c.attributes.meso;
  const out = applyStorageSaga(c, storage, {
    transactionId: crypto.randomUUID(),
    sagaType: "inventory_transaction",
    initiatedBy: "STORAGE",
    steps: [
      {
        stepId: "deduct_character_mesos",
        status: "pending",
        action: "award_mesos",
        payload: {
          characterId: 2001,
          worldId: 0,
          channelId: 0,
          actorId: 2001,
          actorType: "STORAGE",
          amount: -(meso! + 1),
        },
        createdAt: at,
        updatedAt: at,
      },
      {
        stepId: "add_storage_mesos",
        status: "pending",
        action: "update_storage_mesos",
        payload: { characterId: 2001, accountId: 2, worldId: 0, operation: "ADD", mesos: meso! + 1 },
        createdAt: at,
        updatedAt: at,
      },
    ],
  });
  assertEquals(out.storage.map((e) => [e.type, e.body]), [["ERROR", { errorCode: "NOT_ENOUGH_MESOS" }]]);
  assertEquals([c.attributes.meso, storage.mesos], [meso, 0]);
});

function view(inventory: Inventory | null | undefined) {
  return (inventory?.compartments ?? []).map((c) => ({
    type: c.type,
    capacity: c.capacity,
    assets: [...c.assets].sort((a, b) => a.id - b.id),
  })).sort((a, b) => a.type - b.type);
}

Deno.test({
  name: "dev mode: the bot stores and takes items and mesos at the storage keeper",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const outcome = parseSettings(["--log-level", "error"], {});
    if (outcome.kind !== "run") throw new Error("settings rejected");
    const port = freeConsecutivePorts(3);
    const dev = await startDev(outcome.settings, { channelPort: port, generatedCount: 2 });
    const lines: string[] = [];
    const bot = await connectBot({ port, characterId: 2001, log: (l) => lines.push(l), timeoutMs: 8000 });
    try {
      await runScript(
        bot,
        parseScript(
          "login,storage,storage:store:1:2000000:5,storage:store:3:4000000:5,storage:meso:-1000,storage:take:4:1," +
            "storage:arrange,storage:close",
        ),
        0,
      );
      assertTrue(
        lines.some((l) => l.includes("← StorageOperation") && l.includes("mode 22")),
        lines.join("\n"),
      );
      const rest = createRestClient({ baseServiceUrl: dev.sandbox.root, env: () => undefined });
      const storage = await getStorage(rest, SANDBOX_TENANT, 2, 0);
      assertEquals(storage.mesos, 1000);
      const assets = await getStorageAssets(rest, SANDBOX_TENANT, 2, 0);
      assertEquals(assets.map((a) => [a.templateId, a.quantity, a.slot]), [[2000000, 5, 0]]);
      // The inventory lost 5 potions; the 5 etc items came back into a fresh slot: cache = service.
      await bot.waitFor("StorageOperation", (p) => p.mode === 22, { since: 0 });
      const session = [...dev.app.channels[0].sessions.values()].find((s) => s.characterId === 2001)!;
      assertEquals(
        view(session.get(CHARACTER_DATA)?.inventory),
        view(await getInventory(rest, SANDBOX_TENANT, 2001)),
      );
    } finally {
      bot.close();
      await dev.stop();
    }
  },
});
