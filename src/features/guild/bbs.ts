/**
 * The guild board (`GuildBBSHandle`, `EVENT_TOPIC_GUILD_THREAD_STATUS`; kafka-produced.md §4.12,
 * kafka-consumed.md §2.25). The board is the guild of the session's character, known locally from its
 * guild badge (no look-up per packet; the reference looked the guild up on every operation and closed
 * the session of a character without one: we log and ignore). Sub-operations, by the handler's
 * `operations` codes (the client's 0–5 when the tenant names none; layouts: libs/atlas-packet
 * guild/serverbound/bbs_*.go, d59a1ad2df):
 *
 * - `CREATE_OR_EDIT_THREAD` (modify flag, [thread id], notice flag, title, message, emoticon) →
 *   `CREATE` or `UPDATE`; `DELETE_THREAD` → `DELETE`; `REPLY_THREAD` → `ADD_REPLY`; `DELETE_REPLY` →
 *   `DELETE_REPLY`: commands keyed by the guild id.
 * - `LIST_THREADS` (page) → the page's threads from atlas-guilds; `DISPLAY_THREAD` → that thread, or
 *   "entry not found" when atlas-guilds has none.
 *
 * Thread events `CREATED`, `UPDATED`, `REPLY_ADDED`, `REPLY_DELETED` show the thread again to the actor
 * (world match); `DELETED` is ignored, as in the reference.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Delivery } from "../../kafka/bus.ts";
import type { HandlerOptions } from "../../net/dispatch.ts";
import { optionCode } from "../../net/dispatch.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import { RestNotFoundError } from "../../rest/errors.ts";
import { characterSession } from "../routing.ts";
import {
  type GuildThreadCommand,
  guildThreadCommandContract,
  type GuildThreadStatusEvent,
} from "./messages.ts";
import { getGuildThread, getGuildThreads } from "./rest.ts";
import { guildBadgeOf } from "./state.ts";
import {
  BBS_PAGE_SIZE,
  GUILD_BBS,
  writeGuildBbsEntryNotFound,
  writeGuildBbsThread,
  writeGuildBbsThreadList,
} from "./bbs-writers.ts";

const log = getLogger("guild.bbs");

/** The handler name, as the reference registers it. */
export const GUILD_BBS_HANDLE = "GuildBBSHandle";

const CLIENT_OPERATIONS = [
  "CREATE_OR_EDIT_THREAD",
  "DELETE_THREAD",
  "LIST_THREADS",
  "DISPLAY_THREAD",
  "REPLY_THREAD",
  "DELETE_REPLY",
] as const;
type BbsOperation = typeof CLIENT_OPERATIONS[number];

function operationOf(options: HandlerOptions, op: number): BbsOperation | undefined {
  const configured = CLIENT_OPERATIONS.some((k) => optionCode(options, "operations", k) !== undefined);
  if (!configured) return CLIENT_OPERATIONS[op];
  return CLIENT_OPERATIONS.find((k) => optionCode(options, "operations", k) === op);
}

/** A decoded board request. */
export type BbsRequest =
  | {
    readonly kind: "CREATE";
    readonly notice: boolean;
    readonly title: string;
    readonly message: string;
    readonly emoticonId: number;
  }
  | {
    readonly kind: "UPDATE";
    readonly threadId: number;
    readonly notice: boolean;
    readonly title: string;
    readonly message: string;
    readonly emoticonId: number;
  }
  | { readonly kind: "DELETE" | "DISPLAY"; readonly threadId: number }
  | { readonly kind: "LIST"; readonly page: number }
  | { readonly kind: "ADD_REPLY"; readonly threadId: number; readonly message: string }
  | { readonly kind: "DELETE_REPLY"; readonly threadId: number; readonly replyId: number }
  | { readonly kind: "UNKNOWN"; readonly op: number };

/** Reads a board packet (a short one throws `PacketReadError`). */
export function readGuildBbs(reader: PacketReader, options: HandlerOptions): BbsRequest {
  const op = reader.byte();
  switch (operationOf(options, op)) {
    case "CREATE_OR_EDIT_THREAD": {
      const modify = reader.bool();
      const threadId = modify ? reader.uint32() : 0;
      const notice = reader.bool();
      const title = reader.string();
      const message = reader.string();
      const emoticonId = reader.uint32();
      return modify
        ? { kind: "UPDATE", threadId, notice, title, message, emoticonId }
        : { kind: "CREATE", notice, title, message, emoticonId };
    }
    case "DELETE_THREAD":
      return { kind: "DELETE", threadId: reader.uint32() };
    case "LIST_THREADS":
      return { kind: "LIST", page: reader.uint32() };
    case "DISPLAY_THREAD":
      return { kind: "DISPLAY", threadId: reader.uint32() };
    case "REPLY_THREAD": {
      const threadId = reader.uint32();
      return { kind: "ADD_REPLY", threadId, message: reader.string() };
    }
    case "DELETE_REPLY": {
      const threadId = reader.uint32();
      return { kind: "DELETE_REPLY", threadId, replyId: reader.uint32() };
    }
    default:
      return { kind: "UNKNOWN", op };
  }
}

/** Shows thread `threadId` of guild `guildId` to `session` ("not found" when atlas-guilds has none). */
async function showThread(ctx: FeatureContext, session: Session, guildId: number, threadId: number) {
  if (!ctx.rest) return;
  try {
    const thread = await getGuildThread(ctx.rest, session.tenant, guildId, threadId);
    ctx.send(session, GUILD_BBS, (w, o) => writeGuildBbsThread(w, o, thread));
  } catch (err) {
    if (err instanceof RestNotFoundError) {
      ctx.send(session, GUILD_BBS, (w, o) => writeGuildBbsEntryNotFound(w, o));
      return;
    }
    log.warn("guild thread lookup failed; not shown", { guildId, threadId, error: String(err) });
  }
}

/** Handles one board packet of a logged-in session. */
export async function handleGuildBbs(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
  options: HandlerOptions,
): Promise<void> {
  const request = readGuildBbs(reader, options);
  const characterId = session.characterId;
  if (characterId === undefined) return;
  const fields = { characterId, sessionId: session.id, operation: request.kind };
  if (request.kind === "UNKNOWN") {
    log.warn("unhandled guild board operation", { ...fields, op: request.op });
    return;
  }
  const guildId = guildBadgeOf(session)?.guildId;
  if (guildId === undefined) {
    log.warn("guild board operation without a guild; ignored", fields);
    return;
  }
  const publish = (command: GuildThreadCommand) =>
    ctx.bus.publish(guildThreadCommandContract, command, { tenant: session.tenant, key: command.guildId });
  const envelope = { guildId, characterId };
  switch (request.kind) {
    case "LIST": {
      if (!ctx.rest) return;
      try {
        const threads = await getGuildThreads(ctx.rest, session.tenant, guildId);
        const start = request.page * BBS_PAGE_SIZE;
        ctx.send(session, GUILD_BBS, (w, o) => writeGuildBbsThreadList(w, o, threads, start));
      } catch (err) {
        log.warn("guild threads lookup failed; not shown", { ...fields, guildId, error: String(err) });
      }
      return;
    }
    case "DISPLAY":
      await showThread(ctx, session, guildId, request.threadId);
      return;
    case "CREATE": {
      const { notice, title, message, emoticonId } = request;
      await publish({ ...envelope, type: "CREATE", body: { notice, title, message, emoticonId } });
      return;
    }
    case "UPDATE": {
      const { threadId, notice, title, message, emoticonId } = request;
      await publish({ ...envelope, type: "UPDATE", body: { threadId, notice, title, message, emoticonId } });
      return;
    }
    case "DELETE":
      await publish({ ...envelope, type: "DELETE", body: { threadId: request.threadId } });
      return;
    case "ADD_REPLY":
      await publish({
        ...envelope,
        type: "ADD_REPLY",
        body: { threadId: request.threadId, message: request.message },
      });
      return;
    case "DELETE_REPLY":
      await publish({
        ...envelope,
        type: "DELETE_REPLY",
        body: { threadId: request.threadId, replyId: request.replyId },
      });
      return;
  }
}

/** Handles one thread status event: the thread again to the actor's session here. */
export async function onGuildThreadStatus(
  ctx: FeatureContext,
  { value: event, tenant }: Delivery<GuildThreadStatusEvent>,
): Promise<void> {
  if (event.type === "DELETED") return;
  const session = characterSession(ctx, tenant, event.actorId, { worldId: event.worldId });
  if (session) await showThread(ctx, session, event.guildId, event.threadId);
}
