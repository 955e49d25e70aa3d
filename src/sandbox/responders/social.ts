/**
 * atlas-messages and atlas-expressions, for the sandbox (services/atlas-messages message/processor.go
 * and services/atlas-expressions docs/kafka.md at the reference revision). The channel does the routing
 * to sessions, as it does for the real services' events.
 *
 * - `GENERAL` comes back unchanged (to the sender's map).
 * - `BUDDY` / `PARTY` / `GUILD` / `ALLIANCE` come back unchanged: atlas-messages relays the recipients the
 *   client listed without checking the group, so the sandbox needs no party or guild fixtures.
 * - `WHISPER` is resolved by name: a character of that name in the sender's world → `WHISPER` with its id,
 *   online or not (the channel tells the sender the whisper failed when nobody plays it there); an
 *   unknown name or another world → nothing, only a log line, as atlas-messages.
 * - Expression commands come back as expression events with the same fields.
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
      if (!recipient) {
        log.info("whisper to an unknown character; dropped", { to: command.body.recipientName });
        return;
      }
      if (recipient.attributes.worldId !== command.worldId) {
        log.info("whisper to a character of another world; dropped", { to: command.body.recipientName });
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
