/**
 * `NPCConversation` (CScriptMan::OnScriptMessage): one dialogue of an NPC script. Layout from the client
 * (libs/atlas-packet `npc/clientbound/conversation.go` at d59a1ad2df): speaker type (4, as the reference
 * always sends), NPC template id, message type (the tenant's `messageType` option), then — from GMS v79
 * and on JMS — the param byte (the speaker) and, when its bit 4 is set, a second NPC id; then the body of
 * the dialogue type. Every dialogue type the client knows is written here.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { ClientVersion } from "../character/version.ts";
import { requireOptionCode } from "../outbound.ts";

/** Writer name, as the tenant templates bind it. */
export const NPC_CONVERSATION = "NPCConversation";

/** The speaker type the reference writes for every dialogue (an NPC). */
export const NPC_SPEAKER_TYPE = 4;

/** Every dialogue type the client shows, with its body. */
export type Dialogue =
  | { kind: "SAY"; message: string; previous: boolean; next: boolean }
  | { kind: "SAY_IMAGE"; images: readonly string[] }
  | { kind: "ASK_YES_NO"; message: string }
  | { kind: "ASK_TEXT"; message: string; defaultText: string; min: number; max: number }
  | { kind: "ASK_NUMBER"; message: string; defaultValue: number; min: number; max: number }
  | { kind: "ASK_MENU"; message: string }
  | {
    kind: "ASK_QUIZ";
    fail: boolean;
    title: string;
    problem: string;
    hint: string;
    min: number;
    max: number;
    secondsLeft: number;
  }
  | {
    kind: "ASK_SPEED_QUIZ";
    fail: boolean;
    quizType: number;
    answer: number;
    correct: number;
    remain: number;
    secondsLeft: number;
  }
  | { kind: "ASK_AVATAR"; message: string; styles: readonly number[] }
  | { kind: "ASK_MEMBER_SHOP_AVATAR"; message: string; candidates: readonly number[] }
  | { kind: "ASK_PET"; message: string; petCashIds: readonly bigint[] }
  | { kind: "ASK_PET_ALL"; message: string; exceptionExists: boolean; petCashIds: readonly bigint[] }
  | { kind: "ASK_YES_NO_QUEST"; message: string }
  | { kind: "ASK_BOX_TEXT"; message: string; defaultText: string; columns: number; lines: number }
  | { kind: "ASK_SLIDE_MENU"; flag: boolean; menuType: number; message: string };

/** A dialogue type name (the key of the writer's `messageType` option). */
export type DialogueKind = Dialogue["kind"];

/** One `NPCConversation` packet. */
export interface NpcConversationPacket {
  npcId: number;
  /** The param byte: the speaker (0 NPC left, 1 NPC right, 2 character left, 3 character right). */
  speaker: number;
  /** Written after the param when its bit 4 is set. */
  secondaryNpcId?: number;
  dialogue: Dialogue;
}

const isGms = (v: ClientVersion) => v.region === "GMS";
const gmsBelow = (v: ClientVersion, major: number) => isGms(v) && v.majorVersion < major;

/** Writes an `NPCConversation` body for `version`; the message type code comes from `options`. */
export function writeNpcConversation(
  w: PacketWriter,
  options: WriterOptions,
  version: ClientVersion,
  packet: NpcConversationPacket,
): void {
  const { dialogue } = packet;
  const code = requireOptionCode(NPC_CONVERSATION, options, "messageType", dialogue.kind);
  w.byte(NPC_SPEAKER_TYPE).uint32(packet.npcId).byte(code);
  // GMS clients before v79 read no param byte.
  if (!gmsBelow(version, 79)) {
    w.byte(packet.speaker);
    if (packet.speaker & 4) w.uint32(packet.secondaryNpcId ?? 0);
  }
  writeDialogue(w, version, dialogue);
}

function writeDialogue(w: PacketWriter, version: ClientVersion, d: Dialogue): void {
  switch (d.kind) {
    case "SAY":
      w.string(d.message).bool(d.previous).bool(d.next);
      return;
    case "SAY_IMAGE":
      // Before v83 the client reads one image path without a count.
      if (gmsBelow(version, 83)) {
        w.string(d.images[0] ?? "");
        return;
      }
      w.byte(d.images.length);
      for (const image of d.images) w.string(image);
      return;
    case "ASK_YES_NO":
    case "ASK_YES_NO_QUEST":
      w.string(d.message);
      return;
    case "ASK_TEXT":
      w.string(d.message).string(d.defaultText).uint16(d.min).uint16(d.max);
      return;
    case "ASK_NUMBER":
      w.string(d.message).uint32(d.defaultValue).uint32(d.min).uint32(d.max);
      return;
    case "ASK_MENU":
      w.string(d.message);
      // GMS v61–v82 merged the avatar list into the menu: an empty one follows.
      if (isGms(version) && version.majorVersion >= 61 && version.majorVersion < 83) w.byte(0);
      return;
    case "ASK_QUIZ":
      w.bool(d.fail);
      if (!d.fail) {
        w.string(d.title).string(d.problem).string(d.hint).uint32(d.min).uint32(d.max).uint32(d.secondsLeft);
      }
      return;
    case "ASK_SPEED_QUIZ":
      w.bool(d.fail);
      if (!d.fail) {
        w.uint32(d.quizType).uint32(d.answer).uint32(d.correct).uint32(d.remain).uint32(d.secondsLeft);
      }
      return;
    case "ASK_AVATAR":
      w.string(d.message).byte(d.styles.length);
      for (const style of d.styles) w.uint32(style);
      return;
    case "ASK_MEMBER_SHOP_AVATAR":
      w.string(d.message);
      // Older GMS clients read cash serial numbers the server does not have: an empty list.
      if (gmsBelow(version, 83)) {
        w.byte(0);
        return;
      }
      w.byte(d.candidates.length);
      for (const candidate of d.candidates) w.uint32(candidate);
      return;
    case "ASK_PET":
      w.string(d.message).byte(d.petCashIds.length);
      for (const id of d.petCashIds) w.uint64(id).byte(0);
      return;
    case "ASK_PET_ALL":
      w.string(d.message).byte(d.petCashIds.length).bool(d.exceptionExists);
      for (const id of d.petCashIds) w.uint64(id).byte(0);
      return;
    case "ASK_BOX_TEXT":
      w.string(d.message).string(d.defaultText).uint16(d.columns).uint16(d.lines);
      return;
    case "ASK_SLIDE_MENU":
      // GMS v87+ and JMS read a slide dialog type first.
      if ((isGms(version) && version.majorVersion >= 87) || version.region === "JMS") {
        w.uint32(d.flag ? 1 : 0);
      }
      w.uint32(d.menuType).string(d.message);
      return;
  }
}
