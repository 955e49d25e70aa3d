import { assertEquals } from "../../support/assert.ts";
import { monsterState, PARTY_CACHE_MS } from "../../../src/features/monster/consumers.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import type { Tenant } from "../../../src/tenant.ts";

const TENANT: Tenant = {
  id: "0b9c3e4a-1d2f-4a5b-8c6d-7e8f9a0b1c2d",
  region: "GMS",
  majorVersion: 83,
  minorVersion: 1,
};

/** A party as `parties?filter[members.id]=` answers once parsed: the members' ids. */
function party(...ids: number[]) {
  return [{
    id: 7,
    attributes: { leaderId: ids[0] },
    relationships: { members: ids.map((id) => ({ id, attributes: {} })) },
  }];
}

Deno.test("party cache: an expired entry answers at once while one refresh runs, then the refresh", async () => {
  const lookups: { path: string; answer: (resources: unknown[]) => void }[] = [];
  const rest = {
    getMany: (_service: string, path: string) =>
      new Promise<unknown[]>((resolve) => lookups.push({ path, answer: resolve })),
  };
  const ctx = { rest, presence: {} } as unknown as Pick<FeatureContext, "rest" | "presence">;
  const realNow = Date.now;
  let now = 1_000_000;
  Date.now = () => now;
  try {
    const state = monsterState(ctx);
    // Never seen: the look-up is waited for.
    const first = state.partyOf(TENANT, 1001);
    assertEquals(lookups.length, 1);
    assertEquals(lookups[0].path, "parties?filter[members.id]=1001");
    lookups[0].answer(party(1001, 2001));
    assertEquals(await first, [1001, 2001]);

    // Within the cache period: no look-up.
    now += PARTY_CACHE_MS - 1;
    assertEquals(await state.partyOf(TENANT, 1001), [1001, 2001]);
    assertEquals(lookups.length, 1);

    // Expired: the old members answer although the refresh has not (and may never) come back.
    now += 1;
    assertEquals(await state.partyOf(TENANT, 1001), [1001, 2001]);
    assertEquals(await state.partyOf(TENANT, 1001), [1001, 2001]);
    assertEquals(lookups.length, 2, "one refresh, not one per hit");

    // The refresh's answer is used from then on, and is fresh for a whole period.
    lookups[1].answer(party(1001, 3001));
    await new Promise((r) => setTimeout(r, 0));
    assertEquals(await state.partyOf(TENANT, 1001), [1001, 3001]);
    now += PARTY_CACHE_MS - 1;
    assertEquals(await state.partyOf(TENANT, 1001), [1001, 3001]);
    assertEquals(lookups.length, 2);
  } finally {
    Date.now = realNow;
  }
});
