/**
 * A demonstration of `COMMAND_TOPIC_SYSTEM_MESSAGE` for the sandbox: when atlas-character announces a
 * login (`EVENT_TOPIC_CHARACTER_STATUS` `LOGIN`, published by the world responder in its modelled mode;
 * a channel change is not a login), the character is greeted with a `SEND_MESSAGE`. In Atlas this
 * command comes from atlas-saga-orchestrator; no Atlas service greets characters.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { characterStatusContract } from "../../features/character/messages.ts";
import { systemMessageContract } from "../../features/system-message/messages.ts";
import type { SandboxStore } from "../store.ts";

/** The greeting's form, as a `messageType` the channel understands. */
export const WELCOME_MESSAGE_TYPE = "PINK_TEXT";

/** The greeting for a character. */
export function welcomeText(name: string): string {
  return `Welcome to the Atlas sandbox, ${name}!`;
}

/** Subscribes the greeter on `bus` (call before `bus.start()`). */
export function welcomeResponder(bus: Bus, store: SandboxStore): void {
  bus.subscribe(characterStatusContract, async ({ value: event, tenant }) => {
    if (event.type !== "LOGIN") return;
    const body = event.body as { channelId?: unknown };
    const character = store.character(event.characterId);
    if (!character || typeof body.channelId !== "number") return;
    await bus.publish(systemMessageContract, {
      worldId: event.worldId,
      channelId: body.channelId,
      characterId: event.characterId,
      type: "SEND_MESSAGE",
      body: { messageType: WELCOME_MESSAGE_TYPE, message: welcomeText(String(character.attributes.name)) },
    }, { tenant, key: event.characterId });
  }, { name: "sandbox_welcome_character_status" });
}
