/**
 * `CharacterBuffCancel` (the template's name has no `Handle` suffix): the client ends one of its buffs
 * early; `i32 sourceId` (d59a1ad2df `character/serverbound/buff_cancel.go`) becomes
 * `COMMAND_TOPIC_CHARACTER_BUFF` `CANCEL`. Only a buff the session knows to be active is cancelled; any
 * other id is dropped and logged (atlas-buffs would ignore it; the check keeps junk off the topic).
 * @module
 */
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { getLogger } from "../../observability/log.ts";
import type { FeatureContext } from "../feature.ts";
import { activeBuffsKey } from "./active.ts";
import { buffCommandContract } from "./messages.ts";

const log = getLogger("buff.cancel");

/** The `CharacterBuffCancel` handler. */
export function buffCancelHandler(ctx: FeatureContext) {
  return (session: Session, reader: PacketReader): void => {
    const sourceId = reader.int32();
    const characterId = session.characterId;
    if (characterId === undefined) return;
    if (!(session.get(activeBuffsKey) ?? []).some((b) => b.sourceId === sourceId)) {
      log.info("cancel of a buff that is not active dropped", { characterId, sourceId });
      return;
    }
    ctx.bus.publish(buffCommandContract, {
      worldId: session.worldId,
      channelId: session.channelId,
      characterId,
      type: "CANCEL",
      body: { sourceId },
    }, { tenant: session.tenant, key: characterId }).catch((err) =>
      log.error("buff cancel not published", { characterId, sourceId, error: err })
    );
  };
}
