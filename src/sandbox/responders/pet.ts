/**
 * atlas-pets, for the sandbox (services/atlas-pets kafka/message/pet/kafka.go at the reference
 * revision): `COMMAND_TOPIC_PET` `ATTEMPT_COMMAND` → `COMMAND_RESPONSE` (always a success, one point of
 * closeness), `SPAWN` → `SPAWNED` at the owner's position in slot 0, `DESPAWN` → `DESPAWNED` (`NORMAL`),
 * `EXCLUDE` → `EXCLUDE_CHANGED`; each for a pet the actor owns, keyed by the pet id. A pet the actor does
 * not own is ignored, as atlas-pets refuses it.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { petCommandContract, petStatusContract } from "../../features/pet/messages.ts";
import type { SandboxStore } from "../store.ts";

const log = getLogger("sandbox.pet");

/** Subscribes the pet responder on `bus` (call before `bus.start()`). */
export function petResponder(bus: Bus, store: SandboxStore): void {
  const closeness = new Map<number, number>();
  bus.subscribe(petCommandContract, async ({ value: command, tenant }) => {
    const owner = store.character(command.actorId);
    const pet = owner?.pets[command.petId];
    if (!owner || !pet) {
      log.info("pet command for a pet the actor does not own; ignored", { ...command });
      return;
    }
    const name = String(pet.name ?? "");
    const options = { tenant, key: command.petId };
    const ids = { petId: command.petId, ownerId: command.actorId };
    const base = {
      templateId: 5000000,
      name,
      level: 1,
      closeness: closeness.get(command.petId) ?? 0,
      fullness: 100,
    };
    switch (command.type) {
      case "ATTEMPT_COMMAND": {
        const next = Math.min(30000, base.closeness + 1);
        closeness.set(command.petId, next);
        await bus.publish(petStatusContract, {
          ...ids,
          type: "COMMAND_RESPONSE",
          body: { slot: 0, closeness: next, fullness: 100, commandId: command.body.commandId, success: true },
        }, options);
        return;
      }
      case "SPAWN":
        await bus.publish(petStatusContract, {
          ...ids,
          type: "SPAWNED",
          body: {
            ...base,
            slot: 0,
            x: owner.attributes.x ?? 0,
            y: owner.attributes.y ?? 0,
            stance: 0,
            fh: 0,
          },
        }, options);
        return;
      case "DESPAWN":
        await bus.publish(petStatusContract, {
          ...ids,
          type: "DESPAWNED",
          body: { ...base, slot: -1, oldSlot: 0, reason: "NORMAL" },
        }, options);
        return;
      case "EXCLUDE":
        await bus.publish(petStatusContract, {
          ...ids,
          type: "EXCLUDE_CHANGED",
          body: { items: command.body.items },
        }, options);
        return;
    }
  }, { name: "sandbox_pet_command" });
}
