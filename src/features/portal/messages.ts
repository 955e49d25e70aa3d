/**
 * Kafka contract of the portal domain: `COMMAND_TOPIC_PORTAL` (produced), following kafka-produced.md
 * §4.6 in /work/shared/reference.
 * @module
 */
import { z } from "zod";
import { topicContract } from "../../kafka/contract.ts";
import { uint32, uint8 } from "../../kafka/wire.ts";

/** A character asks atlas-portals to take a portal (the portal name already resolved to its id). */
export const portalCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({
    worldId: uint8,
    channelId: uint8,
    mapId: uint32,
    portalId: uint32,
    type: z.literal("ENTER"),
    body: z.strictObject({ characterId: uint32 }),
  }),
]);
/** See {@link portalCommandSchema}. */
export type PortalCommand = z.infer<typeof portalCommandSchema>;

/** `COMMAND_TOPIC_PORTAL`: produced, keyed by the **portal** id as the reference does. */
export const portalCommandContract = topicContract(
  "COMMAND_TOPIC_PORTAL",
  "produced",
  portalCommandSchema,
  (command) => command.portalId,
);
