/**
 * The login domain: a client's entry into this channel and its way out to another one.
 *
 * - `CharacterLoggedInHandle` (socket-protocol.md §6.2 steps 2–4): the character is looked up to learn
 *   its account, then atlas-account is asked to move the account to "logged in" on this session
 *   (`PROGRESS_STATE` state 1). atlas-account accepts only when the account is in transition, i.e. the
 *   login server (or the previous channel) handed this account over; otherwise it answers `ERROR` and
 *   the session is closed. So a client claiming a character its account session does not own gets
 *   nothing and is disconnected. A character that is already online, or being logged in, on this
 *   process is refused before anything is produced (the reference reaches the same end through the
 *   account service's error).
 * - `EVENT_TOPIC_ACCOUNT_SESSION_STATUS`: `ERROR` closes the session; `STATE_CHANGED` with a character
 *   completes the login (the character as `CharacterLoggedInHandle` read it, read again only when that
 *   is more than a few seconds old; session ids and GM flag, presence, field entry, then `CREATED`);
 *   `STATE_CHANGED` with an address sends `ChannelChange`. Only a `STATE_CHANGED` for the character this
 *   session asked for completes a login.
 * - `ChannelChangeHandle` (§6.4): the target channel's address from atlas-world, then `PROGRESS_STATE`
 *   state 2 with it; the echo sends the client there.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { Tenant } from "../../tenant.ts";
import { tenantIdentity } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import {
  accountSessionCommandContract,
  accountSessionStatusContract,
  type AccountSessionStatusEvent,
} from "../account/messages.ts";
import { getCharacter } from "../character/rest.ts";
import { concurrentByKey } from "../../kafka/concurrent-handler.ts";
import { getChannel } from "../channel/rest.ts";
import { publishSessionStatus } from "../session/mod.ts";
import { CHANNEL_CHANGE, channelAddress, writeChannelChange } from "./writers.ts";
import { type EnterField, enterField as defaultEnterField } from "./field-entry.ts";
import {
  createPendingLogins,
  gmKey,
  loggedInCharacterKey,
  LOGIN_RECORD_FRESH_MS,
  loginLookupKey,
  pendingCharacterKey,
  type PendingLogins,
} from "./state.ts";

const log = getLogger("login");

/** Handler names, as the reference registers them. */
export const CHARACTER_LOGGED_IN_HANDLE = "CharacterLoggedInHandle";
/** See {@link CHARACTER_LOGGED_IN_HANDLE}. */
export const CHANNEL_CHANGE_HANDLE = "ChannelChangeHandle";

/** Close reasons this domain uses (visible in logs and close hooks). */
export const LOGIN_CLOSE = {
  duplicate: "duplicate-login",
  produceFailed: "account-session-produce-failed",
  accountError: "account-session-error",
  characterMissing: "login-character-missing",
  lookupFailed: "login-character-lookup-failed",
  accountMismatch: "login-account-mismatch",
  fieldEntryFailed: "login-field-entry-failed",
} as const;

/**
 * Login completions (account-session events) handled at once. Each waits on REST look-ups; more at once
 * would only queue at the services, fewer leaves a login storm waiting on one completion after another.
 */
export const COMPLETIONS_IN_FLIGHT = 16;

/** Per-feature state shared by the handlers and the consumer. */
interface LoginState {
  readonly pending: PendingLogins;
  readonly enterField: EnterField;
}

/** The live session `sessionId` of `tenant` on this process, if any. */
export function findSession(ctx: FeatureContext, tenant: Tenant, sessionId: string): Session | undefined {
  const identity = tenantIdentity(tenant);
  for (const channel of ctx.channels()) {
    if (tenantIdentity(channel.tenant) !== identity) continue;
    const session = channel.sessions.get(sessionId);
    if (session && !session.isClosed) return session;
  }
  return undefined;
}

/** `CharacterLoggedInHandle`: reads `u32 characterId` (the rest is ignored) and asks atlas-account. */
export async function handleCharacterLoggedIn(
  ctx: FeatureContext,
  state: LoginState,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const characterId = reader.uint32();
  const fields = { sessionId: session.id, tenantId: session.tenant.id, characterId };
  if (session.characterId !== undefined || session.get(pendingCharacterKey) !== undefined) {
    log.warn("CharacterLoggedIn on a session that already logged in or is logging in; ignored", fields);
    return;
  }
  if (characterId === 0) {
    log.warn("CharacterLoggedIn for character 0; ignored", fields);
    return;
  }
  const online = ctx.presence.sessionOfCharacter(session.tenant, characterId);
  if ((online && online !== session && !online.isClosed) || !state.pending.claim(session, characterId)) {
    log.warn("character already online or logging in on this channel; refusing the login", fields);
    await session.close(LOGIN_CLOSE.duplicate);
    return;
  }
  const rest = ctx.rest;
  if (!rest) {
    state.pending.release(session);
    log.error("no REST services configured; cannot look up the character", fields);
    await session.close(LOGIN_CLOSE.lookupFailed);
    return;
  }
  let accountId: number;
  try {
    const character = await getCharacter(rest, session.tenant, characterId);
    accountId = character.accountId;
    session.set(loginLookupKey, { character, readAt: performance.now() });
  } catch (err) {
    // The reference neither answers nor disconnects, leaving the client on its loading screen; closing
    // sends it back to the login screen at once, from where the player can simply try again.
    state.pending.release(session);
    log.warn("character lookup failed; closing the session", { ...fields, error: String(err) });
    await session.close(LOGIN_CLOSE.lookupFailed);
    return;
  }
  try {
    await ctx.bus.publish(accountSessionCommandContract, {
      sessionId: session.id,
      accountId,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 1, params: { characterId } },
    }, { tenant: session.tenant, key: accountId });
  } catch (err) {
    log.error("account session command not produced; closing the session", { ...fields, error: String(err) });
    await session.close(LOGIN_CLOSE.produceFailed);
  }
}

/** Reads a channel change request: `u8 channelId`, `u32 updateTime` (every version). */
export function readChannelChangeRequest(reader: PacketReader): { channelId: number; updateTime: number } {
  return { channelId: reader.byte(), updateTime: reader.uint32() };
}

/** `ChannelChangeHandle`: `u8 targetChannelId`, `u32 updateTime` (logged only). */
export async function handleChannelChange(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const { channelId: targetChannelId, updateTime } = readChannelChangeRequest(reader);
  const fields = { sessionId: session.id, characterId: session.characterId, targetChannelId, updateTime };
  if (session.accountId === undefined) {
    log.warn("channel change before login completed; ignored", fields);
    return;
  }
  const rest = ctx.rest;
  if (!rest) {
    log.error("no REST services configured; cannot look up the target channel", fields);
    return;
  }
  let target;
  try {
    target = await getChannel(rest, session.tenant, session.worldId, targetChannelId);
  } catch (err) {
    log.warn("target channel lookup failed; channel change dropped", { ...fields, error: String(err) });
    return;
  }
  if (!channelAddress(target.ipAddress, target.port)) {
    log.warn("target channel has no usable IPv4 address; channel change dropped", {
      ...fields,
      ipAddress: target.ipAddress,
      port: target.port,
    });
    return;
  }
  try {
    await ctx.bus.publish(accountSessionCommandContract, {
      sessionId: session.id,
      accountId: session.accountId,
      author: "CHANNEL",
      type: "PROGRESS_STATE",
      body: { state: 2, params: { ipAddress: target.ipAddress, port: target.port } },
    }, { tenant: session.tenant, key: session.accountId });
  } catch (err) {
    log.error("account session command not produced; closing the session", { ...fields, error: String(err) });
    await session.close(LOGIN_CLOSE.produceFailed);
  }
}

/** Login completion after atlas-account's `STATE_CHANGED` for `characterId`. */
export async function completeLogin(
  ctx: FeatureContext,
  state: LoginState,
  session: Session,
  characterId: number,
  accountId: number,
): Promise<void> {
  const fields = { sessionId: session.id, tenantId: session.tenant.id, characterId };
  if (session.get(pendingCharacterKey) !== characterId || session.characterId !== undefined) {
    log.warn("STATE_CHANGED for a character this session did not ask for; ignored", fields);
    return;
  }
  const rest = ctx.rest;
  if (!rest) return;
  // The record CharacterLoggedIn read moments ago serves unless it is stale: one round trip less per login.
  const lookup = session.get(loginLookupKey);
  session.set(loginLookupKey, undefined);
  let character;
  try {
    character = lookup && lookup.character.id === characterId &&
        performance.now() - lookup.readAt <= LOGIN_RECORD_FRESH_MS
      ? lookup.character
      : await getCharacter(rest, session.tenant, characterId);
  } catch (err) {
    state.pending.release(session);
    log.error("character lookup at login completion failed; closing the session", {
      ...fields,
      error: String(err),
    });
    await session.close(LOGIN_CLOSE.characterMissing);
    return;
  }
  if (character.accountId !== accountId) {
    state.pending.release(session);
    log.error("the account service confirmed another account than the character's; closing", {
      ...fields,
      accountId,
      characterAccountId: character.accountId,
    });
    await session.close(LOGIN_CLOSE.accountMismatch);
    return;
  }
  if (session.isClosed) {
    state.pending.release(session);
    return;
  }
  session.accountId = character.accountId;
  session.characterId = character.id;
  session.set(gmKey, character.gm > 0);
  session.set(loggedInCharacterKey, character);
  state.pending.release(session);
  ctx.presence.bindCharacter(session, character.id);
  ctx.presence.enter(session, character.mapId);
  // Field entry (SetField, and the inventory and pets spawns show) comes before CREATED, as in the
  // reference where the decorated character is loaded first: CREATED makes atlas-maps announce the
  // character to its map, and neither the client nor the others' CharacterSpawn may run ahead of it.
  try {
    await state.enterField(ctx, session, character);
  } catch (err) {
    log.error("field entry failed; closing the session", { ...fields, error: String(err) });
    await session.close(LOGIN_CLOSE.fieldEntryFailed);
    return;
  }
  if (session.isClosed) return;
  await publishSessionStatus(ctx, session, "CREATED");
}

/** Handles one account-session status event addressed to a session of this process. */
export async function onAccountSessionStatus(
  ctx: FeatureContext,
  state: LoginState,
  event: AccountSessionStatusEvent,
  tenant: Tenant,
): Promise<void> {
  if (event.type !== "ERROR" && event.type !== "STATE_CHANGED") return;
  const session = findSession(ctx, tenant, event.sessionId);
  if (!session) return;
  if (event.type === "ERROR") {
    log.warn("account service refused the session; closing it", {
      sessionId: session.id,
      code: event.body.code,
      reason: event.body.reason,
    });
    state.pending.release(session);
    await session.close(LOGIN_CLOSE.accountError);
    return;
  }
  const { ipAddress, port, characterId } = event.body.params;
  if (ipAddress) {
    const address = channelAddress(ipAddress, port ?? 0);
    if (!address) {
      log.warn("channel change to an unusable address; not sent", { sessionId: session.id, ipAddress, port });
      return;
    }
    ctx.send(session, CHANNEL_CHANGE, (w) => writeChannelChange(w, address));
    return;
  }
  if (characterId !== undefined && characterId > 0) {
    await completeLogin(ctx, state, session, characterId, event.accountId);
  }
}

/** Options of {@link createLoginFeature} (tests swap the field entry). */
export interface LoginFeatureOptions {
  enterField?: EnterField;
}

/** A login feature; see the module documentation. */
export function createLoginFeature(options: LoginFeatureOptions = {}): Feature {
  const state: LoginState = {
    pending: createPendingLogins(),
    enterField: options.enterField ?? defaultEnterField,
  };
  return {
    name: "login",
    contracts: [accountSessionCommandContract, accountSessionStatusContract],
    writers: [CHANNEL_CHANGE],
    handlers: (ctx) => ({
      [CHARACTER_LOGGED_IN_HANDLE]: (session, reader: PacketReader) =>
        handleCharacterLoggedIn(ctx, state, session, reader),
      [CHANNEL_CHANGE_HANDLE]: (session, reader: PacketReader) => handleChannelChange(ctx, session, reader),
    }),
    onSession(_ctx, session) {
      session.onClose(() => state.pending.release(session));
    },
    start(ctx) {
      // A completion waits on a dozen look-ups; run a crowd's side by side, each session's in order.
      const statuses = concurrentByKey<AccountSessionStatusEvent>(
        ({ value, tenant }) => onAccountSessionStatus(ctx, state, value, tenant),
        {
          name: "account_session_status_event",
          key: ({ value }) => value.sessionId,
          limit: COMPLETIONS_IN_FLIGHT,
        },
      );
      ctx.bus.subscribe(accountSessionStatusContract, statuses.handler, {
        name: "account_session_status_event",
        fromBeginning: true,
      });
      ctx.onStop("login completions", () => statuses.idle());
    },
  };
}

/** The login feature as the server runs it. */
export const loginFeature: Feature = createLoginFeature();
