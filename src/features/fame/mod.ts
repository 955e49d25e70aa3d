/**
 * The fame domain: `FameChangeHandle` (target id, then a signed mode byte: 1 raise, 0 drop) →
 * `COMMAND_TOPIC_FAME` `REQUEST_CHANGE` with `amount` +1 / −1 (kafka-produced.md §4.14), and
 * `EVENT_TOPIC_FAME_STATUS` `ERROR` → the `FameResponse` error notice to the giver on the event's channel
 * (kafka-consumed.md §2.13). Unlike the reference (amount = 2·mode − 1 for any byte), a mode other than
 * 0 or 1, or fame for oneself, produces nothing and the client is answered with the `UNEXPECTED` notice
 * so it does not stay locked. The channel and map come from the session; the success notices answer
 * `FAME_CHANGED` in the stats domain.
 * @module
 */
import type { Feature, FeatureContext } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { Delivery } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { characterSession } from "../routing.ts";
import { fameCommandContract, fameStatusContract, type FameStatusEvent } from "./messages.ts";
import { FAME_RESPONSE, writeFameError } from "./writers.ts";

const log = getLogger("fame");

/** The handler name, as the reference registers it. */
export const FAME_CHANGE_HANDLE = "FameChangeHandle";

/** `FameChangeHandle`: `u32 targetId`, `i8 mode`. */
export async function handleFameChange(ctx: FeatureContext, session: Session, reader: PacketReader) {
  const targetId = reader.uint32();
  const mode = reader.int8();
  const characterId = session.characterId;
  const mapId = ctx.presence.mapOf(session);
  if (characterId === undefined || mapId === undefined) return;
  if ((mode !== 0 && mode !== 1) || targetId === characterId) {
    log.warn("fame request with an unknown mode or for oneself; refused", { characterId, targetId, mode });
    ctx.send(session, FAME_RESPONSE, (w, o) => writeFameError(w, o, "UNEXPECTED"));
    return;
  }
  await ctx.bus.publish(fameCommandContract, {
    worldId: session.worldId,
    characterId,
    type: "REQUEST_CHANGE",
    body: { channelId: session.channelId, mapId, targetId, amount: mode === 1 ? 1 : -1 },
  }, { tenant: session.tenant, key: characterId });
}

/** `ERROR`: the notice to the giver's session on the event's world and channel. */
export function onFameStatus(ctx: FeatureContext, { value: event, tenant }: Delivery<FameStatusEvent>): void {
  const where = { worldId: event.worldId, channelId: event.body.channelId };
  const session = characterSession(ctx, tenant, event.characterId, where);
  if (session) ctx.send(session, FAME_RESPONSE, (w, o) => writeFameError(w, o, event.body.error));
}

/** See the module documentation. `FameResponse` is declared by the stats feature. */
export const fameFeature: Feature = {
  name: "fame",
  contracts: [fameCommandContract, fameStatusContract],
  handlers: (ctx) => ({
    [FAME_CHANGE_HANDLE]: (session, reader) => handleFameChange(ctx, session, reader),
  }),
  start(ctx) {
    ctx.bus.subscribe(fameStatusContract, (delivery) => onFameStatus(ctx, delivery), {
      name: "fame_event_status",
    });
  },
};
