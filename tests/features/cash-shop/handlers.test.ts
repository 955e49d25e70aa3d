/**
 * Cash-shop entry and return, against a fixture REST server with a real session and a recording
 * context: what the reference's socket/handler/cash_shop_entry.go and the empty-body branch of
 * socket/handler/map_change.go do (lookups, packets in order, status events, PROGRESS_STATE 2), and what
 * they do not: a truncated packet, an anonymous session or a second entry produce nothing.
 */
import { assertEquals, assertRejects, assertTrue } from "../../support/assert.ts";
import { SAMPLE_TENANT } from "../../support/jsonapi-server.ts";
import { accountDocument } from "../../support/field-fixtures.ts";
import { REST_FIXTURES } from "../../support/rest-fixtures.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { Session } from "../../../src/net/session.ts";
import { withLocalSession } from "../../support/session.ts";
import type { WriterOptions } from "../../../src/net/dispatch.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import { createPresence } from "../../../src/features/map/presence.ts";
import { characterDocument } from "../../../src/features/character/fixtures.ts";
import {
  CASH_SHOP_CLOSE,
  cashShopVisitKey,
  handleCashShopEntry,
  returnFromCashShop,
} from "../../../src/features/cash-shop/handlers.ts";
import { cashShopFeature } from "../../../src/features/cash-shop/mod.ts";
import type { JsonApiServer } from "../../support/jsonapi-server.ts";
import type { RestClient } from "../../../src/rest/client.ts";
import { withServer } from "../character/rest_server.ts";

const HENESYS = 100000000;
const OPTIONS: Record<string, WriterOptions> = {
  CashShopOperation: { operations: { LOAD_INVENTORY_SUCCESS: 75, LOAD_WISHLIST: 79 } },
};

interface Recorded {
  sent: { writer: string; body: Uint8Array }[];
  published: { variable: string; value: unknown; key: unknown; tenantId: string }[];
}

function recordingContext(rest: RestClient): { ctx: FeatureContext; recorded: Recorded } {
  const recorded: Recorded = { sent: [], published: [] };
  const ctx = {
    rest,
    presence: createPresence(),
    bus: {
      publish(
        contract: { variable: string },
        value: unknown,
        options: { key: unknown; tenant: { id: string } },
      ) {
        recorded.published.push({
          variable: contract.variable,
          value,
          key: options.key,
          tenantId: options.tenant.id,
        });
        return Promise.resolve();
      },
    },
    send(
      _session: Session,
      writer: string,
      build: (w: ReturnType<typeof packetWriter>, o: WriterOptions) => void,
    ) {
      const w = packetWriter();
      build(w, OPTIONS[writer] ?? {});
      recorded.sent.push({ writer, body: w.toBytes() });
      return true;
    },
  } as unknown as FeatureContext;
  return { ctx, recorded };
}

function serveWorld(server: JsonApiServer, options: { account?: boolean; wallet?: boolean } = {}): void {
  if (options.account ?? true) server.on("GET", "accounts/42", { json: accountDocument(42) });
  server.on("GET", "characters/1001", { json: characterDocument(1001) });
  server.on("GET", "characters/1001/buddy-list", {
    json: {
      data: { type: "buddy-list", id: "00000000-0000-4000-9000-000000001001", attributes: { capacity: 25 } },
    },
  });
  server.on("GET", "accounts/42/cash-shop/inventory/compartments?type=1", {
    json: REST_FIXTURES.cashCompartment,
  });
  server.on("GET", "characters/1001/cash-shop/wishlist", { json: REST_FIXTURES.wishlist });
  if (options.wallet ?? true) server.on("GET", "accounts/42/wallet", { json: REST_FIXTURES.wallet });
  server.on("GET", "worlds/0/channels/1", { json: REST_FIXTURES.channel });
}

function loggedIn(ctx: FeatureContext, session: Session): void {
  session.accountId = 42;
  session.characterId = 1001;
  ctx.presence.bindCharacter(session, 1001);
  ctx.presence.enter(session, HENESYS);
}

const entryPacket = () => packetReader(packetWriter().uint32(123456).toBytes());

Deno.test("entry: CashShopOpen, inventory, wish list, balances in order, then CHARACTER_ENTER keyed by the character", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server);
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      loggedIn(ctx, session);
      await handleCashShopEntry(ctx, session, entryPacket(), { now: () => 0 });
      assertEquals(recorded.sent.map((s) => s.writer), [
        "CashShopOpen",
        "CashShopOperation",
        "CashShopOperation",
        "CashShopCashQueryResult",
      ]);
      const [, inventory, wishlist, balances] = recorded.sent;
      assertEquals(inventory.body[0], 75);
      assertEquals(inventory.body[1] | (inventory.body[2] << 8), 1, "one cash item");
      assertEquals(inventory.body.length, 1 + 2 + 55 + 2 + 2);
      assertEquals(inventory.body[inventory.body.length - 2], 6, "the account's characterSlots");
      assertEquals([...wishlist.body.subarray(0, 5)], [79, 0x00, 0x2d, 0x31, 0x01]); // 20000000
      assertEquals(wishlist.body.length, 41);
      assertEquals([...balances.body], [0x10, 0x27, 0, 0, 0xc4, 0x09, 0, 0, 0, 0, 0, 0]);
      assertEquals(recorded.published, [{
        variable: "EVENT_TOPIC_CASH_SHOP_STATUS",
        value: {
          worldId: 0,
          characterId: 0,
          type: "CHARACTER_ENTER",
          body: { characterId: 1001, channelId: 1, mapId: HENESYS },
        },
        key: 1001,
        tenantId: SAMPLE_TENANT.id,
      }]);
      assertEquals(session.get(cashShopVisitKey), { worldId: 0, channelId: 1, mapId: HENESYS });
      assertEquals(ctx.presence.mapOf(session), undefined, "no map broadcasts reach the cash shop");
      assertEquals(ctx.presence.sessionOfCharacter(SAMPLE_TENANT, 1001), session);
      // The account name and buddy capacity reach CashShopOpen.
      const open = new TextDecoder().decode(recorded.sent[0].body);
      assertTrue(open.includes("account42"), "account name in CashShopOpen");
      assertTrue(server.requestsTo("GET", "characters/1001/inventory").length === 1, "character decorated");

      // A second entry while inside does nothing.
      recorded.sent.length = 0;
      recorded.published.length = 0;
      await handleCashShopEntry(ctx, session, entryPacket());
      assertEquals(recorded.sent.length + recorded.published.length, 0);
    });
  });
});

Deno.test("entry: wallet 404, cash inventory 500 and wish list failure still open the shop with empty data", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server, { wallet: false });
    server.on("GET", "accounts/42/cash-shop/inventory/compartments?type=1", { status: 500 });
    server.on("GET", "characters/1001/cash-shop/wishlist", { status: 500 });
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      loggedIn(ctx, session);
      await handleCashShopEntry(ctx, session, entryPacket());
      const [, inventory, wishlist, balances] = recorded.sent;
      assertEquals([...inventory.body], [75, 0, 0, 0, 0, 6, 0]);
      assertEquals([...wishlist.body], [79, ...new Array(40).fill(0)]);
      assertEquals([...balances.body], new Array(12).fill(0));
      assertEquals(recorded.published.length, 1);
      assertTrue(!session.isClosed);
    });
  });
});

Deno.test("entry: a missing account closes the session with nothing sent or produced", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server, { account: false });
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      loggedIn(ctx, session);
      await handleCashShopEntry(ctx, session, entryPacket());
      assertEquals(recorded.sent.length + recorded.published.length, 0);
      assertEquals(session.closeReason, CASH_SHOP_CLOSE.lookupFailed);
    });
  });
});

Deno.test("entry: truncated packets and sessions that are not logged in produce no lookup, packet or event", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server);
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      const handle = cashShopFeature.handlers!(ctx).CashShopEntryHandle;
      await handle(session, entryPacket(), {}); // not logged in
      loggedIn(ctx, session);
      for (let cut = 0; cut < 4; cut++) {
        const truncated = packetReader(packetWriter().uint32(123456).toBytes().subarray(0, cut));
        await assertRejects(async () => await handle(session, truncated, {}), PacketReadError);
      }
      assertEquals(server.requests.length, 0);
      assertEquals(recorded.sent.length + recorded.published.length, 0);
      assertTrue(!session.isClosed);
    });
  });
});

Deno.test("return: CHARACTER_EXIT for the map entered from, then PROGRESS_STATE 2 with this channel's address, once", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server);
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      loggedIn(ctx, session);
      // Not in the cash shop: an empty MapChange does nothing.
      await returnFromCashShop(ctx, session);
      assertEquals(recorded.published.length, 0);
      assertEquals(server.requestsTo("GET", "worlds/0/channels/1").length, 0);

      await handleCashShopEntry(ctx, session, entryPacket());
      recorded.published.length = 0;
      await returnFromCashShop(ctx, session);
      assertEquals(recorded.published, [
        {
          variable: "EVENT_TOPIC_CASH_SHOP_STATUS",
          value: {
            worldId: 0,
            characterId: 0,
            type: "CHARACTER_EXIT",
            body: { characterId: 1001, channelId: 1, mapId: HENESYS },
          },
          key: 1001,
          tenantId: SAMPLE_TENANT.id,
        },
        {
          variable: "COMMAND_TOPIC_ACCOUNT_SESSION",
          value: {
            sessionId: session.id,
            accountId: 42,
            author: "CHANNEL",
            type: "PROGRESS_STATE",
            body: { state: 2, params: { ipAddress: "192.168.23.232", port: 8302 } },
          },
          key: 42,
          tenantId: SAMPLE_TENANT.id,
        },
      ]);
      recorded.published.length = 0;
      await returnFromCashShop(ctx, session);
      assertEquals(recorded.published.length, 0, "one return per visit");
    });
  });
});

Deno.test("return: a failed channel lookup drops the request and keeps the client in the cash shop", async () => {
  await withServer(async (server, rest) => {
    serveWorld(server);
    await withLocalSession(async (session) => {
      const { ctx, recorded } = recordingContext(rest);
      loggedIn(ctx, session);
      await handleCashShopEntry(ctx, session, entryPacket());
      recorded.published.length = 0;
      server.on("GET", "worlds/0/channels/1", { status: 404 });
      await returnFromCashShop(ctx, session);
      assertEquals(recorded.published.length, 0);
      assertTrue(session.get(cashShopVisitKey) !== undefined);
      assertTrue(!session.isClosed);
    });
  });
});
