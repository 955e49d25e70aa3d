/**
 * The character domain's packets: SetField (login and warp variants) and the avatar look other
 * domains embed. Login, map changes and the cash shop call the writers through `ctx.send`, e.g.
 * `ctx.send(session, SET_FIELD_WRITER, (w) => writeSetFieldLogin(w, data, {...}))`.
 * @module
 */
import type { Feature } from "../feature.ts";
import { SET_FIELD_WRITER } from "./set-field.ts";

export { loadCharacterData } from "./data.ts";
export type { CharacterData } from "./data.ts";
export { lookOf, writeAvatarLook } from "./look.ts";
export { SET_FIELD_WRITER, writeCharacterInfo, writeSetFieldLogin, writeSetFieldWarp } from "./set-field.ts";

/** See the module documentation. */
export const characterFeature: Feature = {
  name: "character",
  contracts: [],
  writers: [SET_FIELD_WRITER],
};
