/**
 * The key map domain: the key binding packets login sends, and key binding changes (REST to
 * atlas-keys). No Kafka topics.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { sessionLogger } from "../../net/session.ts";
import {
  applyKeyMapChanges,
  KEY_MAP_CHANGE_HANDLER,
  KeyMapChangeError,
  readKeyMapChange,
} from "./handlers.ts";
import type { KeyBinding } from "./rest.ts";
import { autoPotions, KEY_MAP_WRITERS, writeAutoPotion, writeKeyMap } from "./writers.ts";

/**
 * Sends CharacterKeyMap, CharacterKeyMapAutoHp and CharacterKeyMapAutoMp for `bindings` (what login
 * does after SetField). Writers the tenant does not bind are skipped. Returns how many were sent.
 */
export function sendKeyMap(ctx: FeatureContext, session: Session, bindings: readonly KeyBinding[]): number {
  const { hp, mp } = autoPotions(bindings);
  let sent = 0;
  if (ctx.send(session, KEY_MAP_WRITERS.keyMap, (w) => writeKeyMap(w, bindings))) sent++;
  if (ctx.send(session, KEY_MAP_WRITERS.autoHp, (w) => writeAutoPotion(w, hp))) sent++;
  if (ctx.send(session, KEY_MAP_WRITERS.autoMp, (w) => writeAutoPotion(w, mp))) sent++;
  return sent;
}

/** See the module documentation. */
export const keymapFeature: Feature = {
  name: "keymap",
  contracts: [],
  writers: Object.values(KEY_MAP_WRITERS),
  handlers(ctx) {
    return {
      async [KEY_MAP_CHANGE_HANDLER](session, reader) {
        const log = sessionLogger(session, "keymap");
        let changes;
        try {
          changes = readKeyMapChange(reader); // a PacketReadError goes to the dispatcher, which logs and drops
        } catch (err) {
          if (!(err instanceof KeyMapChangeError)) throw err;
          log.warn("invalid key map change dropped", { reason: err.message });
          return;
        }
        const characterId = session.characterId;
        if (characterId === undefined) {
          log.warn("key map change before login; ignored");
          return;
        }
        if (!ctx.rest) {
          log.warn("key map change without a KEYS service configured; ignored", { characterId });
          return;
        }
        await applyKeyMapChanges(ctx.rest, session.tenant, characterId, changes);
      },
    };
  },
};
