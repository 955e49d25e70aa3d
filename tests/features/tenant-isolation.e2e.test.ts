/**
 * Tenant isolation on the production path: one process serving two GMS 83 tenants (world 0, channel 1
 * each, the same characters playing on both), the real broker, every consumed topic. For each topic an
 * event published with tenant B's headers reaches tenant B's session; then the same event for tenant A
 * (with a different payload) is the sentinel: what tenant A's session received before it must not
 * include tenant B's. The other consumed topics have their cases in tenant-isolation-social and
 * tenant-isolation-items; tenant-isolation-coverage checks that together they cover every consumed topic.
 */
import { assertEquals, assertTrue } from "../support/assert.ts";
import { integration } from "../support/kafka.ts";
import { HENESYS, startField } from "../support/field.ts";
import { chatEventContract } from "../../src/features/chat/messages.ts";
import { expressionEventContract } from "../../src/features/expression/messages.ts";
import { systemMessageContract } from "../../src/features/system-message/messages.ts";
import { characterStatusContract } from "../../src/features/character/messages.ts";
import { mapStatusContract } from "../../src/features/map/messages.ts";
import { accountSessionStatusContract, accountStatusContract } from "../../src/features/account/messages.ts";
import { channelStatusContract } from "../../src/features/channel/messages.ts";
import { sessionStatusContract } from "../../src/features/session/messages.ts";
import { dropStatusContract } from "../../src/features/drop/messages.ts";
import { reactorStatusContract } from "../../src/features/reactor/messages.ts";
import { transportStatusContract } from "../../src/features/transport/messages.ts";
import { chairStatusContract } from "../../src/features/chair/messages.ts";
import { chalkboardStatusContract } from "../../src/features/chalkboard/messages.ts";
import { CASES, isolation, packet, stringHex } from "./tenant-isolation-cases.ts";

Deno.test(
  integration(
    "tenant isolation: an event with tenant B's headers reaches only tenant B, on every consumed topic",
    async () => {
      const field = await startField({ secondTenant: true });
      try {
        const A = field.tenant;
        const B = field.otherTenant!;
        // The same characters in the same world, channel and map on both tenants.
        const a1 = await field.login(1001);
        const a2 = await field.login(2001);
        const a3 = await field.login(3001);
        const b1 = await field.login(1001, { otherTenant: true });
        const b2 = await field.login(2001, { otherTenant: true });

        const { isolated, covered, assertCovered } = isolation(field);

        const henesys = { worldId: 0, channelId: 1, mapId: HENESYS };
        await isolated(
          "EVENT_TOPIC_CHARACTER_CHAT",
          (tenant, v) =>
            field.publishEvent(chatEventContract, {
              ...henesys,
              actorId: 1001,
              message: `only ${v}`,
              type: "GENERAL",
              body: { balloonOnly: false },
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "CharacterChatGeneral", `e9 03 00 00 00 ${stringHex(`only ${v}`)} 00`),
        );
        await isolated(
          "EVENT_TOPIC_EXPRESSION",
          (tenant, v) =>
            field.publishEvent(expressionEventContract, {
              characterId: 1001,
              ...henesys,
              expression: v === "b" ? 3 : 4,
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "CharacterExpression", `e9 03 00 00 0${v === "b" ? 3 : 4} 00 00 00`),
        );
        await isolated(
          "COMMAND_TOPIC_SYSTEM_MESSAGE",
          (tenant, v) =>
            field.publishEvent(systemMessageContract, {
              worldId: 0,
              channelId: 1,
              characterId: 1001,
              type: "SEND_MESSAGE",
              body: { messageType: "POP_UP", message: `only ${v}` },
            }, { tenant }),
          { a: a1, b: b1 },
          (v) => packet(field, "WorldMessage", `01 ${stringHex(`only ${v}`)}`),
        );
        await isolated(
          "EVENT_TOPIC_CHARACTER_STATUS",
          (tenant, v) =>
            field.publishEvent(characterStatusContract, {
              characterId: 1001,
              type: "MESO_CHANGED",
              worldId: 0,
              body: { actorId: 0, actorType: "CHARACTER", amount: v === "b" ? 11 : 22 },
            }, { tenant }),
          { a: a1, b: b1 },
          (v) => packet(field, "CharacterStatusMessage", v === "b" ? "05 0b 00 00 00" : "05 16 00 00 00"),
        );
        await isolated(
          "EVENT_TOPIC_MAP_STATUS",
          (tenant, v) =>
            field.publishEvent(mapStatusContract, {
              ...henesys,
              type: "CHARACTER_EXIT",
              body: { characterId: v === "b" ? 7001 : 7002 }, // 0x1b59, 0x1b5a
            }, { tenant, key: HENESYS }),
          { a: a1, b: b1 },
          (v) => packet(field, "CharacterDespawn", v === "b" ? "59 1b 00 00" : "5a 1b 00 00"),
        );

        // The ground: drops, reactors, boats, chairs, chalkboards.
        await isolated(
          "EVENT_TOPIC_DROP_STATUS",
          (tenant, v) =>
            field.publishEvent(dropStatusContract, {
              ...henesys,
              dropId: v === "b" ? 9001 : 9002,
              type: "EXPIRED",
              body: {},
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "DropDestroy", v === "b" ? "00 29 23 00 00" : "00 2a 23 00 00"),
        );
        await isolated(
          "EVENT_TOPIC_REACTOR_STATUS",
          (tenant, v) =>
            field.publishEvent(reactorStatusContract, {
              ...henesys,
              reactorId: v === "b" ? 9001 : 9002,
              type: "DESTROYED",
              body: { state: 4, x: 300, y: 154 },
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "ReactorDestroy", `${v === "b" ? "29" : "2a"} 23 00 00 04 2c 01 9a 00`),
        );
        await isolated(
          "EVENT_TOPIC_TRANSPORT_STATUS",
          (tenant, v) =>
            field.publishEvent(transportStatusContract, {
              routeId: "c4b3a291-8f7e-4d6c-b5a4-938271605f4e",
              type: v === "b" ? "ARRIVED" : "DEPARTED",
              body: { mapId: HENESYS },
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "FieldTransportState", v === "b" ? "00 00" : "02 00"),
        );
        await isolated(
          "EVENT_TOPIC_CHAIR_STATUS",
          (tenant, v) =>
            field.publishEvent(chairStatusContract, {
              ...henesys,
              chairType: "PORTABLE",
              chairId: v === "b" ? 3010000 : 3010001,
              type: "USED",
              body: { characterId: 1001 },
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "CharacterShowChair", `e9 03 00 00 ${v === "b" ? "d0" : "d1"} ed 2d 00`),
        );
        await isolated(
          "EVENT_TOPIC_CHALKBOARD_STATUS",
          (tenant, v) =>
            field.publishEvent(chalkboardStatusContract, {
              ...henesys,
              characterId: 1001,
              type: "SET",
              body: { message: `only ${v}` },
            }, { tenant }),
          { a: a2, b: b2 },
          (v) => packet(field, "ChalkboardUse", `e9 03 00 00 01 ${stringHex(`only ${v}`)}`),
        );

        // Account status: the logged-in table of each tenant.
        await field.publishEvent(
          accountStatusContract,
          { account_id: 91, name: "b91", status: "LOGGED_IN" },
          {
            tenant: B,
          },
        );
        await field.waitFor("B's account 91 logged in", () => field.ctx.accounts.isLoggedIn(B, 91));
        await field.publishEvent(
          accountStatusContract,
          { account_id: 92, name: "a92", status: "LOGGED_IN" },
          {
            tenant: A,
          },
        );
        await field.waitFor(
          "the sentinel: A's account 92 logged in",
          () => field.ctx.accounts.isLoggedIn(A, 92),
        );
        assertEquals(
          field.ctx.accounts.isLoggedIn(A, 91),
          false,
          "tenant B's account status changed tenant A",
        );
        covered("EVENT_TOPIC_ACCOUNT_STATUS");

        // Channel status: a STATUS_REQUEST re-registers only its tenant's channels (A serves 2, B 1).
        const posts = () =>
          field.rest.requests.filter((r) => r.method === "POST" && r.path === "worlds/0/channels");
        const mark = posts().length;
        await field.publishEvent(channelStatusContract, { type: "STATUS_REQUEST" }, { tenant: B });
        await field.waitFor("B's re-registration", () => posts().length >= mark + 1);
        await field.publishEvent(channelStatusContract, { type: "STATUS_REQUEST" }, { tenant: A });
        await field.waitFor("the sentinel: A's re-registrations", () => posts().length >= mark + 3);
        assertEquals(
          posts().slice(mark).map((r) => r.headers.get("TENANT_ID")),
          [B.id, A.id, A.id],
          "a STATUS_REQUEST of tenant B registered tenant A's channels",
        );
        covered("COMMAND_TOPIC_CHANNEL_STATUS");

        // Session status: a CREATED elsewhere closes only that tenant's session of the character.
        const elsewhere = {
          accountId: 0,
          worldId: 0,
          channelId: 2,
          issuer: "CHANNEL" as const,
          type: "CREATED" as const,
        };
        await field.publishEvent(sessionStatusContract, {
          ...elsewhere,
          sessionId: crypto.randomUUID(),
          characterId: 1001,
        }, { tenant: B });
        assertEquals((await b1.client.closed).reason, "eof");
        await field.publishEvent(sessionStatusContract, {
          ...elsewhere,
          sessionId: crypto.randomUUID(),
          characterId: 2001,
        }, { tenant: A });
        assertEquals((await a2.client.closed).reason, "eof", "the sentinel closes tenant A's character 2001");
        assertTrue(!a1.session.isClosed, "tenant B's CREATED closed tenant A's session");
        covered("EVENT_TOPIC_SESSION_STATUS");

        // Account session status: an ERROR names a session; only that tenant's session of that id closes.
        const error = (sessionId: string) => ({
          sessionId,
          accountId: 0,
          type: "ERROR" as const,
          body: { code: "SYSTEM_ERROR", reason: 0, until: 0 },
        });
        await field.publishEvent(accountSessionStatusContract, error(b2.session.id), { tenant: B });
        assertEquals((await b2.client.closed).reason, "eof");
        await field.publishEvent(accountSessionStatusContract, error(a1.session.id), { tenant: B });
        await field.publishEvent(accountSessionStatusContract, error(a3.session.id), { tenant: A });
        assertEquals((await a3.client.closed).reason, "eof", "the sentinel closes tenant A's session");
        assertTrue(!a1.session.isClosed, "tenant B's ERROR closed tenant A's session of that id");
        covered("EVENT_TOPIC_ACCOUNT_SESSION_STATUS");

        assertCovered(CASES.core);
      } finally {
        await field.stop();
      }
    },
  ),
);
