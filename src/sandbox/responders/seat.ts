/**
 * atlas-chairs and atlas-chalkboards answering the channel, each tenant on its own registries
 * (`store.seats(tenantId)`):
 *
 * - `COMMAND_TOPIC_CHAIR` `USE` → `USED`, unless the character already sits (`ERROR` `ALREADY_SITING`,
 *   spelled as atlas-chairs spells it), the map seat does not exist (seats 0..{@link SANDBOX_SEATS}−1)
 *   or the portable chair is not a chair item (category 301) (`ERROR` `DOES_NOT_EXIT`); `CANCEL` →
 *   `CANCELLED` with the chair the character sat on, nothing when it sat nowhere.
 * - `COMMAND_TOPIC_CHALKBOARD` `SET` → `SET`; `CLEAR` → `CLEAR` when a board was up, nothing otherwise.
 *   The chalkboard cash item that sends `SET` is the item domain's; {@link SeatResponder.holdUp} stands
 *   in for it so a board can be played with.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import type { Tenant } from "../../tenant.ts";
import { getLogger } from "../../observability/log.ts";
import { chairCommandContract, chairStatusContract } from "../../features/chair/messages.ts";
import { chalkboardCommandContract, chalkboardStatusContract } from "../../features/chalkboard/messages.ts";
import { SANDBOX_SEATS, type SandboxPlace } from "../ground.ts";
import type { SandboxStore } from "../store.ts";

const log = getLogger("sandbox.seat");

/** What the seat responder offers besides answering commands. */
export interface SeatResponder {
  /** A character holds up a board in its map (what the chalkboard cash item does). */
  holdUp(tenant: Tenant, where: SandboxPlace, characterId: number, message: string): Promise<void>;
}

/** Subscribes the chair and chalkboard responders on `bus` (call before `bus.start()`). */
export function seatResponder(bus: Bus, store: SandboxStore): SeatResponder {
  bus.subscribe(chairCommandContract, async ({ value: command, tenant }) => {
    const { chairs } = store.seats(tenant.id);
    const where = { worldId: command.worldId, channelId: command.channelId, mapId: command.mapId };
    const characterId = command.body.characterId;
    const key = characterId;
    if (command.type === "CANCEL") {
      const chair = chairs.get(characterId);
      if (!chair) return;
      chairs.delete(characterId);
      await bus.publish(chairStatusContract, {
        ...where,
        chairType: chair.chairType,
        chairId: chair.chairId,
        type: "CANCELLED",
        body: { characterId },
      }, { tenant, key });
      return;
    }
    const { chairType, chairId } = command.body;
    const error = chairs.has(characterId)
      ? "ALREADY_SITING"
      : (chairType === "FIXED" ? chairId >= SANDBOX_SEATS : Math.floor(chairId / 10000) !== 301)
      ? "DOES_NOT_EXIT"
      : undefined;
    if (error) {
      log.info("chair refused", { characterId, chairType, chairId, error });
      await bus.publish(chairStatusContract, {
        ...where,
        chairType,
        chairId,
        type: "ERROR",
        body: { characterId, type: error },
      }, { tenant, key });
      return;
    }
    chairs.set(characterId, { ...where, characterId, chairType, chairId });
    await bus.publish(chairStatusContract, {
      ...where,
      chairType,
      chairId,
      type: "USED",
      body: { characterId },
    }, { tenant, key });
  }, { name: "sandbox_chair_command" });

  const publishBoard = (tenant: Tenant, where: SandboxPlace, characterId: number, message?: string) =>
    bus.publish(
      chalkboardStatusContract,
      message === undefined
        ? { ...where, characterId, type: "CLEAR", body: {} }
        : { ...where, characterId, type: "SET", body: { message } },
      { tenant, key: characterId },
    );

  bus.subscribe(chalkboardCommandContract, async ({ value: command, tenant }) => {
    const { chalkboards } = store.seats(tenant.id);
    const where = { worldId: command.worldId, channelId: command.channelId, mapId: command.mapId };
    if (command.type === "SET") {
      chalkboards.set(command.characterId, {
        ...where,
        characterId: command.characterId,
        message: command.body.message,
      });
      await publishBoard(tenant, where, command.characterId, command.body.message);
      return;
    }
    if (!chalkboards.delete(command.characterId)) return;
    await publishBoard(tenant, where, command.characterId);
  }, { name: "sandbox_chalkboard_command" });

  return {
    async holdUp(tenant, where, characterId, message) {
      store.seats(tenant.id).chalkboards.set(characterId, { ...where, characterId, message });
      await publishBoard(tenant, where, characterId, message);
    },
  };
}
