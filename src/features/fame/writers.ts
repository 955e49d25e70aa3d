/**
 * The error forms of `FameResponse` (the client's `CWvsContext::OnGivePopularityResult`): only the
 * configured code, as Atlas's `libs/atlas-packet/fame` pins it (d59a1ad2df). The give and receive forms
 * answer `FAME_CHANGED` and are written by the stats domain.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { requireOptionCode } from "../outbound.ts";
import { FAME_ERRORS } from "./messages.ts";

/** The writer name, as the reference registers it. */
export const FAME_RESPONSE = "FameResponse";

/** An atlas-fame error code the client has a notice for; anything else shows `UNEXPECTED`. */
export function fameErrorOf(code: string): typeof FAME_ERRORS[number] {
  return (FAME_ERRORS as readonly string[]).includes(code)
    ? code as typeof FAME_ERRORS[number]
    : "UNEXPECTED";
}

/** Writes an error form: the code configured for `error`. */
export function writeFameError(w: PacketWriter, options: WriterOptions, error: string): void {
  w.byte(requireOptionCode(FAME_RESPONSE, options, "operations", fameErrorOf(error)));
}
