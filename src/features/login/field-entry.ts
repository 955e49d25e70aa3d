/**
 * The packets that put a freshly logged-in character into its field (socket-protocol.md §6.2 step 4):
 * SetField (login variant), then the key map and the rest that is in scope. The character domain owns
 * those writers; this module is the one place login calls them.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { Character } from "../character/rest.ts";
import { enterCharacterField } from "../character/enter-field.ts";

/** Sends the field-entry packets of a character whose login just completed. */
export type EnterField = (ctx: FeatureContext, session: Session, character: Character) => Promise<void>;

/**
 * The default field entry: the character domain's SetField (login variant) and key map. A rejection
 * (e.g. no buddy list) makes login close the session, as the reference destroys it.
 */
export const enterField: EnterField = enterCharacterField;
