/**
 * The NPC domain: conversations (`conversation.ts`: start/continue/end, the dialogues atlas-npc-conversations
 * sends) and shops (`shop.ts`: open, buy, sell, recharge, leave, results).
 * @module
 */
import type { Feature } from "../feature.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { Session } from "../../net/session.ts";
import {
  npcCommandContract,
  npcConversationCommandContract,
  npcShopCommandContract,
  npcShopStatusContract,
} from "./messages.ts";
import {
  handleContinueConversation,
  handleStartConversation,
  NPC_CONVERSATION_HANDLERS,
  onNpcConversation,
} from "./conversation.ts";
import { NPC_CONVERSATION } from "./conversation-writer.ts";
import { handleNpcShop, NPC_SHOP_HANDLE, onNpcShopStatus } from "./shop.ts";
import { NPC_SHOP, NPC_SHOP_OPERATION } from "./shop-writer.ts";

/** See the module documentation. */
export const npcFeature: Feature = {
  name: "npc",
  contracts: [
    npcCommandContract,
    npcConversationCommandContract,
    npcShopCommandContract,
    npcShopStatusContract,
  ],
  writers: [NPC_CONVERSATION, NPC_SHOP, NPC_SHOP_OPERATION],
  handlers: (ctx) => ({
    [NPC_CONVERSATION_HANDLERS.start]: (session: Session, reader: PacketReader) =>
      handleStartConversation(ctx, session, reader),
    [NPC_CONVERSATION_HANDLERS.continue]: (session: Session, reader: PacketReader) =>
      handleContinueConversation(ctx, session, reader),
    [NPC_SHOP_HANDLE]: (session: Session, reader: PacketReader, options) =>
      handleNpcShop(ctx, session, reader, options),
  }),
  start(ctx) {
    ctx.bus.subscribe(npcConversationCommandContract, async (d) => void await onNpcConversation(ctx, d), {
      name: "npc_conversation_command",
    });
    ctx.bus.subscribe(npcShopStatusContract, async (d) => void await onNpcShopStatus(ctx, d), {
      name: "npc_shop_status_event",
    });
  },
};
