/**
 * atlas-maps' side of the cash shop, for the sandbox (services/atlas-maps docs/kafka.md and
 * kafka/consumer/cashshop/consumer.go at the reference revision): a channel's
 * `EVENT_TOPIC_CASH_SHOP_STATUS` `CHARACTER_ENTER` takes the character out of the map it left from
 * (`EVENT_TOPIC_MAP_STATUS` `CHARACTER_EXIT`), and `CHARACTER_EXIT` puts it back
 * (`CHARACTER_ENTER`), on the world, channel and map the event names, keyed by the map id.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { cashShopStatusContract } from "../../features/cash-shop/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";

/** Subscribes the cash-shop movement responder on `bus` (call before `bus.start()`). */
export function cashShopResponder(bus: Bus): void {
  bus.subscribe(cashShopStatusContract, async ({ value: event, tenant }) => {
    if (event.type !== "CHARACTER_ENTER" && event.type !== "CHARACTER_EXIT") return;
    const { characterId, channelId, mapId } = event.body;
    await bus.publish(mapStatusContract, {
      worldId: event.worldId,
      channelId,
      mapId,
      type: event.type === "CHARACTER_ENTER" ? "CHARACTER_EXIT" : "CHARACTER_ENTER",
      body: { characterId },
    }, { tenant, key: mapId });
  }, { name: "sandbox_cash_shop_status_event" });
}
