/**
 * The map domain: who is in which map (the presence index, `presence.ts`), characters appearing and
 * leaving (`EVENT_TOPIC_MAP_STATUS`) and warps (`MAP_CHANGED` of `EVENT_TOPIC_CHARACTER_STATUS`).
 * @module
 */
import type { Feature } from "../feature.ts";
import { characterStatusContract } from "../character/messages.ts";
import { characterMapChanged, createDepartures, onMapStatus } from "./consumers.ts";
import { createRemoteCharacters } from "./remote-characters.ts";
import { mapStatusContract } from "./messages.ts";
import { CHARACTER_DESPAWN, CHARACTER_SPAWN } from "./writers.ts";

/** See the module documentation. */
export const mapFeature: Feature = {
  name: "map",
  contracts: [mapStatusContract],
  // SetField (both variants) is the character domain's writer; the warp here uses it.
  writers: [CHARACTER_SPAWN, CHARACTER_DESPAWN],
  start(ctx) {
    const departures = createDepartures();
    // One loader per app: newcomers share the look-ups of characters playing on other instances.
    const remoteCharacters = createRemoteCharacters();
    ctx.bus.subscribe(
      mapStatusContract,
      (delivery) => onMapStatus(ctx, delivery, departures, remoteCharacters),
      {
        name: "map_status_event",
      },
    );
    ctx.bus.subscribe(characterStatusContract, async ({ value, tenant }) => {
      if (value.type === "MAP_CHANGED") await characterMapChanged(ctx, tenant, value);
    }, { name: "character_status_event_map_changed" });
  },
};
