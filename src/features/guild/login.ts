/**
 * The guild at login: the character's guild is looked up with the other field-entry look-ups (so its
 * badge is known before the map announces the character), and its guild data follows SetField, as the
 * reference sends it. No guild, or a failed look-up (logged): no guild data, no badge.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import { findGuildByMember, type Guild } from "./rest.ts";
import { badgeOf, guildBadgeKey } from "./state.ts";
import { sendGuildInfo } from "./consumers.ts";

const log = getLogger("guild");

/** The character's guild, or undefined (none, no REST services, or a failed look-up). Never rejects. */
export async function lookUpGuildAtLogin(
  ctx: Pick<FeatureContext, "rest">,
  session: Session,
  characterId: number,
): Promise<Guild | undefined> {
  if (!ctx.rest) return undefined;
  try {
    return await findGuildByMember(ctx.rest, session.tenant, characterId);
  } catch (err) {
    log.warn("guild lookup at login failed; no guild shown", { characterId, error: String(err) });
    return undefined;
  }
}

/** Remembers the badge of `guild` on the session and sends it the guild data (after SetField). */
export function showGuildAtLogin(ctx: Pick<FeatureContext, "send">, session: Session, guild?: Guild): void {
  if (!guild) return;
  session.set(guildBadgeKey, badgeOf(guild));
  sendGuildInfo(ctx, session, guild);
}
