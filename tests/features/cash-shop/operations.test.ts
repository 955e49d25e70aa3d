/**
 * CashShopOperationHandle's requests per client version, with a real session and a recording context.
 * Layouts from libs/atlas-packet at d59a1ad2df `cash/serverbound/shop_operation_buy.go` (CCashShop::OnBuy):
 * GMS v83 `bool points, u32 currency, u32 serial, u32 zero`; GMS v87+ `bool points, u32 currency,
 * u32 serial, u8 oneADay, u32 eventSN`; JMS v185 `bool points, u32 serial`. A packet cut anywhere
 * throws before anything is published; a session outside the cash shop publishes nothing.
 */
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { packetReader, PacketReadError } from "../../../src/protocol/reader.ts";
import { packetWriter } from "../../../src/protocol/writer.ts";
import type { Session } from "../../../src/net/session.ts";
import type { Tenant } from "../../../src/tenant.ts";
import { withLocalSession } from "../../support/session.ts";
import type { FeatureContext } from "../../../src/features/feature.ts";
import { createPresence } from "../../../src/features/map/presence.ts";
import { cashShopVisitKey } from "../../../src/features/cash-shop/handlers.ts";
import { handleCashShopOperation } from "../../../src/features/cash-shop/operations.ts";

const OPTIONS = { operations: { BUY: 3, INCREASE_INVENTORY: 6 } };
const tenant = (region: string, majorVersion: number): Tenant =>
  ({ id: "083839c6-c47c-42a6-9585-76492795d123", region, majorVersion, minorVersion: 1 }) as Tenant;

function recordingContext(): {
  ctx: FeatureContext;
  published: { variable: string; value: unknown; key: unknown }[];
} {
  const published: { variable: string; value: unknown; key: unknown }[] = [];
  const ctx = {
    presence: createPresence(),
    bus: {
      publish(contract: { variable: string }, value: unknown, options: { key: unknown }) {
        published.push({ variable: contract.variable, value, key: options.key });
        return Promise.resolve();
      },
    },
    send: () => true,
  } as unknown as FeatureContext;
  return { ctx, published };
}

function inCashShop(session: Session, yes = true): void {
  session.accountId = 42;
  session.characterId = 1001;
  if (yes) session.set(cashShopVisitKey, { worldId: 0, channelId: 1, mapId: 100000000 });
}

const packet = (build: (w: ReturnType<typeof packetWriter>) => void) => {
  const w = packetWriter();
  build(w);
  return w.toBytes();
};

const PURCHASE = {
  variable: "COMMAND_TOPIC_CASH_SHOP",
  value: { characterId: 1001, type: "REQUEST_PURCHASE", body: { currency: 1, serialNumber: 10000012 } },
  key: 1001,
};

for (
  const [name, t, bytes] of [
    ["GMS v83", tenant("GMS", 83), packet((w) => w.byte(3).bool(false).uint32(1).uint32(10000012).uint32(0))],
    [
      "GMS v87",
      tenant("GMS", 87),
      packet((w) => w.byte(3).bool(false).uint32(1).uint32(10000012).byte(0).uint32(0)),
    ],
    [
      "GMS v95",
      tenant("GMS", 95),
      packet((w) => w.byte(3).bool(false).uint32(1).uint32(10000012).byte(1).uint32(7)),
    ],
  ] as const
) {
  Deno.test(`BUY ${name}: REQUEST_PURCHASE with the client's currency; one byte short → nothing`, async () => {
    await withLocalSession(async (session) => {
      const { ctx, published } = recordingContext();
      inCashShop(session);
      await assertRejects(
        () =>
          handleCashShopOperation(ctx, session, packetReader(bytes.subarray(0, bytes.length - 1)), OPTIONS),
        PacketReadError,
      );
      assertEquals(published, []);
      await handleCashShopOperation(ctx, session, packetReader(bytes), OPTIONS);
      assertEquals(published, [PURCHASE]);
    }, t);
  });
}

Deno.test("BUY JMS v185: no currency on the wire → credit (1), or points (2) with the points flag", async () => {
  await withLocalSession(async (session) => {
    const { ctx, published } = recordingContext();
    inCashShop(session);
    await handleCashShopOperation(
      ctx,
      session,
      packetReader(packet((w) => w.byte(3).bool(false).uint32(10000012))),
      OPTIONS,
    );
    await handleCashShopOperation(
      ctx,
      session,
      packetReader(packet((w) => w.byte(3).bool(true).uint32(10000012))),
      OPTIONS,
    );
    assertEquals(published, [
      PURCHASE,
      { ...PURCHASE, value: { ...PURCHASE.value, body: { currency: 2, serialNumber: 10000012 } } },
    ]);
  }, tenant("JMS", 185));
});

Deno.test("operations from a session outside the cash shop, or before login, publish nothing", async () => {
  await withLocalSession(async (session) => {
    const { ctx, published } = recordingContext();
    const buy = () => packetReader(packet((w) => w.byte(3).bool(false).uint32(1).uint32(10000012).uint32(0)));
    await handleCashShopOperation(ctx, session, buy(), OPTIONS);
    inCashShop(session, false);
    await handleCashShopOperation(ctx, session, buy(), OPTIONS);
    // An operation code the tenant does not configure is logged, not guessed.
    inCashShop(session);
    await handleCashShopOperation(ctx, session, packetReader(packet((w) => w.byte(99).uint32(1))), OPTIONS);
    assertEquals(published, []);
  });
});
