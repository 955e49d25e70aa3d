/**
 * What a character shows of itself to the rest of the map (CharacterSpawn). For sessions on this process
 * it comes from what login cached on the session, so spawning them never calls a service: the
 * character record (`loggedInCharacterKey`, kept current by the stats domain) and the inventory and pets
 * field entry loaded (`CHARACTER_DATA`). Characters on another channel instance are described from
 * their REST data ({@link spawnCharacterFrom}).
 * @module
 */
import { type Session, sessionKey } from "../../net/session.ts";
import { loggedInCharacterKey } from "../login/state.ts";
import type { CharacterData } from "../character/data.ts";
import { CHARACTER_DATA } from "../character/enter-field.ts";
import { activeBuffsKey, activeBuffStats } from "../buff/active.ts";
import { type GuildBadge, guildBadgeOf } from "../guild/state.ts";
import { isBaseTemporaryStat } from "./foreign-stats.ts";
import { inventoryRevision } from "../character/data.ts";
import type { SharedBody } from "../../protocol/crypto.ts";
import { type Tenant, tenantIdentity } from "../../tenant.ts";
import type { FeatureContext } from "../feature.ts";
import { lookOf } from "../character/look.ts";
import type { Character } from "../character/rest.ts";
import { CHARACTER_SPAWN, characterSpawnBody, type SpawnCharacter } from "./writers.ts";

/** Where the character stands now: its last movement's summary (set by the movement handler). */
export interface FieldPosition {
  x: number;
  y: number;
  stance: number;
  /** The foothold of the last NORMAL element (CharacterSpawn shows it; 0 when unknown). */
  foothold?: number;
}

/** The character's latest position in the field; absent until it first moves (login's x/y apply). */
export const fieldPositionKey = sessionKey<FieldPosition>("map.position");

/**
 * CharacterSpawn's view of a loaded character, standing at `position` (default: where atlas-character
 * last stored it). Guild and buffs are not shown: they are known only for sessions here.
 */
export function spawnCharacterFrom(
  data: Pick<CharacterData, "character" | "inventory" | "pets">,
  position?: FieldPosition,
): SpawnCharacter {
  const character = data.character;
  return {
    id: character.id,
    name: character.name,
    level: character.level,
    jobId: character.jobId,
    x: position?.x ?? character.x,
    y: position?.y ?? character.y,
    stance: position?.stance ?? character.stance,
    foothold: position?.foothold ?? 0,
    look: lookOf({ ...data, skills: [] }),
    buffs: [],
  };
}

/**
 * The session's character as CharacterSpawn shows it, or undefined before login completed. Before field
 * entry has loaded the inventory and pets the character is shown bare (field entry happens before the
 * session is announced to the world, so the maps service's CHARACTER_ENTER finds them loaded).
 *
 * The result is shared and must not be changed: it is remembered per session while everything it is made
 * of is unchanged (a map entry shows the newcomer every character of the map: a crowd entering one map
 * would otherwise describe each of them once per newcomer).
 */
export function spawnCharacterOf(session: Session, nowMs: number = Date.now()): SpawnCharacter | undefined {
  return spawnMemoOf(session, nowMs)?.spawn;
}

/**
 * CharacterSpawn of the session's character standing where it is (not entering), encoded for clients of
 * `recipients` (a tenant: its opcodes and version): encoded once per tenant and reused while
 * {@link spawnCharacterOf} gives the same character, so a crowd entering one map encodes (and
 * maple-transforms) each spawn once. Undefined before login completed or when the tenant does not bind
 * CharacterSpawn.
 */
export function standingSpawnPacket(
  ctx: Pick<FeatureContext, "encode">,
  session: Session,
  recipients: Tenant,
  nowMs: number = Date.now(),
): SharedBody | undefined {
  const memo = spawnMemoOf(session, nowMs);
  if (!memo) return undefined;
  const encode = () =>
    ctx.encode(recipients, CHARACTER_SPAWN, characterSpawnBody(recipients, memo.spawn, false, nowMs));
  // Base temporary stats carry the current time: their bytes are not reused.
  if (memo.spawn.buffs.some((b) => isBaseTemporaryStat(b.type))) return encode();
  const key = tenantIdentity(recipients);
  if (!memo.packets.has(key)) memo.packets.set(key, encode());
  return memo.packets.get(key);
}

/** What a session's spawn is made of; compared by identity (each is replaced, never changed in place). */
interface SpawnInputs {
  character: Character;
  data: CharacterData | undefined;
  /** The inventory is changed in place: its revision tells. */
  inventoryRevision: number;
  position: FieldPosition | undefined;
  buffs: readonly { expiresAt: Date }[] | undefined;
  badge: GuildBadge | undefined;
}

interface SpawnMemo {
  inputs: SpawnInputs;
  spawn: SpawnCharacter;
  /** A buff expires then, which changes the spawn. */
  validUntilMs: number;
  /** Standing CharacterSpawn packets by recipients' tenant identity (undefined: the tenant binds none). */
  packets: Map<string, SharedBody | undefined>;
}

const spawnMemos = new WeakMap<Session, SpawnMemo>();

/** The session's remembered spawn, described anew when anything it is made of changed. */
function spawnMemoOf(session: Session, nowMs: number): SpawnMemo | undefined {
  const character: Character | undefined = session.get(loggedInCharacterKey);
  if (!character) return undefined;
  const memo = spawnMemos.get(session);
  if (memo && nowMs < memo.validUntilMs && isCurrent(memo.inputs, session, character)) return memo;
  const data = session.get(CHARACTER_DATA);
  const inputs: SpawnInputs = {
    character,
    data,
    inventoryRevision: revisionOf(data),
    position: session.get(fieldPositionKey),
    buffs: session.get(activeBuffsKey),
    badge: guildBadgeOf(session),
  };
  const shown = spawnCharacterFrom(
    { character, inventory: data?.inventory ?? null, pets: data?.pets ?? [] },
    inputs.position,
  );
  const fresh: SpawnMemo = {
    inputs,
    spawn: { ...shown, buffs: activeBuffStats(session, nowMs), guild: inputs.badge },
    validUntilMs: buffsValidUntil(inputs.buffs, nowMs),
    packets: new Map(),
  };
  spawnMemos.set(session, fresh);
  return fresh;
}

/** Whether `inputs` are still what the session holds (no allocation: this runs once per pair in a crowd). */
function isCurrent(inputs: SpawnInputs, session: Session, character: Character): boolean {
  const data = session.get(CHARACTER_DATA);
  return inputs.character === character && inputs.data === data &&
    inputs.inventoryRevision === revisionOf(data) && inputs.position === session.get(fieldPositionKey) &&
    inputs.buffs === session.get(activeBuffsKey) && inputs.badge === guildBadgeOf(session);
}

function revisionOf(data: CharacterData | undefined): number {
  return data?.inventory ? inventoryRevision(data.inventory) : 0;
}

function buffsValidUntil(buffs: readonly { expiresAt: Date }[] | undefined, nowMs: number): number {
  let until = Infinity;
  for (const buff of buffs ?? []) {
    const at = buff.expiresAt.getTime();
    if (at > nowMs && at < until) until = at;
  }
  return until;
}
