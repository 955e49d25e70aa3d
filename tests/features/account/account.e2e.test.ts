/**
 * Account status events on the real broker (field harness): atlas-account's LOGGED_IN / LOGGED_OUT keep
 * the logged-in table the login check reads; CREATED and other tenants' events change nothing. Each
 * absence is proven by a sentinel event published after it on the same topic.
 */
import { assertEquals } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { startField } from "../../support/field.ts";
import { accountStatusContract } from "../../../src/features/account/messages.ts";

Deno.test(
  integration(
    "account status e2e: LOGGED_IN and LOGGED_OUT on the real broker; CREATED and other tenants ignored",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const accounts = field.ctx.accounts;
        const aria = await field.login(1001); // account 1, logged in by the login hand-shake
        assertEquals(accounts.isLoggedIn(field.tenant, 1), true);
        const status = (account_id: number, value: "LOGGED_IN" | "LOGGED_OUT" | "CREATED", other = false) =>
          field.publishEvent(accountStatusContract, { account_id, name: `acc${account_id}`, status: value }, {
            tenant: other ? field.otherTenant : field.tenant,
            key: account_id,
          });

        await status(1, "LOGGED_OUT");
        await status(77, "LOGGED_IN");
        await status(78, "CREATED");
        await status(79, "LOGGED_IN", true);
        await status(80, "LOGGED_IN"); // the sentinel
        await field.waitFor("the sentinel account 80", () => accounts.isLoggedIn(field.tenant, 80));
        assertEquals([1, 77, 78, 79].map((id) => accounts.isLoggedIn(field.tenant, id)), [
          false,
          true,
          false,
          false,
        ]);
        assertEquals(accounts.isLoggedIn(field.otherTenant!, 79), true);
        assertEquals(aria.session.isClosed, false, "the table changes; the session is not touched");
      } finally {
        await field.stop();
      }
    },
  ),
);
