/**
 * Pets (reference `kafka/consumer/pet/consumer.go`, `socket/handler/pet_command.go`,
 * `pet_exclude_item.go`).
 *
 * - `EVENT_TOPIC_PET_STATUS` (tenant match, the owner's session here): `SPAWNED` / `DESPAWNED` → "enable
 *   actions" to the owner and `PetActivated` to everyone in the owner's map; `COMMAND_RESPONSE` → "enable
 *   actions" to the owner and `PetCommandResponse` to everyone in the map. All from the event and the
 *   presence index, no REST. The other types (closeness, fullness, level, slot, exclude changes) are not
 *   shown yet: they need the cash inventory refresh of the items domain.
 * - `PetCommandHandle` (`u64 petId`, `bool byName`, `u8 command`) → `ATTEMPT_COMMAND`;
 *   `PetItemExcludeHandle` (`u64 petId`, `u8 count`, `i32` item ids) → `EXCLUDE`; both on
 *   `COMMAND_TOPIC_PET` keyed by the pet, the owner from the session.
 * @module
 */
import type { Delivery } from "../../kafka/bus.ts";
import { type Session, sessionLogger } from "../../net/session.ts";
import type { PacketReader } from "../../protocol/reader.ts";
import type { FeatureContext } from "../feature.ts";
import { sessionsInMapOf } from "../routing.ts";
import { sendEnableActions } from "../stats/mod.ts";
import { type PetCommand, petCommandContract, type PetStatusEvent } from "./messages.ts";
import { PET_WRITERS, writePetCommandResponse, writePetDespawn, writePetSpawn } from "./writers.ts";

/** Handler names, as the reference registers them. */
export const PET_HANDLERS = { command: "PetCommandHandle", exclude: "PetItemExcludeHandle" } as const;

/** `EVENT_TOPIC_PET_STATUS`: see the module documentation. Returns how many packets were queued. */
export function onPetStatus(ctx: FeatureContext, delivery: Delivery<PetStatusEvent>): number {
  const { value: event, tenant } = delivery;
  const owner = ctx.presence.sessionOfCharacter(tenant, event.ownerId);
  if (!owner || owner.isClosed) return 0;
  const map = [...sessionsInMapOf(ctx, owner)];
  const everyone = map.includes(owner) ? map : [owner, ...map];
  switch (event.type) {
    case "SPAWNED": {
      sendEnableActions(ctx, owner);
      const b = event.body;
      const pet = {
        ownerId: event.ownerId,
        slot: b.slot,
        petId: event.petId,
        templateId: b.templateId,
        name: b.name,
        x: b.x,
        y: b.y,
        stance: b.stance,
        foothold: b.fh,
      };
      return ctx.broadcast(everyone, PET_WRITERS.activated, (w) => writePetSpawn(w, pet));
    }
    case "DESPAWNED": {
      sendEnableActions(ctx, owner);
      const despawn = { ownerId: event.ownerId, slot: event.body.oldSlot, reason: event.body.reason };
      return ctx.broadcast(
        everyone,
        PET_WRITERS.activated,
        (w, options) => writePetDespawn(w, options, despawn),
      );
    }
    case "COMMAND_RESPONSE": {
      sendEnableActions(ctx, owner);
      const b = event.body;
      const response = { ownerId: event.ownerId, slot: b.slot, commandId: b.commandId, success: b.success };
      return ctx.broadcast(
        everyone,
        PET_WRITERS.commandResponse,
        (w) => writePetCommandResponse(w, response),
      );
    }
    default:
      return 0;
  }
}

async function publishPet(ctx: FeatureContext, session: Session, command: PetCommand): Promise<void> {
  try {
    await ctx.bus.publish(petCommandContract, command, { tenant: session.tenant, key: command.petId });
  } catch (err) {
    sessionLogger(session, "pet").error(`pet ${command.type} not published`, {
      petId: command.petId,
      error: String(err),
    });
  }
}

/** The client's 64-bit pet id, truncated to 32 bits as atlas-pets' ids are. */
const petIdOf = (reader: PacketReader) => Number(reader.uint64() & 0xffffffffn);

/** `PetCommandHandle`: see the module documentation. */
export async function handlePetCommand(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const petId = petIdOf(reader);
  const byName = reader.bool();
  const commandId = reader.byte();
  const actorId = session.characterId;
  if (actorId === undefined) return;
  await publishPet(ctx, session, { actorId, petId, type: "ATTEMPT_COMMAND", body: { commandId, byName } });
}

/** `PetItemExcludeHandle`: see the module documentation. */
export async function handlePetItemExclude(
  ctx: FeatureContext,
  session: Session,
  reader: PacketReader,
): Promise<void> {
  const petId = petIdOf(reader);
  const count = reader.byte();
  const items: number[] = [];
  for (let i = 0; i < count; i++) items.push(reader.int32() >>> 0);
  const actorId = session.characterId;
  if (actorId === undefined) return;
  await publishPet(ctx, session, { actorId, petId, type: "EXCLUDE", body: { items } });
}
