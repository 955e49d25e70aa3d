/**
 * The character domain's part of field entry after login (socket-protocol.md §6.2 step 4): SetField
 * with the full character, then the key map packets, the active buffs and the skill macros. Matches
 * login's `EnterField` hook, so login can plug it in as is. The loaded data is kept on the session ({@link CHARACTER_DATA}) so later packets
 * (cash shop, spawns, info) need no new lookups.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import { type Session, sessionKey, sessionLogger } from "../../net/session.ts";
import { getBuddyList } from "../buddy/rest.ts";
import { loginBuddyListKey } from "../buddy/consumers.ts";
import { getBuffs } from "../buff/rest.ts";
import { sendBuffGive } from "../buff/mod.ts";
import { getKeyBindings } from "../keymap/rest.ts";
import { sendKeyMap } from "../keymap/mod.ts";
import { getSkillMacros } from "../skill/rest.ts";
import { sendSkillMacros } from "../skill/mod.ts";
import { lookUpGuildAtLogin, showGuildAtLogin } from "../guild/login.ts";
import { lookUpTopScroll, showTopScroll } from "../system-message/top-scroll.ts";
import { type CharacterData, decorateCharacter } from "./data.ts";
import type { Character } from "./rest.ts";
import { SET_FIELD_WRITER, writeSetFieldLogin } from "./set-field.ts";

/** The session attribute holding the character loaded at login. */
export const CHARACTER_DATA = sessionKey<CharacterData>("character.data");

/**
 * Loads inventory, skills and pets (failures leave them empty), the buddy list capacity (its failure
 * rejects: the reference destroys the session then) and the key bindings (failure: no key map
 * packets, logged), the active buffs and the skill macros (failure: that packet is skipped, logged);
 * sends SetField, the key map, CharacterBuffGive (only when the character has buffs: atlas-buffs answers
 * 404 for none, on which the reference sends nothing) and CharacterSkillMacro (also when empty, as the
 * reference). The character's guild and the world's top message are looked up alongside (they follow
 * SetField; see guild/login.ts and system-message/top-scroll.ts). Without REST services, sends SetField
 * for the bare character with buddy capacity 20.
 */
export async function enterCharacterField(
  ctx: FeatureContext,
  session: Session,
  character: Character,
): Promise<void> {
  const log = sessionLogger(session, "character.field");
  const rest = ctx.rest;
  const tenant = session.tenant;
  const skipped = (what: string) => (err: unknown) => {
    log.warn(`${what} lookup failed; not sent`, {
      characterId: character.id,
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  };
  const guild = lookUpGuildAtLogin(ctx, session, character.id);
  const topScroll = lookUpTopScroll(ctx, session);
  const [data, buddyCapacity, keys, buffs, macros] = rest
    ? await Promise.all([
      decorateCharacter(rest, tenant, character),
      getBuddyList(rest, tenant, character.id).then((list) => {
        session.set(loginBuddyListKey, list); // sent whole on the first field entry (buddy feature)
        return list.capacity;
      }),
      getKeyBindings(rest, tenant, character.id).catch((err) => {
        log.warn("key bindings lookup failed; no key map sent", {
          characterId: character.id,
          error: err instanceof Error ? err.message : String(err),
        });
        return undefined;
      }),
      getBuffs(rest, tenant, character.id).catch(skipped("buffs")),
      getSkillMacros(rest, tenant, character.id).catch(skipped("skill macros")),
    ])
    : [{ character, inventory: null, skills: [], pets: [] }, 20, undefined, undefined, undefined];
  session.set(CHARACTER_DATA, data);
  ctx.send(
    session,
    SET_FIELD_WRITER,
    (w) => writeSetFieldLogin(w, data, { version: tenant, channelId: session.channelId, buddyCapacity }),
  );
  showGuildAtLogin(ctx, session, await guild);
  if (keys) sendKeyMap(ctx, session, keys);
  if (buffs && buffs.length > 0) sendBuffGive(ctx, session, buffs);
  showTopScroll(ctx, session, await topScroll);
  if (macros) sendSkillMacros(ctx, session, macros);
}
