/**
 * atlas-messages and atlas-expressions, for the sandbox: chat commands come back as chat events
 * (`GENERAL` to the sender's map, multi-chat to the listed recipients, `WHISPER` to the online character
 * of that name, by id), and expression commands come back as expression events with the same fields. The
 * channel does the routing to sessions, as it does for the real services' events.
 * @module
 */
import type { Bus } from "../../kafka/bus.ts";
import { getLogger } from "../../observability/log.ts";
import { chatCommandContract, type ChatEvent, chatEventContract } from "../../features/chat/messages.ts";
import { expressionCommandContract, expressionEventContract } from "../../features/expression/messages.ts";
import type { SandboxStore } from "../store.ts";

const log = getLogger("sandbox.social");

/** Subscribes the chat and expression responders on `bus` (call before `bus.start()`). */
export function socialResponders(bus: Bus, store: SandboxStore): void {
  bus.subscribe(chatCommandContract, async ({ value: command, tenant }) => {
    let event: ChatEvent;
    if (command.type === "WHISPER") {
      const recipient = store.characterByName(command.body.recipientName);
      if (!recipient || !store.online(recipient.id)) {
        log.info("whisper to a character that is not online", { to: command.body.recipientName });
        return;
      }
      const { body: _body, ...envelope } = command;
      event = { ...envelope, type: "WHISPER", body: { recipient: recipient.id } };
    } else {
      event = command;
    }
    await bus.publish(chatEventContract, event, { tenant, key: command.actorId });
  }, { name: "sandbox_chat_command" });

  bus.subscribe(expressionCommandContract, async ({ value: command, tenant }) => {
    await bus.publish(expressionEventContract, { ...command }, { tenant, key: command.characterId });
  }, { name: "sandbox_expression_command" });
}
