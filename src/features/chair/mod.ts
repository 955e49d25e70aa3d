/**
 * The chair domain: sitting down on a portable chair (`CharacterChairPortableHandle`) or a map seat and
 * standing up (`CharacterChairInteractionHandle`) → `COMMAND_TOPIC_CHAIR`; atlas-chairs'
 * `EVENT_TOPIC_CHAIR_STATUS` → the sitter's and the map's packets; the portable chairs in use shown to a
 * character entering the map (one REST collection call per entry).
 *
 * Differences from the reference (kafka-consumed.md §2.8 and quirks 25, 29): an `ERROR` other than
 * `INTERNAL` (already sitting, no such chair) unlocks the client and is logged instead of closing the
 * session; a seat id below −1 is refused (the reference sent it reinterpreted as a huge unsigned id); map
 * entry shows only portable chairs (a map seat has no item to show; the sitter's pose comes with its
 * movement).
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { characterSession, servesChannel } from "../routing.ts";
import { enableActionsBody } from "../stats/writers.ts";
import {
  type ChairCommand,
  chairCommandContract,
  chairStatusContract,
  type ChairStatusEvent,
} from "./messages.ts";
import { getChairsInMap } from "./rest.ts";
import { CHAIR_WRITERS, showChairBody, sitBody, standUpBody } from "./writers.ts";

const log = getLogger("chair");

/** Per-call limit of the map-entry look-up. */
const LOOKUP_TIMEOUT_MS = 2000;

/** The seat id the client sends to stand up. */
const STAND_UP = -1;

/** Handles one chair status event; returns how many packets were queued. */
export function onChairStatus(ctx: FeatureContext, delivery: Delivery<ChairStatusEvent>): number {
  const { value: event, tenant } = delivery;
  if (!servesChannel(ctx, tenant, event.worldId, event.channelId)) return 0;
  const characterId = event.body.characterId;
  const sitter = characterSession(ctx, tenant, characterId, event);
  const others = () =>
    [...ctx.presence.sessionsIn(tenant, event.worldId, event.channelId, event.mapId)].filter((s) =>
      s.characterId !== characterId
    );
  const toSitter = (writer: string, build: Parameters<FeatureContext["send"]>[2]) =>
    sitter && ctx.send(sitter, writer, build) ? 1 : 0;
  switch (event.type) {
    case "USED":
      if (event.chairType === "PORTABLE") {
        return ctx.broadcast(others(), CHAIR_WRITERS.show, showChairBody(characterId, event.chairId)) +
          toSitter("StatChanged", enableActionsBody());
      }
      if (event.chairType === "FIXED") return toSitter(CHAIR_WRITERS.sitResult, sitBody(event.chairId));
      return 0;
    case "CANCELLED":
      return toSitter(CHAIR_WRITERS.sitResult, standUpBody()) +
        ctx.broadcast(others(), CHAIR_WRITERS.show, showChairBody(characterId, 0));
    case "ERROR":
      log.warn("chair action refused by atlas-chairs", {
        characterId,
        error: event.body.type,
        tenantId: tenant.id,
      });
      return toSitter("StatChanged", enableActionsBody());
  }
}

async function publishChair(ctx: FeatureContext, session: Session, command: ChairCommand): Promise<void> {
  try {
    await ctx.bus.publish(chairCommandContract, command, {
      tenant: session.tenant,
      key: command.body.characterId,
    });
  } catch (err) {
    log.error("chair command not published", {
      sessionId: session.id,
      error: err instanceof Error ? err.message : String(err),
    });
    ctx.send(session, "StatChanged", enableActionsBody());
  }
}

function whereOf(ctx: FeatureContext, session: Session) {
  const mapId = ctx.presence.mapOf(session);
  const characterId = session.characterId;
  if (!characterId || mapId === undefined) return undefined;
  return { worldId: session.worldId, channelId: session.channelId, mapId, characterId };
}

/** The chair handlers. */
export function chairHandlers(ctx: FeatureContext) {
  const refuse = (
    session: Session,
    handler: string,
    reason: string,
    fields: Record<string, unknown> = {},
  ) => {
    log.warn(`${handler}: ${reason}; nothing produced`, { sessionId: session.id, ...fields });
    ctx.send(session, "StatChanged", enableActionsBody());
  };
  return {
    async CharacterChairPortableHandle(session: Session, reader: PacketReader) {
      const itemId = reader.uint32();
      const at = whereOf(ctx, session);
      if (!at) return refuse(session, "CharacterChairPortableHandle", "no character in a map");
      const { characterId, ...where } = at;
      await publishChair(ctx, session, {
        ...where,
        type: "USE",
        body: { characterId, chairType: "PORTABLE", chairId: itemId },
      });
    },
    async CharacterChairInteractionHandle(session: Session, reader: PacketReader) {
      const seat = reader.int16();
      const at = whereOf(ctx, session);
      if (!at) return refuse(session, "CharacterChairInteractionHandle", "no character in a map");
      if (seat < STAND_UP) {
        return refuse(session, "CharacterChairInteractionHandle", "negative seat id", { seat });
      }
      const { characterId, ...where } = at;
      await publishChair(
        ctx,
        session,
        seat === STAND_UP
          ? { ...where, type: "CANCEL", body: { characterId } }
          : { ...where, type: "USE", body: { characterId, chairType: "FIXED", chairId: seat } },
      );
    },
  };
}

/** Shows the newcomer the portable chairs the others in its map sit on. */
export async function showChairs(ctx: FeatureContext, session: Session, mapId: number): Promise<void> {
  if (!ctx.rest) return;
  let chairs;
  try {
    chairs = await getChairsInMap(ctx.rest, session.tenant, session.worldId, session.channelId, mapId, {
      timeoutMs: LOOKUP_TIMEOUT_MS,
    });
  } catch (err) {
    log.warn("chairs look-up failed; chairs in use not shown", {
      sessionId: session.id,
      mapId,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  if (session.isClosed || ctx.presence.mapOf(session) !== mapId) return;
  for (const chair of chairs) {
    if (chair.type !== "PORTABLE" || chair.characterId === session.characterId) continue;
    ctx.send(session, CHAIR_WRITERS.show, showChairBody(chair.characterId, chair.id));
  }
}

/** See the module documentation. */
export const chairFeature: Feature = {
  name: "chair",
  contracts: [chairStatusContract, chairCommandContract],
  writers: [CHAIR_WRITERS.show, CHAIR_WRITERS.sitResult],
  handlers: chairHandlers,
  onFieldEnter: showChairs,
  start(ctx) {
    ctx.bus.subscribe(chairStatusContract, (delivery) => void onChairStatus(ctx, delivery), {
      name: "chair_status_event",
    });
  },
};
