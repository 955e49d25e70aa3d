/**
 * The mode-only forms of `GuildOperation` (the client's `CWvsContext::OnGuildResult`): the guild-name
 * and emblem dialogs and the notices that carry no data (libs/atlas-packet guild, d59a1ad2df); the
 * operation byte is the writer's `operations` code (the v95 client numbers them differently).
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import { requireOptionCode } from "../outbound.ts";

/** The writer name, as the reference registers it. */
export const GUILD_OPERATION = "GuildOperation";

/** Writes a mode-only form: `REQUEST_NAME`, `REQUEST_EMBLEM` or a data-less notice. */
export function writeGuildNotice(w: PacketWriter, options: WriterOptions, key: string): void {
  w.byte(requireOptionCode(GUILD_OPERATION, options, "operations", key));
}
