import { assertEquals } from "../../support/assert.ts";
import { onMonsterStatus } from "../../../src/features/monster/consumers.ts";
import { MONSTER_WRITERS } from "../../../src/features/monster/writers.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import type { Tenant } from "../../../src/tenant.ts";

const TENANT: Tenant = {
  id: "5d3c2b1a-0f9e-4d8c-b7a6-958473625140",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

/** A monster as atlas-monsters' `monsters/{id}` answers once parsed. */
function monster(id: number) {
  return {
    id,
    attributes: {
      worldId: 0,
      channelId: 1,
      mapId: 100000000,
      monsterId: 100100,
      x: 0,
      y: 0,
      stance: 5,
      fh: 1,
      team: -1,
      controlCharacterId: 0,
      maxHp: 30,
      hp: 30,
      mp: 0,
    },
  };
}

const event = (type: string, uniqueId: number) =>
  ({
    value: { worldId: 0, channelId: 1, mapId: 100000000, uniqueId, monsterId: 100100, type, body: {} },
    tenant: TENANT,
  }) as never;

Deno.test("monster status: a CREATED waiting on atlas-monsters holds up only its own monster's events", async () => {
  const reads = new Map<string, (resource: unknown) => void>();
  const sent: string[] = [];
  const ctx = {
    channels: () => [{ tenant: TENANT, worldId: 0, channelId: 1 }],
    presence: { sessionsIn: () => [{ id: "observer" }] },
    rest: {
      get: (_service: string, path: string) => new Promise((resolve) => reads.set(path, resolve)),
    },
    broadcast: (_sessions: unknown, writer: unknown, _body: unknown) => {
      const name = writer === MONSTER_WRITERS.spawn
        ? "spawn"
        : writer === MONSTER_WRITERS.destroy
        ? "destroy"
        : "other";
      sent.push(name);
    },
  } as unknown as FeatureContext;

  // The consumer is released at once although atlas-monsters has not answered.
  await onMonsterStatus(ctx, event("CREATED", 7001));
  assertEquals([...reads.keys()], ["monsters/7001"]);
  // Another monster's KILLED is shown meanwhile.
  await onMonsterStatus(ctx, event("KILLED", 7002));
  assertEquals(sent, ["destroy"]);
  // The waiting monster's own KILLED waits for its spawn: the client never sees destroy before spawn.
  await onMonsterStatus(ctx, event("KILLED", 7001));
  assertEquals(sent, ["destroy"]);
  reads.get("monsters/7001")!(monster(7001));
  for (let i = 0; i < 10 && sent.length < 3; i++) await new Promise((r) => setTimeout(r, 0));
  assertEquals(sent, ["destroy", "spawn", "destroy"]);
});
