/**
 * NPC shops (reference `socket/handler/npc_shop.go`, `kafka/consumer/npc/shop/consumer.go`).
 *
 * - `EVENT_TOPIC_NPC_SHOP_STATUS` `ENTERED` (atlas-npc-shops opened the shop the character asked for, see
 *   `conversation.ts`): the character's skills and the shop are looked up and `NPCShop` is sent; the
 *   session remembers the shop. `ERROR` → `NPCShopOperation` with the result.
 * - `NPCShopHandle` (`u8 op` from the handler's `operations` option, then its fields) → `BUY`, `SELL`,
 *   `RECHARGE` or `EXIT` on `COMMAND_TOPIC_NPC_SHOP`, only for a session that has the shop open.
 *
 * Deliberate differences from the reference: a shop operation from a session with no open shop is
 * dropped with a log line; leaving forgets the shop; the buy packet is read per client version (JMS and
 * GMS before v72 send no discount price, which the reference read anyway).
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { optionCode } from "../../net/dispatch.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { type Session, sessionKey, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import type { Tenant } from "../../tenant.ts";
import type { FeatureContext } from "../feature.ts";
import { getSkills } from "../skill/rest.ts";
import { type NpcShopCommand, npcShopCommandContract, type NpcShopStatusEvent } from "./messages.ts";
import { getNpcShop } from "./rest.ts";
import { NPC_SHOP, NPC_SHOP_OPERATION, writeNpcShop, writeNpcShopOperation } from "./shop-writer.ts";

const log = getLogger("npc.shop");

/** Handler name, as the reference registers it. */
export const NPC_SHOP_HANDLE = "NPCShopHandle";

/** The NPC (template id) whose shop the session has open. */
export const openShopKey = sessionKey<number>("npc.shop");

/** The session of `characterId` for `tenant` on this process (shop events name no world or channel). */
function sessionOf(ctx: FeatureContext, tenant: Tenant, characterId: number): Session | undefined {
  const session = ctx.presence.sessionOfCharacter(tenant, characterId);
  return session && !session.isClosed ? session : undefined;
}

/** `EVENT_TOPIC_NPC_SHOP_STATUS`: see the module documentation. Returns whether a packet was sent. */
export async function onNpcShopStatus(
  ctx: FeatureContext,
  delivery: Delivery<NpcShopStatusEvent>,
): Promise<boolean> {
  const { value: event, tenant } = delivery;
  const session = sessionOf(ctx, tenant, event.characterId);
  if (!session) return false;
  switch (event.type) {
    case "ENTERED": {
      const npcId = event.body.npcTemplateId;
      const rest = ctx.rest;
      if (!rest) {
        log.error("no REST services configured; cannot show the shop", { characterId: event.characterId });
        return false;
      }
      let skills, shop;
      try {
        [skills, shop] = await Promise.all([
          getSkills(rest, tenant, event.characterId),
          getNpcShop(rest, tenant, npcId),
        ]);
      } catch (err) {
        log.warn("shop or skill lookup failed; shop not shown", {
          characterId: event.characterId,
          npcId,
          error: err instanceof Error ? err.message : String(err),
        });
        return false;
      }
      if (session.isClosed) return false;
      const levels = new Map(skills.map((s) => [s.id, s.level]));
      const sent = ctx.send(session, NPC_SHOP, (w) =>
        writeNpcShop(w, tenant, {
          npcId,
          commodities: shop.commodities,
          skillLevel: (id) => levels.get(id) ?? 0,
        }));
      if (sent) session.set(openShopKey, npcId);
      return sent;
    }
    case "ERROR":
      return ctx.send(
        session,
        NPC_SHOP_OPERATION,
        (w, options) => writeNpcShopOperation(w, options, event.body),
      );
    case "EXITED":
      return false;
  }
}

/** Whether the buy packet ends with the discount price (GMS from v72; JMS never). */
export function buyHasDiscountPrice(tenant: Pick<Tenant, "region" | "majorVersion">): boolean {
  return tenant.region === "GMS" && tenant.majorVersion >= 72;
}

/** The command a shop packet asks for, or undefined for an operation code the tenant does not name. */
export function readShopRequest(
  reader: PacketReader,
  options: HandlerOptions,
  tenant: Pick<Tenant, "region" | "majorVersion">,
  characterId: number,
): NpcShopCommand | undefined {
  const op = reader.byte();
  const is = (key: string) => optionCode(options, "operations", key) === op;
  if (is("BUY")) {
    const slot = reader.uint16();
    const itemTemplateId = reader.uint32();
    const quantity = reader.uint16();
    const discountPrice = buyHasDiscountPrice(tenant) ? reader.uint32() : 0;
    return { characterId, type: "BUY", body: { slot, itemTemplateId, quantity, discountPrice } };
  }
  if (is("SELL")) {
    const slot = reader.int16();
    const itemTemplateId = reader.uint32();
    const quantity = reader.uint16();
    return { characterId, type: "SELL", body: { slot, itemTemplateId, quantity } };
  }
  if (is("RECHARGE")) return { characterId, type: "RECHARGE", body: { slot: reader.uint16() } };
  if (is("LEAVE")) return { characterId, type: "EXIT", body: {} };
  return undefined;
}

/** `NPCShopHandle`: see the module documentation. */
export async function handleNpcShop(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const slog = sessionLogger(session, "npc.shop");
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const shopNpc = session.get(openShopKey);
  const command = readShopRequest(reader, options, session.tenant, characterId);
  if (!command) {
    slog.warn("unknown shop operation; ignored", { characterId });
    return;
  }
  if (shopNpc === undefined) {
    slog.warn("shop operation without an open shop; dropped", { characterId, type: command.type });
    return;
  }
  if (command.type === "EXIT") session.set(openShopKey, undefined);
  try {
    await ctx.bus.publish(npcShopCommandContract, command, { tenant: session.tenant, key: characterId });
  } catch (err) {
    slog.error(`shop ${command.type} not published`, { characterId, npcId: shopNpc, error: String(err) });
  }
}
