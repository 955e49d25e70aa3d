/**
 * The world's scrolling top message at login (kafka-consumed.md, `STATE_CHANGED` with SetField): the
 * world record is read with the other field-entry look-ups and its `message` is shown as the
 * `WorldMessage` `TOP_SCROLL` after SetField. An empty message sends nothing (a client entering from
 * the login server has no bar to clear; the reference sent the empty form); a failed look-up is logged
 * and sends nothing, as the reference.
 * @module
 */
import type { FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import { getLogger } from "../../observability/log.ts";
import { getWorld } from "../channel/rest.ts";
import { WORLD_MESSAGE, writeWorldMessage } from "./writers.ts";

const log = getLogger("system-message");

/** The world's top message for `session`'s world, or undefined (none, or the look-up failed). Never rejects. */
export async function lookUpTopScroll(
  ctx: Pick<FeatureContext, "rest">,
  session: Session,
): Promise<string | undefined> {
  if (!ctx.rest) return undefined;
  try {
    return (await getWorld(ctx.rest, session.tenant, session.worldId)).message;
  } catch (err) {
    log.warn("world lookup at login failed; no top message", {
      worldId: session.worldId,
      error: String(err),
    });
    return undefined;
  }
}

/** Shows `text` in the top scroll bar of `session`, when there is any. */
export function showTopScroll(ctx: Pick<FeatureContext, "send">, session: Session, text?: string): void {
  if (!text) return;
  ctx.send(
    session,
    WORLD_MESSAGE,
    (w, options) => writeWorldMessage(w, options, { mode: "TOP_SCROLL", text }),
  );
}
