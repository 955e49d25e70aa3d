/**
 * The pet domain: pets coming out, going in and answering commands (`EVENT_TOPIC_PET_STATUS`), and the
 * owner's commands and exclusion lists (`COMMAND_TOPIC_PET`); see `pet.ts`.
 * @module
 */
import type { Feature } from "../feature.ts";
import type { Session } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import { petCommandContract, petStatusContract } from "./messages.ts";
import { handlePetCommand, handlePetItemExclude, onPetStatus, PET_HANDLERS } from "./pet.ts";
import { PET_WRITERS } from "./writers.ts";

/** See the module documentation. */
export const petFeature: Feature = {
  name: "pet",
  contracts: [petCommandContract, petStatusContract],
  writers: [PET_WRITERS.activated, PET_WRITERS.commandResponse],
  handlers: (ctx) => ({
    [PET_HANDLERS.command]: (session: Session, reader: PacketReader) =>
      handlePetCommand(ctx, session, reader),
    [PET_HANDLERS.exclude]: (session: Session, reader: PacketReader) =>
      handlePetItemExclude(ctx, session, reader),
  }),
  start(ctx) {
    ctx.bus.subscribe(petStatusContract, (d) => void onPetStatus(ctx, d), { name: "pet_status_event" });
  },
};
