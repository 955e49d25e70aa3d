/**
 * The account service's side of a channel login, for the sandbox and the field test harness: it answers
 * `COMMAND_TOPIC_ACCOUNT_SESSION` the way atlas-account does (services/atlas-account/docs/domain.md and
 * its session registry at the reference revision):
 *
 * - every account keeps one state per (session id, issuer): 1 logged in, 2 in transition;
 * - `PROGRESS_STATE` on an account with no live state → `ERROR` `SYSTEM_ERROR`;
 * - `PROGRESS_STATE` state 1 from a channel succeeds only when some session of the account is in
 *   transition (the login server left it there after character selection, or the previous channel on a
 *   channel change); every other state of the account is dropped and this session becomes "logged in",
 *   with an `EVENT_TOPIC_ACCOUNT_STATUS` `LOGGED_IN`; otherwise `ERROR` `SYSTEM_ERROR`;
 * - `PROGRESS_STATE` state 2 moves this session to transition (if it was logged in) and always echoes;
 * - `LOGOUT` drops this session's state unless it is in transition; when no state is left the account
 *   is logged out (`LOGGED_OUT`).
 *
 * `STATE_CHANGED` echoes the command's `params` unchanged, so the channel tells a login (`characterId`)
 * from a channel change (`ipAddress`).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  type AccountSessionCommand,
  accountSessionCommandContract,
  accountSessionStatusContract,
  type AccountSessionStatusEvent,
  accountStatusContract,
} from "../../features/account/messages.ts";

const log = getLogger("sandbox.account-session");

/** The session id atlas-login uses is not visible to channels; any stable UUID stands for it. */
const LOGIN_SESSION = "00000000-0000-4000-8000-00000000f1e1";

/** Account states as atlas-account numbers them. */
export const ACCOUNT_STATE = { notLoggedIn: 0, loggedIn: 1, transition: 2 } as const;

/** What the responder knows about one account. */
export interface AccountSessionState {
  /** State by `${issuer}|${sessionId}`. */
  readonly sessions: ReadonlyMap<string, number>;
}

/** The account-session responder; see the module documentation. */
export interface AccountSessionResponder {
  /**
   * Plays atlas-login's part before a channel login: the account is logged in on the login server and
   * then put in transition by character selection. Publishes `LOGGED_IN` like atlas-account does.
   */
  admit(tenant: Tenant, accountId: number): Promise<void>;
  /** The states of an account's sessions (issuer|sessionId → state). */
  states(tenant: Tenant, accountId: number): ReadonlyMap<string, number>;
  /** Every command handled so far, in order (for assertions and the sandbox's log). */
  readonly handled: readonly { tenant: Tenant; command: AccountSessionCommand }[];
}

/** Account names the responder reports in account status events. */
export type AccountNameOf = (tenant: Tenant, accountId: number) => string;

/** Options of {@link accountSessionResponder}. */
export interface AccountSessionOptions {
  accountName?: AccountNameOf;
  /**
   * Accounts with no state that a channel asks to log in are admitted first, as if atlas-login had just
   * put them in transition (the sandbox has no login server; the field harness admits explicitly).
   */
  autoAdmit?: (tenant: Tenant, accountId: number) => boolean;
}

/** Subscribes the responder on `bus` (call before `bus.start()`). */
export function accountSessionResponder(
  bus: Bus,
  options: AccountSessionOptions = {},
): AccountSessionResponder {
  const accounts = new Map<string, Map<string, number>>();
  const handled: { tenant: Tenant; command: AccountSessionCommand }[] = [];
  const nameOf = options.accountName ?? ((_t, id) => `account${id}`);

  const table = (tenant: Tenant, accountId: number) => {
    const key = `${tenantIdentity(tenant)}|${accountId}`;
    let states = accounts.get(key);
    if (!states) accounts.set(key, states = new Map());
    return states;
  };

  const reply = (tenant: Tenant, event: AccountSessionStatusEvent) =>
    bus.publish(accountSessionStatusContract, event, { tenant, key: event.accountId });
  const accountStatus = (tenant: Tenant, accountId: number, status: "LOGGED_IN" | "LOGGED_OUT") =>
    bus.publish(accountStatusContract, { account_id: accountId, name: nameOf(tenant, accountId), status }, {
      tenant,
      key: accountId,
    });
  const error = (tenant: Tenant, sessionId: string, accountId: number, code: string) =>
    reply(tenant, { sessionId, accountId, type: "ERROR", body: { code, reason: 0, until: 0 } });

  bus.subscribe(accountSessionCommandContract, async ({ value: command, tenant }) => {
    handled.push({ tenant, command });
    const states = table(tenant, command.accountId);
    const self = `${command.author}|${command.sessionId}`;
    if (command.type === "LOGOUT") {
      if (states.get(self) !== ACCOUNT_STATE.transition) states.delete(self);
      const nothingLeft = states.size === 0;
      if (nothingLeft && command.accountId !== 0) {
        await accountStatus(tenant, command.accountId, "LOGGED_OUT");
      }
      return;
    }
    const { state, params } = command.body;
    if (
      states.size === 0 && state === ACCOUNT_STATE.loggedIn && options.autoAdmit?.(tenant, command.accountId)
    ) {
      states.set(`LOGIN|${LOGIN_SESSION}`, ACCOUNT_STATE.transition);
    }
    if (![...states.values()].some((s) => s > 0)) {
      log.debug("progress state for an account that is not logged in", { accountId: command.accountId });
      await error(tenant, command.sessionId, command.accountId, "SYSTEM_ERROR");
      return;
    }
    if (state === ACCOUNT_STATE.loggedIn) {
      const inTransition = [...states.values()].some((s) => s > 1);
      states.clear();
      if (!inTransition) {
        await error(tenant, command.sessionId, command.accountId, "SYSTEM_ERROR");
        return;
      }
      states.set(self, ACCOUNT_STATE.loggedIn);
      await accountStatus(tenant, command.accountId, "LOGGED_IN");
    } else if (state === ACCOUNT_STATE.transition) {
      if ((states.get(self) ?? 0) > 0) states.set(self, ACCOUNT_STATE.transition);
    } else {
      await error(tenant, command.sessionId, command.accountId, "SYSTEM_ERROR");
      return;
    }
    await reply(tenant, {
      sessionId: command.sessionId,
      accountId: command.accountId,
      type: "STATE_CHANGED",
      body: { state, params },
    });
  }, { name: "sandbox_account_session_command" });

  return {
    async admit(tenant, accountId) {
      const states = table(tenant, accountId);
      states.set(`LOGIN|${LOGIN_SESSION}`, ACCOUNT_STATE.transition);
      await accountStatus(tenant, accountId, "LOGGED_IN");
    },
    states: (tenant, accountId) => new Map(table(tenant, accountId)),
    handled,
  };
}
