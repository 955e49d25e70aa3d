/**
 * atlas-portals, atlas-character and atlas-maps answering a portal entry, collapsed: `COMMAND_TOPIC_PORTAL`
 * `ENTER` for a portal with a target map → atlas-character's `EVENT_TOPIC_CHARACTER_STATUS` `MAP_CHANGED`
 * (keyed by the character) → atlas-maps' `EVENT_TOPIC_MAP_STATUS` `CHARACTER_EXIT` of the old map and
 * `CHARACTER_ENTER` of the new one (keyed by map id). The target portal is the one the fixture portal
 * names (`target`), found by name in the target map. A portal that leads nowhere answers with "enable
 * actions" (an empty `STAT_CHANGED` with `exclRequestSent`), so the client is not left frozen; so does a
 * portal into a map `mayEnter` closes now (the boat's waiting room outside boarding).
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { mapStatusContract } from "../../features/map/messages.ts";
import { portalCommandContract } from "../../features/portal/messages.ts";
import type { SandboxStore } from "../store.ts";
import { NO_MAP } from "../world.ts";
import type { WorldResponder } from "./world.ts";

const log = getLogger("sandbox.portal");

/** Subscribes the portal responder on `bus` (call before `bus.start()`). */
export function portalResponder(
  bus: Bus,
  store: SandboxStore,
  world: WorldResponder,
  mayEnter: (mapId: number) => boolean = () => true,
): void {
  bus.subscribe(portalCommandContract, async ({ value: command, tenant }) => {
    const characterId = command.body.characterId;
    const character = store.character(characterId);
    const portal = store.map(command.mapId)?.portals.find((p) => p.id === command.portalId);
    const target = portal && portal.targetMapId !== NO_MAP && mayEnter(portal.targetMapId)
      ? store.map(portal.targetMapId)
      : undefined;
    if (!character || !portal || !target) {
      log.info("portal leads nowhere; enabling actions", {
        characterId,
        mapId: command.mapId,
        portalId: command.portalId,
      });
      await bus.publish(characterStatusContract, {
        characterId,
        type: "STAT_CHANGED",
        worldId: command.worldId,
        body: { channelId: command.channelId, exclRequestSent: true, updates: [] },
      }, { tenant, key: characterId });
      return;
    }
    const arrival = target.portals.find((p) => p.name === portal.target) ?? target.portals[0];
    const oldMapId = command.mapId;
    character.attributes.mapId = target.id;
    character.attributes.x = arrival.x;
    character.attributes.y = arrival.y;
    world.setMap(tenant, characterId, target.id);
    log.info("character changes map", { characterId, from: oldMapId, to: target.id, portal: arrival.name });
    await bus.publish(characterStatusContract, {
      characterId,
      type: "MAP_CHANGED",
      worldId: command.worldId,
      body: { channelId: command.channelId, oldMapId, targetMapId: target.id, targetPortalId: arrival.id },
    }, { tenant, key: characterId });
    const where = { worldId: command.worldId, channelId: command.channelId };
    await bus.publish(mapStatusContract, {
      ...where,
      mapId: oldMapId,
      type: "CHARACTER_EXIT",
      body: { characterId },
    }, { tenant, key: oldMapId });
    await bus.publish(mapStatusContract, {
      ...where,
      mapId: target.id,
      type: "CHARACTER_ENTER",
      body: { characterId },
    }, { tenant, key: target.id });
  }, { name: "sandbox_portal_command" });
}
