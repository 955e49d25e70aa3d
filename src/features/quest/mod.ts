/**
 * The quest domain: quest actions start atlas-npc-conversations' quest conversations, and atlas-quest's
 * status events update the client's quest log (`quest.ts`).
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { questConversationCommandContract, questStatusContract } from "./messages.ts";
import { handleQuestAction, onQuestStatus, QUEST_ACTION_HANDLE } from "./quest.ts";

/** See the module documentation. */
export const questFeature: Feature = {
  name: "quest",
  contracts: [questConversationCommandContract, questStatusContract],
  handlers: (ctx) => ({
    [QUEST_ACTION_HANDLE]: (session: Session, reader: PacketReader) =>
      handleQuestAction(ctx, session, reader),
  }),
  start(ctx) {
    ctx.bus.subscribe(questStatusContract, (d) => void onQuestStatus(ctx, d), { name: "quest_status_event" });
  },
};
