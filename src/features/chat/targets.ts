/**
 * Who an event is for, answered from this process's own state (the presence index and the session's
 * cached character), never from REST: the reference's "server match" and "the character's session"
 * (kafka-consumed.md §1.5), and the speaker's name and GM flag that chat packets show.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { sessionKey } from "../../net/session.ts";
import { isGm, loggedInCharacterKey } from "../login/state.ts";
import { fieldPositionKey } from "../map/spawn.ts";

/** What chat packets show about a character. */
export interface Speaker {
  readonly name: string;
  readonly gm: boolean;
}

/** Reads a session's speaker. */
export type SpeakerOf = (session: Session) => Speaker | undefined;

/**
 * The speaker as login cached it: the character's name (`loggedInCharacterKey`) and login's GM flag
 * (`gmKey`, kept for the session's life); undefined before login completed. Chat reads nothing else.
 */
export const cachedSpeaker: SpeakerOf = (session) => {
  const character = session.get(loggedInCharacterKey);
  return character && { name: character.name, gm: isGm(session) };
};

/** Where the session's character stands: its last movement, else where login found it. */
export function positionOf(session: Session): { x: number; y: number } {
  const moved = session.get(fieldPositionKey);
  if (moved) return { x: moved.x, y: moved.y };
  const character = session.get(loggedInCharacterKey);
  return { x: character?.x ?? 0, y: character?.y ?? 0 };
}

/** Where a character stands: the routing fields of chat and expression commands. */
export interface FieldPosition {
  readonly worldId: number;
  readonly channelId: number;
  readonly mapId: number;
  readonly characterId: number;
}

/** The session's character and map, or undefined before the character has entered a field. */
export function fieldOf(ctx: Pick<FeatureContext, "presence">, session: Session): FieldPosition | undefined {
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  if (characterId === undefined || mapId === undefined) return undefined;
  return { worldId: session.worldId, channelId: session.channelId, mapId, characterId };
}

/** Whisper targets a session named in whispers it published and whose outcome is not known yet. */
const pendingWhispersKey = sessionKey<string[]>("chat.pendingWhispers");
/** Few enough to bound the memory of a client that whispers into the void. */
const MAX_PENDING_WHISPERS = 8;

/** Remembers that the session whispered to `targetName` (the event names the target only by id). */
export function rememberPendingWhisper(session: Session, targetName: string): void {
  const pending = session.get(pendingWhispersKey) ?? [];
  pending.push(targetName);
  if (pending.length > MAX_PENDING_WHISPERS) pending.shift();
  session.set(pendingWhispersKey, pending);
}

/**
 * Takes a pending whisper target: the one named `targetName` (case-insensitively) when given and
 * present, else the oldest. Undefined when nothing is pending.
 */
export function takePendingWhisper(session: Session, targetName?: string): string | undefined {
  const pending = session.get(pendingWhispersKey);
  if (!pending || pending.length === 0) return undefined;
  const wanted = targetName?.toLowerCase();
  const at = wanted === undefined ? -1 : pending.findIndex((name) => name.toLowerCase() === wanted);
  if (wanted !== undefined && at < 0) return undefined;
  return pending.splice(Math.max(at, 0), 1)[0];
}
