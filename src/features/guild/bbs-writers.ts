/**
 * `GuildBBS` (`CUIGuildBBS::OnGuildBBSPacket`): the guild board's thread list, one thread, and "entry
 * not found" (libs/atlas-packet guild/clientbound/bbs.go, d59a1ad2df). The client's modes are 6, 7 and
 * 8 in every version; a tenant's `operations` table may name them (the d59a1ad2df v95 template does,
 * the b0c865294b templates do not), else the client's values are used. Times are FILETIMEs.
 * @module
 */
import type { WriterOptions } from "../../net/dispatch.ts";
import { optionCode } from "../../net/dispatch.ts";
import type { PacketWriter } from "../../protocol/writer.ts";
import type { GuildThread } from "./rest.ts";

/** The writer name, as the reference registers it. */
export const GUILD_BBS = "GuildBBS";

/** How many threads one page of the board shows. */
export const BBS_PAGE_SIZE = 10;

const CLIENT_MODES = { BBS_THREAD_LIST: 6, BBS_THREAD: 7, BBS_ENTRY_NOT_FOUND: 8 } as const;

function mode(w: PacketWriter, options: WriterOptions, key: keyof typeof CLIENT_MODES): void {
  const configured = optionCode(options, "operations", key);
  w.byte(configured !== undefined && configured <= 0xff ? configured : CLIENT_MODES[key]);
}

function writeSummary(w: PacketWriter, t: GuildThread): void {
  w.uint32(t.id).uint32(t.posterId).string(t.title).fileTime(t.createdAt).uint32(t.emoticonId)
    .uint32(t.replies.length);
}

/**
 * The thread list: the notice thread (the first thread flagged as notice) apart, then the total of the
 * other threads and up to {@link BBS_PAGE_SIZE} of them from `startIndex`.
 */
export function writeGuildBbsThreadList(
  w: PacketWriter,
  options: WriterOptions,
  threads: readonly GuildThread[],
  startIndex: number,
): void {
  mode(w, options, "BBS_THREAD_LIST");
  const notice = threads.find((t) => t.notice);
  const others = threads.filter((t) => t !== notice);
  if (notice) {
    w.bool(true);
    writeSummary(w, notice);
  } else w.bool(false);
  w.uint32(others.length);
  if (others.length === 0) return;
  const page = others.slice(startIndex, startIndex + BBS_PAGE_SIZE);
  w.uint32(page.length);
  for (const t of page) writeSummary(w, t);
}

/** One thread with its replies. */
export function writeGuildBbsThread(w: PacketWriter, options: WriterOptions, t: GuildThread): void {
  mode(w, options, "BBS_THREAD");
  w.uint32(t.id).uint32(t.posterId).fileTime(t.createdAt).string(t.title).string(t.message)
    .uint32(t.emoticonId).uint32(t.replies.length);
  for (const r of t.replies) w.uint32(r.id).uint32(r.posterId).fileTime(r.createdAt).string(r.message);
}

/** "The entry was not found". */
export function writeGuildBbsEntryNotFound(w: PacketWriter, options: WriterOptions): void {
  mode(w, options, "BBS_ENTRY_NOT_FOUND");
}
