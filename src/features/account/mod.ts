/**
 * The account domain: keeps the logged-in account table current (boot prefill over REST, then
 * `EVENT_TOPIC_ACCOUNT_STATUS`).
 * @module
 */
import type { Feature } from "../feature.ts";
import { getLogger } from "../../observability/log.ts";
import { tenantIdentity } from "../../tenant.ts";
import {
  accountSessionCommandContract,
  accountSessionStatusContract,
  accountStatusContract,
} from "./messages.ts";
import { loggedInAccountIds } from "./rest.ts";

const log = getLogger("account");

/** See the module documentation. */
export const accountFeature: Feature = {
  name: "account",
  contracts: [accountStatusContract, accountSessionCommandContract, accountSessionStatusContract],
  async start(ctx) {
    const served = new Map(ctx.channels().map((c) => [tenantIdentity(c.tenant), c.tenant]));
    ctx.bus.subscribe(accountStatusContract, ({ value, tenant }) => {
      // Only tenants this process serves keep a table; others' events are not ours.
      if (!served.has(tenantIdentity(tenant))) return;
      // Other statuses (CREATED) say nothing about being logged in.
      if (value.status !== "LOGGED_IN" && value.status !== "LOGGED_OUT") return;
      ctx.accounts.setLoggedIn(tenant, value.account_id, value.status === "LOGGED_IN");
    }, { name: "account_status_event" });

    const rest = ctx.rest;
    if (!rest) return;
    await Promise.all([...served.values()].map(async (tenant) => {
      try {
        const ids = await loggedInAccountIds(rest, tenant);
        ctx.accounts.prefill(tenant, ids);
        log.info("logged-in accounts loaded", { tenantId: tenant.id, count: ids.length });
      } catch (err) {
        log.error("could not load logged-in accounts; the table fills from account status events", {
          tenantId: tenant.id,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }));
  },
};
