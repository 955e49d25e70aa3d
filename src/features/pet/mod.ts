/**
 * The pet domain: pets coming out, going in, answering commands and changing (`EVENT_TOPIC_PET_STATUS`,
 * `pet.ts`), the owner's pet packets (commands, exclusion lists, spawn, chat, movement, food and the
 * auto-potion: `pet.ts`, `handlers.ts`), the pets shown on field entry, and the session's pet state
 * (`state.ts`). A pet's pick-up is served by the drop domain (`PetDropPickUpHandle`), which asks
 * `state.ts` for the pet's slot.
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { petCommandContract, petStatusContract } from "./messages.ts";
import { handlePetCommand, handlePetItemExclude, onPetStatus, PET_HANDLERS, showPetsOnEntry } from "./pet.ts";
import { petPacketHandlers } from "./handlers.ts";
import { PET_WRITERS } from "./writers.ts";
import { getLogger } from "../../observability/log.ts";

const log = getLogger("pet");

/** See the module documentation. */
export const petFeature: Feature = {
  name: "pet",
  contracts: [petCommandContract, petStatusContract],
  writers: Object.values(PET_WRITERS),
  handlers: (ctx) => ({
    [PET_HANDLERS.command]: (session: Session, reader: PacketReader) =>
      handlePetCommand(ctx, session, reader),
    [PET_HANDLERS.exclude]: (session: Session, reader: PacketReader) =>
      handlePetItemExclude(ctx, session, reader),
    ...petPacketHandlers(ctx),
  }),
  onFieldEnter: showPetsOnEntry,
  start(ctx) {
    ctx.bus.subscribe(
      petStatusContract,
      (d) =>
        void onPetStatus(ctx, d).catch((err) =>
          log.error("pet status event not handled", { error: String(err) })
        ),
      { name: "pet_status_event" },
    );
  },
};
