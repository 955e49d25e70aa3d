/**
 * Server shutdown with clients still connected (socket-protocol.md §6.8: "service shutdown, which
 * destroys every session"): `app.stop()` closes every session, and each one's LOGOUT and DESTROYED reach
 * the broker exactly once, which proves they were produced before the app's bus stopped. The clients
 * see the connection end.
 */
import { assertEquals, assertTrue } from "../../support/assert.ts";
import { integration } from "../../support/kafka.ts";
import { type Captured, startField } from "../../support/field.ts";
import { accountSessionCommandContract } from "../../../src/features/account/messages.ts";
import { sessionStatusContract } from "../../../src/features/session/messages.ts";

function ofSession(sessionId: string, type: string) {
  return (m: Captured) => m.value.sessionId === sessionId && m.value.type === type;
}

Deno.test(
  integration(
    "shutdown: app.stop() with connected clients produces LOGOUT and DESTROYED once per session",
    async () => {
      const field = await startField();
      try {
        const aria = await field.login(1001);
        const anonymous = await field.connect();
        await field.waitFor("the anonymous session", () => field.channel(1).sessions.size === 2);
        const anonymousSession = [...field.channel(1).sessions.values()].find((s) => s !== aria.session)!;
        assertTrue(!aria.session.isClosed);

        await field.app.stop();

        assertTrue(
          aria.session.isClosed && anonymousSession.isClosed,
          "every session closed by the shutdown",
        );
        assertEquals((await aria.client.closed).reason, "eof");
        assertEquals((await anonymous.closed).reason, "eof");

        const logout = await field.expectCommand(
          accountSessionCommandContract,
          ofSession(aria.session.id, "LOGOUT"),
        );
        assertEquals(
          logout.raw,
          `{"sessionId":"${aria.session.id}","accountId":1,"author":"CHANNEL","type":"LOGOUT","body":{}}`,
        );
        assertEquals(logout.keyId, 1);
        const destroyed = await field.expectCommand(
          sessionStatusContract,
          ofSession(aria.session.id, "DESTROYED"),
        );
        assertEquals(
          destroyed.raw,
          `{"sessionId":"${aria.session.id}","accountId":1,"characterId":1001,"worldId":0,"channelId":1,` +
            `"issuer":"CHANNEL","type":"DESTROYED"}`,
        );
        assertEquals(destroyed.keyId, 1001);
        // The never-logged-in session's messages carry ids 0, as in the reference.
        const anonymousLogout = await field.expectCommand(
          accountSessionCommandContract,
          ofSession(anonymousSession.id, "LOGOUT"),
        );
        assertEquals(anonymousLogout.value.accountId, 0);
        const anonymousDestroyed = await field.expectCommand(
          sessionStatusContract,
          ofSession(anonymousSession.id, "DESTROYED"),
        );
        assertEquals(anonymousDestroyed.value.characterId, 0);

        // Stopping again (as the harness does) changes nothing: still exactly once each.
        await field.app.stop();
        // Sentinels on both topics, published after the second stop returned: anything it published
        // is captured before them.
        const sentinelId = crypto.randomUUID();
        await field.bus.publish(accountSessionCommandContract, {
          sessionId: sentinelId,
          accountId: 0,
          author: "CHANNEL",
          type: "LOGOUT",
          body: {},
        }, { tenant: field.tenant, key: 0 });
        await field.bus.publish(sessionStatusContract, {
          sessionId: sentinelId,
          accountId: 0,
          characterId: 0,
          worldId: 0,
          channelId: 1,
          issuer: "CHANNEL",
          type: "DESTROYED",
        }, { tenant: field.tenant, key: 0 });
        await field.expectCommand(accountSessionCommandContract, ofSession(sentinelId, "LOGOUT"));
        await field.expectCommand(sessionStatusContract, ofSession(sentinelId, "DESTROYED"));
        for (const id of [aria.session.id, anonymousSession.id]) {
          assertEquals(
            field.captured(accountSessionCommandContract).filter(ofSession(id, "LOGOUT")).length,
            1,
          );
          assertEquals(field.captured(sessionStatusContract).filter(ofSession(id, "DESTROYED")).length, 1);
        }
      } finally {
        await field.stop();
      }
    },
  ),
);
