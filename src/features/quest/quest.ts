/**
 * Quests (reference `socket/handler/quest_action.go`, `kafka/consumer/quest/consumer.go`).
 *
 * - `QuestActionHandle` (`u8 action`, `u16 questId`, then per action): start (1), complete (2), script
 *   start (4) and script end (5) name the NPC (`u32`) and produce `START_QUEST_CONVERSATION` on
 *   `COMMAND_TOPIC_QUEST_CONVERSATION` with the session's world, channel and map (atlas-npc-conversations
 *   plays the quest's state machine, completion included). Restore lost item (0) and forfeit (3) produce
 *   nothing, as in the reference (no receiving command exists at the contract revision); they are logged.
 * - `EVENT_TOPIC_QUEST_STATUS` (world match, the character's session here) → `CharacterStatusMessage`
 *   quest record: `STARTED` in progress with no progress, `PROGRESS_UPDATED` with its progress,
 *   `COMPLETED` completed (now), `FORFEITED` forfeited. `ERROR` is skipped, as in the reference.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { type Session, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import { characterSession } from "../routing.ts";
import { questConversationCommandContract, type QuestStatusEvent } from "./messages.ts";
import { CHARACTER_STATUS_MESSAGE, type QuestRecord, writeQuestRecord } from "./writers.ts";

/** Handler name, as the reference registers it. */
export const QUEST_ACTION_HANDLE = "QuestActionHandle";

/** The client's quest actions. */
export const QUEST_ACTIONS = {
  RESTORE_LOST_ITEM: 0,
  START: 1,
  COMPLETE: 2,
  FORFEIT: 3,
  SCRIPT_START: 4,
  SCRIPT_END: 5,
} as const;

const CONVERSATION_ACTIONS: ReadonlySet<number> = new Set([
  QUEST_ACTIONS.START,
  QUEST_ACTIONS.COMPLETE,
  QUEST_ACTIONS.SCRIPT_START,
  QUEST_ACTIONS.SCRIPT_END,
]);

/** `QuestActionHandle`: see the module documentation. */
export async function handleQuestAction(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const action = reader.byte();
  const questId = reader.uint16();
  const slog = sessionLogger(session, "quest");
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  const fields = { characterId, action, questId };
  if (!CONVERSATION_ACTIONS.has(action)) {
    if (action === QUEST_ACTIONS.FORFEIT || action === QUEST_ACTIONS.RESTORE_LOST_ITEM) {
      slog.info("quest forfeit / lost-item restore: no receiving command at the contract revision", fields);
    } else {
      slog.warn("unknown quest action; ignored", fields);
    }
    return;
  }
  const npcId = reader.uint32();
  if (characterId === undefined || mapId === undefined) {
    slog.warn("quest action from a session without a character in a map; ignored", fields);
    return;
  }
  try {
    await ctx.bus.publish(questConversationCommandContract, {
      questId,
      npcId,
      characterId,
      type: "START_QUEST_CONVERSATION",
      body: { worldId: session.worldId, channelId: session.channelId, mapId },
    }, { tenant: session.tenant, key: characterId });
  } catch (err) {
    slog.error("quest conversation not published", { ...fields, npcId, error: String(err) });
  }
}

/** The record a quest event shows, or undefined for `ERROR`. */
export function questRecordOf(event: QuestStatusEvent, now: Date): QuestRecord | undefined {
  switch (event.type) {
    case "STARTED":
      return { state: "STARTED", questId: event.body.questId, progress: "" };
    case "PROGRESS_UPDATED":
      return { state: "STARTED", questId: event.body.questId, progress: event.body.progress };
    case "COMPLETED":
      return { state: "COMPLETED", questId: event.body.questId, completedAt: now };
    case "FORFEITED":
      return { state: "FORFEITED", questId: event.body.questId };
    case "ERROR":
      return undefined;
  }
}

/** `EVENT_TOPIC_QUEST_STATUS`: see the module documentation. Returns whether a packet was sent. */
export function onQuestStatus(
  ctx: FeatureContext,
  delivery: Delivery<QuestStatusEvent>,
  now: () => Date = () => new Date(),
): boolean {
  const { value: event, tenant } = delivery;
  const record = questRecordOf(event, now());
  if (!record) return false;
  const session = characterSession(ctx, tenant, event.characterId, { worldId: event.worldId });
  if (!session) return false;
  return ctx.send(session, CHARACTER_STATUS_MESSAGE, (w, options) => writeQuestRecord(w, options, record));
}
