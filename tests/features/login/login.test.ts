/**
 * Login, session lifecycle and channel change end to end: the app on the real broker through the field
 * harness, headless clients, the world-side responders answering as atlas-account/-character/-maps.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Captured, type Field, HENESYS, startField } from "../../support/field.ts";
import type { HeadlessClient } from "../../../src/client/client.ts";
import type { Session } from "../../../src/net/session.ts";
import {
  accountSessionCommandContract,
  accountSessionStatusContract,
  accountStatusContract,
} from "../../../src/features/account/messages.ts";
import { sessionStatusContract } from "../../../src/features/session/messages.ts";
import { mapStatusContract } from "../../../src/features/map/messages.ts";
import {
  createPendingLogins,
  gmKey,
  loggedInCharacterKey,
  LOGIN_RECORD_FRESH_MS,
  loginLookupKey,
  pendingCharacterKey,
} from "../../../src/features/login/state.ts";
import { completeLogin } from "../../../src/features/login/mod.ts";
import { getCharacter } from "../../../src/features/character/rest.ts";
import { CHARACTER_DATA } from "../../../src/features/character/enter-field.ts";
import { tenantKafkaHeaders } from "../../../src/kafka/tenant-headers.ts";

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]$/;

async function sendLogin(
  field: Field,
  characterId: number,
  options: { admit?: boolean; channel?: number } = {},
): Promise<HeadlessClient> {
  const character = field.character(characterId);
  if (options.admit ?? true) await field.accountSessions.admit(field.tenant, character.accountId);
  const client = await field.connect(options.channel ?? 1);
  await client.send(field.packet("CharacterLoggedInHandle", (w) => w.uint32(characterId).uint16(0)));
  return client;
}

async function boundSession(field: Field, characterId: number): Promise<Session> {
  let session: Session | undefined;
  const accountId = field.character(characterId).accountId;
  try {
    await field.waitFor(`character ${characterId} bound`, () => {
      session = field.ctx.presence.sessionOfCharacter(field.tenant, characterId);
      return session !== undefined && field.ctx.accounts.isLoggedIn(field.tenant, accountId);
    });
  } catch (err) {
    // Say which step of the hand-shake is missing.
    const seen = [accountSessionCommandContract, accountSessionStatusContract, accountStatusContract]
      .map((c) => `${c.variable}: ${field.captured(c).map((m) => m.raw).join(" ")}`);
    throw new Error(`${(err as Error).message}; bound=${session !== undefined}\n${seen.join("\n")}`);
  }
  return session!;
}

function ofSession(sessionId: string, type?: string) {
  return (m: Captured) => m.value.sessionId === sessionId && (type === undefined || m.value.type === type);
}

function assertTenantHeaders(field: Field, message: Captured): void {
  for (const [name, bytes] of Object.entries(tenantKafkaHeaders(field.tenant))) {
    assertEquals([...(message.rawHeaders[name] ?? [])], [...bytes], `header ${name}`);
  }
  assertEquals(message.headers.TENANT_ID, field.tenant.id);
  assertTrue(
    TRACEPARENT.test(message.headers.traceparent ?? ""),
    `traceparent: ${message.headers.traceparent}`,
  );
}

Deno.test(integration("login: PROGRESS_STATE, STATE_CHANGED, session bound, CREATED, map entry", async () => {
  const field = await startField();
  try {
    const client = await sendLogin(field, 4001);
    const session = await boundSession(field, 4001);
    const setField = await field.receivePacket(client, "SetField");
    // GMS 83 login SetField: u32 channelId, notifier 1, character-data flag 1 (socket-protocol.md §6.3).
    assertEquals([...setField.subarray(0, 6)], [1, 0, 0, 0, 1, 1]);
    const progress = await field.expectCommand(accountSessionCommandContract, ofSession(session.id));
    assertEquals(
      progress.raw,
      `{"sessionId":"${session.id}","accountId":4,"author":"CHANNEL","type":"PROGRESS_STATE",` +
        `"body":{"state":1,"params":{"characterId":4001}}}`,
    );
    assertEquals(progress.keyId, 4);
    assertTenantHeaders(field, progress);

    const created = await field.expectCommand(sessionStatusContract, ofSession(session.id, "CREATED"));
    assertEquals(
      created.raw,
      `{"sessionId":"${session.id}","accountId":4,"characterId":4001,"worldId":0,"channelId":1,` +
        `"issuer":"CHANNEL","type":"CREATED"}`,
    );
    assertEquals(created.keyId, 4001);
    assertTenantHeaders(field, created);

    assertEquals(session.accountId, 4);
    assertEquals(session.characterId, 4001);
    assertEquals(session.get(gmKey), true, "the GM flag is kept on the session");
    assertEquals(field.ctx.presence.mapOf(session), HENESYS);
    // The world responder answered CREATED as atlas-maps does.
    const enter = await field.expectCommand(mapStatusContract, (m) => m.value.type === "CHARACTER_ENTER");
    assertEquals(enter.value.body, { characterId: 4001 });
    assertEquals(enter.keyId, HENESYS);
  } finally {
    await field.stop();
  }
}));

Deno.test(
  integration(
    "login: an account not handed over by the login server gets ERROR and is disconnected",
    async () => {
      const field = await startField();
      try {
        const client = await sendLogin(field, 2001, { admit: false });
        const closed = await Promise.race([
          client.closed.then((info) => info.reason),
          new Promise<string>((r) => setTimeout(() => r("still open"), 10_000)),
        ]);
        assertEquals(closed, "eof");
        // The closed session's DESTROYED comes after any CREATED it could have published.
        await field.expectNoCommandBefore(
          sessionStatusContract,
          (m) => m.value.type === "CREATED",
          (m) => m.value.type === "DESTROYED",
        );
        assertEquals(field.ctx.presence.sessionOfCharacter(field.tenant, 2001), undefined);
        // The reference's destroy messages, ids 0 because the login never completed.
        const logout = await field.expectCommand(
          accountSessionCommandContract,
          (m) => m.value.type === "LOGOUT",
        );
        assertEquals(logout.value.accountId, 0);
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "login: a character already online on this channel is refused; the first session stays",
    async () => {
      const field = await startField();
      try {
        const first = await sendLogin(field, 1001);
        const session = await boundSession(field, 1001);
        await field.expectCommand(accountSessionCommandContract, ofSession(session.id, "PROGRESS_STATE"));
        const from = field.captured(accountSessionCommandContract).length;
        const second = await sendLogin(field, 1001, { admit: false });
        assertEquals((await second.closed).reason, "eof");
        // The refused session's LOGOUT (its destroy message) comes after anything its login published.
        await field.expectNoCommandBefore(
          accountSessionCommandContract,
          (m) => m.value.type !== "LOGOUT",
          (m) => m.value.type === "LOGOUT",
          { from },
        );
        assertEquals(field.ctx.presence.sessionOfCharacter(field.tenant, 1001), session);
        assertTrue(!session.isClosed);
        first.close();
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(integration("disconnect: LOGOUT and DESTROYED exactly once, with the session's ids", async () => {
  const field = await startField();
  try {
    const client = await sendLogin(field, 2001);
    const session = await boundSession(field, 2001);
    client.close();
    const logout = await field.expectCommand(accountSessionCommandContract, ofSession(session.id, "LOGOUT"));
    assertEquals(
      logout.raw,
      `{"sessionId":"${session.id}","accountId":2,"author":"CHANNEL","type":"LOGOUT","body":{}}`,
    );
    assertEquals(logout.keyId, 2);
    assertTenantHeaders(field, logout);
    const destroyed = await field.expectCommand(sessionStatusContract, ofSession(session.id, "DESTROYED"));
    assertEquals(
      destroyed.raw,
      `{"sessionId":"${session.id}","accountId":2,"characterId":2001,"worldId":0,"channelId":1,` +
        `"issuer":"CHANNEL","type":"DESTROYED"}`,
    );
    assertEquals(destroyed.keyId, 2001);
    await session.close("test: closing again");
    // Sentinels on both topics: a fresh connection that closes publishes its own LOGOUT and DESTROYED
    // after anything the second close would have.
    const fresh = await field.connect();
    await field.waitFor("the fresh session", () => field.channel(1).sessions.size === 1);
    const freshSession = [...field.channel(1).sessions.values()][0];
    fresh.close();
    await field.expectCommand(accountSessionCommandContract, ofSession(freshSession.id, "LOGOUT"));
    await field.expectCommand(sessionStatusContract, ofSession(freshSession.id, "DESTROYED"));
    assertEquals(
      field.captured(accountSessionCommandContract).filter(ofSession(session.id, "LOGOUT")).length,
      1,
    );
    assertEquals(field.captured(sessionStatusContract).filter(ofSession(session.id, "DESTROYED")).length, 1);
    assertEquals(field.ctx.presence.sessionOfCharacter(field.tenant, 2001), undefined);
  } finally {
    await field.stop();
  }
}));

Deno.test(
  integration("session status: a CREATED elsewhere for this character closes the stale session", async () => {
    const field = await startField();
    try {
      const client = await sendLogin(field, 3001);
      const session = await boundSession(field, 3001);
      const sentinel = await sendLogin(field, 1001);
      await boundSession(field, 1001);
      const elsewhere = {
        sessionId: crypto.randomUUID(),
        accountId: 9,
        characterId: 9001,
        worldId: 0,
        channelId: 2,
        issuer: "CHANNEL" as const,
        type: "CREATED" as const,
      };
      // Another character, a login-server session and a DESTROYED leave it alone.
      await field.publishEvent(sessionStatusContract, elsewhere);
      await field.publishEvent(sessionStatusContract, {
        ...elsewhere,
        accountId: 3,
        characterId: 0,
        issuer: "LOGIN",
      });
      await field.publishEvent(sessionStatusContract, { ...elsewhere, characterId: 3001, type: "DESTROYED" });
      // Other tenants' events are not ours.
      await field.publishEvent(sessionStatusContract, { ...elsewhere, characterId: 3001 }, {
        tenant: { ...field.tenant, id: crypto.randomUUID() },
      });
      // The sentinel, on the same topic after them: a CREATED elsewhere for the other character here.
      await field.publishEvent(sessionStatusContract, { ...elsewhere, characterId: 1001 });
      assertEquals((await sentinel.closed).reason, "eof");
      assertTrue(!session.isClosed, "unrelated session events must not close the session");

      await field.publishEvent(sessionStatusContract, { ...elsewhere, characterId: 3001 });
      assertEquals((await client.closed).reason, "eof");
      assertEquals(session.closeReason, "superseded");
    } finally {
      await field.stop();
    }
  }),
);

Deno.test(
  integration(
    "login: a truncated CharacterLoggedIn produces no command and the session survives",
    async () => {
      const field = await startField();
      try {
        const client = await field.connect();
        await client.send(field.packet("CharacterLoggedInHandle", (w) => w.uint16(1001 & 0xffff)));
        // The same connection can still log in, and that login's PROGRESS_STATE is the first
        // account-session command (the session's packets are handled in order).
        await field.accountSessions.admit(field.tenant, 1);
        await client.send(field.packet("CharacterLoggedInHandle", (w) => w.uint32(1001)));
        const session = await boundSession(field, 1001);
        await field.expectNoCommandBefore(
          accountSessionCommandContract,
          () => true,
          ofSession(session.id, "PROGRESS_STATE"),
        );
        assertEquals(field.channel(1).sessions.size, 1);
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "channel change: PROGRESS_STATE 2 with the target's address, ChannelChange, login there",
    async () => {
      const field = await startField();
      try {
        const client = await sendLogin(field, 1001);
        const session = await boundSession(field, 1001);
        await client.send(field.packet("ChannelChangeHandle", (w) => w.byte(2).uint32(12345)));
        const target = field.channel(2);
        const progress = await field.expectCommand(
          accountSessionCommandContract,
          (m) => m.value.sessionId === session.id && (m.value.body as { state?: number })?.state === 2,
        );
        assertEquals(
          progress.raw,
          `{"sessionId":"${session.id}","accountId":1,"author":"CHANNEL","type":"PROGRESS_STATE",` +
            `"body":{"state":2,"params":{"ipAddress":"127.0.0.1","port":${target.port}}}}`,
        );
        assertEquals(progress.keyId, 1);
        const body = await field.receivePacket(client, "ChannelChange");
        assertEquals([...body], [1, 127, 0, 0, 1, target.port & 0xff, target.port >> 8]);
        client.close();
        await field.expectCommand(sessionStatusContract, ofSession(session.id, "DESTROYED"));
        // The account is in transition: the target channel's login needs no login-server hand-over.
        await sendLogin(field, 1001, { admit: false, channel: 2 });
        const moved = await boundSession(field, 1001);
        assertEquals(moved.channelId, 2);
        const created = await field.expectCommand(sessionStatusContract, ofSession(moved.id, "CREATED"));
        assertEquals(created.value.channelId, 2);
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "login: a completion waiting on a slow look-up does not hold up another session's login",
    async () => {
      const field = await startField();
      try {
        // Cody's skill macros take 4 s; Aria's login must complete meanwhile (before, the account
        // session consumer finished one completion before it read the next STATE_CHANGED).
        field.rest.on("GET", "characters/2001/macros", { json: { data: [] }, delayMs: 4000 });
        const slow = await sendLogin(field, 2001);
        await field.waitFor(
          "Cody's completion waits on the macros",
          () => field.rest.requestsTo("GET", "characters/2001/macros").length === 1,
        );
        const quick = await sendLogin(field, 1001);
        await field.receivePacket(quick, "SetField", 3000);
        const cody = field.ctx.presence.sessionOfCharacter(field.tenant, 2001);
        assertTrue(cody !== undefined, "Cody's session is bound");
        assertEquals(cody.get(CHARACTER_DATA), undefined, "Cody's field entry has not finished yet");
        await field.receivePacket(slow, "SetField");
        await field.expectCommand(
          sessionStatusContract,
          (m) => m.value.type === "CREATED" && m.value.characterId === 2001,
        );
      } finally {
        await field.stop();
      }
    },
  ),
);

Deno.test(
  integration(
    "login completion: uses the character CharacterLoggedIn read when recent, reads it again when stale",
    async () => {
      const field = await startField();
      try {
        const record = await getCharacter(field.ctx.rest!, field.tenant, 4001);
        const state: Parameters<typeof completeLogin>[1] = {
          pending: createPendingLogins(),
          enterField: () => Promise.resolve(),
        };
        const cases = [
          { name: "recent", ageMs: 0, shown: "FromLookup", reads: 0 },
          { name: "stale", ageMs: LOGIN_RECORD_FRESH_MS + 1000, shown: record.name, reads: 1 },
        ];
        for (const c of cases) {
          const client = await field.connect();
          await field.waitFor("the session is registered", () => field.channel(1).sessions.size === 1);
          const session = [...field.channel(1).sessions.values()][0];
          session.set(pendingCharacterKey, 4001);
          session.set(loginLookupKey, {
            character: { ...record, name: c.name === "recent" ? "FromLookup" : "Stale" },
            readAt: performance.now() - c.ageMs,
          });
          const before = field.rest.requestsTo("GET", "characters/4001").length;
          await completeLogin(field.ctx, state, session, 4001, record.accountId);
          assertEquals(session.get(loggedInCharacterKey)?.name, c.shown, c.name);
          assertEquals(
            field.rest.requestsTo("GET", "characters/4001").length - before,
            c.reads,
            `${c.name}: reads`,
          );
          assertEquals(session.get(loginLookupKey), undefined, "the login's read is not kept");
          client.close();
          await field.waitFor("the session is gone", () => field.channel(1).sessions.size === 0);
        }
      } finally {
        await field.stop();
      }
    },
  ),
);
